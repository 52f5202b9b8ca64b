namespace Disagg.Hw.Kvm.Native;

/// <summary>
/// Ioctl request numbers and flag values from &lt;linux/kvm.h&gt; (x86_64), with their C names.
/// Every const here is compared with the C header by the layout test.
/// </summary>
internal static class KvmConstants
{
    public const int KVM_API_VERSION = 12;

    // System ioctls (on the /dev/kvm fd).
    public const uint KVM_GET_API_VERSION = 0x0000ae00;        // _IO(KVMIO, 0x00)
    public const uint KVM_CREATE_VM = 0x0000ae01;              // _IO(KVMIO, 0x01)
    public const uint KVM_CHECK_EXTENSION = 0x0000ae03;        // _IO(KVMIO, 0x03)
    public const uint KVM_GET_VCPU_MMAP_SIZE = 0x0000ae04;     // _IO(KVMIO, 0x04)
    public const uint KVM_GET_SUPPORTED_CPUID = 0xc008ae05;    // _IOWR(KVMIO, 0x05, struct kvm_cpuid2)

    // VM ioctls.
    public const uint KVM_CREATE_VCPU = 0x0000ae41;            // _IO(KVMIO, 0x41)
    public const uint KVM_GET_DIRTY_LOG = 0x4010ae42;          // _IOW(KVMIO, 0x42, struct kvm_dirty_log)
    public const uint KVM_SET_USER_MEMORY_REGION = 0x4020ae46; // _IOW(KVMIO, 0x46, struct kvm_userspace_memory_region)
    public const uint KVM_SET_TSS_ADDR = 0x0000ae47;           // _IO(KVMIO, 0x47)
    public const uint KVM_SET_IDENTITY_MAP_ADDR = 0x4008ae48;  // _IOW(KVMIO, 0x48, __u64)
    public const uint KVM_CREATE_IRQCHIP = 0x0000ae60;         // _IO(KVMIO, 0x60)
    public const uint KVM_IRQ_LINE = 0x4008ae61;               // _IOW(KVMIO, 0x61, struct kvm_irq_level)
    public const uint KVM_SET_GSI_ROUTING = 0x4008ae6a;        // _IOW(KVMIO, 0x6a, struct kvm_irq_routing)
    public const uint KVM_IRQFD = 0x4020ae76;                  // _IOW(KVMIO, 0x76, struct kvm_irqfd)
    public const uint KVM_CREATE_PIT2 = 0x4040ae77;            // _IOW(KVMIO, 0x77, struct kvm_pit_config)
    public const uint KVM_IOEVENTFD = 0x4040ae79;              // _IOW(KVMIO, 0x79, struct kvm_ioeventfd)
    public const uint KVM_ENABLE_CAP = 0x4068aea3;             // _IOW(KVMIO, 0xa3, struct kvm_enable_cap)
    public const uint KVM_XEN_HVM_CONFIG = 0x4038ae7a;         // _IOW(KVMIO, 0x7a, struct kvm_xen_hvm_config)
    public const uint KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL = 1 << 1;
    public const uint KVM_EXIT_XEN_HCALL = 1;
    public const uint KVM_SYNC_X86_REGS = 1 << 0;
    public const uint KVM_SYNC_X86_SREGS = 1 << 1;
    public const uint KVM_GET_TSC_KHZ = 0x0000aea3;            // _IO(KVMIO, 0xa3) on a vCPU fd
    public const uint KVM_SIGNAL_MSI = 0x4020aea5;             // _IOW(KVMIO, 0xa5, struct kvm_msi)
    public const uint KVM_X86_SET_MSR_FILTER = 0x4188aec6;     // _IOW(KVMIO, 0xc6, struct kvm_msr_filter)

    // vCPU ioctls.
    public const uint KVM_RUN = 0x0000ae80;                    // _IO(KVMIO, 0x80)
    public const uint KVM_GET_REGS = 0x8090ae81;               // _IOR(KVMIO, 0x81, struct kvm_regs)
    public const uint KVM_SET_REGS = 0x4090ae82;               // _IOW(KVMIO, 0x82, struct kvm_regs)
    public const uint KVM_GET_SREGS = 0x8138ae83;              // _IOR(KVMIO, 0x83, struct kvm_sregs)
    public const uint KVM_SET_SREGS = 0x4138ae84;              // _IOW(KVMIO, 0x84, struct kvm_sregs)
    public const uint KVM_TRANSLATE = 0xc018ae85;              // _IOWR(KVMIO, 0x85, struct kvm_translation)
    public const uint KVM_INTERRUPT = 0x4004ae86;              // _IOW(KVMIO, 0x86, struct kvm_interrupt)
    public const uint KVM_GET_MSRS = 0xc008ae88;               // _IOWR(KVMIO, 0x88, struct kvm_msrs)
    public const uint KVM_SET_MSRS = 0x4008ae89;               // _IOW(KVMIO, 0x89, struct kvm_msrs)
    public const uint KVM_GET_LAPIC = 0x8400ae8e;              // _IOR(KVMIO, 0x8e, struct kvm_lapic_state)
    public const uint KVM_SET_LAPIC = 0x4400ae8f;              // _IOW(KVMIO, 0x8f, struct kvm_lapic_state)
    public const uint KVM_SET_CPUID2 = 0x4008ae90;             // _IOW(KVMIO, 0x90, struct kvm_cpuid2)
    public const uint KVM_GET_MP_STATE = 0x8004ae98;           // _IOR(KVMIO, 0x98, struct kvm_mp_state)
    public const uint KVM_SET_MP_STATE = 0x4004ae99;           // _IOW(KVMIO, 0x99, struct kvm_mp_state)
    public const uint KVM_NMI = 0x0000ae9a;                    // _IO(KVMIO, 0x9a)

    // Flags and values.
    public const uint KVM_MEM_LOG_DIRTY_PAGES = 1 << 0;
    public const uint KVM_MEM_READONLY = 1 << 1;
    public const byte KVM_EXIT_IO_IN = 0;
    public const byte KVM_EXIT_IO_OUT = 1;
    public const uint KVM_MSR_EXIT_REASON_INVAL = 1 << 0;
    public const uint KVM_MSR_EXIT_REASON_UNKNOWN = 1 << 1;
    public const uint KVM_MSR_EXIT_REASON_FILTER = 1 << 2;
    public const uint KVM_MSR_FILTER_READ = 1 << 0;
    public const uint KVM_MSR_FILTER_WRITE = 1 << 1;
    public const uint KVM_MSR_FILTER_DEFAULT_ALLOW = 0;
    public const uint KVM_MSR_FILTER_DEFAULT_DENY = 1 << 0;
    public const int KVM_MSR_FILTER_MAX_RANGES = 16;
    public const uint KVM_IRQFD_FLAG_DEASSIGN = 1 << 0;
    public const uint KVM_IOEVENTFD_FLAG_DATAMATCH = 1 << 0;
    public const uint KVM_IOEVENTFD_FLAG_PIO = 1 << 1;
    public const uint KVM_IOEVENTFD_FLAG_DEASSIGN = 1 << 2;
    public const uint KVM_IRQ_ROUTING_MSI = 2;
    public const uint KVM_CPUID_FLAG_SIGNIFCANT_INDEX = 1 << 0;
    public const int KVM_APIC_REG_SIZE = 0x400;
}
