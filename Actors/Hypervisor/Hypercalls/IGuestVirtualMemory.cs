namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>Hypercall argument buffers, addressed as the caller addresses them.</summary>
/// <remarks>
/// For a guest vCPU the address is guest-virtual and is translated page by page (a buffer may cross
/// pages that are not contiguous in guest-physical memory); for a process domain (hypercall socket)
/// it is an offset into the message. Any fault answers false and the hypercall returns -EFAULT,
/// as Xen's copy_from_guest/copy_to_guest do.
/// </remarks>
public interface IGuestVirtualMemory
{
    /// <summary>Copies guest bytes at <paramref name="address"/> into <paramref name="destination"/>.</summary>
    bool TryRead(ulong address, Span<byte> destination);

    /// <summary>Copies <paramref name="source"/> to guest bytes at <paramref name="address"/>.</summary>
    bool TryWrite(ulong address, ReadOnlySpan<byte> source);
}
