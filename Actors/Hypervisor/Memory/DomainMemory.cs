using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor.Memory;

/// <summary>A domain's guest-physical memory: one memfd holding low RAM, high RAM and the special pages.</summary>
/// <remarks>
/// memfd layout: [0, low) low RAM at gpa 0; [low, ram) high RAM at 4 GiB; [ram, ram + 8 pages) the special
/// pages at <see cref="MemoryLayout.SpecialRegionStartPfn"/>. Each region is one KVM memory slot, so a gpa
/// translates to a memfd offset with two comparisons and no allocation.
/// Ballooned-out frames (decrease_reservation) stay backed by the memfd but are tracked as absent, so a
/// guest that touches them reads what a fresh page reads once repopulated: zeros (the page is punched).
/// </remarks>
public sealed class DomainMemory : IGuestPhysicalMemory, IDisposable
{
    readonly object _remapLock = new();
    readonly HashSet<ulong> _foreignMapped = new();
    readonly Dictionary<ulong, bool> _ballooned = new();

    public DomainMemory(string name, ulong ramBytes)
    {
        if (ramBytes == 0 || ramBytes % MemoryLayout.PageSize != 0)
            throw new ArgumentException($"RAM size {ramBytes} is not a positive multiple of 4 KiB", nameof(ramBytes));
        RamBytes = ramBytes;
        LowRam = MemoryLayout.LowRamSize(ramBytes);
        HighRam = MemoryLayout.HighRamSize(ramBytes);
        Backing = GuestMemory.Create(name, ramBytes + MemoryLayout.SpecialPageCount * MemoryLayout.PageSize);
    }

    /// <summary>The memfd-backed memory of the whole domain.</summary>
    public GuestMemory Backing { get; }

    public ulong RamBytes { get; }
    public ulong LowRam { get; }
    public ulong HighRam { get; }

    /// <summary>Frames of RAM the domain currently holds (RAM minus ballooned-out frames).</summary>
    public ulong CurrentPages { get { lock (_remapLock) return RamBytes / MemoryLayout.PageSize - (ulong)_ballooned.Count; } }

    /// <summary>The highest frame that is RAM (XENMEM_maximum_gpfn).</summary>
    public ulong MaximumGpfn => HighRam > 0
        ? ((MemoryLayout.FourGiB + HighRam) >> MemoryLayout.PageShift) - 1
        : (LowRam >> MemoryLayout.PageShift) - 1;

    /// <summary>Registers the three regions as KVM memory slots.</summary>
    public void Register(KvmVm vm, KvmMemoryFlags flags = KvmMemoryFlags.None)
    {
        vm.SetUserMemoryRegion(0, flags, 0, LowRam, Backing.HostAddress);
        vm.SetUserMemoryRegion(1, flags, MemoryLayout.SpecialRegionStartPfn << MemoryLayout.PageShift,
            MemoryLayout.SpecialPageCount * MemoryLayout.PageSize, Backing.HostAddress + (nint)RamBytes);
        if (HighRam > 0)
            vm.SetUserMemoryRegion(2, flags, MemoryLayout.FourGiB, HighRam, Backing.HostAddress + (nint)LowRam);
    }

    /// <summary>Translates a gpa range to its memfd offset when the whole range lies in one region.</summary>
    public bool TryTranslate(ulong gpa, ulong length, out ulong offset)
    {
        offset = 0;
        if (length == 0 || gpa + length < gpa) return false;
        var end = gpa + length;
        if (end <= LowRam) { offset = gpa; return true; }
        var special = MemoryLayout.SpecialRegionStartPfn << MemoryLayout.PageShift;
        var specialEnd = special + MemoryLayout.SpecialPageCount * MemoryLayout.PageSize;
        if (gpa >= special && end <= specialEnd) { offset = RamBytes + (gpa - special); return true; }
        if (HighRam > 0 && gpa >= MemoryLayout.FourGiB && end <= MemoryLayout.FourGiB + HighRam)
        { offset = LowRam + (gpa - MemoryLayout.FourGiB); return true; }
        return false;
    }

    public bool TryGetSpan(ulong gpa, int length, out Span<byte> span)
    {
        span = default;
        if (length < 0 || !TryTranslate(gpa, (ulong)Math.Max(length, 1), out var offset)) return false;
        return Backing.TryGetSpan(offset, length, out span);
    }

    /// <summary>Whether a frame is RAM (not ballooned out) of this domain.</summary>
    public bool IsRam(ulong gfn)
    {
        lock (_remapLock) return IsRamUnlocked(gfn);
    }

    public bool IsBacked(ulong gfn) => gfn < (ulong.MaxValue >> MemoryLayout.PageShift)
        && TryTranslate(gfn << MemoryLayout.PageShift, MemoryLayout.PageSize, out _);

    public bool TryGetPageBacking(ulong gfn, out PageBacking backing)
    {
        backing = default;
        if (!IsBacked(gfn) || !TryTranslate(gfn << MemoryLayout.PageShift, MemoryLayout.PageSize, out var offset)) return false;
        backing = new PageBacking(Backing, offset);
        return true;
    }

    public bool TryMapForeignPage(ulong gfn, PageBacking foreign)
    {
        lock (_remapLock)
        {
            // A grant is usually mapped into a frame the guest ballooned out for it (Linux does exactly
            // that); a present RAM frame is replaced for the mapping's lifetime, as Xen's p2m entry is.
            if (!InRamLayout(gfn) || _foreignMapped.Contains(gfn)) return false;
            TryTranslate(gfn << MemoryLayout.PageShift, MemoryLayout.PageSize, out var offset);
            Backing.MapForeignPage(offset, foreign.Memory, foreign.Offset);
            _foreignMapped.Add(gfn);
            return true;
        }
    }

    public bool TryRestorePage(ulong gfn)
    {
        lock (_remapLock)
        {
            if (!_foreignMapped.Remove(gfn)) return false;
            TryTranslate(gfn << MemoryLayout.PageShift, MemoryLayout.PageSize, out var offset);
            Backing.RestorePage(offset);
            return true;
        }
    }

    /// <summary>Removes a RAM frame from the domain (XENMEM_decrease_reservation); false if not a present RAM frame.</summary>
    public bool TryBalloonOut(ulong gfn)
    {
        lock (_remapLock)
        {
            if (!IsRamUnlocked(gfn) || _foreignMapped.Contains(gfn)) return false;
            _ballooned[gfn] = true;
            // The page's contents must not survive: zero it now (a later populate hands back a fresh page).
            TryTranslate(gfn << MemoryLayout.PageShift, MemoryLayout.PageSize, out var offset);
            Backing.GetSpan(offset, (int)MemoryLayout.PageSize).Clear();
            return true;
        }
    }

    /// <summary>Gives a ballooned-out frame back (XENMEM_populate_physmap); false if the frame is not ballooned out.</summary>
    public bool TryPopulate(ulong gfn)
    {
        lock (_remapLock) return _ballooned.Remove(gfn);
    }

    bool IsRamUnlocked(ulong gfn) => InRamLayout(gfn) && !_ballooned.ContainsKey(gfn);

    /// <summary>Whether the frame lies in the domain's RAM regions, present or ballooned out.</summary>
    bool InRamLayout(ulong gfn)
    {
        if (gfn >= (ulong.MaxValue >> MemoryLayout.PageShift)) return false;
        var gpa = gfn << MemoryLayout.PageShift;
        return gpa < LowRam || (HighRam > 0 && gpa >= MemoryLayout.FourGiB && gpa < MemoryLayout.FourGiB + HighRam);
    }

    public void Dispose() => Backing.Dispose();
}
