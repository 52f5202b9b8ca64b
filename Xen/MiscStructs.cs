using System.Runtime.InteropServices;

namespace Disagg.Xen;

// Small hypercall arguments: multicall (xen.h), XENVER_* (version.h), HVMOP_* (hvm/hvm_op.h).

/// <summary>struct multicall_entry</summary>
[StructLayout(LayoutKind.Sequential)]
public struct MulticallEntry
{
    /// <summary>__HYPERVISOR_* number</summary>
    public ulong op;
    /// <summary>OUT: return value</summary>
    public ulong result;
    /// <summary>Arguments</summary>
    public MulticallArgs args;
}

/// <summary>struct multicall_entry</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct MulticallEntry32
{
    /// <summary>__HYPERVISOR_* number</summary>
    public uint op;
    /// <summary>OUT: return value</summary>
    public uint result;
    /// <summary>Arguments</summary>
    public MulticallArgs32 args;
}

/// <summary>struct xen_feature_info</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FeatureInfo
{
    /// <summary>IN: which 32-bit submap</summary>
    public uint submap_idx;
    /// <summary>OUT: the submap</summary>
    public uint submap;
    /// <summary>XENFEAT_NR_SUBMAPS</summary>
    public const int NrSubmaps = 1;
}

/// <summary>struct xen_platform_parameters</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PlatformParameters
{
    /// <summary>Start of the hypervisor hole</summary>
    public ulong virt_start;
}

/// <summary>struct xen_platform_parameters</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct PlatformParameters32
{
    /// <summary>Start of the hypervisor hole</summary>
    public uint virt_start;
}

/// <summary>struct xen_compile_info</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CompileInfo
{
    /// <summary>NUL-terminated</summary>
    public CChars64 compiler;
    /// <summary>NUL-terminated</summary>
    public CChars16 compile_by;
    /// <summary>NUL-terminated</summary>
    public CChars32 compile_domain;
    /// <summary>NUL-terminated</summary>
    public CChars32 compile_date;
}

/// <summary>struct xen_hvm_param</summary>
/// <remarks>The HVM_PARAM_* indices are constants of this struct (HvmParam.StorePfn...) because the struct owns the name.</remarks>
[StructLayout(LayoutKind.Sequential)]
public struct HvmParam
{
    /// <summary>IN: domain</summary>
    public ushort domid;
    /// <summary>Padding</summary>
    public ushort pad;
    /// <summary>IN: HVM_PARAM_* (the constants of this type)</summary>
    public uint index;
    /// <summary>IN/OUT: value</summary>
    public ulong value;
    /// <summary>HVM_PARAM_PAE_ENABLED</summary>
    public const uint PaeEnabled = 4U;
    /// <summary>HVM_PARAM_DM_DOMAIN</summary>
    public const uint DmDomain = 13U;
    /// <summary>HVM_PARAM_MEMORY_EVENT_CR0</summary>
    public const uint MemoryEventCr0 = 20U;
    /// <summary>HVM_PARAM_MEMORY_EVENT_CR3</summary>
    public const uint MemoryEventCr3 = 21U;
    /// <summary>HVM_PARAM_MEMORY_EVENT_CR4</summary>
    public const uint MemoryEventCr4 = 22U;
    /// <summary>HVM_PARAM_MEMORY_EVENT_INT3</summary>
    public const uint MemoryEventInt3 = 23U;
    /// <summary>HVM_PARAM_NESTEDHVM</summary>
    public const uint Nestedhvm = 24U;
    /// <summary>HVM_PARAM_MEMORY_EVENT_SINGLE_STEP</summary>
    public const uint MemoryEventSingleStep = 25U;
    /// <summary>HVM_PARAM_BUFIOREQ_EVTCHN</summary>
    public const uint BufioreqEvtchn = 26U;
    /// <summary>HVM_PARAM_MEMORY_EVENT_MSR</summary>
    public const uint MemoryEventMsr = 30U;
    /// <summary>HVM_PARAM_CALLBACK_IRQ</summary>
    public const uint CallbackIrq = 0U;
    /// <summary>HVM_PARAM_STORE_PFN</summary>
    public const uint StorePfn = 1U;
    /// <summary>HVM_PARAM_STORE_EVTCHN</summary>
    public const uint StoreEvtchn = 2U;
    /// <summary>HVM_PARAM_IOREQ_PFN</summary>
    public const uint IoreqPfn = 5U;
    /// <summary>HVM_PARAM_BUFIOREQ_PFN</summary>
    public const uint BufioreqPfn = 6U;
    /// <summary>HVM_PARAM_VIRIDIAN</summary>
    public const uint Viridian = 9U;
    /// <summary>HVM_PARAM_TIMER_MODE</summary>
    public const uint TimerMode = 10U;
    /// <summary>HVM_PARAM_HPET_ENABLED</summary>
    public const uint HpetEnabled = 11U;
    /// <summary>HVM_PARAM_IDENT_PT</summary>
    public const uint IdentPt = 12U;
    /// <summary>HVM_PARAM_ACPI_S_STATE</summary>
    public const uint AcpiSState = 14U;
    /// <summary>HVM_PARAM_VM86_TSS</summary>
    public const uint Vm86Tss = 15U;
    /// <summary>HVM_PARAM_VPT_ALIGN</summary>
    public const uint VptAlign = 16U;
    /// <summary>HVM_PARAM_CONSOLE_PFN</summary>
    public const uint ConsolePfn = 17U;
    /// <summary>HVM_PARAM_CONSOLE_EVTCHN</summary>
    public const uint ConsoleEvtchn = 18U;
    /// <summary>HVM_PARAM_ACPI_IOPORTS_LOCATION</summary>
    public const uint AcpiIoportsLocation = 19U;
    /// <summary>HVM_PARAM_PAGING_RING_PFN</summary>
    public const uint PagingRingPfn = 27U;
    /// <summary>HVM_PARAM_MONITOR_RING_PFN</summary>
    public const uint MonitorRingPfn = 28U;
    /// <summary>HVM_PARAM_SHARING_RING_PFN</summary>
    public const uint SharingRingPfn = 29U;
    /// <summary>HVM_PARAM_TRIPLE_FAULT_REASON</summary>
    public const uint TripleFaultReason = 31U;
    /// <summary>HVM_PARAM_IOREQ_SERVER_PFN</summary>
    public const uint IoreqServerPfn = 32U;
    /// <summary>HVM_PARAM_NR_IOREQ_SERVER_PAGES</summary>
    public const uint NrIoreqServerPages = 33U;
    /// <summary>HVM_PARAM_VM_GENERATION_ID_ADDR</summary>
    public const uint VmGenerationIdAddr = 34U;
    /// <summary>HVM_PARAM_ALTP2M</summary>
    public const uint Altp2m = 35U;
    /// <summary>HVM_PARAM_X87_FIP_WIDTH</summary>
    public const uint X87FipWidth = 36U;
    /// <summary>HVM_PARAM_VM86_TSS_SIZED</summary>
    public const uint Vm86TssSized = 37U;
    /// <summary>HVM_PARAM_MCA_CAP</summary>
    public const uint McaCap = 38U;
    /// <summary>HVM_NR_PARAMS</summary>
    public const uint Nr = 39U;
    /// <summary>HVM_PARAM_CALLBACK_IRQ_TYPE_MASK</summary>
    public const ulong CallbackIrqTypeMask = 0xFF00000000000000UL;
    /// <summary>HVM_PARAM_CALLBACK_TYPE_GSI</summary>
    public const ulong CallbackTypeGsi = 0UL;
    /// <summary>HVM_PARAM_CALLBACK_TYPE_PCI_INTX</summary>
    public const ulong CallbackTypePciIntx = 1UL;
    /// <summary>HVM_PARAM_CALLBACK_TYPE_VECTOR</summary>
    public const ulong CallbackTypeVector = 2UL;
    /// <summary>__builtin_ctzll(HVM_PARAM_CALLBACK_IRQ_TYPE_MASK)</summary>
    public const int CallbackTypeShift = 56;
}

/// <summary>struct xen_hvm_evtchn_upcall_vector</summary>
[StructLayout(LayoutKind.Sequential)]
public struct HvmEvtchnUpcallVector
{
    /// <summary>IN: vCPU</summary>
    public uint vcpu;
    /// <summary>IN: LAPIC vector for upcalls on that vCPU</summary>
    public byte vector;
}
