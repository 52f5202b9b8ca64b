namespace Disagg.Xen;

/// <summary>SCHEDOP_* sub-commands of __HYPERVISOR_sched_op.</summary>
public enum SchedOpCmd : int
{
    /// <summary>SCHEDOP_yield</summary>
    Yield = 0,
    /// <summary>SCHEDOP_block</summary>
    Block = 1,
    /// <summary>SCHEDOP_shutdown</summary>
    Shutdown = 2,
    /// <summary>SCHEDOP_poll</summary>
    Poll = 3,
    /// <summary>SCHEDOP_remote_shutdown</summary>
    RemoteShutdown = 4,
    /// <summary>SCHEDOP_shutdown_code</summary>
    ShutdownCode = 5,
    /// <summary>SCHEDOP_watchdog</summary>
    Watchdog = 6,
    /// <summary>SCHEDOP_pin_override</summary>
    PinOverride = 7,
}

/// <summary>SHUTDOWN_* reasons (sched_shutdown.reason).</summary>
public enum ShutdownReason : uint
{
    /// <summary>SHUTDOWN_poweroff</summary>
    Poweroff = 0,
    /// <summary>SHUTDOWN_reboot</summary>
    Reboot = 1,
    /// <summary>SHUTDOWN_suspend</summary>
    Suspend = 2,
    /// <summary>SHUTDOWN_crash</summary>
    Crash = 3,
    /// <summary>SHUTDOWN_watchdog</summary>
    Watchdog = 4,
    /// <summary>SHUTDOWN_soft_reset</summary>
    SoftReset = 5,
    /// <summary>SHUTDOWN_MAX</summary>
    Max = 5,
}
