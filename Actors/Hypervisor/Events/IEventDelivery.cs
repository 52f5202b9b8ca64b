namespace Disagg.Actors.Hypervisor.Events;

/// <summary>What the event channel logic needs from the domain that receives events.</summary>
/// <remarks>
/// shared_info and vcpu_info live where the guest put them (a RAM page chosen with
/// XENMEM_add_to_physmap / VCPUOP_register_vcpu_info) or, before that, in a page private to the core,
/// exactly as Xen keeps them in its own heap page until the guest maps it. The spans are the current
/// location; callers must not cache them across calls.
/// </remarks>
public interface IEventDelivery
{
    /// <summary>The 4 KiB shared_info page (struct shared_info, arch-x86 layout).</summary>
    Span<byte> SharedInfo { get; }

    /// <summary>The 64-byte struct vcpu_info of a vCPU, wherever it currently lives.</summary>
    Span<byte> VcpuInfo(uint vcpu);

    /// <summary>Number of vCPUs the domain was created with (max_vcpus).</summary>
    int MaxVcpus { get; }

    /// <summary>Whether the guest uses the 32-bit shared_info layout (compat).</summary>
    bool Is32Bit { get; }

    /// <summary>evtchn_upcall_pending went 0->1 for this vCPU: deliver its upcall (vector, kick, wake from block/poll).</summary>
    void Upcall(uint vcpu);

    /// <summary>A port the vCPU may be polling (SCHEDOP_poll) became pending: wake it if it polls that port.</summary>
    void PortPending(uint vcpu, uint port);
}
