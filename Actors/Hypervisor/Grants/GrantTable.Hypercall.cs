using Disagg.Actors.Hypervisor.Events;
using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Xen;
using XenDomId = Disagg.Xen.DomId;

namespace Disagg.Actors.Hypervisor.Grants;

// do_grant_table_op as an HVM/PVH guest reaches it (hvm_grant_table_op lets only eight commands through).
// Batched ops process all `count` elements (no preemption) and return 0; a fault on an element returns
// -EFAULT at once, the earlier elements' results already written, as Xen does.
public sealed partial class GrantTable
{
    /// <summary>(COMPAT_ARG_XLAT_SIZE - sizeof(gnttab_setup_table)) / sizeof(xen_pfn_t): compat setup_table's frame limit.</summary>
    const uint CompatFrameListLimit = (2 * PageSize - 24) / 8;

    // Offsets of the fields Xen writes back alone (__copy_field_to_guest); checked against the headers by the tests.
    internal const int UnmapStatusOffset = 20, SwapStatusOffset = 8, SetupStatusOffset = 8;
    internal const int CopyStatusOffset = 36, Copy32StatusOffset = 20, GetVersionVersionOffset = 4;

    /// <summary>__HYPERVISOR_grant_table_op(cmd, arg, count) made by <paramref name="caller"/>, which must be this table's domain.</summary>
    /// <returns>0 or -errno as Xen returns it; per-op results go to each element's status field. Never throws for guest input.</returns>
    public long Op(HypercallCaller caller, int cmd, ulong arg, uint count)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.DomId != DomId) return Errno(XenErrno.EPERM);
        switch ((GrantTableOp)cmd)
        {
            case GrantTableOp.QuerySize: case GrantTableOp.SetupTable: case GrantTableOp.SetVersion:
            case GrantTableOp.GetVersion: case GrantTableOp.Copy: case GrantTableOp.MapGrantRef:
            case GrantTableOp.UnmapGrantRef: case GrantTableOp.SwapGrantRef:
                break;
            default:
                return Errno(XenErrno.ENOSYS); // "All other commands need auditing."
        }
        if ((int)count < 0) return Errno(XenErrno.EINVAL);

        var mem = caller.Memory;
        return (GrantTableOp)cmd switch
        {
            GrantTableOp.MapGrantRef => MapBatch(mem, arg, count),
            GrantTableOp.UnmapGrantRef => UnmapBatch(mem, arg, count),
            GrantTableOp.SetupTable => SetupTable(caller, arg, count),
            GrantTableOp.Copy => caller.Is32Bit ? CopyBatch32(mem, arg, count) : CopyBatch(mem, arg, count),
            GrantTableOp.QuerySize => QuerySize(caller, arg, count),
            GrantTableOp.SetVersion => SetVersion(mem, arg),
            GrantTableOp.GetVersion => GetVersion(caller, arg),
            _ => SwapBatch(mem, arg, count),
        };
    }

    long MapBatch(IGuestVirtualMemory mem, ulong arg, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            if (!GuestStructs.TryRead(mem, arg, out GnttabMapGrantRef op, i)) return Errno(XenErrno.EFAULT);
            Map(ref op);
            if (!GuestStructs.TryWrite(mem, arg, op, i)) return Errno(XenErrno.EFAULT);
        }
        return 0;
    }

    long UnmapBatch(IGuestVirtualMemory mem, ulong arg, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            if (!GuestStructs.TryRead(mem, arg, out GnttabUnmapGrantRef op, i)) return Errno(XenErrno.EFAULT);
            Unmap(ref op);
            if (!GuestStructs.TryWriteField<GnttabUnmapGrantRef, short>(mem, arg, i, UnmapStatusOffset, op.status))
                return Errno(XenErrno.EFAULT);
        }
        return 0;
    }

    long CopyBatch(IGuestVirtualMemory mem, ulong arg, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            if (!GuestStructs.TryRead(mem, arg, out GnttabCopy op, i)) return Errno(XenErrno.EFAULT);
            var gref = (GrantCopyFlags)op.flags;
            var source = new CopyPtr((gref & GrantCopyFlags.SourceGref) != 0 ? op.source.u.@ref : op.source.u.gmfn,
                op.source.domid, op.source.offset);
            var dest = new CopyPtr((gref & GrantCopyFlags.DestGref) != 0 ? op.dest.u.@ref : op.dest.u.gmfn,
                op.dest.domid, op.dest.offset);
            var status = (short)CopyOne(source, dest, op.len, gref);
            if (!GuestStructs.TryWriteField<GnttabCopy, short>(mem, arg, i, CopyStatusOffset, status)) return Errno(XenErrno.EFAULT);
        }
        return 0;
    }

    long CopyBatch32(IGuestVirtualMemory mem, ulong arg, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            if (!GuestStructs.TryRead(mem, arg, out GnttabCopy32 op, i)) return Errno(XenErrno.EFAULT);
            var source = new CopyPtr(op.source.u.gmfn, op.source.domid, op.source.offset);
            var dest = new CopyPtr(op.dest.u.gmfn, op.dest.domid, op.dest.offset);
            var status = (short)CopyOne(source, dest, op.len, (GrantCopyFlags)op.flags);
            if (!GuestStructs.TryWriteField<GnttabCopy32, short>(mem, arg, i, Copy32StatusOffset, status)) return Errno(XenErrno.EFAULT);
        }
        return 0;
    }

    long SwapBatch(IGuestVirtualMemory mem, ulong arg, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            if (!GuestStructs.TryRead(mem, arg, out GnttabSwapGrantRef op, i)) return Errno(XenErrno.EFAULT);
            var status = (short)Swap(op.ref_a, op.ref_b);
            if (!GuestStructs.TryWriteField<GnttabSwapGrantRef, short>(mem, arg, i, SwapStatusOffset, status))
                return Errno(XenErrno.EFAULT);
        }
        return 0;
    }

    long SetupTable(HypercallCaller caller, ulong arg, uint count)
    {
        if (count != 1) return Errno(XenErrno.EINVAL);
        ushort dom;
        uint nrFrames;
        ulong frameList;
        if (caller.Is32Bit)
        {
            if (!GuestStructs.TryRead(caller.Memory, arg, out GnttabSetupTable32 op32)) return Errno(XenErrno.EFAULT);
            (dom, nrFrames, frameList) = (op32.dom, op32.nr_frames, op32.frame_list);
        }
        else
        {
            if (!GuestStructs.TryRead(caller.Memory, arg, out GnttabSetupTable op)) return Errno(XenErrno.EFAULT);
            (dom, nrFrames, frameList) = (op.dom, op.nr_frames, op.frame_list);
        }
        var status = (short)FillFrameList(caller, dom, nrFrames, frameList);
        return GuestStructs.TryWriteField<GnttabSetupTable, short>(caller.Memory, arg, 0, SetupStatusOffset, status)
            ? 0 : Errno(XenErrno.EFAULT);
    }

    // gnttab_setup_table for a translated guest: grow to nr_frames, then report where each frame is
    // mapped (the gfn) or INVALID_GFN, truncated to 32 bits for a compat guest.
    GrantStatus FillFrameList(HypercallCaller caller, ushort dom, uint nrFrames, ulong frameList)
    {
        if (!TryFindAny(dom, out var d)) return GrantStatus.BadDomain;
        if (!caller.IsPrivileged && !ReferenceEquals(d, this)) return GrantStatus.PermissionDenied;
        var gfns = d.GrowForSetup(nrFrames, caller.Is32Bit ? CompatFrameListLimit : uint.MaxValue);
        if (gfns is null) return GrantStatus.GeneralError;
        var status = GrantStatus.Okay;
        for (var i = 0u; i < (uint)gfns.Length; i++)
        {
            var ok = caller.Is32Bit
                ? GuestStructs.TryWrite(caller.Memory, frameList, (uint)gfns[i], i)
                : GuestStructs.TryWrite(caller.Memory, frameList, gfns[i], i);
            if (!ok) status = GrantStatus.BadVirtAddr;
        }
        return status;
    }

    ulong[]? GrowForSetup(uint nrFrames, uint limit)
    {
        lock (_lock)
        {
            if (nrFrames > (uint)_frames.Length || nrFrames > limit || _dying) return null;
            Grow((int)nrFrames);
            var gfns = new ulong[nrFrames];
            for (var i = 0; i < gfns.Length; i++) gfns[i] = _frames[i].Gfn;
            return gfns;
        }
    }

    long QuerySize(HypercallCaller caller, ulong arg, uint count)
    {
        if (count != 1) return Errno(XenErrno.EINVAL);
        if (!GuestStructs.TryRead(caller.Memory, arg, out GnttabQuerySize op)) return Errno(XenErrno.EFAULT);
        if (!TryFindAny(op.dom, out var d)) op.status = (short)GrantStatus.BadDomain;
        else if (!caller.IsPrivileged && !ReferenceEquals(d, this)) op.status = (short)GrantStatus.PermissionDenied;
        else
        {
            op.nr_frames = (uint)d.NrFrames;
            op.max_nr_frames = (uint)d.MaxFrames;
            op.status = (short)GrantStatus.Okay;
        }
        return GuestStructs.TryWrite(caller.Memory, arg, op) ? 0 : Errno(XenErrno.EFAULT);
    }

    // Only version 1 exists here: asking for 2 is answered as a Xen booted with gnttab=max-ver:1 answers.
    static long SetVersion(IGuestVirtualMemory mem, ulong arg)
    {
        if (!GuestStructs.TryRead(mem, arg, out GnttabSetVersion op)) return Errno(XenErrno.EFAULT);
        var rc = op.version switch { 1 => 0, 2 => Errno(XenErrno.ENOSYS), _ => Errno(XenErrno.EINVAL) };
        op.version = 1;
        return GuestStructs.TryWrite(mem, arg, op) ? rc : Errno(XenErrno.EFAULT);
    }

    long GetVersion(HypercallCaller caller, ulong arg)
    {
        if (!GuestStructs.TryRead(caller.Memory, arg, out GnttabGetVersion op)) return Errno(XenErrno.EFAULT);
        if (!TryFindAny(op.dom, out var d)) return Errno(XenErrno.ESRCH);
        if (!caller.IsPrivileged && !ReferenceEquals(d, this)) return Errno(XenErrno.EPERM);
        return GuestStructs.TryWriteField<GnttabGetVersion, uint>(caller.Memory, arg, 0, GetVersionVersionOffset, 1u)
            ? 0 : Errno(XenErrno.EFAULT);
    }

    // rcu_lock_domain_by_any_id.
    bool TryFindAny(ushort dom, out GrantTable table)
    {
        if (dom == XenDomId.Self) { table = this; return true; }
        return _directory.TryGet(dom, out table!);
    }
}
