namespace Disagg.Xen;

/// <summary>VCPUOP_* sub-commands of __HYPERVISOR_vcpu_op.</summary>
public enum VcpuOpCmd : int
{
    /// <summary>VCPUOP_initialise</summary>
    Initialise = 0,
    /// <summary>VCPUOP_up</summary>
    Up = 1,
    /// <summary>VCPUOP_down</summary>
    Down = 2,
    /// <summary>VCPUOP_is_up</summary>
    IsUp = 3,
    /// <summary>VCPUOP_get_runstate_info</summary>
    GetRunstateInfo = 4,
    /// <summary>VCPUOP_register_runstate_memory_area</summary>
    RegisterRunstateMemoryArea = 5,
    /// <summary>VCPUOP_set_periodic_timer</summary>
    SetPeriodicTimer = 6,
    /// <summary>VCPUOP_stop_periodic_timer</summary>
    StopPeriodicTimer = 7,
    /// <summary>VCPUOP_set_singleshot_timer</summary>
    SetSingleshotTimer = 8,
    /// <summary>VCPUOP_stop_singleshot_timer</summary>
    StopSingleshotTimer = 9,
    /// <summary>VCPUOP_register_vcpu_info</summary>
    RegisterVcpuInfo = 10,
    /// <summary>VCPUOP_send_nmi</summary>
    SendNmi = 11,
    /// <summary>VCPUOP_get_physid</summary>
    GetPhysid = 12,
    /// <summary>VCPUOP_register_vcpu_time_memory_area</summary>
    RegisterVcpuTimeMemoryArea = 13,
}

/// <summary>VCPU_SSHOTTMR_* flags of vcpu_set_singleshot_timer.flags.</summary>
[Flags]
public enum VcpuSingleshotTimerFlags : uint
{
    /// <summary>VCPU_SSHOTTMR_future</summary>
    Future = 1,
}
