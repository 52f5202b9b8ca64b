using System.Runtime.InteropServices;

namespace Disagg.Xen;

// VCPUOP_* arguments (xen/vcpu.h).

/// <summary>struct vcpu_runstate_info</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuRunstateInfo
{
    /// <summary>RUNSTATE_*</summary>
    public int state;
    /// <summary>System time of entering state (XEN_RUNSTATE_UPDATE while updating)</summary>
    public ulong state_entry_time;
    /// <summary>ns spent in each RUNSTATE_*</summary>
    public RunstateTimes time;
}

/// <summary>struct vcpu_runstate_info</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct VcpuRunstateInfo32
{
    /// <summary>RUNSTATE_*</summary>
    public int state;
    /// <summary>System time of entering state (XEN_RUNSTATE_UPDATE while updating)</summary>
    public ulong state_entry_time;
    /// <summary>ns spent in each RUNSTATE_*</summary>
    public RunstateTimes time;
}

/// <summary>struct vcpu_register_runstate_memory_area</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuRegisterRunstateMemoryArea
{
    /// <summary>Where Xen keeps the vcpu_runstate_info</summary>
    public Addr addr;
    /// <summary>struct vcpu_register_runstate_memory_area.addr</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Addr
    {
        /// <summary>guest handle</summary>
        [FieldOffset(0)] public ulong h;
        /// <summary>Guest virtual address</summary>
        [FieldOffset(0)] public ulong v;
        /// <summary>Guest physical address (XENFEAT/HVM use)</summary>
        [FieldOffset(0)] public ulong p;
    }
}

/// <summary>struct vcpu_register_runstate_memory_area</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct VcpuRegisterRunstateMemoryArea32
{
    /// <summary>Where Xen keeps the vcpu_runstate_info</summary>
    public Addr addr;
    /// <summary>struct vcpu_register_runstate_memory_area.addr</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Addr
    {
        /// <summary>guest handle</summary>
        [FieldOffset(0)] public uint h;
        /// <summary>Guest virtual address</summary>
        [FieldOffset(0)] public uint v;
        /// <summary>Guest physical address (XENFEAT/HVM use)</summary>
        [FieldOffset(0)] public ulong p;
    }
}

/// <summary>struct vcpu_set_periodic_timer</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuSetPeriodicTimer
{
    /// <summary>Period in ns</summary>
    public ulong period_ns;
}

/// <summary>struct vcpu_set_singleshot_timer</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuSetSingleshotTimer
{
    /// <summary>Absolute system time in ns</summary>
    public ulong timeout_abs_ns;
    /// <summary>VCPU_SSHOTTMR_*</summary>
    public uint flags;
}

/// <summary>struct vcpu_set_singleshot_timer</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct VcpuSetSingleshotTimer32
{
    /// <summary>Absolute system time in ns</summary>
    public ulong timeout_abs_ns;
    /// <summary>VCPU_SSHOTTMR_*</summary>
    public uint flags;
}

/// <summary>struct vcpu_register_vcpu_info</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuRegisterVcpuInfo
{
    /// <summary>Frame of the page holding vcpu_info</summary>
    public ulong mfn;
    /// <summary>Offset in that page</summary>
    public uint offset;
    /// <summary>Unused</summary>
    public uint rsvd;
}

/// <summary>struct vcpu_get_physid</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuGetPhysid
{
    /// <summary>Physical CPU id (APIC and ACPI ids)</summary>
    public ulong phys_id;
}

/// <summary>struct vcpu_register_time_memory_area</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuRegisterTimeMemoryArea
{
    /// <summary>Where Xen keeps a vcpu_time_info copy</summary>
    public Addr addr;
    /// <summary>struct vcpu_register_time_memory_area.addr</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Addr
    {
        /// <summary>guest handle</summary>
        [FieldOffset(0)] public ulong h;
        /// <summary>Guest virtual address</summary>
        [FieldOffset(0)] public ulong v;
        /// <summary>Guest physical address (XENFEAT/HVM use)</summary>
        [FieldOffset(0)] public ulong p;
    }
}

/// <summary>struct vcpu_register_time_memory_area</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct VcpuRegisterTimeMemoryArea32
{
    /// <summary>Where Xen keeps a vcpu_time_info copy</summary>
    public Addr addr;
    /// <summary>struct vcpu_register_time_memory_area.addr</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Addr
    {
        /// <summary>guest handle</summary>
        [FieldOffset(0)] public uint h;
        /// <summary>Guest virtual address</summary>
        [FieldOffset(0)] public uint v;
        /// <summary>Guest physical address (XENFEAT/HVM use)</summary>
        [FieldOffset(0)] public ulong p;
    }
}
