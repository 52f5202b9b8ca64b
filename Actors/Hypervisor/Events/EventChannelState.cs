namespace Disagg.Actors.Hypervisor.Events;

/// <summary>What a port is bound to (Xen's ECS_* channel states).</summary>
public enum EventChannelState
{
    /// <summary>ECS_FREE: not in use.</summary>
    Free,
    /// <summary>ECS_RESERVED: port 0, never usable.</summary>
    Reserved,
    /// <summary>ECS_UNBOUND: waiting for a remote domain to bind.</summary>
    Unbound,
    /// <summary>ECS_INTERDOMAIN: connected to a port of another (or the same) domain.</summary>
    Interdomain,
    /// <summary>ECS_PIRQ: bound to a physical IRQ (never created here).</summary>
    Pirq,
    /// <summary>ECS_VIRQ: bound to a virtual IRQ.</summary>
    Virq,
    /// <summary>ECS_IPI: an inter-vCPU notification.</summary>
    Ipi,
}

/// <summary>One port as the diagnostics listing shows it.</summary>
/// <param name="Port">The port number.</param>
/// <param name="State">Its binding.</param>
/// <param name="NotifyVcpu">The vCPU its events are delivered to.</param>
/// <param name="RemoteDomId">Unbound: the domain allowed to bind; interdomain: the peer domain; else 0.</param>
/// <param name="RemotePort">Interdomain: the peer's port; else 0.</param>
/// <param name="Virq">Virq: the VIRQ number; else 0.</param>
/// <param name="Pending">The port's bit in shared_info.evtchn_pending.</param>
/// <param name="Masked">The port's bit in shared_info.evtchn_mask.</param>
public sealed record EventChannelInfo(
    uint Port, EventChannelState State, uint NotifyVcpu, ushort RemoteDomId, uint RemotePort, uint Virq,
    bool Pending, bool Masked);

/// <summary>An immutable snapshot of one port's binding: the send path reads it without a lock.</summary>
/// <remarks>Every change publishes a new instance; compare instances with ReferenceEquals, never ==.</remarks>
internal sealed record Binding(
    EventChannelState State,
    uint NotifyVcpu = 0,
    ushort RemoteDomId = 0,
    EventChannelTable? Remote = null,
    uint RemotePort = 0,
    uint Virq = 0)
{
    /// <summary>A free port, bound to vCPU 0 (evtchn_free resets notify_vcpu_id).</summary>
    public static readonly Binding Free = new(EventChannelState.Free);

    /// <summary>Port 0.</summary>
    public static readonly Binding Reserved = new(EventChannelState.Reserved);
}
