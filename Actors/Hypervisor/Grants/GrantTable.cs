using System.Runtime.InteropServices;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Xen;
using XenDomId = Disagg.Xen.DomId;

namespace Disagg.Actors.Hypervisor.Grants;

/// <summary>One domain's grant table, version 1 only (xen/common/grant_table.c).</summary>
/// <remarks>
/// Shared frame i lives in a page private to the core until the guest places it with
/// XENMEM_add_to_physmap(XENMAPSPACE_grant_table, i, gfn) (<see cref="MapFrame"/>); from then on its
/// bytes are the guest page at that gfn. Entries are always read and written through the frame's current
/// location, under the table lock (a frame never moves while an entry is being updated), and every update
/// of flags is a locked operation on the 32-bit flags|domid word, because the guest writes it concurrently.
/// </remarks>
public sealed partial class GrantTable
{
    const int PageSize = 4096;
    const int PageShift = 12;
    /// <summary>sizeof(grant_entry_v1_t).</summary>
    const int EntrySize = 8;
    const uint EntriesPerFrame = PageSize / EntrySize;
    /// <summary>INITIAL_NR_GRANT_FRAMES (Xen 4.17): the table is created with one frame.</summary>
    const int InitialFrames = 1;
    /// <summary>INVALID_GFN as a 64-bit guest sees it in setup_table's frame list.</summary>
    internal const ulong InvalidGfn = ulong.MaxValue;

    readonly object _lock = new();
    readonly IGuestPhysicalMemory _memory;
    readonly GrantTableDirectory _directory;
    readonly Frame[] _frames;
    int _nrFrames;
    bool _dying;

    sealed class Frame
    {
        public byte[]? Private;
        public ulong Gfn = InvalidGfn;
    }

    /// <summary>Creates the table of <paramref name="domId"/> and registers it in <paramref name="directory"/>.</summary>
    /// <param name="domId">The domain.</param>
    /// <param name="memory">The domain's guest-physical memory (granted frames, mapped frames, grant frames).</param>
    /// <param name="directory">The host-wide registry.</param>
    /// <param name="maxFrames">max_grant_frames (xl.cfg; libxl's default 32).</param>
    public GrantTable(ushort domId, IGuestPhysicalMemory memory, GrantTableDirectory directory, int maxFrames)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(directory);
        if (domId >= XenDomId.FirstReserved) throw new ArgumentOutOfRangeException(nameof(domId), domId, "reserved domid");
        if (maxFrames < InitialFrames || maxFrames > 4096)
            throw new ArgumentOutOfRangeException(nameof(maxFrames), maxFrames, "1..4096 grant frames");
        DomId = domId;
        _memory = memory;
        _directory = directory;
        _frames = new Frame[maxFrames];
        for (var i = 0; i < maxFrames; i++) _frames[i] = new Frame();
        Grow(InitialFrames);
        directory.Register(this);
    }

    /// <summary>The granting domain.</summary>
    public ushort DomId { get; }

    /// <summary>max_grant_frames.</summary>
    public int MaxFrames => _frames.Length;

    /// <summary>nr_grant_frames: frames the table currently has.</summary>
    public int NrFrames { get { lock (_lock) return _nrFrames; } }

    /// <summary>Where frame <paramref name="index"/> is mapped in the guest, or <see cref="ulong.MaxValue"/> (INVALID_GFN).</summary>
    public ulong FrameGfn(int index)
    {
        lock (_lock) return (uint)index < (uint)_nrFrames ? _frames[index].Gfn : InvalidGfn;
    }

    /// <summary>XENMEM_add_to_physmap with XENMAPSPACE_grant_table (gnttab_map_frame): frame <paramref name="index"/> now lives at <paramref name="gfn"/>.</summary>
    /// <returns>0, or -EINVAL for an index at or beyond max_grant_frames (the v2 status bit included) or a gfn that is not backed.</returns>
    /// <remarks>The table grows to index + 1 frames. The frame's contents move to the guest page; a frame already
    /// mapped elsewhere moves again; a different frame that lived at that gfn goes back to a private page.</remarks>
    public long MapFrame(uint index, ulong gfn)
    {
        if (gfn >= (ulong.MaxValue >> PageShift)) return Errno(XenErrno.EINVAL);
        lock (_lock)
        {
            if (index >= (uint)_frames.Length || _dying) return Errno(XenErrno.EINVAL);
            if (!_memory.TryGetSpan(gfn << PageShift, PageSize, out var target)) return Errno(XenErrno.EINVAL);
            // Our table must live in our own page: over a grant we mapped, its granter would write our entries.
            if (HostsForeignGrant(gfn)) return Errno(XenErrno.EINVAL);
            Grow((int)index + 1);
            var frame = _frames[index];
            if (frame.Gfn == gfn) return 0;

            for (var j = 0; j < _nrFrames; j++)
            {
                if (j == index || _frames[j].Gfn != gfn) continue;
                _frames[j].Private = target.ToArray();
                _frames[j].Gfn = InvalidGfn;
            }
            if (frame.Private is { } page) page.CopyTo(target);
            else if (_memory.TryGetSpan(frame.Gfn << PageShift, PageSize, out var old)) old.CopyTo(target);
            else target.Clear();
            frame.Private = null;
            frame.Gfn = gfn;
            return 0;
        }
    }

    /// <summary>The domain builder's reserved grants (xc_dom_gnttab_seed): console and xenstore rings for their backends.</summary>
    /// <remarks>As libxc, an entry is left alone when its backend is the domain itself or its gfn is -1.</remarks>
    public void SeedReserved(ushort consoleDomId, ulong consoleGfn, ushort storeDomId, ulong storeGfn)
    {
        lock (_lock)
        {
            Seed(GrantTableReserved.Console, consoleDomId, consoleGfn);
            Seed(GrantTableReserved.Xenstore, storeDomId, storeGfn);
        }
    }

    void Seed(uint gref, ushort domid, ulong gfn)
    {
        if (domid == DomId || gfn == ulong.MaxValue || !TryEntry(gref, out var entry)) return;
        MemoryMarshal.Cast<byte, uint>(entry)[1] = (uint)gfn;
        Volatile.Write(ref Combo(entry), (uint)GrantFlags.PermitAccess | ((uint)domid << 16));
    }

    /// <summary>Domain destroy (gnttab_release_mappings): undoes this domain's mappings of others' grants, then
    /// waits for copies in progress on this domain's pages; the table is unreachable afterwards.</summary>
    public void ReleaseAll()
    {
        lock (_lock) _dying = true;
        _directory.Unregister(this);
        ReleaseMappings();
        var spin = new SpinWait();
        while (Volatile.Read(ref _copiesInFlight) != 0) spin.SpinOnce();
    }

    // gnttab_grow_table: new frames are private zeroed pages. Caller holds the lock.
    void Grow(int frames)
    {
        for (var i = _nrFrames; i < frames; i++)
        {
            _frames[i].Private = new byte[PageSize];
            _frames[i].Gfn = InvalidGfn;
        }
        if (frames > _nrFrames) _nrFrames = frames;
    }

    // nr_grant_entries(gt) for v1.
    uint NrEntries => (uint)_nrFrames * EntriesPerFrame;

    // The 8 bytes of grant_entry_v1 [gref] at the frame's current location. Caller holds the lock.
    bool TryEntry(uint gref, out Span<byte> entry)
    {
        entry = default;
        if (gref >= NrEntries) return false;
        var frame = _frames[gref / EntriesPerFrame];
        var offset = (int)(gref % EntriesPerFrame) * EntrySize;
        if (frame.Private is { } page) { entry = page.AsSpan(offset, EntrySize); return true; }
        return _memory.TryGetSpan((frame.Gfn << PageShift) + (ulong)offset, EntrySize, out entry);
    }

    // flags (low half) and domid (high half) of an entry, updated together as Xen's union grant_combo.
    static ref uint Combo(Span<byte> entry) => ref MemoryMarshal.Cast<byte, uint>(entry)[0];

    static uint FrameOf(Span<byte> entry) => Volatile.Read(ref MemoryMarshal.Cast<byte, uint>(entry)[1]);

    // gnttab_clear_flags: a locked AND on the guest's flags.
    static void ClearFlags(Span<byte> entry, GrantFlags flags) => Interlocked.And(ref Combo(entry), ~(uint)flags);

    internal static long Errno(XenErrno e) => -(long)e;
}
