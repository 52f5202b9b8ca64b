using Disagg.Xen;
using XenDomId = Disagg.Xen.DomId;

namespace Disagg.Actors.Hypervisor.Grants;

// GNTTABOP_copy and GNTTABOP_swap_grant_ref. "this" is current->domain: the domain making the hypercall.
public sealed partial class GrantTable
{
    /// <summary>One side of a gnttab_copy, whatever the guest's ABI (struct gnttab_copy_ptr).</summary>
    internal readonly record struct CopyPtr(ulong RefOrGmfn, ushort Domid, ushort Offset);

    /// <summary>gnttab_copy_one without Xen's buffer cache (an optimisation with no visible effect).</summary>
    internal GrantStatus CopyOne(CopyPtr source, CopyPtr dest, ushort len, GrantCopyFlags flags)
    {
        var sourceGref = (flags & GrantCopyFlags.SourceGref) != 0;
        var destGref = (flags & GrantCopyFlags.DestGref) != 0;

        // gnttab_copy_lock_domains: only DOMID_SELF may name a frame directly.
        var st = LockDomain(source.Domid, sourceGref, out var sourceTable);
        if (st != GrantStatus.Okay) return st;
        st = LockDomain(dest.Domid, destGref, out var destTable);
        if (st != GrantStatus.Okay) return st;

        st = Claim(sourceTable, source, sourceGref, readOnly: true, out var src);
        if (st != GrantStatus.Okay) return st;
        try
        {
            st = Claim(destTable, dest, destGref, readOnly: false, out var dst);
            if (st != GrantStatus.Okay) return st;
            try
            {
                // gnttab_copy_buf: checked only once both sides are claimed, as in Xen.
                if (source.Offset + len > PageSize || dest.Offset + len > PageSize) return GrantStatus.BadCopyArg;
                if (!sourceTable.TryFrameSpan(src.Gfn, out var from) || !destTable.TryFrameSpan(dst.Gfn, out var to))
                    return GrantStatus.BadPage;
                from.Slice(source.Offset, len).CopyTo(to.Slice(dest.Offset, len));
                return GrantStatus.Okay;
            }
            finally { Release(destTable, dest, destGref, readOnly: false); }
        }
        finally { Release(sourceTable, source, sourceGref, readOnly: true); }
    }

    GrantStatus LockDomain(ushort domid, bool isGref, out GrantTable table)
    {
        table = this;
        if (domid != XenDomId.Self && !isGref) return GrantStatus.PermissionDenied;
        if (domid == XenDomId.Self) return GrantStatus.Okay;
        return _directory.TryGet(domid, out table!) ? GrantStatus.Okay : GrantStatus.BadDomain;
    }

    // gnttab_copy_claim_buf: a grant is pinned like a host mapping for the copy; a frame of our own must be RAM.
    GrantStatus Claim(GrantTable table, CopyPtr ptr, bool isGref, bool readOnly, out PinnedFrame frame)
    {
        if (isGref)
            return table.Pin((uint)ptr.RefOrGmfn, DomId, readOnly, mapping: false, forCopy: true, out frame);
        if (!table.TryGetPagedFrame(ptr.RefOrGmfn, out var backing)) return Fail(out frame, GrantStatus.BadPage);
        frame = new PinnedFrame(ptr.RefOrGmfn, backing, false);
        return GrantStatus.Okay;
    }

    static void Release(GrantTable table, CopyPtr ptr, bool isGref, bool readOnly)
    {
        if (isGref) table.Unpin((uint)ptr.RefOrGmfn, readOnly, forCopy: true);
    }

    static GrantStatus Fail(out PinnedFrame frame, GrantStatus status)
    {
        frame = default;
        return status;
    }

    /// <summary>swap_grant_ref: exchanges two of our own entries unless either is in use.</summary>
    internal GrantStatus Swap(uint refA, uint refB)
    {
        lock (_lock)
        {
            if (refA >= NrEntries || refB >= NrEntries) return GrantStatus.BadGntref;
            if (refA == refB) return GrantStatus.Okay;
            if (_active.ContainsKey(refA) || _active.ContainsKey(refB)) return GrantStatus.Eagain;
            if (!TryEntry(refA, out var a) || !TryEntry(refB, out var b)) return GrantStatus.BadGntref;
            Span<byte> saved = stackalloc byte[EntrySize];
            a.CopyTo(saved);
            b.CopyTo(a);
            saved.CopyTo(b);
            return GrantStatus.Okay;
        }
    }
}
