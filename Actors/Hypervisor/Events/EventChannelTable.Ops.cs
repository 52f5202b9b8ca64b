using Disagg.Xen;
using XenDomId = Disagg.Xen.DomId;

namespace Disagg.Actors.Hypervisor.Events;

// The EVTCHNOP_* semantics, with Xen's checks in Xen's order (the order decides which errno a caller
// with several things wrong gets). "this" is current->domain: the calling domain.
public sealed partial class EventChannelTable
{
    /// <summary>rcu_lock_domain_by_any_id: DOMID_SELF is the caller; other ids must have a live table.</summary>
    bool TryFindAny(ushort dom, out EventChannelTable table)
    {
        if (dom == XenDomId.Self) { table = this; return true; }
        return _directory.TryGet(dom, out table!);
    }

    // XSM dummy policy, XSM_TARGET: the domain itself, or a privileged (control) domain.
    static bool TargetAllowed(ushort callerDom, bool privileged, EventChannelTable target) =>
        privileged || callerDom == target.DomId;

    internal long AllocUnbound(bool privileged, ushort dom, ushort remoteDom, out uint port)
    {
        port = 0;
        if (!TryFindAny(dom, out var d)) return Errno(XenErrno.ESRCH);
        lock (d.SyncRoot)
        {
            // get_free_port comes before the XSM check, so a full table answers -ENOSPC even to the unprivileged.
            var free = d.GetFreePort();
            if (free < 0) return free;
            if (!TargetAllowed(DomId, privileged, d)) return Errno(XenErrno.EPERM);
            var remote = remoteDom == XenDomId.Self ? DomId : remoteDom;
            d.Publish((uint)free, new Binding(EventChannelState.Unbound, RemoteDomId: remote));
            port = (uint)free;
            return 0;
        }
    }

    internal long BindInterdomain(ushort remoteDom, uint remotePort, out uint localPort)
    {
        localPort = 0;
        var rdom = remoteDom == XenDomId.Self ? DomId : remoteDom;
        if (!_directory.TryGet(rdom, out var rd)) return Errno(XenErrno.ESRCH);
        uint lport = 0;
        var rc = EventChannelDirectory.WithBoth(this, rd, () =>
        {
            var free = GetFreePort();
            if (free < 0) return (long)free;
            if (!rd.IsValid(remotePort)) return Errno(XenErrno.EINVAL);
            var rchn = rd.Get(remotePort);
            if (rchn.State != EventChannelState.Unbound || rchn.RemoteDomId != DomId) return Errno(XenErrno.EINVAL);

            lport = (uint)free;
            Publish(lport, new Binding(EventChannelState.Interdomain, Remote: rd, RemotePort: remotePort));
            rd.Publish(remotePort, rchn with { State = EventChannelState.Interdomain, RemoteDomId = 0, Remote = this, RemotePort = lport });
            // Notifications sent to the remote port while it was unbound were dropped: Xen conservatively
            // marks the new local port pending.
            TwoLevelEvents.SetPending(_delivery, 0, lport);
            return 0L;
        });
        if (rc == 0) localPort = lport;
        return rc;
    }

    internal long BindVirq(uint virq, uint vcpu, out uint port)
    {
        port = 0;
        if (virq >= EvtchnLimits.NrVirqs) return Errno(XenErrno.EINVAL);
        if (IsGlobalVirq(virq) && vcpu != 0) return Errno(XenErrno.EINVAL);
        if (vcpu >= (uint)_virqToPort.Length) return Errno(XenErrno.ENOENT);
        lock (SyncRoot)
        {
            if (_virqToPort[vcpu][virq] != 0) return Errno(XenErrno.EEXIST);
            var free = GetFreePort();
            if (free < 0) return free;
            port = (uint)free;
            Publish(port, new Binding(EventChannelState.Virq, NotifyVcpu: vcpu, Virq: virq));
            Volatile.Write(ref _virqToPort[vcpu][virq], port);
            return 0;
        }
    }

    internal long BindIpi(uint vcpu, out uint port)
    {
        port = 0;
        if (vcpu >= (uint)_delivery.MaxVcpus) return Errno(XenErrno.ENOENT);
        lock (SyncRoot)
        {
            var free = GetFreePort();
            if (free < 0) return free;
            port = (uint)free;
            Publish(port, new Binding(EventChannelState.Ipi, NotifyVcpu: vcpu));
            return 0;
        }
    }

    /// <summary>evtchn_close: frees the port; an interdomain peer goes back to unbound, bindable by us again.</summary>
    internal long CloseCore(uint port)
    {
        while (true)
        {
            Binding seen;
            lock (SyncRoot)
            {
                if (!IsValid(port)) return Errno(XenErrno.EINVAL);
                seen = Get(port);
                switch (seen.State)
                {
                    case EventChannelState.Free:
                    case EventChannelState.Reserved:
                    case EventChannelState.Pirq:
                        return Errno(XenErrno.EINVAL);
                    case EventChannelState.Virq:
                        foreach (var perVcpu in _virqToPort)
                            if (perVcpu[seen.Virq] == port) Volatile.Write(ref perVcpu[seen.Virq], 0u);
                        FreePort(port);
                        return 0;
                    case EventChannelState.Interdomain when ReferenceEquals(seen.Remote, this):
                        UnbindPeer(this, seen.RemotePort, port);
                        FreePort(port);
                        return 0;
                    case EventChannelState.Interdomain:
                        break; // needs the peer's lock too: retaken below in domid order
                    default:
                        FreePort(port);
                        return 0;
                }
            }

            var peer = seen.Remote!;
            var done = EventChannelDirectory.WithBoth(this, peer, () =>
            {
                // The port may have been closed and re-bound while no lock was held: start over then.
                if (!ReferenceEquals(Get(port), seen)) return false;
                UnbindPeer(peer, seen.RemotePort, port);
                FreePort(port);
                return true;
            });
            if (done) return 0;
        }
    }

    // The other end of a closing interdomain channel becomes unbound, bindable by the closer's domain,
    // keeping its notify vCPU. Caller holds both locks.
    void UnbindPeer(EventChannelTable peer, uint peerPort, uint ourPort)
    {
        var other = peer.Get(peerPort);
        if (other.State != EventChannelState.Interdomain || !ReferenceEquals(other.Remote, this) || other.RemotePort != ourPort)
            return;
        peer.Publish(peerPort, new Binding(EventChannelState.Unbound, other.NotifyVcpu, RemoteDomId: DomId));
    }

    internal long Status(bool privileged, ushort dom, uint port, ref EvtchnStatus status)
    {
        if (!TryFindAny(dom, out var d)) return Errno(XenErrno.ESRCH);
        lock (d.SyncRoot)
        {
            if (!d.IsValid(port)) return Errno(XenErrno.EINVAL);
            if (!TargetAllowed(DomId, privileged, d)) return Errno(XenErrno.EPERM);
            var b = d.Get(port);
            switch (b.State)
            {
                case EventChannelState.Free:
                case EventChannelState.Reserved:
                    status.status = (uint)EvtchnStatusKind.Closed;
                    break;
                case EventChannelState.Unbound:
                    status.status = (uint)EvtchnStatusKind.Unbound;
                    status.u.unbound.dom = b.RemoteDomId;
                    break;
                case EventChannelState.Interdomain:
                    status.status = (uint)EvtchnStatusKind.Interdomain;
                    status.u.interdomain.dom = b.Remote!.DomId;
                    status.u.interdomain.port = b.RemotePort;
                    break;
                case EventChannelState.Virq:
                    status.status = (uint)EvtchnStatusKind.Virq;
                    status.u.virq = b.Virq;
                    break;
                case EventChannelState.Ipi:
                    status.status = (uint)EvtchnStatusKind.Ipi;
                    break;
            }
            status.vcpu = b.NotifyVcpu;
            return 0;
        }
    }

    internal long BindVcpu(uint port, uint vcpu)
    {
        if (vcpu >= (uint)_delivery.MaxVcpus) return Errno(XenErrno.ENOENT);
        lock (SyncRoot)
        {
            if (!IsValid(port)) return Errno(XenErrno.EINVAL);
            var b = Get(port);
            switch (b.State)
            {
                case EventChannelState.Virq when IsGlobalVirq(b.Virq):
                case EventChannelState.Unbound:
                case EventChannelState.Interdomain:
                    Publish(port, b with { NotifyVcpu = vcpu });
                    return 0;
                default:
                    return Errno(XenErrno.EINVAL);
            }
        }
    }

    internal long Unmask(uint port)
    {
        if (!IsValid(port)) return Errno(XenErrno.EINVAL);
        TwoLevelEvents.Unmask(_delivery, Get(port).NotifyVcpu, port);
        return 0;
    }

    /// <summary>EVTCHNOP_reset (and reset_cont, which finds no reset in progress since ours never preempts).</summary>
    internal long Reset(bool privileged, ushort dom, bool resuming)
    {
        if (!TryFindAny(dom, out var d)) return Errno(XenErrno.ESRCH);
        if (!TargetAllowed(DomId, privileged, d)) return Errno(XenErrno.EPERM);
        if (!ReferenceEquals(d, this) && !d._isPausedByController()) return Errno(XenErrno.EINVAL);
        if (resuming) return Errno(XenErrno.EBUSY);
        int valid;
        lock (d.SyncRoot) valid = d._validPorts;
        for (var port = 1u; port < (uint)valid; port++)
            d.CloseCore(port);
        return 0;
    }

    // EVTCHNOP_set_priority on a 2-level domain: port checked first, then "no set_priority op" (-ENOSYS).
    internal long SetPriority(uint port)
    {
        lock (SyncRoot)
            return IsValid(port) ? Errno(XenErrno.ENOSYS) : Errno(XenErrno.EINVAL);
    }
}
