using Disagg.Actors.Hypervisor.Events;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Events;

public class EventChannelBindTests
{
    readonly EventChannelDirectory _dir = new();
    readonly EvDomain _dom0, _a, _b;

    public EventChannelBindTests()
    {
        _dom0 = new EvDomain(_dir, 0, privileged: true);
        _a = new EvDomain(_dir, 1);
        _b = new EvDomain(_dir, 2);
    }

    [Fact]
    public void AllocUnbound_FirstPortIsOne_AndRemoteSelfMeansCaller()
    {
        var port = _a.AllocUnbound(DomId.Self);
        Assert.Equal(1u, port);
        Assert.Equal(0, _a.Status(DomId.Self, port, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Unbound, st.status);
        Assert.Equal((ushort)1, st.u.unbound.dom);
        Assert.Equal(2u, _a.AllocUnbound(0));
    }

    [Fact]
    public void AllocUnbound_ForAnotherDomain_NeedsPrivilege()
    {
        var a = new EvtchnAllocUnbound { dom = 2, remote_dom = 0 };
        Assert.Equal(Err.Of(XenErrno.EPERM), _a.Op(EventChannelOp.AllocUnbound, ref a));
        a = new EvtchnAllocUnbound { dom = 2, remote_dom = DomId.Self };
        Assert.Equal(0, _dom0.Op(EventChannelOp.AllocUnbound, ref a));
        // remote_dom DOMID_SELF is the caller (dom0), not the domain the port is allocated in.
        Assert.Equal(0, _b.Status(DomId.Self, a.port, out var st));
        Assert.Equal((ushort)0, st.u.unbound.dom);
        a = new EvtchnAllocUnbound { dom = 77, remote_dom = 0 };
        Assert.Equal(Err.Of(XenErrno.ESRCH), _dom0.Op(EventChannelOp.AllocUnbound, ref a));
    }

    [Fact]
    public void AllocUnbound_FullTable_IsEnospcEvenForUnprivilegedForeignCaller()
    {
        var dir = new EventChannelDirectory();
        var small = new EvDomain(dir, 5, maxPorts: 3);
        var other = new EvDomain(dir, 6);
        small.AllocUnbound(0);
        small.AllocUnbound(0);
        var a = new EvtchnAllocUnbound { dom = DomId.Self, remote_dom = 0 };
        Assert.Equal(Err.Of(XenErrno.ENOSPC), small.Op(EventChannelOp.AllocUnbound, ref a));
        a = new EvtchnAllocUnbound { dom = 5, remote_dom = 0 };
        Assert.Equal(Err.Of(XenErrno.ENOSPC), other.Op(EventChannelOp.AllocUnbound, ref a));
    }

    [Fact]
    public void BadArgumentAddress_IsEfault_ForEveryOp()
    {
        foreach (var cmd in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14 })
            Assert.Equal(Err.Of(XenErrno.EFAULT), _a.Table.Op(_a.Caller, cmd, 0xdead0000));
    }

    [Fact]
    public void Op_FromAnotherDomainsCaller_IsRefused()
    {
        Assert.Equal(Err.Of(XenErrno.EPERM), _a.Table.Op(_b.Caller, (int)EventChannelOp.Send, ArrayGuestMemory.Base));
    }

    [Fact]
    public void BindInterdomain_ConnectsBothEnds_AndMarksLocalPending()
    {
        var remote = _b.AllocUnbound(1);
        Assert.Equal(0, _a.BindInterdomain(2, remote, out var local));
        Assert.Equal(1u, local);
        Assert.True(_a.Delivery.Pending(local)); // Xen conservatively notifies the new local port
        Assert.Equal(0, _a.Status(DomId.Self, local, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Interdomain, st.status);
        Assert.Equal((ushort)2, st.u.interdomain.dom);
        Assert.Equal(remote, st.u.interdomain.port);
        Assert.Equal(0, _b.Status(DomId.Self, remote, out st));
        Assert.Equal((uint)EvtchnStatusKind.Interdomain, st.status);
        Assert.Equal((ushort)1, st.u.interdomain.dom);
        Assert.Equal(local, st.u.interdomain.port);
    }

    [Fact]
    public void BindInterdomain_ErrorCases()
    {
        var forDom0 = _b.AllocUnbound(0);
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.BindInterdomain(2, forDom0, out _)); // not offered to us
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.BindInterdomain(2, 4095, out _));   // beyond valid ports
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.BindInterdomain(2, 0, out _));      // reserved
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.BindInterdomain(2, 9, out _));      // free
        Assert.Equal(Err.Of(XenErrno.ESRCH), _a.BindInterdomain(99, 1, out _));
        var ok = _b.AllocUnbound(1);
        Assert.Equal(0, _a.BindInterdomain(2, ok, out _));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.BindInterdomain(2, ok, out _));     // already bound
    }

    [Fact]
    public void BindInterdomain_LoopbackToSelf()
    {
        var unbound = _a.AllocUnbound(DomId.Self);
        Assert.Equal(0, _a.BindInterdomain(DomId.Self, unbound, out var local));
        _a.Delivery.ClearPending(local);
        Assert.Equal(0, _a.Send(local));
        Assert.True(_a.Delivery.Pending(unbound));
        Assert.Equal(0, _a.Close(unbound));
        Assert.Equal(0, _a.Status(DomId.Self, local, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Unbound, st.status);
        Assert.Equal((ushort)1, st.u.unbound.dom);
    }

    [Fact]
    public void Close_InterdomainLeavesPeerUnbound_ForTheClosersDomain_AndPeerCanRebind()
    {
        var remote = _b.AllocUnbound(1);
        _a.BindInterdomain(2, remote, out var local);
        Assert.Equal(0, _b.Op(EventChannelOp.BindVcpu, ref Bv(remote, 1)));
        Assert.Equal(0, _a.Close(local));
        Assert.False(_a.Delivery.Pending(local)); // freeing clears the pending bit
        Assert.Equal(0, _a.Status(DomId.Self, local, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Closed, st.status);
        Assert.Equal(0, _b.Status(DomId.Self, remote, out st));
        Assert.Equal((uint)EvtchnStatusKind.Unbound, st.status);
        Assert.Equal((ushort)1, st.u.unbound.dom);
        Assert.Equal(1u, st.vcpu); // the peer keeps its notify vCPU
        Assert.Equal(0, _a.BindInterdomain(2, remote, out _));
    }

    static ref EvtchnBindVcpu Bv(uint port, uint vcpu)
    {
        var a = new EvtchnBindVcpu[] { new() { port = port, vcpu = vcpu } };
        return ref a[0];
    }

    [Fact]
    public void Close_ErrorCases()
    {
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Close(0));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Close(5));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Close(100000));
        var p = _a.AllocUnbound(0);
        Assert.Equal(0, _a.Close(p));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Close(p));
    }

    [Fact]
    public void BindVirq_PerVcpuAndGlobalRules()
    {
        var timer = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 1 };
        Assert.Equal(0, _a.Op(EventChannelOp.BindVirq, ref timer));
        var again = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 1 };
        Assert.Equal(Err.Of(XenErrno.EEXIST), _a.Op(EventChannelOp.BindVirq, ref again));
        var other = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 0 };
        Assert.Equal(0, _a.Op(EventChannelOp.BindVirq, ref other));
        var global = new EvtchnBindVirq { virq = (uint)Virq.Console, vcpu = 1 };
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVirq, ref global));
        var arch = new EvtchnBindVirq { virq = (uint)Virq.Arch0, vcpu = 1 };
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVirq, ref arch));
        var big = new EvtchnBindVirq { virq = 24, vcpu = 0 };
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVirq, ref big));
        var neg = new EvtchnBindVirq { virq = uint.MaxValue, vcpu = 0 };
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVirq, ref neg));
        var novcpu = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 2 };
        Assert.Equal(Err.Of(XenErrno.ENOENT), _a.Op(EventChannelOp.BindVirq, ref novcpu));

        Assert.Equal(0, _a.Status(DomId.Self, timer.port, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Virq, st.status);
        Assert.Equal((uint)Virq.Timer, st.u.virq);
        Assert.Equal(1u, st.vcpu);
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Send(timer.port)); // a VIRQ port cannot be sent on

        Assert.Equal(0, _a.Close(timer.port));
        again = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 1 };
        Assert.Equal(0, _a.Op(EventChannelOp.BindVirq, ref again));
    }

    [Fact]
    public void BindIpi_DeliversToItsVcpu()
    {
        var bad = new EvtchnBindIpi { vcpu = 7 };
        Assert.Equal(Err.Of(XenErrno.ENOENT), _a.Op(EventChannelOp.BindIpi, ref bad));
        var ipi = new EvtchnBindIpi { vcpu = 1 };
        Assert.Equal(0, _a.Op(EventChannelOp.BindIpi, ref ipi));
        Assert.Equal(0, _a.Send(ipi.port));
        Assert.True(_a.Delivery.Pending(ipi.port));
        Assert.Equal(new[] { 1u }, _a.Delivery.Upcalls);
        Assert.Equal(0, _a.Status(DomId.Self, ipi.port, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Ipi, st.status);
        Assert.Equal(1u, st.vcpu);
    }

    [Fact]
    public void BindVcpu_Rules()
    {
        var remote = _b.AllocUnbound(1);
        _a.BindInterdomain(2, remote, out var local);
        Assert.Equal(0, _a.Op(EventChannelOp.BindVcpu, ref Bv(local, 1)));
        _a.Delivery.ClearPending(local);
        _a.Delivery.ClearSelector(0);
        _b.Send(remote);
        Assert.True(_a.Delivery.Selector(1, 0));
        Assert.False(_a.Delivery.Selector(0, 0));

        Assert.Equal(Err.Of(XenErrno.ENOENT), _a.Op(EventChannelOp.BindVcpu, ref Bv(local, 2)));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVcpu, ref Bv(4000, 1)));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVcpu, ref Bv(0, 1)));
        var ipi = new EvtchnBindIpi { vcpu = 0 };
        _a.Op(EventChannelOp.BindIpi, ref ipi);
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVcpu, ref Bv(ipi.port, 1)));
        var timer = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 0 };
        _a.Op(EventChannelOp.BindVirq, ref timer);
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Op(EventChannelOp.BindVcpu, ref Bv(timer.port, 1)));
        var console = new EvtchnBindVirq { virq = (uint)Virq.Console, vcpu = 0 };
        _a.Op(EventChannelOp.BindVirq, ref console);
        Assert.Equal(0, _a.Op(EventChannelOp.BindVcpu, ref Bv(console.port, 1)));
        _a.Table.RaiseVirq(0, (int)Virq.Console);
        Assert.True(_a.Delivery.Pending(console.port));
        Assert.Equal(1u, _a.Delivery.Polled.Last().Vcpu);
    }

    [Fact]
    public void Status_PrivilegeAndValidity()
    {
        var p = _b.AllocUnbound(0);
        Assert.Equal(Err.Of(XenErrno.EPERM), _a.Status(2, p, out _));
        Assert.Equal(0, _dom0.Status(2, p, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Unbound, st.status);
        Assert.Equal(Err.Of(XenErrno.ESRCH), _dom0.Status(42, 1, out _));
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Status(DomId.Self, 64, out _)); // beyond the first bucket
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Status(2, 64, out _));           // validity before XSM, as Xen
        Assert.Equal(0, _a.Status(DomId.Self, 63, out st));                       // inside the bucket: closed
        Assert.Equal((uint)EvtchnStatusKind.Closed, st.status);
        Assert.Equal(0, _a.Status(DomId.Self, 0, out st));
        Assert.Equal((uint)EvtchnStatusKind.Closed, st.status);
    }

    [Fact]
    public void Builder_AllocatesBackendPorts_BoundByDom0()
    {
        Assert.True(_a.Table.TryAllocateUnboundForBuilder(0, out var store));
        Assert.True(_a.Table.TryAllocateUnboundForBuilder(0, out var console));
        Assert.Equal((1u, 2u), (store, console));
        Assert.Equal(0, _dom0.BindInterdomain(1, store, out var dom0Port));
        _a.Delivery.Upcalls.Clear();
        Assert.Equal(0, _dom0.Table.Send(dom0Port));
        Assert.True(_a.Table.IsPending(store));
        Assert.Single(_a.Delivery.Upcalls);
    }

    [Fact]
    public void Describe_ListsPortsInUse()
    {
        var remote = _b.AllocUnbound(1);
        _a.BindInterdomain(2, remote, out var local);
        var ipi = new EvtchnBindIpi { vcpu = 1 };
        _a.Op(EventChannelOp.BindIpi, ref ipi);
        var list = _a.Table.Describe();
        Assert.Equal(2, list.Count);
        Assert.Equal(new EventChannelInfo(local, EventChannelState.Interdomain, 0, 2, remote, 0, true, false), list[0]);
        Assert.Equal(EventChannelState.Ipi, list[1].State);
    }

    [Fact]
    public void PortsBeyondFirstBucket_ExtendValidity()
    {
        for (var i = 1; i < 70; i++) _a.AllocUnbound(0);
        Assert.Equal(0, _a.Status(DomId.Self, 100, out var st));
        Assert.Equal((uint)EvtchnStatusKind.Closed, st.status);
        Assert.Equal(Err.Of(XenErrno.EINVAL), _a.Status(DomId.Self, 128, out _));
    }
}
