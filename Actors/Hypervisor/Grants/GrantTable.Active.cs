using Disagg.Actors.Hypervisor.Memory;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Grants;

// The granter's side: active entries (Xen's struct active_grant_entry), pinning and the GTF_reading /
// GTF_writing protocol with the granting guest.
public sealed partial class GrantTable
{
    // act->pin: four 8-bit counters, as Xen keeps them.
    const uint PinHostWrite = 1u << 0;   // GNTPIN_hstw_inc
    const uint PinHostRead = 1u << 8;    // GNTPIN_hstr_inc
    const uint PinWriteMask = 0x00FF00FFu; // GNTPIN_hstw_mask | GNTPIN_devw_mask
    const uint PinOverflow = 0x80808080u;

    readonly Dictionary<uint, ActiveEntry> _active = new();
    int _copiesInFlight;

    sealed class ActiveEntry
    {
        public uint Pin;
        public ushort Domid;
        public ulong Gfn;
        public PageBacking Backing;
    }

    /// <summary>What an acquired grant gives access to.</summary>
    internal readonly record struct PinnedFrame(ulong Gfn, PageBacking Backing, bool GrantReadOnly);

    /// <summary>Pins <paramref name="gref"/> for <paramref name="grantee"/> (map_grant_ref / acquire_grant_for_copy).</summary>
    /// <param name="mapping">A mapping (GTF_sub_page refused) rather than a copy.</param>
    /// <param name="forCopy">Counts the pin as a copy in progress, which destroy waits for.</param>
    internal GrantStatus Pin(uint gref, ushort grantee, bool readOnly, bool mapping, bool forCopy, out PinnedFrame frame)
    {
        frame = default;
        lock (_lock)
        {
            if (_dying) return GrantStatus.BadDomain;
            if (!TryEntry(gref, out var entry)) return GrantStatus.BadGntref;
            _active.TryGetValue(gref, out var act);
            var pinned = act is { Pin: not 0 };
            if (pinned && (act!.Domid != grantee || (act.Pin & PinOverflow) != 0))
                return GrantStatus.GeneralError;

            if (!pinned || (!readOnly && (act!.Pin & PinWriteMask) == 0))
            {
                var st = SetStatus(entry, pinned, readOnly, mapping, grantee);
                if (st != GrantStatus.Okay) return st;
                if (!pinned)
                {
                    var gfn = (ulong)FrameOf(entry);
                    if (!TryGetPagedFrame(gfn, out var backing))
                    {
                        // unlock_out_clear: nothing else holds the entry, so both bits go.
                        ClearFlags(entry, GrantFlags.Reading | (readOnly ? 0 : GrantFlags.Writing));
                        return GrantStatus.BadPage;
                    }
                    act = new ActiveEntry { Domid = grantee, Gfn = gfn, Backing = backing };
                    _active[gref] = act;
                }
            }
            act!.Pin += readOnly ? PinHostRead : PinHostWrite;
            if (forCopy) _copiesInFlight++;
            frame = new PinnedFrame(act.Gfn, act.Backing, (Volatile.Read(ref Combo(entry)) & (uint)GrantFlags.Readonly) != 0);
            return GrantStatus.Okay;
        }
    }

    /// <summary>Drops a pin taken by <see cref="Pin"/> (release_grant_for_copy / unmap_common_complete).</summary>
    internal void Unpin(uint gref, bool readOnly, bool forCopy)
    {
        lock (_lock)
        {
            if (forCopy) _copiesInFlight--;
            if (!_active.TryGetValue(gref, out var act)) return;
            act.Pin -= readOnly ? PinHostRead : PinHostWrite;
            GrantFlags clear = 0;
            if (!readOnly && (act.Pin & PinWriteMask) == 0) clear |= GrantFlags.Writing;
            if (act.Pin == 0)
            {
                clear |= GrantFlags.Reading;
                _active.Remove(gref);
            }
            // A destroyed granter's frames may be gone with its memory: nobody reads its flags any more.
            if (clear != 0 && !_dying && TryEntry(gref, out var entry)) ClearFlags(entry, clear);
        }
    }

    // _set_status_v1: check type and grantee unless already pinned, then set GTF_reading (and GTF_writing)
    // with a cmpxchg the guest may race; give up after five tries as Xen does with an unstable entry.
    static GrantStatus SetStatus(Span<byte> entry, bool pinned, bool readOnly, bool mapping, ushort grantee)
    {
        var mask = (uint)GrantFlags.TypeMask | (mapping ? (uint)GrantFlags.SubPage : 0u);
        ref var combo = ref Combo(entry);
        var seen = Volatile.Read(ref combo);
        for (var retries = 0; ; retries++)
        {
            var flags = seen & 0xFFFFu;
            var domid = (ushort)(seen >> 16);
            if (!pinned && ((flags & mask) != (uint)GrantFlags.PermitAccess || domid != grantee))
                return GrantStatus.GeneralError;
            var wanted = seen | (uint)GrantFlags.Reading;
            if (!readOnly)
            {
                wanted |= (uint)GrantFlags.Writing;
                if ((flags & (uint)GrantFlags.Readonly) != 0) return GrantStatus.GeneralError;
            }
            var prev = Interlocked.CompareExchange(ref combo, wanted, seen);
            if (prev == seen) return GrantStatus.Okay;
            if (retries == 4) return GrantStatus.GeneralError;
            seen = prev;
        }
    }

    // get_paged_frame: the granted gfn must be a frame of this domain (RAM or a special page).
    bool TryGetPagedFrame(ulong gfn, out PageBacking backing)
    {
        backing = default;
        return _memory.IsBacked(gfn) && _memory.TryGetPageBacking(gfn, out backing);
    }

    // The bytes of a pinned frame, for grant copy. The pin keeps destroy from disposing them meanwhile.
    internal bool TryFrameSpan(ulong gfn, out Span<byte> page) =>
        _memory.TryGetSpan(gfn << PageShift, PageSize, out page);

    /// <summary>Whether a grant is pinned (mapped or being copied); for diagnostics and tests.</summary>
    public bool IsPinned(uint gref)
    {
        lock (_lock) return _active.TryGetValue(gref, out var act) && act.Pin != 0;
    }
}
