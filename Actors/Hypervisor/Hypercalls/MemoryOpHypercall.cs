using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_memory_op(cmd, arg): reservations (ballooning), the physmap, the memory map.</summary>
public static class MemoryOpHypercall
{
    /// <summary>MEMOP_EXTENT_SHIFT / MEMOP_CMD_MASK: the command's upper bits carry the extent to restart from.</summary>
    const int ExtentShift = 6;
    const ulong CommandMask = (1ul << ExtentShift) - 1;

    /// <summary>Largest extent order a domU may use (Xen's domu_max_order default).</summary>
    const int MaxOrder = 9;

    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        var op = (MemoryOpCmd)(int)(a.A1 & CommandMask);
        var startExtent = a.A1 >> ExtentShift;
        var arg = a.A2;
        switch (op)
        {
            case MemoryOpCmd.PopulatePhysmap or MemoryOpCmd.DecreaseReservation or MemoryOpCmd.IncreaseReservation:
                return Reservation(c, op, arg, startExtent);
            case MemoryOpCmd.CurrentReservation or MemoryOpCmd.MaximumReservation or MemoryOpCmd.MaximumGpfn:
                return ReservationQuery(c, op, arg);
            case MemoryOpCmd.MaximumRamPage:
                return (long)(c.Domain.Host.MaxRamPage);
            case MemoryOpCmd.AddToPhysmap:
                return AddToPhysmap(c, arg);
            case MemoryOpCmd.RemoveFromPhysmap:
                return RemoveFromPhysmap(c, arg);
            case MemoryOpCmd.MemoryMap:
                return MemoryMap(c, arg);
            case MemoryOpCmd.MachineMemoryMap or MemoryOpCmd.SetMemoryMap or MemoryOpCmd.SetPodTarget
                or MemoryOpCmd.GetPodTarget or MemoryOpCmd.ClaimPages:
                return c.Caller.IsPrivileged ? -(long)XenErrno.ENOSYS : -(long)XenErrno.EPERM;
            case MemoryOpCmd.GetSharingFreedPages or MemoryOpCmd.GetSharingSharedPages:
                return 0;
            default:
                return -(long)XenErrno.ENOSYS;
        }
    }

    static long Reservation(HypercallContext c, MemoryOpCmd op, ulong arg, ulong startExtent)
    {
        MemoryReservation r;
        if (c.Is32Bit)
        {
            if (!c.Memory.TryRead<MemoryReservation32>(arg, out var r32)) return -(long)XenErrno.EFAULT;
            r = new MemoryReservation { extent_start = r32.extent_start, nr_extents = r32.nr_extents, extent_order = r32.extent_order, mem_flags = r32.mem_flags, domid = r32.domid };
        }
        else if (!c.Memory.TryRead(arg, out r)) return -(long)XenErrno.EFAULT;

        var rc = HvmOpHypercall.Target(c, r.domid, out var d);
        if (rc != 0) return rc;
        if (r.extent_order > MaxOrder || startExtent > r.nr_extents) return -(long)XenErrno.EINVAL;
        // A translated guest names frames by gfn; increase_reservation hands back machine frames, which an
        // HVM guest cannot use: Xen lets it through, we do nothing and report no extents.
        if (op == MemoryOpCmd.IncreaseReservation) return (long)startExtent;

        var pfnSize = c.Is32Bit ? 4u : 8u;
        var pages = 1ul << (int)r.extent_order;
        Span<byte> entry = stackalloc byte[8];
        for (var i = startExtent; i < r.nr_extents; i++)
        {
            entry.Clear();
            if (!c.Memory.TryRead(r.extent_start + i * pfnSize, entry[..(int)pfnSize]))
                return i == 0 ? -(long)XenErrno.EFAULT : (long)i;
            var gfn = BitConverter.ToUInt64(entry);
            if ((gfn & (pages - 1)) != 0) return (long)i;            // extents are naturally aligned
            for (var p = 0ul; p < pages; p++)
            {
                var ok = op == MemoryOpCmd.PopulatePhysmap
                    ? Populate(d, gfn + p)
                    : d.Memory.TryBalloonOut(gfn + p);
                if (!ok) return (long)i;
            }
        }
        return (long)r.nr_extents;
    }

    /// <summary>populate_physmap of one frame: back a ballooned-out RAM frame again, within the domain's maximum.</summary>
    static bool Populate(Domain d, ulong gfn)
    {
        if (d.Memory.IsRam(gfn)) return true;                      // already populated: Xen replaces it; contents are ours to keep
        if (d.Memory.CurrentPages >= d.MaxPages) return false;
        return d.Memory.TryPopulate(gfn);
    }

    static long ReservationQuery(HypercallContext c, MemoryOpCmd op, ulong arg)
    {
        if (!c.Memory.TryRead<ushort>(arg, out var domid)) return -(long)XenErrno.EFAULT;
        var rc = HvmOpHypercall.Target(c, domid, out var d);
        if (rc != 0) return rc;
        return op switch
        {
            MemoryOpCmd.CurrentReservation => (long)d.Memory.CurrentPages,
            MemoryOpCmd.MaximumReservation => (long)d.MaxPages,
            _ => (long)d.Memory.MaximumGpfn,
        };
    }

    static long AddToPhysmap(HypercallContext c, ulong arg)
    {
        AddToPhysmap x;
        if (c.Is32Bit)
        {
            if (!c.Memory.TryRead<AddToPhysmap32>(arg, out var x32)) return -(long)XenErrno.EFAULT;
            x = new AddToPhysmap { domid = x32.domid, size = x32.size, space = x32.space, idx = x32.idx, gpfn = x32.gpfn };
        }
        else if (!c.Memory.TryRead(arg, out x)) return -(long)XenErrno.EFAULT;

        var rc = HvmOpHypercall.Target(c, x.domid, out var d);
        if (rc != 0) return rc;
        switch ((AddToPhysmapSpace)x.space)
        {
            case AddToPhysmapSpace.SharedInfo:
                if (x.idx != 0) return -(long)XenErrno.EINVAL;
                if (!d.SharedInfoPage.MapAt(x.gpfn)) return -(long)XenErrno.EINVAL;
                if (d == c.Domain) d.Is32Bit = c.Is32Bit;
                d.RefreshWallclock();
                return 0;
            case AddToPhysmapSpace.GrantTable:
                if ((x.idx & XenMapIdx.GrantTableStatus) != 0) return -(long)XenErrno.EINVAL; // status frames exist only in v2
                return d.Grants.MapFrame((uint)Math.Min(x.idx, uint.MaxValue), x.gpfn);
            case AddToPhysmapSpace.GmfnForeign:
                return c.Caller.IsPrivileged ? -(long)XenErrno.ENOSYS : -(long)XenErrno.EPERM;
            default:
                return -(long)XenErrno.ENOSYS;
        }
    }

    static long RemoveFromPhysmap(HypercallContext c, ulong arg)
    {
        ushort domid;
        ulong gpfn;
        if (c.Is32Bit)
        {
            if (!c.Memory.TryRead<RemoveFromPhysmap32>(arg, out var r32)) return -(long)XenErrno.EFAULT;
            (domid, gpfn) = (r32.domid, r32.gpfn);
        }
        else
        {
            if (!c.Memory.TryRead<RemoveFromPhysmap>(arg, out var r)) return -(long)XenErrno.EFAULT;
            (domid, gpfn) = (r.domid, r.gpfn);
        }
        var rc = HvmOpHypercall.Target(c, domid, out var d);
        if (rc != 0) return rc;
        return d.Memory.TryBalloonOut(gpfn) ? 0 : -(long)XenErrno.EINVAL;
    }

    static long MemoryMap(HypercallContext c, ulong arg)
    {
        uint nr;
        ulong buffer;
        if (c.Is32Bit)
        {
            if (!c.Memory.TryRead<MemoryMap32>(arg, out var m32)) return -(long)XenErrno.EFAULT;
            (nr, buffer) = (m32.nr_entries, m32.buffer);
        }
        else
        {
            if (!c.Memory.TryRead<MemoryMap>(arg, out var m)) return -(long)XenErrno.EFAULT;
            (nr, buffer) = (m.nr_entries, m.buffer);
        }
        var map = c.Domain.E820;
        if (map.Count == 0) return -(long)XenErrno.ENOSYS;
        nr = Math.Min(nr, (uint)map.Count);
        Span<byte> entry = stackalloc byte[E820EntrySize];
        for (var i = 0; i < nr; i++)
        {
            BitConverter.TryWriteBytes(entry[..8], map[i].Address);
            BitConverter.TryWriteBytes(entry[8..16], map[i].Size);
            BitConverter.TryWriteBytes(entry[16..], map[i].Type);
            if (!c.Memory.TryWrite(buffer + (ulong)(i * E820EntrySize), entry)) return -(long)XenErrno.EFAULT;
        }
        return c.Memory.TryWrite(arg, nr) ? 0 : -(long)XenErrno.EFAULT;   // nr_entries is the first field in both layouts
    }

    /// <summary>sizeof(struct e820entry): packed addr, size, type.</summary>
    const int E820EntrySize = 20;
}
