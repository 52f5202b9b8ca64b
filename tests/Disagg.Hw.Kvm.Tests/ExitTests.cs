using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>Port I/O, MMIO and HLT exits of a guest without an in-kernel irqchip.</summary>
public sealed class ExitTests
{
    private const string IoGuest = """
        _start:
            mov $0x1234abcd, %eax
            out %eax, $0x10          # 4-byte out
            mov $0x77, %al
            mov $0x3f8, %dx
            out %al, %dx             # 1-byte out through dx
            in $0x11, %eax           # 4-byte in, answered by the VMM
            out %eax, $0x12          # echo it back
            mov $msg, %esi
            mov $5, %ecx
            mov $0x13, %dx
            rep outsb                # string I/O
            movl $0xdeadbeef, 0x10000000   # MMIO write to an unbacked address
            mov 0x10000008, %eax           # MMIO read
            out %eax, $0x14
            hlt
        msg: .ascii "hello"
        """;

    [RequiresKvmFact]
    public void PortIoMmioAndHltExitsCarryTheirData()
    {
        using var m = TestMachine.Create(IoGuest);

        Assert.Equal(0x1234abcdu, m.RunToOut(0x10));
        Assert.Equal(4, m.Vcpu.Io.Size);
        Assert.Equal(1u, m.Vcpu.Io.Count);

        Assert.Equal(0x77u, m.RunToOut(0x3f8));
        Assert.Equal(1, m.Vcpu.Io.Size);

        m.RunToIn(0x11, 0xcafef00d);
        Assert.Equal(0xcafef00du, m.RunToOut(0x12));

        var text = new List<byte>();
        while (text.Count < 5)
        {
            m.RunExpect(KvmExitReason.Io);
            var io = m.Vcpu.Io;
            Assert.Equal((ushort)0x13, io.Port);
            Assert.Equal(1, io.Size);
            Assert.Equal((int)io.Count, io.Data.Length);
            text.AddRange(io.Data.ToArray());
        }
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(text.ToArray()));

        m.RunExpect(KvmExitReason.Mmio);
        var write = m.Vcpu.Mmio;
        Assert.True(write.IsWrite);
        Assert.Equal(0x10000000ul, write.PhysicalAddress);
        Assert.Equal(new byte[] { 0xef, 0xbe, 0xad, 0xde }, write.Data.ToArray());

        m.RunExpect(KvmExitReason.Mmio);
        var read = m.Vcpu.Mmio;
        Assert.False(read.IsWrite);
        Assert.Equal(0x10000008ul, read.PhysicalAddress);
        Assert.Equal(4, read.Data.Length);
        BitConverter.TryWriteBytes(read.Data, 0x600df00du);
        Assert.Equal(0x600df00du, m.RunToOut(0x14));

        m.RunExpect(KvmExitReason.Hlt);
        Assert.Throws<InvalidOperationException>(() => m.Vcpu.Io.Port);
    }

    [RequiresKvmFact]
    public void ImmediateExitReturnsInterruptedOnceAndIsCleared()
    {
        using var m = TestMachine.Create(IoGuest);
        m.Vcpu.ImmediateExit = true;
        Assert.Equal(KvmExitReason.Interrupted, m.Vcpu.Run());
        Assert.Equal(KvmExitReason.Interrupted, m.Vcpu.ExitReason);
        Assert.False(m.Vcpu.ImmediateExit);
        Assert.Equal(0x1234abcdu, m.RunToOut(0x10));
    }

    [RequiresKvmFact]
    public void HotPathsDoNotAllocate()
    {
        using var m = TestMachine.Create("""
            _start:
            1:  out %eax, $0x10
                inc %eax
                jmp 1b
            """);
        m.RunToOut(0x10); // JIT everything once
        m.Vcpu.GetRegisters(out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        uint sum = 0;
        for (int i = 0; i < 200; i++)
        {
            var reason = m.Vcpu.Run();
            if (reason == KvmExitReason.Io) sum += TestMachine.Value(m.Vcpu.Io.Data);
            m.Vcpu.GetRegisters(out var r);
            r.Rbx = (ulong)i;
            m.Vcpu.SetRegisters(r);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0u, sum);
    }
}
