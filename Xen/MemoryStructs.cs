using System.Runtime.InteropServices;

namespace Disagg.Xen;

// XENMEM_* arguments (xen/memory.h); the *32 twins are the x86_32 layouts.

/// <summary>struct xen_memory_reservation</summary>
[StructLayout(LayoutKind.Sequential)]
public struct MemoryReservation
{
    /// <summary>guest handle to xen_pfn_t[nr_extents]</summary>
    public ulong extent_start;
    /// <summary>Number of extents</summary>
    public ulong nr_extents;
    /// <summary>log2 of pages per extent</summary>
    public uint extent_order;
    /// <summary>XENMEMF_* flags</summary>
    public uint mem_flags;
    /// <summary>Target domain</summary>
    public ushort domid;
}

/// <summary>struct xen_memory_reservation</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct MemoryReservation32
{
    /// <summary>guest handle to xen_pfn_t[nr_extents]</summary>
    public uint extent_start;
    /// <summary>Number of extents</summary>
    public uint nr_extents;
    /// <summary>log2 of pages per extent</summary>
    public uint extent_order;
    /// <summary>XENMEMF_* flags</summary>
    public uint mem_flags;
    /// <summary>Target domain</summary>
    public ushort domid;
}

/// <summary>struct xen_add_to_physmap</summary>
[StructLayout(LayoutKind.Sequential)]
public struct AddToPhysmap
{
    /// <summary>Target domain</summary>
    public ushort domid;
    /// <summary>Number of pages (XENMAPSPACE_gmfn_range)</summary>
    public ushort size;
    /// <summary>XENMAPSPACE_* (see AddToPhysmapSpace)</summary>
    public uint space;
    /// <summary>Index into the space (XENMAPIDX_* bits for grant_table)</summary>
    public ulong idx;
    /// <summary>Guest frame to map at</summary>
    public ulong gpfn;
}

/// <summary>struct xen_add_to_physmap</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct AddToPhysmap32
{
    /// <summary>Target domain</summary>
    public ushort domid;
    /// <summary>Number of pages (XENMAPSPACE_gmfn_range)</summary>
    public ushort size;
    /// <summary>XENMAPSPACE_* (see AddToPhysmapSpace)</summary>
    public uint space;
    /// <summary>Index into the space (XENMAPIDX_* bits for grant_table)</summary>
    public uint idx;
    /// <summary>Guest frame to map at</summary>
    public uint gpfn;
}

/// <summary>struct xen_remove_from_physmap</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RemoveFromPhysmap
{
    /// <summary>Target domain</summary>
    public ushort domid;
    /// <summary>Guest frame to unmap</summary>
    public ulong gpfn;
}

/// <summary>struct xen_remove_from_physmap</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct RemoveFromPhysmap32
{
    /// <summary>Target domain</summary>
    public ushort domid;
    /// <summary>Guest frame to unmap</summary>
    public uint gpfn;
}

/// <summary>struct xen_memory_map</summary>
[StructLayout(LayoutKind.Sequential)]
public struct MemoryMap
{
    /// <summary>IN: capacity of buffer, OUT: entries written</summary>
    public uint nr_entries;
    /// <summary>guest handle to E820 entries (E820Entry)</summary>
    public ulong buffer;
}

/// <summary>struct xen_memory_map</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct MemoryMap32
{
    /// <summary>IN: capacity of buffer, OUT: entries written</summary>
    public uint nr_entries;
    /// <summary>guest handle to E820 entries (E820Entry)</summary>
    public uint buffer;
}
