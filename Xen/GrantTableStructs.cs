using System.Runtime.InteropServices;

namespace Disagg.Xen;

// Grant-table entries and hypercall arguments (xen/grant_table.h). Structs holding xen_pfn_t or a
// guest handle have an x86_32 twin (suffix 32): 4-byte pfns and handles, 4-byte alignment of uint64_t.

/// <summary>struct grant_entry_v1</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GrantEntryV1
{
    /// <summary>GTF_* (see <see cref="GrantFlags"/>); updated by the granting domain and by Xen.</summary>
    public ushort flags;
    /// <summary>Domain being granted access.</summary>
    public ushort domid;
    /// <summary>Frame (gfn) granted, or frame written by an accepted transfer.</summary>
    public uint frame;
}

/// <summary>struct grant_entry_header</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GrantEntryHeader
{
    /// <summary>GTF_* flags.</summary>
    public ushort flags;
    /// <summary>Domain being granted access.</summary>
    public ushort domid;
}

/// <summary>struct gnttab_map_grant_ref</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabMapGrantRef
{
    /// <summary>IN: host virtual address or PTE address (GNTMAP_host_map).</summary>
    public ulong host_addr;
    /// <summary>IN: GNTMAP_* flags.</summary>
    public uint flags;
    /// <summary>IN: grant reference.</summary>
    public uint @ref;
    /// <summary>IN: granting domain.</summary>
    public ushort dom;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
    /// <summary>OUT: mapping handle.</summary>
    public uint handle;
    /// <summary>OUT: bus address (GNTMAP_device_map).</summary>
    public ulong dev_bus_addr;
}

/// <summary>struct gnttab_unmap_grant_ref</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabUnmapGrantRef
{
    /// <summary>IN: host address of the mapping, or 0.</summary>
    public ulong host_addr;
    /// <summary>IN: device address of the mapping, or 0.</summary>
    public ulong dev_bus_addr;
    /// <summary>IN: handle returned by the map.</summary>
    public uint handle;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_setup_table</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabSetupTable
{
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>IN: number of frames wanted.</summary>
    public uint nr_frames;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
    /// <summary>OUT: guest handle to xen_pfn_t[nr_frames].</summary>
    public ulong frame_list;
}

/// <summary>struct gnttab_setup_table</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct GnttabSetupTable32
{
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>IN: number of frames wanted.</summary>
    public uint nr_frames;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
    /// <summary>OUT: guest handle to xen_pfn_t[nr_frames].</summary>
    public uint frame_list;
}

/// <summary>struct gnttab_dump_table</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabDumpTable
{
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_transfer</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabTransfer
{
    /// <summary>IN: frame to transfer.</summary>
    public ulong mfn;
    /// <summary>IN: receiving domain.</summary>
    public ushort domid;
    /// <summary>IN: receiver's accept-transfer grant.</summary>
    public uint @ref;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_transfer</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct GnttabTransfer32
{
    /// <summary>IN: frame to transfer.</summary>
    public uint mfn;
    /// <summary>IN: receiving domain.</summary>
    public ushort domid;
    /// <summary>IN: receiver's accept-transfer grant.</summary>
    public uint @ref;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_copy</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabCopy
{
    /// <summary>IN: source.</summary>
    public GnttabCopyPtr source;
    /// <summary>IN: destination.</summary>
    public GnttabCopyPtr dest;
    /// <summary>IN: bytes to copy.</summary>
    public ushort len;
    /// <summary>IN: GNTCOPY_* flags.</summary>
    public ushort flags;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;

    /// <summary>struct gnttab_copy_ptr</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GnttabCopyPtr
    {
        /// <summary>Grant ref (GNTCOPY_*_gref set) or gmfn.</summary>
        public Union u;
        /// <summary>Domain owning the page.</summary>
        public ushort domid;
        /// <summary>Byte offset in the page.</summary>
        public ushort offset;
    }

    /// <summary>struct gnttab_copy_ptr.u</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Union
    {
        /// <summary>Grant reference.</summary>
        [FieldOffset(0)] public uint @ref;
        /// <summary>Guest frame number.</summary>
        [FieldOffset(0)] public ulong gmfn;
    }
}

/// <summary>struct gnttab_copy</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct GnttabCopy32
{
    /// <summary>IN: source.</summary>
    public GnttabCopyPtr source;
    /// <summary>IN: destination.</summary>
    public GnttabCopyPtr dest;
    /// <summary>IN: bytes to copy.</summary>
    public ushort len;
    /// <summary>IN: GNTCOPY_* flags.</summary>
    public ushort flags;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;

    /// <summary>struct gnttab_copy_ptr</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct GnttabCopyPtr
    {
        /// <summary>Grant ref (GNTCOPY_*_gref set) or gmfn.</summary>
        public Union u;
        /// <summary>Domain owning the page.</summary>
        public ushort domid;
        /// <summary>Byte offset in the page.</summary>
        public ushort offset;
    }

    /// <summary>struct gnttab_copy_ptr.u</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Union
    {
        /// <summary>Grant reference.</summary>
        [FieldOffset(0)] public uint @ref;
        /// <summary>Guest frame number.</summary>
        [FieldOffset(0)] public uint gmfn;
    }
}

/// <summary>struct gnttab_query_size</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabQuerySize
{
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>OUT: current number of frames.</summary>
    public uint nr_frames;
    /// <summary>OUT: maximum number of frames.</summary>
    public uint max_nr_frames;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_unmap_and_replace</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabUnmapAndReplace
{
    /// <summary>IN: address of the mapping to remove.</summary>
    public ulong host_addr;
    /// <summary>IN: address whose mapping replaces it.</summary>
    public ulong new_addr;
    /// <summary>IN: mapping handle.</summary>
    public uint handle;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_set_version</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabSetVersion
{
    /// <summary>IN/OUT: grant-table version (1 or 2).</summary>
    public uint version;
}

/// <summary>struct gnttab_get_status_frames</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabGetStatusFrames
{
    /// <summary>IN: number of frames.</summary>
    public uint nr_frames;
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
    /// <summary>OUT: guest handle to uint64_t[nr_frames].</summary>
    public ulong frame_list;
}

/// <summary>struct gnttab_get_status_frames</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct GnttabGetStatusFrames32
{
    /// <summary>IN: number of frames.</summary>
    public uint nr_frames;
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
    /// <summary>OUT: guest handle to uint64_t[nr_frames].</summary>
    public uint frame_list;
}

/// <summary>struct gnttab_get_version</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabGetVersion
{
    /// <summary>IN: domain.</summary>
    public ushort dom;
    /// <summary>Padding.</summary>
    public ushort pad;
    /// <summary>OUT: grant-table version.</summary>
    public uint version;
}

/// <summary>struct gnttab_swap_grant_ref</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabSwapGrantRef
{
    /// <summary>IN: first grant.</summary>
    public uint ref_a;
    /// <summary>IN: second grant.</summary>
    public uint ref_b;
    /// <summary>OUT: GNTST_* status.</summary>
    public short status;
}

/// <summary>struct gnttab_cache_flush</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GnttabCacheFlush
{
    /// <summary>Bus address or grant ref (GNTTAB_CACHE_SOURCE_GREF).</summary>
    public Union a;
    /// <summary>Offset from the start of the grant.</summary>
    public ushort offset;
    /// <summary>Bytes within the grant.</summary>
    public ushort length;
    /// <summary>GNTTAB_CACHE_* operation bits.</summary>
    public uint op;

    /// <summary>struct gnttab_cache_flush.a</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Union
    {
        /// <summary>Device bus address.</summary>
        [FieldOffset(0)] public ulong dev_bus_addr;
        /// <summary>Grant reference.</summary>
        [FieldOffset(0)] public uint @ref;
    }
}
