namespace Disagg.Xen;

/// <summary>
/// Byte offsets in the shared_info page (struct shared_info, xen.h) for one guest ABI. The core reads and
/// writes the page with atomics through a Span, so offsets rather than a struct.
/// </summary>
/// <remarks>Each property's summary is the C expression the ABI test evaluates against the headers.</remarks>
public sealed class SharedInfoLayout
{
    /// <summary>Layout seen by 64-bit guests.</summary>
    public static readonly SharedInfoLayout X64 = new()
    {
        EvtchnWordBits = 64, EvtchnPending = 2048, EvtchnMask = 2560, WcVersion = 3072, WcSec = 3076,
        WcNsec = 3080, WcSecHi = 3084, Arch = 3088, MaxPfn = 3088, PfnToMfnFrameListList = 3096,
        NmiReason = 3104, P2mCr3 = 3112, P2mVaddr = 3120, P2mGeneration = 3128, Size = 3136,
    };

    /// <summary>Layout seen by 32-bit (x86_32) guests.</summary>
    /// <remarks>wc_sec_hi has no room in the generic part here and lives at the end of arch.</remarks>
    public static readonly SharedInfoLayout X86_32 = new()
    {
        EvtchnWordBits = 32, EvtchnPending = 2048, EvtchnMask = 2176, WcVersion = 2304, WcSec = 2308,
        WcNsec = 2312, WcSecHi = 2340, Arch = 2316, MaxPfn = 2316, PfnToMfnFrameListList = 2320,
        NmiReason = 2324, P2mCr3 = 2328, P2mVaddr = 2332, P2mGeneration = 2336, Size = 2344,
    };

    private SharedInfoLayout() { }

    /// <summary>XEN_LEGACY_MAX_VCPUS</summary>
    public int MaxVirtCpus { get; private init; } = 32;
    /// <summary>sizeof(struct vcpu_info)</summary>
    public int VcpuInfoSize { get; private init; } = 64;
    /// <summary>offsetof(struct shared_info, vcpu_info)</summary>
    public int VcpuInfo { get; private init; }
    /// <summary>sizeof(xen_ulong_t) * 8</summary>
    public int EvtchnWordBits { get; private init; }
    /// <summary>offsetof(struct shared_info, evtchn_pending)</summary>
    public int EvtchnPending { get; private init; }
    /// <summary>offsetof(struct shared_info, evtchn_mask)</summary>
    public int EvtchnMask { get; private init; }
    /// <summary>offsetof(struct shared_info, wc_version)</summary>
    public int WcVersion { get; private init; }
    /// <summary>offsetof(struct shared_info, wc_sec)</summary>
    public int WcSec { get; private init; }
    /// <summary>offsetof(struct shared_info, wc_nsec)</summary>
    public int WcNsec { get; private init; }
    /// <summary>offsetof(struct shared_info, xen_wc_sec_hi)</summary>
    public int WcSecHi { get; private init; }
    /// <summary>offsetof(struct shared_info, arch)</summary>
    public int Arch { get; private init; }
    /// <summary>offsetof(struct shared_info, arch.max_pfn)</summary>
    public int MaxPfn { get; private init; }
    /// <summary>offsetof(struct shared_info, arch.pfn_to_mfn_frame_list_list)</summary>
    public int PfnToMfnFrameListList { get; private init; }
    /// <summary>offsetof(struct shared_info, arch.nmi_reason)</summary>
    public int NmiReason { get; private init; }
    /// <summary>offsetof(struct shared_info, arch.p2m_cr3)</summary>
    public int P2mCr3 { get; private init; }
    /// <summary>offsetof(struct shared_info, arch.p2m_vaddr)</summary>
    public int P2mVaddr { get; private init; }
    /// <summary>offsetof(struct shared_info, arch.p2m_generation)</summary>
    public int P2mGeneration { get; private init; }
    /// <summary>sizeof(struct shared_info)</summary>
    public int Size { get; private init; }
    /// <summary>sizeof(xen_ulong_t)</summary>
    public int EvtchnWordBytes => EvtchnWordBits / 8;

    /// <summary>Offset of vcpu_info[vcpu] (only the first MaxVirtCpus vCPUs have one here).</summary>
    public int VcpuInfoOffset(int vcpu) =>
        (uint)vcpu < (uint)MaxVirtCpus ? VcpuInfo + vcpu * VcpuInfoSize : throw new ArgumentOutOfRangeException(nameof(vcpu));
}

/// <summary>Byte offsets in struct vcpu_info (xen.h, arch-x86/xen.h) for one guest ABI.</summary>
/// <remarks>Each property's summary is the C expression the ABI test evaluates against the headers.</remarks>
public sealed class VcpuInfoLayout
{
    /// <summary>Layout seen by 64-bit guests.</summary>
    public static readonly VcpuInfoLayout X64 = new() { EvtchnPendingSelBytes = 8, Arch = 16, ArchCr2 = 16, ArchPad = 24 };

    /// <summary>Layout seen by 32-bit (x86_32) guests.</summary>
    public static readonly VcpuInfoLayout X86_32 = new() { EvtchnPendingSel = 4, EvtchnPendingSelBytes = 4, Arch = 8, ArchCr2 = 8, ArchPad = 12 };

    private VcpuInfoLayout() { }

    /// <summary>offsetof(struct vcpu_info, evtchn_upcall_pending)</summary>
    public int EvtchnUpcallPending { get; private init; } = 0;
    /// <summary>offsetof(struct vcpu_info, evtchn_upcall_mask)</summary>
    public int EvtchnUpcallMask { get; private init; } = 1;
    /// <summary>offsetof(struct vcpu_info, evtchn_pending_sel)</summary>
    public int EvtchnPendingSel { get; private init; } = 8;
    /// <summary>sizeof(((struct vcpu_info *)0)->evtchn_pending_sel)</summary>
    public int EvtchnPendingSelBytes { get; private init; }
    /// <summary>offsetof(struct vcpu_info, arch)</summary>
    public int Arch { get; private init; }
    /// <summary>offsetof(struct vcpu_info, arch.cr2)</summary>
    public int ArchCr2 { get; private init; }
    /// <summary>offsetof(struct vcpu_info, arch.pad)</summary>
    public int ArchPad { get; private init; }
    /// <summary>offsetof(struct vcpu_info, time)</summary>
    public int Time { get; private init; } = 32;
    /// <summary>sizeof(struct vcpu_info)</summary>
    public int Size { get; private init; } = 64;
}

/// <summary>Byte offsets in struct vcpu_time_info (xen.h): the same for every guest ABI.</summary>
/// <remarks>Each constant's summary is the C expression the ABI test evaluates (for both ABIs).</remarks>
public static class VcpuTimeInfoLayout
{
    /// <summary>offsetof(struct vcpu_time_info, version)</summary>
    public const int Version = 0;
    /// <summary>offsetof(struct vcpu_time_info, tsc_timestamp)</summary>
    public const int TscTimestamp = 8;
    /// <summary>offsetof(struct vcpu_time_info, system_time)</summary>
    public const int SystemTime = 16;
    /// <summary>offsetof(struct vcpu_time_info, tsc_to_system_mul)</summary>
    public const int TscToSystemMul = 24;
    /// <summary>offsetof(struct vcpu_time_info, tsc_shift)</summary>
    public const int TscShift = 28;
    /// <summary>offsetof(struct vcpu_time_info, flags)</summary>
    public const int Flags = 29;
    /// <summary>sizeof(struct vcpu_time_info)</summary>
    public const int Size = 32;
    /// <summary>XEN_PVCLOCK_TSC_STABLE_BIT</summary>
    public const byte TscStableBit = 1;
    /// <summary>XEN_PVCLOCK_GUEST_STOPPED</summary>
    public const byte GuestStopped = 2;
}

/// <summary>Byte offsets in struct vcpu_runstate_info (vcpu.h) for one guest ABI, and the RUNSTATE_* states.</summary>
/// <remarks>Each member's summary is the C expression the ABI test evaluates against the headers.</remarks>
public sealed class RunstateLayout
{
    /// <summary>Layout seen by 64-bit guests.</summary>
    public static readonly RunstateLayout X64 = new() { StateEntryTime = 8, Time = 16, Size = 48 };

    /// <summary>Layout seen by 32-bit (x86_32) guests (uint64_t aligned to 4).</summary>
    public static readonly RunstateLayout X86_32 = new() { StateEntryTime = 4, Time = 12, Size = 44 };

    private RunstateLayout() { }

    /// <summary>RUNSTATE_running</summary>
    public const int Running = 0;
    /// <summary>RUNSTATE_runnable</summary>
    public const int Runnable = 1;
    /// <summary>RUNSTATE_blocked</summary>
    public const int Blocked = 2;
    /// <summary>RUNSTATE_offline</summary>
    public const int Offline = 3;
    /// <summary>XEN_RUNSTATE_UPDATE</summary>
    public const ulong UpdateFlag = 0x8000000000000000UL;

    /// <summary>offsetof(struct vcpu_runstate_info, state)</summary>
    public int State { get; private init; } = 0;
    /// <summary>offsetof(struct vcpu_runstate_info, state_entry_time)</summary>
    public int StateEntryTime { get; private init; }
    /// <summary>offsetof(struct vcpu_runstate_info, time)</summary>
    public int Time { get; private init; }
    /// <summary>sizeof(((struct vcpu_runstate_info *)0)->time) / sizeof(uint64_t)</summary>
    public int TimeCount { get; private init; } = 4;
    /// <summary>sizeof(struct vcpu_runstate_info)</summary>
    public int Size { get; private init; }
}
