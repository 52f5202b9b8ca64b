using Disagg.Actors.Hypervisor.Domains;
using Disagg.Tests;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Boot;

/// <summary>The test guest's full suite, booted for real on /dev/kvm: every hypercall family, success and error paths.</summary>
/// <remarks>The guest judges each answer against what Xen 4.17 gives and prints `TEST name ok|FAIL`; these tests
/// hold the core to every line of it.</remarks>
public sealed class SuiteBootTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Checks the families every suite run must cover, so a guest that silently skipped one fails here.</summary>
    static readonly string[] Families =
        ["cpuid-", "hcall-", "xenver-", "console-", "hvm-", "mem-", "ev-", "gnt-", "sched-", "vcpu-", "vmassist-", "multicall-",
         "physdev-", "platform-", "hypercall-unknown", "e9-", "io-", "mmio-", "cpl3-"];

    static readonly string[] HvmPlatformChecks = ["hvm-ioapic", "hvm-rtc", "hvm-rtc-advances", "hvm-pit", "hvm-pit-masked"];

    [RequiresKvmTheory]
    [InlineData(GuestType.Pvh, 64, 1)]
    [InlineData(GuestType.Hvm, 64, 1)]
    [InlineData(GuestType.Pvh, 64, 2)]
    [InlineData(GuestType.Pvh, 32, 1)]
    [InlineData(GuestType.Hvm, 32, 1)]
    public void Suite_passes_every_check(GuestType type, int bits, int vcpus)
    {
        using var run = fixture.Boot("mode=suite", type, vcpus: vcpus, bits: bits);
        Assert.True(run.WaitForEnd(Timeout), "guest did not finish in time\n" + run.Transcript());
        var header = run.Lines.FirstOrDefault(l => l.StartsWith("TESTGUEST ", StringComparison.Ordinal));
        Assert.NotNull(header);
        Assert.Contains(type == GuestType.Pvh ? " pvh " : " hvm ", header);
        Assert.Empty(run.FailedTests);
        foreach (var family in Families)
            Assert.Contains(run.TestLines, l => l.StartsWith($"TEST {family}", StringComparison.Ordinal));
        // An HVM domain has Xen's emulated platform (IOAPIC, PIT, RTC); a PVH domain has none.
        foreach (var device in HvmPlatformChecks)
            Assert.Equal(type == GuestType.Hvm, run.Lines.Contains($"TEST {device} ok"));
        Assert.DoesNotContain(run.Lines, l => type == GuestType.Hvm && l.StartsWith("PLATFORM not emulated", StringComparison.Ordinal));
        Assert.True(run.TestLines.Count >= 90, $"only {run.TestLines.Count} checks ran\n" + run.Transcript());
        Assert.Contains(run.Lines, l => l.StartsWith("DONE passed=", StringComparison.Ordinal) && l.EndsWith(" failed=0", StringComparison.Ordinal));
        Assert.Equal(ShutdownReason.Poweroff, run.Shutdown);
        Assert.Null(run.Domain.CrashReason);
    }

    [RequiresKvmFact]
    public void Debug_port_output_reaches_the_hypervisor_log()
    {
        using var run = fixture.Boot("mode=suite");
        Assert.True(run.WaitForEnd(Timeout), run.Transcript());
        Assert.Contains("E9 hello", run.Lines);
    }

    [RequiresKvmFact]
    public void Second_vcpu_comes_up_through_vcpuop_initialise_and_up()
    {
        using var run = fixture.Boot("mode=suite", vcpus: 2);
        Assert.True(run.WaitForEnd(Timeout), run.Transcript());
        Assert.Contains("TEST vcpu1-online ok", run.Lines);
        Assert.True(run.Domain.GetVcpu(1).Runstate.RunningNs > 0);
    }
}
