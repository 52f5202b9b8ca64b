namespace Disagg.Xen;

/// <summary>PHYSDEVOP_* sub-commands of __HYPERVISOR_physdev_op.</summary>
public enum PhysdevOpCmd : int
{
    /// <summary>PHYSDEVOP_eoi</summary>
    Eoi = 12,
    /// <summary>PHYSDEVOP_pirq_eoi_gmfn_v1</summary>
    PirqEoiGmfnV1 = 17,
    /// <summary>PHYSDEVOP_pirq_eoi_gmfn_v2</summary>
    PirqEoiGmfnV2 = 28,
    /// <summary>PHYSDEVOP_irq_status_query</summary>
    IrqStatusQuery = 5,
    /// <summary>PHYSDEVOP_set_iopl</summary>
    SetIopl = 6,
    /// <summary>PHYSDEVOP_set_iobitmap</summary>
    SetIobitmap = 7,
    /// <summary>PHYSDEVOP_apic_read</summary>
    ApicRead = 8,
    /// <summary>PHYSDEVOP_apic_write</summary>
    ApicWrite = 9,
    /// <summary>PHYSDEVOP_alloc_irq_vector</summary>
    AllocIrqVector = 10,
    /// <summary>PHYSDEVOP_free_irq_vector</summary>
    FreeIrqVector = 11,
    /// <summary>PHYSDEVOP_map_pirq</summary>
    MapPirq = 13,
    /// <summary>PHYSDEVOP_unmap_pirq</summary>
    UnmapPirq = 14,
    /// <summary>PHYSDEVOP_manage_pci_add</summary>
    ManagePciAdd = 15,
    /// <summary>PHYSDEVOP_manage_pci_remove</summary>
    ManagePciRemove = 16,
    /// <summary>PHYSDEVOP_restore_msi</summary>
    RestoreMsi = 19,
    /// <summary>PHYSDEVOP_manage_pci_add_ext</summary>
    ManagePciAddExt = 20,
    /// <summary>PHYSDEVOP_setup_gsi</summary>
    SetupGsi = 21,
    /// <summary>PHYSDEVOP_get_free_pirq</summary>
    GetFreePirq = 23,
    /// <summary>PHYSDEVOP_pci_mmcfg_reserved</summary>
    PciMmcfgReserved = 24,
    /// <summary>PHYSDEVOP_pci_device_add</summary>
    PciDeviceAdd = 25,
    /// <summary>PHYSDEVOP_pci_device_remove</summary>
    PciDeviceRemove = 26,
    /// <summary>PHYSDEVOP_restore_msi_ext</summary>
    RestoreMsiExt = 27,
    /// <summary>PHYSDEVOP_prepare_msix</summary>
    PrepareMsix = 30,
    /// <summary>PHYSDEVOP_release_msix</summary>
    ReleaseMsix = 31,
    /// <summary>PHYSDEVOP_dbgp_op</summary>
    DbgpOp = 29,
}

/// <summary>MAP_PIRQ_TYPE_* (physdev_map_pirq.type).</summary>
public enum MapPirqType : int
{
    /// <summary>MAP_PIRQ_TYPE_MSI</summary>
    Msi = 0,
    /// <summary>MAP_PIRQ_TYPE_GSI</summary>
    Gsi = 1,
    /// <summary>MAP_PIRQ_TYPE_UNKNOWN</summary>
    Unknown = 2,
    /// <summary>MAP_PIRQ_TYPE_MSI_SEG</summary>
    MsiSeg = 3,
    /// <summary>MAP_PIRQ_TYPE_MULTI_MSI</summary>
    MultiMsi = 4,
}

/// <summary>XENIRQSTAT_* flags of physdev_irq_status_query.flags.</summary>
[Flags]
public enum XenIrqStatus : uint
{
    /// <summary>XENIRQSTAT_needs_eoi</summary>
    NeedsEoi = 1,
    /// <summary>XENIRQSTAT_shared</summary>
    Shared = 2,
}
