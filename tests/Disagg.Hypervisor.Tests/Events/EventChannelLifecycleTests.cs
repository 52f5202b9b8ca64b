using Disagg.Actors.Hypervisor.Events;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Events;

public class EventChannelLifecycleTests
{
    readonly EventChannelDirectory _dir = new();

    [Fact]
    public void Reset_Own_ClosesAllAndUnbindsPeers()
    {
        var a = new EvDomain(_dir, 1);
        var b = new EvDomain(_dir, 2);
        var remote = b.AllocUnbound(1);
        a.BindInterdomain(2, remote, out var local);
        var ipi = new EvtchnBindIpi { vcpu = 0 };
        a.Op(EventChannelOp.BindIpi, ref ipi);
        var r = new EvtchnReset { dom = DomId.Self };
        Assert.Equal(0, a.Op(EventChannelOp.Reset, ref r));
        Assert.Empty(a.Table.Describe());
        Assert.False(a.Delivery.Pending(local));
        b.Status(DomId.Self, remote, out var st);
        Assert.Equal((uint)EvtchnStatusKind.Unbound, st.status);
        Assert.Equal(1u, a.AllocUnbound(0)); // ports are reused from the bottom
    }

    [Fact]
    public void Reset_OtherDomain_NeedsPrivilegeAndControllerPause()
    {
        var paused = false;
        var dom0 = new EvDomain(_dir, 0, privileged: true);
        var a = new EvDomain(_dir, 1);
        var b = new EvDomain(_dir, 2, paused: () => paused);
        b.AllocUnbound(0);
        var r = new EvtchnReset { dom = 2 };
        Assert.Equal(Err.Of(XenErrno.EPERM), a.Op(EventChannelOp.Reset, ref r));
        Assert.Equal(Err.Of(XenErrno.EINVAL), dom0.Op(EventChannelOp.Reset, ref r));
        paused = true;
        Assert.Equal(0, dom0.Op(EventChannelOp.Reset, ref r));
        Assert.Empty(b.Table.Describe());
        r.dom = 50;
        Assert.Equal(Err.Of(XenErrno.ESRCH), dom0.Op(EventChannelOp.Reset, ref r));
        r.dom = DomId.Self;
        Assert.Equal(Err.Of(XenErrno.EBUSY), a.Op(EventChannelOp.ResetCont, ref r));
    }

    [Fact]
    public void FifoAndUnknownOps_AnswerAsTwoLevelXen()
    {
        var a = new EvDomain(_dir, 1);
        var init = new EvtchnInitControl { control_gfn = 0x100, offset = 0, vcpu = 0 };
        Assert.Equal(Err.Of(XenErrno.ENOSYS), a.Op(EventChannelOp.InitControl, ref init));
        var expand = new EvtchnExpandArray { array_gfn = 0x100 };
        Assert.Equal(Err.Of(XenErrno.EOPNOTSUPP), a.Op(EventChannelOp.ExpandArray, ref expand));
        var prio = new EvtchnSetPriority { port = 1, priority = 3 };
        Assert.Equal(Err.Of(XenErrno.ENOSYS), a.Op(EventChannelOp.SetPriority, ref prio));
        prio.port = 4000;
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Op(EventChannelOp.SetPriority, ref prio));
        var pirq = new EvtchnBindPirq { pirq = 5 };
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Op(EventChannelOp.BindPirq, ref pirq));
        Assert.Equal(Err.Of(XenErrno.ENOSYS), a.Table.Op(a.Caller, 15, ArrayGuestMemory.Base));
        Assert.Equal(Err.Of(XenErrno.ENOSYS), a.Table.Op(a.Caller, -1, ArrayGuestMemory.Base));
    }

    [Fact]
    public void CloseAll_LeavesPeersUnbound_AndTheDomainUnreachable()
    {
        var a = new EvDomain(_dir, 1);
        var b = new EvDomain(_dir, 2);
        var remote = b.AllocUnbound(1);
        a.BindInterdomain(2, remote, out _);
        var spare = b.AllocUnbound(1);
        a.Table.CloseAll();
        b.Status(DomId.Self, remote, out var st);
        Assert.Equal((uint)EvtchnStatusKind.Unbound, st.status);
        Assert.Equal((ushort)1, st.u.unbound.dom);
        Assert.Equal(Err.Of(XenErrno.ESRCH), b.BindInterdomain(1, 1, out _));
        Assert.False(_dir.TryGet(1, out _));
        // The dying domain allocates nothing any more (get_free_port: -EINVAL once is_dying).
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.BindInterdomain(2, spare, out _));
        Assert.False(a.Table.TryAllocateUnboundForBuilder(0, out _));
        Assert.Equal(0, b.Send(remote)); // unbound now: dropped
    }

    [Fact]
    public void Directory_RefusesTwoTablesForOneDomid()
    {
        _ = new EvDomain(_dir, 3);
        Assert.Throws<InvalidOperationException>(() => new EvDomain(_dir, 3));
    }

    // sizeof() of the evtchn_* structs in gcc's layout, identical with -m64 and -m32 (no compat translation).
    [Fact]
    public void ArgumentStructSizes_MatchTheHeaders()
    {
        Assert.Equal((8, 12, 12, 8, 24, 8, 2), (
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnAllocUnbound>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnBindInterdomain>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnBindVirq>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnBindIpi>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnStatus>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnBindVcpu>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<EvtchnReset>()));
        Assert.Equal(20, (int)System.Runtime.InteropServices.Marshal.OffsetOf<EvtchnStatus>("u")
            + (int)System.Runtime.InteropServices.Marshal.OffsetOf<EvtchnStatus.Interdomain>("port"));
    }
}
