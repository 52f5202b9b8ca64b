using Disagg.Actors.Hypervisor.Memory;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>Where a domain's shared_info page lives: a core-private page until the guest maps it.</summary>
/// <remarks>
/// Xen keeps shared_info in its own heap page and maps it into the guest's physmap on
/// XENMEM_add_to_physmap(XENMAPSPACE_shared_info). Here the guest chooses a RAM page and the core writes
/// through its own mapping of that page instead, so no KVM memory slot is split: on mapping, the
/// private contents move into the chosen page, and from then on that page is the shared_info.
/// </remarks>
internal sealed class SharedInfoPage(DomainMemory memory)
{
    readonly object _lock = new();
    readonly byte[] _private = new byte[MemoryLayout.PageSize];
    ulong? _gfn;

    /// <summary>The frame the guest mapped shared_info at, if it did.</summary>
    public ulong? Gfn { get { lock (_lock) return _gfn; } }

    /// <summary>The page as it is now (4096 bytes).</summary>
    public Span<byte> Current
    {
        get
        {
            var gfn = _gfn;
            if (gfn is { } g && memory.TryGetSpan(g << MemoryLayout.PageShift, (int)MemoryLayout.PageSize, out var span))
                return span;
            return _private;
        }
    }

    /// <summary>Moves shared_info to a guest RAM frame; false if the frame is not RAM of this domain.</summary>
    public bool MapAt(ulong gfn)
    {
        lock (_lock)
        {
            if (!memory.IsRam(gfn) || !memory.TryGetSpan(gfn << MemoryLayout.PageShift, (int)MemoryLayout.PageSize, out var target))
                return false;
            if (_gfn == gfn) return true;
            Current.CopyTo(target);
            _gfn = gfn;
            return true;
        }
    }
}
