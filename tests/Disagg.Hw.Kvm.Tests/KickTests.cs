using System.Diagnostics;
using Disagg.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>Kick: a vCPU halted inside the kernel (in-kernel LAPIC) returns from Run when kicked from another thread.</summary>
public sealed class KickTests(ITestOutputHelper output)
{
    private const string HaltLoop = """
        _start:
            sti
        1:  hlt
            jmp 1b
        """;

    [RequiresKvmFact]
    public void KickInterruptsAVcpuHaltedInTheKernel100Times()
    {
        using var m = TestMachine.Create(HaltLoop, vm => vm.CreateIrqchip());
        const int kicks = 100;
        var entering = new SemaphoreSlim(0);
        var returned = new SemaphoreSlim(0);
        var reasons = new KvmExitReason[kicks];
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                m.Vcpu.BindRunningThread();
                for (int i = 0; i < kicks; i++)
                {
                    entering.Release();
                    reasons[i] = m.Vcpu.Run();
                    returned.Release();
                }
            }
            catch (Exception e)
            {
                failure = e;
                returned.Release();
            }
        }) { IsBackground = true, Name = "vcpu0" };
        thread.Start();

        // First: without a kick the halted vCPU stays in KVM_RUN.
        Assert.True(entering.Wait(5000));
        Assert.False(returned.Wait(300), $"Run returned without a kick: {failure}");
        var latencies = new List<double>();
        for (int i = 0; i < kicks; i++)
        {
            if (i > 0)
            {
                Assert.True(entering.Wait(5000), $"vCPU thread stuck before kick {i}");
                Thread.Sleep(i % 3); // vary: kick before, around, and well after entry into KVM_RUN
            }
            var sw = Stopwatch.StartNew();
            m.Vcpu.Kick();
            Assert.True(returned.Wait(5000), $"kick {i} did not interrupt Run");
            latencies.Add(sw.Elapsed.TotalMicroseconds);
        }
        Assert.True(thread.Join(5000));
        Assert.Null(failure);
        Assert.All(reasons, r => Assert.Equal(KvmExitReason.Interrupted, r));
        latencies.Sort();
        output.WriteLine($"kick -> Run returned: median {latencies[kicks / 2]:F0} us, max {latencies[^1]:F0} us");

        m.Vcpu.GetRegisters(out var regs);
        Assert.InRange(regs.Rip, m.Guest["_start"], m.Guest["_start"] + 8); // still in the hlt loop
    }

    [RequiresKvmFact]
    public void KickBeforeRunMakesTheNextRunReturnAtOnce()
    {
        using var m = TestMachine.Create(HaltLoop, vm => vm.CreateIrqchip());
        m.Vcpu.Kick(); // no bound thread: only ImmediateExit
        Assert.True(m.Vcpu.ImmediateExit);
        Assert.Equal(KvmExitReason.Interrupted, m.Vcpu.Run());
        Assert.False(m.Vcpu.ImmediateExit);
    }

    [RequiresKvmFact]
    public void KickAfterDisposeIsANoOp()
    {
        var m = TestMachine.Create(HaltLoop, vm => vm.CreateIrqchip());
        m.Vcpu.BindRunningThread();
        m.Dispose();
        m.Vcpu.Kick();
        Assert.Throws<ObjectDisposedException>(() => m.Vcpu.ExitReason);
    }
}
