using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor.Memory;

/// <summary>A domain's guest-physical address space as the core sees it through its own mappings.</summary>
/// <remarks>
/// Every accessor validates the range: a gpa that is not backed (a hole, MMIO, beyond RAM) answers false,
/// never throws, because these addresses come from guests. Spans stay valid until the domain is
/// destroyed or the page is remapped (grant map/unmap), so callers must not keep them across hypercalls.
/// </remarks>
public interface IGuestPhysicalMemory
{
    /// <summary>Gets a span over [gpa, gpa+length) when that whole range is backed by one mapping.</summary>
    bool TryGetSpan(ulong gpa, int length, out Span<byte> span);

    /// <summary>Whether the page frame is guest RAM or a special page (not a hole or MMIO).</summary>
    bool IsBacked(ulong gfn);

    /// <summary>The memfd page backing a frame: what another mapping must map to share it.</summary>
    bool TryGetPageBacking(ulong gfn, out PageBacking backing);

    /// <summary>Maps a foreign page over this domain's frame (grant map into an HVM physmap).</summary>
    /// <returns>false if gfn is not a RAM frame of this domain or is already foreign-mapped.</returns>
    bool TryMapForeignPage(ulong gfn, PageBacking foreign);

    /// <summary>Puts the domain's own page back at a frame that TryMapForeignPage replaced.</summary>
    bool TryRestorePage(ulong gfn);
}

/// <summary>One 4 KiB page of a memfd-backed guest memory: the memory object and the page's byte offset in it.</summary>
public readonly record struct PageBacking(GuestMemory Memory, ulong Offset);
