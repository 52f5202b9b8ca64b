using Disagg.Actors.Hypervisor.Domains;
using Disagg.Tests;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Boot;

/// <summary>Domain life cycle on a real core: shutdown reasons, crashes, pause, destroy.</summary>
public sealed class LifecycleTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RequiresKvmTheory]
    [InlineData("poweroff", ShutdownReason.Poweroff)]
    [InlineData("reboot", ShutdownReason.Reboot)]
    [InlineData("suspend", ShutdownReason.Suspend)]
    [InlineData("crash", ShutdownReason.Crash)]
    [InlineData("watchdog", ShutdownReason.Watchdog)]
    public void Guest_shutdown_reason_is_recorded(string reason, ShutdownReason expected)
    {
        using var run = fixture.Boot($"mode=shutdown reason={reason} code={(int)expected}");
        Assert.True(run.WaitForEnd(Timeout), run.Transcript());
        Assert.Equal(DomainState.Shutdown, run.Domain.State);
        Assert.Equal(expected, run.Shutdown);
        Assert.Null(run.Domain.CrashReason);     // the guest asked; the core did not crash it
    }

    [RequiresKvmFact]
    public void Shutdown_code_set_first_is_the_reported_reason()
    {
        using var run = fixture.Boot("mode=shutdown reason=poweroff code=1");
        Assert.True(run.WaitForEnd(Timeout), run.Transcript());
        Assert.Equal(ShutdownReason.Reboot, run.Shutdown);
    }

    [RequiresKvmTheory]
    [InlineData("triple", "triple fault")]
    [InlineData("offmem", "emulation failure")]
    public void A_crashing_guest_is_crashed_alone_with_the_reason(string kind, string why)
    {
        using var bystander = fixture.Boot("mode=idle beats=1000 ms=20");
        Assert.NotNull(bystander.WaitForLine("ALIVE 1", Timeout));
        using var run = fixture.Boot($"mode=crash kind={kind}");
        Assert.True(run.WaitForEnd(Timeout), run.Transcript());
        Assert.Equal(ShutdownReason.Crash, run.Shutdown);
        Assert.Contains(why, run.Domain.CrashReason);
        Assert.Contains(run.Lines, l => l.StartsWith("CRASHING", StringComparison.Ordinal));
        // The other domain keeps running and keeps getting its timer events.
        var before = bystander.Lines.Count(l => l.StartsWith("ALIVE", StringComparison.Ordinal));
        Assert.NotNull(bystander.WaitForLine($"ALIVE {before + 3}", Timeout));
        Assert.Equal(DomainState.Running, bystander.Domain.State);
    }

    [RequiresKvmFact]
    public void A_paused_domain_runs_only_once_unpaused()
    {
        using var run = fixture.Boot("mode=hello", paused: true);
        Assert.True(run.Domain.IsPaused);
        Assert.Null(run.WaitForLine("TESTGUEST", TimeSpan.FromMilliseconds(500)));
        Assert.True(run.Domain.Unpause());
        Assert.NotNull(run.WaitForLine("TESTGUEST", Timeout));
        Assert.True(run.WaitForEnd(Timeout), run.Transcript());
        Assert.Equal(ShutdownReason.Poweroff, run.Shutdown);
    }

    [RequiresKvmFact]
    public void Pausing_a_running_domain_stops_its_timers_output_until_unpause()
    {
        using var run = fixture.Boot("mode=idle beats=1000 ms=10");
        Assert.NotNull(run.WaitForLine("ALIVE 2", Timeout));
        run.Domain.Pause();
        Thread.Sleep(100);   // let a beat already in flight land
        var paused = run.Lines.Count;
        Thread.Sleep(300);
        Assert.Equal(paused, run.Lines.Count);
        run.Domain.Unpause();
        var beats = run.Lines.Count(l => l.StartsWith("ALIVE", StringComparison.Ordinal));
        Assert.True(run.WaitForLine($"ALIVE {beats + 2}", Timeout) is not null, run.Transcript());
    }

    [RequiresKvmFact]
    public void Destroying_a_running_domain_releases_it()
    {
        var run = fixture.Boot("mode=idle beats=100000 ms=5");
        Assert.NotNull(run.WaitForLine("ALIVE 1", Timeout));
        var id = run.Domain.Id;
        Assert.True(fixture.Core.DestroyDomain(id));
        Assert.Equal(DomainState.Dead, run.Domain.State);
        Assert.False(fixture.Core.TryGetDomain(id, out _));
        Assert.False(fixture.Core.EventChannels.TryGet(id, out _));
        Assert.False(fixture.Core.DestroyDomain(id));
    }

    [RequiresKvmFact]
    public void A_kernel_that_is_not_pvh_is_refused_with_a_clear_error()
    {
        var notElf = Path.GetTempFileName();
        File.WriteAllText(notElf, "this is not an ELF image");
        try
        {
            var e = Assert.ThrowsAny<Exception>(() =>
                fixture.Core.CreateDomain(new DomainConfig("bad", GuestType.Pvh, notElf)));
            Assert.Contains("ELF", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(fixture.Core.Domains, d => d.Name == "bad");
        }
        finally { File.Delete(notElf); }
    }
}
