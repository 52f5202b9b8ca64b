namespace Disagg.Xen;

/// <summary>__HYPERVISOR_* hypercall numbers (xen.h, arch-x86/xen-mca.h).</summary>
public enum HypercallNumber : int
{
    /// <summary>__HYPERVISOR_set_trap_table</summary>
    SetTrapTable = 0,
    /// <summary>__HYPERVISOR_mmu_update</summary>
    MmuUpdate = 1,
    /// <summary>__HYPERVISOR_set_gdt</summary>
    SetGdt = 2,
    /// <summary>__HYPERVISOR_stack_switch</summary>
    StackSwitch = 3,
    /// <summary>__HYPERVISOR_set_callbacks</summary>
    SetCallbacks = 4,
    /// <summary>__HYPERVISOR_fpu_taskswitch</summary>
    FpuTaskswitch = 5,
    /// <summary>__HYPERVISOR_sched_op_compat</summary>
    SchedOpCompat = 6,
    /// <summary>__HYPERVISOR_platform_op</summary>
    PlatformOp = 7,
    /// <summary>__HYPERVISOR_set_debugreg</summary>
    SetDebugreg = 8,
    /// <summary>__HYPERVISOR_get_debugreg</summary>
    GetDebugreg = 9,
    /// <summary>__HYPERVISOR_update_descriptor</summary>
    UpdateDescriptor = 10,
    /// <summary>__HYPERVISOR_memory_op</summary>
    MemoryOp = 12,
    /// <summary>__HYPERVISOR_multicall</summary>
    Multicall = 13,
    /// <summary>__HYPERVISOR_update_va_mapping</summary>
    UpdateVaMapping = 14,
    /// <summary>__HYPERVISOR_set_timer_op</summary>
    SetTimerOp = 15,
    /// <summary>__HYPERVISOR_event_channel_op_compat</summary>
    EventChannelOpCompat = 16,
    /// <summary>__HYPERVISOR_xen_version</summary>
    XenVersion = 17,
    /// <summary>__HYPERVISOR_console_io</summary>
    ConsoleIo = 18,
    /// <summary>__HYPERVISOR_physdev_op_compat</summary>
    PhysdevOpCompat = 19,
    /// <summary>__HYPERVISOR_grant_table_op</summary>
    GrantTableOp = 20,
    /// <summary>__HYPERVISOR_vm_assist</summary>
    VmAssist = 21,
    /// <summary>__HYPERVISOR_update_va_mapping_otherdomain</summary>
    UpdateVaMappingOtherdomain = 22,
    /// <summary>__HYPERVISOR_iret</summary>
    Iret = 23,
    /// <summary>__HYPERVISOR_vcpu_op</summary>
    VcpuOp = 24,
    /// <summary>__HYPERVISOR_set_segment_base</summary>
    SetSegmentBase = 25,
    /// <summary>__HYPERVISOR_mmuext_op</summary>
    MmuextOp = 26,
    /// <summary>__HYPERVISOR_xsm_op</summary>
    XsmOp = 27,
    /// <summary>__HYPERVISOR_nmi_op</summary>
    NmiOp = 28,
    /// <summary>__HYPERVISOR_sched_op</summary>
    SchedOp = 29,
    /// <summary>__HYPERVISOR_callback_op</summary>
    CallbackOp = 30,
    /// <summary>__HYPERVISOR_xenoprof_op</summary>
    XenoprofOp = 31,
    /// <summary>__HYPERVISOR_event_channel_op</summary>
    EventChannelOp = 32,
    /// <summary>__HYPERVISOR_physdev_op</summary>
    PhysdevOp = 33,
    /// <summary>__HYPERVISOR_hvm_op</summary>
    HvmOp = 34,
    /// <summary>__HYPERVISOR_sysctl</summary>
    Sysctl = 35,
    /// <summary>__HYPERVISOR_domctl</summary>
    Domctl = 36,
    /// <summary>__HYPERVISOR_kexec_op</summary>
    KexecOp = 37,
    /// <summary>__HYPERVISOR_tmem_op</summary>
    TmemOp = 38,
    /// <summary>__HYPERVISOR_argo_op</summary>
    ArgoOp = 39,
    /// <summary>__HYPERVISOR_xenpmu_op</summary>
    XenpmuOp = 40,
    /// <summary>__HYPERVISOR_dm_op</summary>
    DmOp = 41,
    /// <summary>__HYPERVISOR_hypfs_op</summary>
    HypfsOp = 42,
    /// <summary>__HYPERVISOR_arch_0</summary>
    Arch0 = 48,
    /// <summary>__HYPERVISOR_arch_1</summary>
    Arch1 = 49,
    /// <summary>__HYPERVISOR_arch_2</summary>
    Arch2 = 50,
    /// <summary>__HYPERVISOR_arch_3</summary>
    Arch3 = 51,
    /// <summary>__HYPERVISOR_arch_4</summary>
    Arch4 = 52,
    /// <summary>__HYPERVISOR_arch_5</summary>
    Arch5 = 53,
    /// <summary>__HYPERVISOR_arch_6</summary>
    Arch6 = 54,
    /// <summary>__HYPERVISOR_arch_7</summary>
    Arch7 = 55,
    /// <summary>__HYPERVISOR_mca</summary>
    Mca = 48,
}
