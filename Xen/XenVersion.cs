namespace Disagg.Xen;

/// <summary>XENVER_* sub-commands of __HYPERVISOR_xen_version.</summary>
public enum XenVersionCmd : int
{
    /// <summary>XENVER_version</summary>
    Version = 0,
    /// <summary>XENVER_extraversion</summary>
    Extraversion = 1,
    /// <summary>XENVER_compile_info</summary>
    CompileInfo = 2,
    /// <summary>XENVER_capabilities</summary>
    Capabilities = 3,
    /// <summary>XENVER_changeset</summary>
    Changeset = 4,
    /// <summary>XENVER_platform_parameters</summary>
    PlatformParameters = 5,
    /// <summary>XENVER_get_features</summary>
    GetFeatures = 6,
    /// <summary>XENVER_pagesize</summary>
    Pagesize = 7,
    /// <summary>XENVER_guest_handle</summary>
    GuestHandle = 8,
    /// <summary>XENVER_commandline</summary>
    Commandline = 9,
    /// <summary>XENVER_build_id</summary>
    BuildId = 10,
}

/// <summary>Buffer sizes of the XENVER_* string results (version.h).</summary>
public static class XenVersionLengths
{
    /// <summary>XEN_EXTRAVERSION_LEN</summary>
    public const int Extraversion = 16;
    /// <summary>XEN_CAPABILITIES_INFO_LEN</summary>
    public const int CapabilitiesInfo = 0x400;
    /// <summary>XEN_CHANGESET_INFO_LEN</summary>
    public const int ChangesetInfo = 64;
    /// <summary>sizeof(xen_commandline_t)</summary>
    public const int Commandline = 0x400;
    /// <summary>sizeof(xen_domain_handle_t)</summary>
    public const int DomainHandle = 16;
}

/// <summary>XENFEAT_* bit numbers reported by XENVER_get_features.</summary>
public enum XenFeature : int
{
    /// <summary>XENFEAT_writable_page_tables</summary>
    WritablePageTables = 0,
    /// <summary>XENFEAT_writable_descriptor_tables</summary>
    WritableDescriptorTables = 1,
    /// <summary>XENFEAT_auto_translated_physmap</summary>
    AutoTranslatedPhysmap = 2,
    /// <summary>XENFEAT_supervisor_mode_kernel</summary>
    SupervisorModeKernel = 3,
    /// <summary>XENFEAT_pae_pgdir_above_4gb</summary>
    PaePgdirAbove4gb = 4,
    /// <summary>XENFEAT_mmu_pt_update_preserve_ad</summary>
    MmuPtUpdatePreserveAd = 5,
    /// <summary>XENFEAT_highmem_assist</summary>
    HighmemAssist = 6,
    /// <summary>XENFEAT_gnttab_map_avail_bits</summary>
    GnttabMapAvailBits = 7,
    /// <summary>XENFEAT_hvm_callback_vector</summary>
    HvmCallbackVector = 8,
    /// <summary>XENFEAT_hvm_safe_pvclock</summary>
    HvmSafePvclock = 9,
    /// <summary>XENFEAT_hvm_pirqs</summary>
    HvmPirqs = 10,
    /// <summary>XENFEAT_dom0</summary>
    Dom0 = 11,
    /// <summary>XENFEAT_memory_op_vnode_supported</summary>
    MemoryOpVnodeSupported = 13,
    /// <summary>XENFEAT_ARM_SMCCC_supported</summary>
    ArmSmcccSupported = 14,
    /// <summary>XENFEAT_linux_rsdp_unrestricted</summary>
    LinuxRsdpUnrestricted = 15,
    /// <summary>XENFEAT_not_direct_mapped</summary>
    NotDirectMapped = 16,
    /// <summary>XENFEAT_direct_mapped</summary>
    DirectMapped = 17,
}

/// <summary>CONSOLEIO_* sub-commands of __HYPERVISOR_console_io.</summary>
public enum ConsoleIoCmd : int
{
    /// <summary>CONSOLEIO_write</summary>
    Write = 0,
    /// <summary>CONSOLEIO_read</summary>
    Read = 1,
}
