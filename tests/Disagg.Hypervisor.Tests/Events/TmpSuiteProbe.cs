using Disagg.Actors.Hypervisor.Domains;
using Disagg.Hypervisor.Tests.Boot;
using Xunit;
namespace Disagg.Hypervisor.Tests.Events;
public sealed class TmpSuiteProbe(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    [Fact]
    public void Probe()
    {
        using var run = fixture.Boot("mode=suite", GuestType.Pvh, vcpus: 1, bits: 64);
        run.WaitForEnd(TimeSpan.FromSeconds(60));
        Assert.Fail(string.Join("\n", run.Domain.Events.Describe()) + "\n" + string.Join("\n", run.FailedTests) + "\n----\n" + string.Join("\n", run.Lines.Where(l => l.Contains("timer") || l.Contains("vcpu"))));
    }
}
