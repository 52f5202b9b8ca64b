using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Events;

// do_event_channel_op: copy the argument in, run the op, copy it back only on success (Xen writes
// results back with "if ( !rc && __copy_to_guest(...) ) rc = -EFAULT"). The evtchn_* structs have
// the same layout for 64-bit and x86_32 guests, so there is no compat translation.
public sealed partial class EventChannelTable
{
    /// <summary>__HYPERVISOR_event_channel_op(cmd, arg) made by <paramref name="caller"/>, which must be this table's domain.</summary>
    /// <returns>0 or -errno, as Xen returns it; never throws for guest input.</returns>
    public long Op(HypercallCaller caller, int cmd, ulong arg)
    {
        ArgumentNullException.ThrowIfNull(caller);
        // The dispatcher must hand a hypercall to the caller's own table: "current->domain" is this one.
        if (caller.DomId != DomId) return Errno(XenErrno.EPERM);
        var mem = caller.Memory;
        switch ((EventChannelOp)cmd)
        {
            case EventChannelOp.AllocUnbound:
            {
                if (!GuestStructs.TryRead(mem, arg, out EvtchnAllocUnbound a)) return Errno(XenErrno.EFAULT);
                var rc = AllocUnbound(caller.IsPrivileged, a.dom, a.remote_dom, out a.port);
                return WriteBack(mem, arg, rc, a);
            }
            case EventChannelOp.BindInterdomain:
            {
                if (!GuestStructs.TryRead(mem, arg, out EvtchnBindInterdomain a)) return Errno(XenErrno.EFAULT);
                var rc = BindInterdomain(a.remote_dom, a.remote_port, out a.local_port);
                return WriteBack(mem, arg, rc, a);
            }
            case EventChannelOp.BindVirq:
            {
                if (!GuestStructs.TryRead(mem, arg, out EvtchnBindVirq a)) return Errno(XenErrno.EFAULT);
                var rc = BindVirq(a.virq, a.vcpu, out a.port);
                return WriteBack(mem, arg, rc, a);
            }
            case EventChannelOp.BindIpi:
            {
                if (!GuestStructs.TryRead(mem, arg, out EvtchnBindIpi a)) return Errno(XenErrno.EFAULT);
                var rc = BindIpi(a.vcpu, out a.port);
                return WriteBack(mem, arg, rc, a);
            }
            case EventChannelOp.BindPirq:
                // No physical IRQs reach a guest here and XENFEAT_hvm_pirqs is not offered: every pirq
                // is out of range (pirq >= d->nr_pirqs), which Xen answers with -EINVAL.
                return GuestStructs.TryRead(mem, arg, out EvtchnBindPirq _) ? Errno(XenErrno.EINVAL) : Errno(XenErrno.EFAULT);
            case EventChannelOp.Close:
                return GuestStructs.TryRead(mem, arg, out EvtchnClose close) ? CloseCore(close.port) : Errno(XenErrno.EFAULT);
            case EventChannelOp.Send:
                return GuestStructs.TryRead(mem, arg, out EvtchnSend send) ? Send(send.port) : Errno(XenErrno.EFAULT);
            case EventChannelOp.Status:
            {
                if (!GuestStructs.TryRead(mem, arg, out EvtchnStatus s)) return Errno(XenErrno.EFAULT);
                var rc = Status(caller.IsPrivileged, s.dom, s.port, ref s);
                return WriteBack(mem, arg, rc, s);
            }
            case EventChannelOp.BindVcpu:
                return GuestStructs.TryRead(mem, arg, out EvtchnBindVcpu bv) ? BindVcpu(bv.port, bv.vcpu) : Errno(XenErrno.EFAULT);
            case EventChannelOp.Unmask:
                return GuestStructs.TryRead(mem, arg, out EvtchnUnmask um) ? Unmask(um.port) : Errno(XenErrno.EFAULT);
            case EventChannelOp.Reset:
            case EventChannelOp.ResetCont:
                return GuestStructs.TryRead(mem, arg, out EvtchnReset r)
                    ? Reset(caller.IsPrivileged, r.dom, resuming: cmd == (int)EventChannelOp.ResetCont)
                    : Errno(XenErrno.EFAULT);
            case EventChannelOp.InitControl:
                // FIFO is not offered: answered as by a Xen without the FIFO ABI (unknown command). Linux
                // then stays on the 2-level ABI, which it falls back to on any init_control error.
                return Errno(XenErrno.ENOSYS);
            case EventChannelOp.ExpandArray:
                // evtchn_fifo_expand_array on a domain that never switched to FIFO.
                return GuestStructs.TryRead(mem, arg, out EvtchnExpandArray _) ? Errno(XenErrno.EOPNOTSUPP) : Errno(XenErrno.EFAULT);
            case EventChannelOp.SetPriority:
                return GuestStructs.TryRead(mem, arg, out EvtchnSetPriority sp) ? SetPriority(sp.port) : Errno(XenErrno.EFAULT);
            default:
                return Errno(XenErrno.ENOSYS);
        }
    }

    static long WriteBack<T>(IGuestVirtualMemory mem, ulong arg, long rc, in T value) where T : unmanaged =>
        rc == 0 && !GuestStructs.TryWrite(mem, arg, value) ? Errno(XenErrno.EFAULT) : rc;
}
