namespace Disagg.Xen;

/// <summary>GNTTABOP_* sub-commands of __HYPERVISOR_grant_table_op.</summary>
public enum GrantTableOp : int
{
    /// <summary>GNTTABOP_map_grant_ref</summary>
    MapGrantRef = 0,
    /// <summary>GNTTABOP_unmap_grant_ref</summary>
    UnmapGrantRef = 1,
    /// <summary>GNTTABOP_setup_table</summary>
    SetupTable = 2,
    /// <summary>GNTTABOP_dump_table</summary>
    DumpTable = 3,
    /// <summary>GNTTABOP_transfer</summary>
    Transfer = 4,
    /// <summary>GNTTABOP_copy</summary>
    Copy = 5,
    /// <summary>GNTTABOP_query_size</summary>
    QuerySize = 6,
    /// <summary>GNTTABOP_unmap_and_replace</summary>
    UnmapAndReplace = 7,
    /// <summary>GNTTABOP_set_version</summary>
    SetVersion = 8,
    /// <summary>GNTTABOP_get_status_frames</summary>
    GetStatusFrames = 9,
    /// <summary>GNTTABOP_get_version</summary>
    GetVersion = 10,
    /// <summary>GNTTABOP_swap_grant_ref</summary>
    SwapGrantRef = 11,
    /// <summary>GNTTABOP_cache_flush</summary>
    CacheFlush = 12,
}

/// <summary>GTF_* flags of grant_entry_v1.flags / grant_entry_header.flags.</summary>
[Flags]
public enum GrantFlags : ushort
{
    /// <summary>GTF_invalid</summary>
    Invalid = 0x0,
    /// <summary>GTF_permit_access</summary>
    PermitAccess = 0x1,
    /// <summary>GTF_accept_transfer</summary>
    AcceptTransfer = 0x2,
    /// <summary>GTF_transitive</summary>
    Transitive = 0x3,
    /// <summary>GTF_type_mask</summary>
    TypeMask = 0x3,
    /// <summary>GTF_readonly</summary>
    Readonly = 0x4,
    /// <summary>GTF_reading</summary>
    Reading = 0x8,
    /// <summary>GTF_writing</summary>
    Writing = 0x10,
    /// <summary>GTF_PWT</summary>
    PWT = 0x20,
    /// <summary>GTF_PCD</summary>
    PCD = 0x40,
    /// <summary>GTF_PAT</summary>
    PAT = 0x80,
    /// <summary>GTF_sub_page</summary>
    SubPage = 0x100,
    /// <summary>GTF_transfer_committed</summary>
    TransferCommitted = 0x4,
    /// <summary>GTF_transfer_completed</summary>
    TransferCompleted = 0x8,
}

/// <summary>GNTMAP_* flags of gnttab_map_grant_ref.flags.</summary>
[Flags]
public enum GrantMapFlags : uint
{
    /// <summary>GNTMAP_device_map</summary>
    DeviceMap = 0x1,
    /// <summary>GNTMAP_host_map</summary>
    HostMap = 0x2,
    /// <summary>GNTMAP_readonly</summary>
    Readonly = 0x4,
    /// <summary>GNTMAP_application_map</summary>
    ApplicationMap = 0x8,
    /// <summary>GNTMAP_contains_pte</summary>
    ContainsPte = 0x10,
    /// <summary>GNTMAP_guest_avail_mask</summary>
    GuestAvailMask = 0xFFFF0000,
}

/// <summary>GNTST_* status codes (enum grant_status); errors are negative.</summary>
public enum GrantStatus : int
{
    /// <summary>GNTST_okay</summary>
    Okay = 0,
    /// <summary>GNTST_general_error</summary>
    GeneralError = -1,
    /// <summary>GNTST_bad_domain</summary>
    BadDomain = -2,
    /// <summary>GNTST_bad_gntref</summary>
    BadGntref = -3,
    /// <summary>GNTST_bad_handle</summary>
    BadHandle = -4,
    /// <summary>GNTST_bad_virt_addr</summary>
    BadVirtAddr = -5,
    /// <summary>GNTST_bad_dev_addr</summary>
    BadDevAddr = -6,
    /// <summary>GNTST_no_device_space</summary>
    NoDeviceSpace = -7,
    /// <summary>GNTST_permission_denied</summary>
    PermissionDenied = -8,
    /// <summary>GNTST_bad_page</summary>
    BadPage = -9,
    /// <summary>GNTST_bad_copy_arg</summary>
    BadCopyArg = -10,
    /// <summary>GNTST_address_too_big</summary>
    AddressTooBig = -11,
    /// <summary>GNTST_eagain</summary>
    Eagain = -12,
    /// <summary>GNTST_no_space</summary>
    NoSpace = -13,
}

/// <summary>GNTCOPY_* flags of gnttab_copy.flags.</summary>
[Flags]
public enum GrantCopyFlags : ushort
{
    /// <summary>GNTCOPY_source_gref</summary>
    SourceGref = 1,
    /// <summary>GNTCOPY_dest_gref</summary>
    DestGref = 2,
}

/// <summary>Grant references reserved for the toolstack (grant_table.h).</summary>
public static class GrantTableReserved
{
    /// <summary>GNTTAB_NR_RESERVED_ENTRIES</summary>
    public const int NrEntries = 8;
    /// <summary>GNTTAB_RESERVED_CONSOLE</summary>
    public const uint Console = 0U;
    /// <summary>GNTTAB_RESERVED_XENSTORE</summary>
    public const uint Xenstore = 1U;
}

/// <summary>GNTTAB_CACHE_* bits of gnttab_cache_flush.op.</summary>
public static class GrantCacheFlushOp
{
    /// <summary>GNTTAB_CACHE_CLEAN</summary>
    public const uint Clean = 1U;
    /// <summary>GNTTAB_CACHE_INVAL</summary>
    public const uint Inval = 2U;
    /// <summary>GNTTAB_CACHE_SOURCE_GREF</summary>
    public const uint SourceGref = 0x80000000U;
}
