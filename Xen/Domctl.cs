namespace Disagg.Xen;

/// <summary>XEN_DOMCTL_* commands (domctl.h, needs __XEN_TOOLS__).</summary>
public enum DomctlCmd : uint
{
    /// <summary>XEN_DOMCTL_vmtrace_get_option</summary>
    VmtraceGetOption = 5,
    /// <summary>XEN_DOMCTL_vmtrace_set_option</summary>
    VmtraceSetOption = 6,
    /// <summary>XEN_DOMCTL_createdomain</summary>
    Createdomain = 1,
    /// <summary>XEN_DOMCTL_destroydomain</summary>
    Destroydomain = 2,
    /// <summary>XEN_DOMCTL_pausedomain</summary>
    Pausedomain = 3,
    /// <summary>XEN_DOMCTL_unpausedomain</summary>
    Unpausedomain = 4,
    /// <summary>XEN_DOMCTL_getdomaininfo</summary>
    Getdomaininfo = 5,
    /// <summary>XEN_DOMCTL_setvcpuaffinity</summary>
    Setvcpuaffinity = 9,
    /// <summary>XEN_DOMCTL_shadow_op</summary>
    ShadowOp = 10,
    /// <summary>XEN_DOMCTL_max_mem</summary>
    MaxMem = 11,
    /// <summary>XEN_DOMCTL_setvcpucontext</summary>
    Setvcpucontext = 12,
    /// <summary>XEN_DOMCTL_getvcpucontext</summary>
    Getvcpucontext = 13,
    /// <summary>XEN_DOMCTL_getvcpuinfo</summary>
    Getvcpuinfo = 14,
    /// <summary>XEN_DOMCTL_max_vcpus</summary>
    MaxVcpus = 15,
    /// <summary>XEN_DOMCTL_scheduler_op</summary>
    SchedulerOp = 16,
    /// <summary>XEN_DOMCTL_setdomainhandle</summary>
    Setdomainhandle = 17,
    /// <summary>XEN_DOMCTL_setdebugging</summary>
    Setdebugging = 18,
    /// <summary>XEN_DOMCTL_irq_permission</summary>
    IrqPermission = 19,
    /// <summary>XEN_DOMCTL_iomem_permission</summary>
    IomemPermission = 20,
    /// <summary>XEN_DOMCTL_ioport_permission</summary>
    IoportPermission = 21,
    /// <summary>XEN_DOMCTL_hypercall_init</summary>
    HypercallInit = 22,
    /// <summary>XEN_DOMCTL_soft_reset_cont</summary>
    /// <remarks>Defined only under __XEN__.</remarks>
    SoftResetCont = 23,
    /// <summary>XEN_DOMCTL_settimeoffset</summary>
    Settimeoffset = 24,
    /// <summary>XEN_DOMCTL_getvcpuaffinity</summary>
    Getvcpuaffinity = 25,
    /// <summary>XEN_DOMCTL_real_mode_area</summary>
    RealModeArea = 26,
    /// <summary>XEN_DOMCTL_resumedomain</summary>
    Resumedomain = 27,
    /// <summary>XEN_DOMCTL_sendtrigger</summary>
    Sendtrigger = 28,
    /// <summary>XEN_DOMCTL_subscribe</summary>
    Subscribe = 29,
    /// <summary>XEN_DOMCTL_gethvmcontext</summary>
    Gethvmcontext = 33,
    /// <summary>XEN_DOMCTL_sethvmcontext</summary>
    Sethvmcontext = 34,
    /// <summary>XEN_DOMCTL_set_address_size</summary>
    SetAddressSize = 35,
    /// <summary>XEN_DOMCTL_get_address_size</summary>
    GetAddressSize = 36,
    /// <summary>XEN_DOMCTL_assign_device</summary>
    AssignDevice = 37,
    /// <summary>XEN_DOMCTL_bind_pt_irq</summary>
    BindPtIrq = 38,
    /// <summary>XEN_DOMCTL_memory_mapping</summary>
    MemoryMapping = 39,
    /// <summary>XEN_DOMCTL_ioport_mapping</summary>
    IoportMapping = 40,
    /// <summary>XEN_DOMCTL_set_ext_vcpucontext</summary>
    SetExtVcpucontext = 42,
    /// <summary>XEN_DOMCTL_get_ext_vcpucontext</summary>
    GetExtVcpucontext = 43,
    /// <summary>XEN_DOMCTL_set_opt_feature</summary>
    SetOptFeature = 44,
    /// <summary>XEN_DOMCTL_test_assign_device</summary>
    TestAssignDevice = 45,
    /// <summary>XEN_DOMCTL_set_target</summary>
    SetTarget = 46,
    /// <summary>XEN_DOMCTL_deassign_device</summary>
    DeassignDevice = 47,
    /// <summary>XEN_DOMCTL_unbind_pt_irq</summary>
    UnbindPtIrq = 48,
    /// <summary>XEN_DOMCTL_get_device_group</summary>
    GetDeviceGroup = 50,
    /// <summary>XEN_DOMCTL_debug_op</summary>
    DebugOp = 54,
    /// <summary>XEN_DOMCTL_gethvmcontext_partial</summary>
    GethvmcontextPartial = 55,
    /// <summary>XEN_DOMCTL_vm_event_op</summary>
    VmEventOp = 56,
    /// <summary>XEN_DOMCTL_mem_sharing_op</summary>
    MemSharingOp = 57,
    /// <summary>XEN_DOMCTL_gettscinfo</summary>
    Gettscinfo = 59,
    /// <summary>XEN_DOMCTL_settscinfo</summary>
    Settscinfo = 60,
    /// <summary>XEN_DOMCTL_getpageframeinfo3</summary>
    Getpageframeinfo3 = 61,
    /// <summary>XEN_DOMCTL_setvcpuextstate</summary>
    Setvcpuextstate = 62,
    /// <summary>XEN_DOMCTL_getvcpuextstate</summary>
    Getvcpuextstate = 63,
    /// <summary>XEN_DOMCTL_set_access_required</summary>
    SetAccessRequired = 64,
    /// <summary>XEN_DOMCTL_audit_p2m</summary>
    AuditP2m = 65,
    /// <summary>XEN_DOMCTL_set_virq_handler</summary>
    SetVirqHandler = 66,
    /// <summary>XEN_DOMCTL_set_broken_page_p2m</summary>
    SetBrokenPageP2m = 67,
    /// <summary>XEN_DOMCTL_setnodeaffinity</summary>
    Setnodeaffinity = 68,
    /// <summary>XEN_DOMCTL_getnodeaffinity</summary>
    Getnodeaffinity = 69,
    /// <summary>XEN_DOMCTL_cacheflush</summary>
    Cacheflush = 71,
    /// <summary>XEN_DOMCTL_get_vcpu_msrs</summary>
    GetVcpuMsrs = 72,
    /// <summary>XEN_DOMCTL_set_vcpu_msrs</summary>
    SetVcpuMsrs = 73,
    /// <summary>XEN_DOMCTL_setvnumainfo</summary>
    Setvnumainfo = 74,
    /// <summary>XEN_DOMCTL_psr_cmt_op</summary>
    PsrCmtOp = 75,
    /// <summary>XEN_DOMCTL_monitor_op</summary>
    MonitorOp = 77,
    /// <summary>XEN_DOMCTL_psr_alloc</summary>
    PsrAlloc = 78,
    /// <summary>XEN_DOMCTL_soft_reset</summary>
    SoftReset = 79,
    /// <summary>XEN_DOMCTL_vuart_op</summary>
    VuartOp = 81,
    /// <summary>XEN_DOMCTL_get_cpu_policy</summary>
    GetCpuPolicy = 82,
    /// <summary>XEN_DOMCTL_set_cpu_policy</summary>
    SetCpuPolicy = 83,
    /// <summary>XEN_DOMCTL_vmtrace_op</summary>
    VmtraceOp = 84,
    /// <summary>XEN_DOMCTL_get_paging_mempool_size</summary>
    GetPagingMempoolSize = 85,
    /// <summary>XEN_DOMCTL_set_paging_mempool_size</summary>
    SetPagingMempoolSize = 86,
    /// <summary>XEN_DOMCTL_gdbsx_guestmemio</summary>
    GdbsxGuestmemio = 1000,
    /// <summary>XEN_DOMCTL_gdbsx_pausevcpu</summary>
    GdbsxPausevcpu = 1001,
    /// <summary>XEN_DOMCTL_gdbsx_unpausevcpu</summary>
    GdbsxUnpausevcpu = 1002,
    /// <summary>XEN_DOMCTL_gdbsx_domstatus</summary>
    GdbsxDomstatus = 1003,
}

/// <summary>XEN_SYSCTL_* commands (sysctl.h, needs __XEN_TOOLS__).</summary>
public enum SysctlCmd : uint
{
    /// <summary>XEN_SYSCTL_readconsole</summary>
    Readconsole = 1,
    /// <summary>XEN_SYSCTL_tbuf_op</summary>
    TbufOp = 2,
    /// <summary>XEN_SYSCTL_physinfo</summary>
    Physinfo = 3,
    /// <summary>XEN_SYSCTL_sched_id</summary>
    SchedId = 4,
    /// <summary>XEN_SYSCTL_perfc_op</summary>
    PerfcOp = 5,
    /// <summary>XEN_SYSCTL_getdomaininfolist</summary>
    Getdomaininfolist = 6,
    /// <summary>XEN_SYSCTL_debug_keys</summary>
    DebugKeys = 7,
    /// <summary>XEN_SYSCTL_getcpuinfo</summary>
    Getcpuinfo = 8,
    /// <summary>XEN_SYSCTL_availheap</summary>
    Availheap = 9,
    /// <summary>XEN_SYSCTL_get_pmstat</summary>
    GetPmstat = 10,
    /// <summary>XEN_SYSCTL_cpu_hotplug</summary>
    CpuHotplug = 11,
    /// <summary>XEN_SYSCTL_pm_op</summary>
    PmOp = 12,
    /// <summary>XEN_SYSCTL_page_offline_op</summary>
    PageOfflineOp = 14,
    /// <summary>XEN_SYSCTL_lockprof_op</summary>
    LockprofOp = 15,
    /// <summary>XEN_SYSCTL_cputopoinfo</summary>
    Cputopoinfo = 16,
    /// <summary>XEN_SYSCTL_numainfo</summary>
    Numainfo = 17,
    /// <summary>XEN_SYSCTL_cpupool_op</summary>
    CpupoolOp = 18,
    /// <summary>XEN_SYSCTL_scheduler_op</summary>
    SchedulerOp = 19,
    /// <summary>XEN_SYSCTL_coverage_op</summary>
    CoverageOp = 20,
    /// <summary>XEN_SYSCTL_psr_cmt_op</summary>
    PsrCmtOp = 21,
    /// <summary>XEN_SYSCTL_pcitopoinfo</summary>
    Pcitopoinfo = 22,
    /// <summary>XEN_SYSCTL_psr_alloc</summary>
    PsrAlloc = 23,
    /// <summary>XEN_SYSCTL_get_cpu_levelling_caps</summary>
    GetCpuLevellingCaps = 25,
    /// <summary>XEN_SYSCTL_get_cpu_featureset</summary>
    GetCpuFeatureset = 26,
    /// <summary>XEN_SYSCTL_livepatch_op</summary>
    LivepatchOp = 27,
    /// <summary>XEN_SYSCTL_get_cpu_policy</summary>
    GetCpuPolicy = 29,
}

/// <summary>Interface versions of Xen 4.17's privileged interfaces.</summary>
public static class XenInterfaceVersions
{
    /// <summary>XEN_DOMCTL_INTERFACE_VERSION</summary>
    public const uint Domctl = 21U;
    /// <summary>XEN_SYSCTL_INTERFACE_VERSION</summary>
    public const uint Sysctl = 21U;
    /// <summary>__XEN_LATEST_INTERFACE_VERSION__</summary>
    public const uint Latest = 0x40E00U;
}
