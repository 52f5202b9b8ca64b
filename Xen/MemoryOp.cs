namespace Disagg.Xen;

/// <summary>XENMEM_* sub-commands of __HYPERVISOR_memory_op.</summary>
public enum MemoryOpCmd : int
{
    /// <summary>XENMEM_increase_reservation</summary>
    IncreaseReservation = 0,
    /// <summary>XENMEM_decrease_reservation</summary>
    DecreaseReservation = 1,
    /// <summary>XENMEM_populate_physmap</summary>
    PopulatePhysmap = 6,
    /// <summary>XENMEM_exchange</summary>
    Exchange = 11,
    /// <summary>XENMEM_maximum_ram_page</summary>
    MaximumRamPage = 2,
    /// <summary>XENMEM_current_reservation</summary>
    CurrentReservation = 3,
    /// <summary>XENMEM_maximum_reservation</summary>
    MaximumReservation = 4,
    /// <summary>XENMEM_maximum_gpfn</summary>
    MaximumGpfn = 14,
    /// <summary>XENMEM_machphys_mfn_list</summary>
    MachphysMfnList = 5,
    /// <summary>XENMEM_machphys_compat_mfn_list</summary>
    MachphysCompatMfnList = 25,
    /// <summary>XENMEM_machphys_mapping</summary>
    MachphysMapping = 12,
    /// <summary>XENMEM_add_to_physmap</summary>
    AddToPhysmap = 7,
    /// <summary>XENMEM_add_to_physmap_batch</summary>
    AddToPhysmapBatch = 23,
    /// <summary>XENMEM_remove_from_physmap</summary>
    RemoveFromPhysmap = 15,
    /// <summary>XENMEM_memory_map</summary>
    MemoryMap = 9,
    /// <summary>XENMEM_machine_memory_map</summary>
    MachineMemoryMap = 10,
    /// <summary>XENMEM_set_memory_map</summary>
    SetMemoryMap = 13,
    /// <summary>XENMEM_set_pod_target</summary>
    SetPodTarget = 16,
    /// <summary>XENMEM_get_pod_target</summary>
    GetPodTarget = 17,
    /// <summary>XENMEM_get_sharing_freed_pages</summary>
    GetSharingFreedPages = 18,
    /// <summary>XENMEM_get_sharing_shared_pages</summary>
    GetSharingSharedPages = 19,
    /// <summary>XENMEM_paging_op</summary>
    PagingOp = 20,
    /// <summary>XENMEM_access_op</summary>
    AccessOp = 21,
    /// <summary>XENMEM_sharing_op</summary>
    SharingOp = 22,
    /// <summary>XENMEM_claim_pages</summary>
    ClaimPages = 24,
    /// <summary>XENMEM_reserved_device_memory_map</summary>
    ReservedDeviceMemoryMap = 27,
    /// <summary>XENMEM_acquire_resource</summary>
    AcquireResource = 28,
    /// <summary>XENMEM_get_vnumainfo</summary>
    GetVnumainfo = 26,
}

/// <summary>XENMAPSPACE_* values of xen_add_to_physmap.space.</summary>
public enum AddToPhysmapSpace : uint
{
    /// <summary>XENMAPSPACE_shared_info</summary>
    SharedInfo = 0,
    /// <summary>XENMAPSPACE_grant_table</summary>
    GrantTable = 1,
    /// <summary>XENMAPSPACE_gmfn</summary>
    Gmfn = 2,
    /// <summary>XENMAPSPACE_gmfn_range</summary>
    GmfnRange = 3,
    /// <summary>XENMAPSPACE_gmfn_foreign</summary>
    GmfnForeign = 4,
    /// <summary>XENMAPSPACE_dev_mmio</summary>
    DevMmio = 5,
}

/// <summary>XENMAPIDX_* flags of xen_add_to_physmap.idx for XENMAPSPACE_grant_table.</summary>
public static class XenMapIdx
{
    /// <summary>XENMAPIDX_grant_table_status</summary>
    public const ulong GrantTableStatus = 0x80000000UL;
}

/// <summary>XENMEMF_* bits of xen_memory_reservation.mem_flags (XENMEMF_address_bits and XENMEMF_node are encoders).</summary>
public static class MemoryReservationFlags
{
    /// <summary>XENMEMF_populate_on_demand</summary>
    public const uint PopulateOnDemand = 0x10000U;
    /// <summary>XENMEMF_exact_node_request</summary>
    public const uint ExactNodeRequest = 0x20000U;
    /// <summary>XENMEMF_vnode</summary>
    public const uint Vnode = 0x40000U;
    /// <summary>XENMEMF_address_bits(1)</summary>
    public const uint AddressBits1 = 1U;
    /// <summary>XENMEMF_node(0)</summary>
    public const uint Node0 = 0x100U;
}
