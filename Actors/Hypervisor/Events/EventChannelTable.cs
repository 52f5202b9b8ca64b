using Disagg.Xen;
using XenDomId = Disagg.Xen.DomId;

namespace Disagg.Actors.Hypervisor.Events;

/// <summary>One domain's event channels with the 2-level ABI (xen/common/event_channel.c, event_2l.c).</summary>
/// <remarks>
/// Ports hold immutable <see cref="Binding"/> snapshots. Changes happen under the table lock (Xen's
/// d->event_lock) and publish a new snapshot; the send path reads snapshots without a lock. To keep a
/// closing port from being left pending by a sender that read the old snapshot, a sender counts itself
/// in-flight on the port it sets pending before re-reading that port's binding, and freeing a port waits
/// for in-flight senders to leave before it clears the pending bit (the role of Xen's per-channel rwlock).
/// </remarks>
public sealed partial class EventChannelTable
{
    /// <summary>EVTCHNS_PER_BUCKET on x86-64: Xen allocates ports a page of struct evtchn at a time.</summary>
    /// <remarks>port_is_valid() is true for every port of an allocated bucket, free or not, and that shows in
    /// the answers of status (closed), unmask (0) and the others (-EINVAL), so the watermark is kept exactly.</remarks>
    internal const int PortsPerBucket = 64;

    readonly IEventDelivery _delivery;
    readonly EventChannelDirectory _directory;
    readonly Func<bool> _isPausedByController;
    readonly int _maxPorts;
    readonly Binding?[] _ports;
    readonly int[] _inflight;
    readonly uint[][] _virqToPort;
    int _validPorts;
    bool _dying;

    /// <summary>Creates the table of <paramref name="domId"/> and registers it in <paramref name="directory"/>.</summary>
    /// <param name="domId">The domain.</param>
    /// <param name="delivery">Where the domain's shared_info and vcpu_info live and how it is woken.</param>
    /// <param name="directory">The host-wide registry.</param>
    /// <param name="maxPorts">max_evtchn_port + 1 (xl.cfg max_event_channels, libxl's default 1023), capped by the 2-level ABI.</param>
    /// <param name="isPausedByController">Whether the toolstack has paused the domain (d->controller_pause_count != 0):
    /// dom0 may reset another domain's channels only then.</param>
    public EventChannelTable(ushort domId, IEventDelivery delivery, EventChannelDirectory directory, int maxPorts,
        Func<bool>? isPausedByController = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(directory);
        if (domId >= XenDomId.FirstReserved) throw new ArgumentOutOfRangeException(nameof(domId), domId, "reserved domid");
        if (maxPorts < 1) throw new ArgumentOutOfRangeException(nameof(maxPorts), maxPorts, "at least one port");
        if (delivery.MaxVcpus < 1) throw new ArgumentException("a domain has at least one vCPU", nameof(delivery));

        DomId = domId;
        _delivery = delivery;
        _directory = directory;
        _isPausedByController = isPausedByController ?? (static () => false);
        _maxPorts = Math.Min(maxPorts, EvtchnLimits.NrChannels2L);
        var slots = (_maxPorts + PortsPerBucket - 1) / PortsPerBucket * PortsPerBucket;
        _ports = new Binding?[slots];
        _inflight = new int[slots];
        _virqToPort = new uint[delivery.MaxVcpus][];
        for (var v = 0; v < _virqToPort.Length; v++) _virqToPort[v] = new uint[EvtchnLimits.NrVirqs];

        // evtchn_init: the first bucket exists from the start and port 0 is reserved.
        _ports[0] = Binding.Reserved;
        _validPorts = PortsPerBucket;
        directory.Register(this);
    }

    /// <summary>The domain that owns these ports.</summary>
    public ushort DomId { get; }

    internal object SyncRoot { get; } = new();

    /// <summary>Notifies a port as EVTCHNOP_send does: interdomain to the peer, IPI to the bound vCPU.</summary>
    /// <returns>0, or -EINVAL for a port that is invalid, free, reserved or bound to a VIRQ.</returns>
    public long Send(uint port)
    {
        if (!IsValid(port)) return Errno(XenErrno.EINVAL);
        var binding = Get(port);
        switch (binding.State)
        {
            case EventChannelState.Interdomain:
                binding.Remote!.DeliverFromPeer(binding.RemotePort, this, port);
                return 0;
            case EventChannelState.Ipi:
                DeliverLocal(port, EventChannelState.Ipi, virq: 0, vcpuOverride: null);
                return 0;
            case EventChannelState.Unbound:
                return 0; // Xen silently drops a notification on an unbound port.
            default:
                return Errno(XenErrno.EINVAL);
        }
    }

    /// <summary>Raises a VIRQ (send_guest_vcpu_virq / send_guest_global_virq); ignored when nothing is bound.</summary>
    /// <param name="vcpu">The vCPU for a per-vCPU VIRQ (VIRQ_TIMER...); ignored for a global one, which lives on vCPU 0.</param>
    /// <param name="virq">The VIRQ_* number.</param>
    public void RaiseVirq(uint vcpu, int virq)
    {
        if ((uint)virq >= EvtchnLimits.NrVirqs) return;
        var global = IsGlobalVirq((uint)virq);
        var owner = global ? 0u : vcpu;
        if (owner >= (uint)_virqToPort.Length) return;
        var port = Volatile.Read(ref _virqToPort[owner][virq]);
        if (port == 0) return;
        DeliverLocal(port, EventChannelState.Virq, (uint)virq, global ? null : owner);
    }

    /// <summary>Whether the port's pending bit is set in shared_info (SCHEDOP_poll, diagnostics).</summary>
    public bool IsPending(uint port) => port < (uint)_maxPorts && TwoLevelEvents.IsPending(_delivery, port);

    /// <summary>The domain builder's port for a backend (xenstore, console): unbound, bindable by <paramref name="remoteDom"/>.</summary>
    public bool TryAllocateUnboundForBuilder(ushort remoteDom, out uint port)
    {
        lock (SyncRoot)
        {
            var free = GetFreePort();
            port = free < 0 ? 0 : (uint)free;
            if (free < 0) return false;
            Publish(port, new Binding(EventChannelState.Unbound, RemoteDomId: remoteDom));
            return true;
        }
    }

    /// <summary>Domain destroy (evtchn_destroy): no more ports, every port closed, interdomain peers left unbound.</summary>
    public void CloseAll()
    {
        int valid;
        lock (SyncRoot)
        {
            _dying = true;
            valid = _validPorts;
        }
        _directory.Unregister(this);
        for (var port = (uint)valid - 1; port > 0; port--)
            CloseCore(port);
    }

    /// <summary>A read-only listing of the ports in use, for diagnostics (Xen's 'e' debug key).</summary>
    public IReadOnlyList<EventChannelInfo> Describe()
    {
        var list = new List<EventChannelInfo>();
        lock (SyncRoot)
        {
            for (var port = 1u; port < (uint)_validPorts; port++)
            {
                var b = Get(port);
                if (b.State == EventChannelState.Free) continue;
                var remoteDom = b.State == EventChannelState.Interdomain ? b.Remote!.DomId : b.RemoteDomId;
                list.Add(new EventChannelInfo(port, b.State, b.NotifyVcpu, remoteDom, b.RemotePort, b.Virq,
                    TwoLevelEvents.IsPending(_delivery, port), TwoLevelEvents.IsMasked(_delivery, port)));
            }
        }
        return list;
    }

    // virq_is_global: VIRQ_TIMER, VIRQ_DEBUG, VIRQ_XENOPROF and VIRQ_XENPMU are per vCPU; on x86
    // arch_virq_is_global() is true for every VIRQ_ARCH_*, so all the rest are global.
    internal static bool IsGlobalVirq(uint virq) => virq switch
    {
        (uint)Virq.Timer or (uint)Virq.Debug or (uint)Virq.Xenoprof or (uint)Virq.Xenpmu => false,
        _ => true,
    };

    internal static long Errno(XenErrno e) => -(long)e;

    bool IsValid(uint port) => port < (uint)Volatile.Read(ref _validPorts);

    Binding Get(uint port) => Volatile.Read(ref _ports[port]) ?? Binding.Free;

    // Interlocked.Exchange is a full fence, which FreePort relies on before it reads the in-flight count.
    void Publish(uint port, Binding binding) => Interlocked.Exchange(ref _ports[port], binding);

    // A peer's interdomain port (lport in table 'from') was sent on: set pending on our port if it is still
    // the other end of that connection.
    void DeliverFromPeer(uint port, EventChannelTable from, uint fromPort)
    {
        if (port >= (uint)_ports.Length) return;
        Interlocked.Increment(ref _inflight[port]);
        try
        {
            var b = Get(port);
            if (b.State == EventChannelState.Interdomain && ReferenceEquals(b.Remote, from) && b.RemotePort == fromPort)
                TwoLevelEvents.SetPending(_delivery, b.NotifyVcpu, port);
        }
        finally { Interlocked.Decrement(ref _inflight[port]); }
    }

    void DeliverLocal(uint port, EventChannelState expected, uint virq, uint? vcpuOverride)
    {
        if (port >= (uint)_ports.Length) return;
        Interlocked.Increment(ref _inflight[port]);
        try
        {
            var b = Get(port);
            if (b.State == expected && b.Virq == virq)
                TwoLevelEvents.SetPending(_delivery, vcpuOverride ?? b.NotifyVcpu, port);
        }
        finally { Interlocked.Decrement(ref _inflight[port]); }
    }

    // get_free_port. Caller holds the lock. Returns the port or -errno.
    int GetFreePort()
    {
        if (_dying) return (int)Errno(XenErrno.EINVAL);
        // max_evtchns(d) follows the guest's current word size; max_evtchn_port is the configured limit.
        var limit = Math.Min(_maxPorts, TwoLevelEvents.MaxPorts(_delivery.Is32Bit));
        for (var port = 0; port < limit; port++)
        {
            if (port >= _validPorts)
            {
                // A new bucket; published after its slots are (still) free, as Xen orders with smp_wmb.
                Volatile.Write(ref _validPorts, _validPorts + PortsPerBucket);
                return port;
            }
            if (Get((uint)port).State == EventChannelState.Free) return port;
        }
        return (int)Errno(XenErrno.ENOSPC);
    }

    // evtchn_free. Caller holds the lock.
    void FreePort(uint port)
    {
        Publish(port, Binding.Free);
        var spin = new SpinWait();
        while (Volatile.Read(ref _inflight[port]) != 0) spin.SpinOnce();
        TwoLevelEvents.ClearPending(_delivery, port);
    }
}
