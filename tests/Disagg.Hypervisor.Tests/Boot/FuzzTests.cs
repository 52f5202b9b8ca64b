using Disagg.Actors.Hypervisor.Domains;
using Disagg.Tests;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Boot;

/// <summary>A guest throwing seeded random hypercalls at the core while another domain runs beside it.</summary>
public sealed class FuzzTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    [RequiresKvmTheory]
    [InlineData(1, 3000)]
    [InlineData(20261125, 3000)]
    public void Random_hypercalls_leave_the_core_and_a_second_domain_unharmed(int seed, int count)
    {
        using var bystander = fixture.Boot("mode=idle beats=100000 ms=20");
        Assert.NotNull(bystander.WaitForLine("ALIVE 1", TimeSpan.FromSeconds(30)));
        using var fuzz = fixture.Boot($"mode=fuzz seed={seed} count={count}");
        Assert.True(fuzz.WaitForEnd(TimeSpan.FromMinutes(3)), "fuzz guest did not finish\n" + fuzz.Transcript());
        // The fuzzer never aims at itself, so it must end as it chose to: powered off, not crashed by the core.
        Assert.Equal(ShutdownReason.Poweroff, fuzz.Shutdown);
        Assert.Null(fuzz.Domain.CrashReason);
        Assert.Contains(fuzz.Lines, l => l == $"DONE passed={count} failed=0");
        var beats = bystander.Lines.Count(l => l.StartsWith("ALIVE", StringComparison.Ordinal));
        Assert.NotNull(bystander.WaitForLine($"ALIVE {beats + 2}", TimeSpan.FromSeconds(30)));
        Assert.Equal(DomainState.Running, bystander.Domain.State);
        // And the core still builds and runs new domains.
        using var after = fixture.Boot("mode=hello");
        Assert.True(after.WaitForEnd(TimeSpan.FromSeconds(30)), after.Transcript());
        Assert.Equal(ShutdownReason.Poweroff, after.Shutdown);
    }
}
