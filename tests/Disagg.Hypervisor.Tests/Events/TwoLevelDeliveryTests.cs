using Disagg.Actors.Hypervisor.Events;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Events;

public class TwoLevelDeliveryTests
{
    readonly EventChannelDirectory _dir = new();

    (EvDomain A, EvDomain B, uint ALocal, uint BRemote) Connected(bool is32 = false)
    {
        var a = new EvDomain(_dir, 1, is32Bit: is32);
        var b = new EvDomain(_dir, 2, is32Bit: is32);
        var remote = b.AllocUnbound(1);
        a.BindInterdomain(2, remote, out var local);
        a.Delivery.ClearPending(local);
        a.Delivery.ClearSelector(0);
        a.Delivery.ClearUpcallPending(0);
        a.Delivery.Upcalls.Clear();
        a.Delivery.Polled.Clear();
        return (a, b, local, remote);
    }

    [Fact]
    public void InterdomainSend_SetsPeerPendingSelectorAndUpcall()
    {
        var (a, b, local, remote) = Connected();
        Assert.Equal(0, b.Send(remote));
        Assert.True(a.Delivery.Pending(local));
        Assert.True(a.Delivery.Selector(0, (int)(local / 64)));
        Assert.Equal(1, a.Delivery.UpcallPending(0));
        Assert.Equal(new[] { 0u }, a.Delivery.Upcalls);
        Assert.Equal(new[] { (0u, local) }, a.Delivery.Polled);
        Assert.False(b.Delivery.Pending(remote)); // the sender's own bit is untouched
    }

    [Fact]
    public void Upcall_OnlyOnZeroToOne()
    {
        var (a, b, local, remote) = Connected();
        b.Send(remote);
        b.Send(remote);                 // already pending: nothing
        a.Delivery.ClearPending(local);
        b.Send(remote);                 // selector still set: no new upcall
        Assert.Single(a.Delivery.Upcalls);
        a.Delivery.ClearPending(local);
        a.Delivery.ClearSelector(0);
        b.Send(remote);                 // selector 0->1 but upcall_pending still 1: no upcall
        Assert.Single(a.Delivery.Upcalls);
        a.Delivery.ClearPending(local);
        a.Delivery.ClearSelector(0);
        a.Delivery.ClearUpcallPending(0);
        b.Send(remote);
        Assert.Equal(2, a.Delivery.Upcalls.Count);
    }

    [Fact]
    public void Masked_ThenUnmaskReraises()
    {
        var (a, b, local, remote) = Connected();
        a.Delivery.SetMask(local, true);
        b.Send(remote);
        Assert.True(a.Delivery.Pending(local));
        Assert.False(a.Delivery.Selector(0, (int)(local / 64)));
        Assert.Empty(a.Delivery.Upcalls);
        Assert.Single(a.Delivery.Polled); // pollers care about pending, masked or not

        var um = new EvtchnUnmask { port = local };
        Assert.Equal(0, a.Op(EventChannelOp.Unmask, ref um));
        Assert.False(a.Delivery.Masked(local));
        Assert.True(a.Delivery.Selector(0, (int)(local / 64)));
        Assert.Equal(new[] { 0u }, a.Delivery.Upcalls);

        // Unmasking an unmasked, pending port does nothing more.
        Assert.Equal(0, a.Op(EventChannelOp.Unmask, ref um));
        Assert.Single(a.Delivery.Upcalls);
    }

    [Fact]
    public void Unmask_NotPending_OnlyClearsMask_AndInvalidPortIsEinval()
    {
        var (a, _, local, _) = Connected();
        a.Delivery.SetMask(local, true);
        var um = new EvtchnUnmask { port = local };
        Assert.Equal(0, a.Op(EventChannelOp.Unmask, ref um));
        Assert.False(a.Delivery.Masked(local));
        Assert.Empty(a.Delivery.Upcalls);
        um.port = 5000;
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Op(EventChannelOp.Unmask, ref um));
        um.port = 60; // free but inside the first bucket: valid for Xen
        Assert.Equal(0, a.Op(EventChannelOp.Unmask, ref um));
    }

    [Fact]
    public void SelectorBit_IsPortDividedByWordBits()
    {
        var a = new EvDomain(_dir, 1);
        var b = new EvDomain(_dir, 2);
        uint remote = 0, local = 0;
        for (var i = 0; i < 70; i++)
        {
            remote = b.AllocUnbound(1);
            a.BindInterdomain(2, remote, out local);
        }
        Assert.Equal(70u, local);
        a.Delivery.ClearPending(local);
        a.Delivery.ClearSelector(0);
        b.Send(remote);
        Assert.True(a.Delivery.Selector(0, 1));
        Assert.False(a.Delivery.Selector(0, 0));
    }

    [Fact]
    public void ThirtyTwoBitGuest_UsesCompatLayout()
    {
        var (a, b, local, remote) = Connected(is32: true);
        b.Send(remote);
        Assert.True(a.Delivery.Pending(local));                       // pending at 2048, 32-bit words
        Assert.True(a.Delivery.Selector(0, (int)(local / 32)));        // selector at offset 4
        Assert.Equal(1, a.Delivery.UpcallPending(0));
        a.Delivery.SetMask(local, true);                              // mask at 2176
        a.Delivery.ClearPending(local);
        a.Delivery.ClearSelector(0);
        b.Send(remote);
        Assert.False(a.Delivery.Selector(0, (int)(local / 32)));
    }

    [Fact]
    public void ThirtyTwoBitGuest_PortsStopAt1024()
    {
        var a = new EvDomain(_dir, 1, maxPorts: 4096, is32Bit: true);
        for (var i = 1; i < 1024; i++) a.AllocUnbound(0);
        var alloc = new EvtchnAllocUnbound { dom = DomId.Self, remote_dom = 0 };
        Assert.Equal(Err.Of(XenErrno.ENOSPC), a.Op(EventChannelOp.AllocUnbound, ref alloc));
    }

    [Fact]
    public void RaiseVirq_PerVcpuTimer_GoesToThatVcpu_AndUnboundIsIgnored()
    {
        var a = new EvDomain(_dir, 1);
        a.Table.RaiseVirq(1, (int)Virq.Timer); // nothing bound: no effect
        a.Table.RaiseVirq(9, (int)Virq.Timer);
        a.Table.RaiseVirq(0, 99);
        Assert.Empty(a.Delivery.Upcalls);
        var t = new EvtchnBindVirq { virq = (uint)Virq.Timer, vcpu = 1 };
        a.Op(EventChannelOp.BindVirq, ref t);
        a.Table.RaiseVirq(0, (int)Virq.Timer);
        Assert.Empty(a.Delivery.Upcalls);
        a.Table.RaiseVirq(1, (int)Virq.Timer);
        Assert.True(a.Delivery.Pending(t.port));
        Assert.Equal(new[] { 1u }, a.Delivery.Upcalls);
    }

    [Fact]
    public void Send_UnboundIsDropped_FreeAndInvalidAreEinval()
    {
        var a = new EvDomain(_dir, 1);
        var p = a.AllocUnbound(0);
        Assert.Equal(0, a.Send(p));
        Assert.False(a.Delivery.Pending(p));
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Send(0));
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Send(30));
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Send(uint.MaxValue));
        Assert.Equal(Err.Of(XenErrno.EINVAL), a.Table.Send(70000));
    }
}
