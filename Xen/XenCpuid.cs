namespace Disagg.Xen;

/// <summary>CPUID leaves 0x40000000.. that announce Xen (arch-x86/cpuid.h); leaf n of the range is FirstLeaf + n.</summary>
public static class XenCpuid
{
    /// <summary>XEN_CPUID_FIRST_LEAF</summary>
    public const uint FirstLeaf = 0x40000000U;
    /// <summary>XEN_CPUID_SIGNATURE_EBX</summary>
    public const uint SignatureEbx = 0x566E6558U;
    /// <summary>XEN_CPUID_SIGNATURE_ECX</summary>
    public const uint SignatureEcx = 0x65584D4DU;
    /// <summary>XEN_CPUID_SIGNATURE_EDX</summary>
    public const uint SignatureEdx = 0x4D4D566EU;
    /// <summary>XEN_CPUID_MAX_NUM_LEAVES</summary>
    public const uint MaxNumLeaves = 5U;
    /// <summary>XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD</summary>
    public const uint Feat1MmuPtUpdatePreserveAd = 1U;
    /// <summary>XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK</summary>
    public const uint MachineAddressWidthMask = 255U;
    /// <summary>XEN_HVM_CPUID_APIC_ACCESS_VIRT</summary>
    public const uint HvmApicAccessVirt = 1U;
    /// <summary>XEN_HVM_CPUID_X2APIC_VIRT</summary>
    public const uint HvmX2apicVirt = 2U;
    /// <summary>XEN_HVM_CPUID_IOMMU_MAPPINGS</summary>
    public const uint HvmIommuMappings = 4U;
    /// <summary>XEN_HVM_CPUID_VCPU_ID_PRESENT</summary>
    public const uint HvmVcpuIdPresent = 8U;
    /// <summary>XEN_HVM_CPUID_DOMID_PRESENT</summary>
    public const uint HvmDomidPresent = 16U;
    /// <summary>XEN_HVM_CPUID_EXT_DEST_ID</summary>
    public const uint HvmExtDestId = 32U;
    /// <summary>XEN_HVM_CPUID_UPCALL_VECTOR</summary>
    public const uint HvmUpcallVector = 64U;
}
