using Akka.Actor;
using Disagg.Actors.Hypervisor.Control;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Guest;
using Disagg.Hypervisor.Tests.Boot;
using Disagg.Tests;
using Disagg.Xen;
using Xunit;
using static Disagg.Actors.Hypervisor.Control.Domains;

namespace Disagg.Hypervisor.Tests.Control;

/// <summary>The core's domain-control actor against a real core: privilege checks, life cycle, events.</summary>
public sealed class DomainsActorTests(CoreFixture fixture) : Akka.TestKit.Xunit2.TestKit, IClassFixture<CoreFixture>
{
    static readonly DomainIdentity Dom0 = DomainIdentity.Dom0;
    static readonly DomainIdentity Guest = new(5, false);
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    IActorRef Start() => Sys.ActorOf(Domains.Props(new DomainControl(fixture.Core), fixture.Core));

    static DomainConfig Config(string name, string cmdline, bool paused = false) =>
        new(name, GuestType.Pvh, GuestImages.TestKernel, 32, 1, cmdline, StartPaused: paused);

    [RequiresKvmFact]
    public void An_unprivileged_caller_is_refused_everything()
    {
        var actor = Start();
        actor.Tell(new Create(Guest, Config("refused", "mode=hello")));
        Assert.Equal(-(long)XenErrno.EPERM, ExpectMsg<Failed>(Wait).Code);
        Assert.DoesNotContain(fixture.Core.Domains, d => d.Name == "refused");
        actor.Tell(new List(Guest));
        Assert.Equal(-(long)XenErrno.EPERM, ExpectMsg<Failed>().Code);
        actor.Tell(new Subscribe(Guest));
        Assert.Equal(-(long)XenErrno.EPERM, ExpectMsg<Failed>().Code);
        actor.Tell(new Destroy(Guest, 1));
        Assert.Equal(-(long)XenErrno.EPERM, ExpectMsg<Failed>().Code);
    }

    [RequiresKvmFact]
    public void Dom0_creates_watches_inspects_and_destroys_a_guest()
    {
        var actor = Start();
        actor.Tell(new Subscribe(Dom0));
        ExpectMsg<Done>(Wait);
        actor.Tell(new Create(Dom0, Config("actor-guest", "mode=hello", paused: true)));
        var id = ExpectMsg<Created>(Wait).DomId;

        actor.Tell(new GetInfo(Dom0, id));
        var info = FishForMessage<Info>(m => m is Info, Wait).Domain;
        Assert.Equal("actor-guest", info.Name);
        Assert.True(info.Paused);
        Assert.Equal(32ul * 256, info.MaxPages);

        actor.Tell(new SetMaxMemory(Dom0, id, 16 * 1024));           // below what it holds
        Assert.Equal(-(long)XenErrno.EINVAL, FishForMessage<Failed>(m => m is Failed, Wait).Code);
        actor.Tell(new SetVcpuAffinity(Dom0, id, 0, [0]));
        FishForMessage<Done>(m => m is Done { Command: SetVcpuAffinity }, Wait);
        actor.Tell(new SetVcpuAffinity(Dom0, id, 3, [0]));            // no such vCPU
        Assert.Equal(-(long)XenErrno.EINVAL, FishForMessage<Failed>(m => m is Failed, Wait).Code);

        actor.Tell(new Unpause(Dom0, id));
        var shutDown = FishForMessage<StateChanged>(m => m is StateChanged s && s.Domain.DomId == id && s.Domain.State == DomainState.Shutdown, Wait);
        Assert.Equal(ShutdownReason.Poweroff, shutDown.Domain.Shutdown);

        actor.Tell(new Destroy(Dom0, id));
        FishForMessage<Done>(m => m is Done { Command: Destroy }, Wait);
        actor.Tell(new GetInfo(Dom0, id));
        Assert.Equal(-(long)XenErrno.ESRCH, FishForMessage<Failed>(m => m is Failed, Wait).Code);
    }

    [RequiresKvmFact]
    public void A_bad_kernel_fails_with_a_message_naming_it()
    {
        var actor = Start();
        actor.Tell(new Create(Dom0, new DomainConfig("nokernel", GuestType.Pvh, "/nonexistent/kernel")));
        var failed = ExpectMsg<Failed>(Wait);
        Assert.Equal(-(long)XenErrno.EINVAL, failed.Code);
        Assert.Contains("/nonexistent/kernel", failed.Reason);
    }
}
