using System.Runtime.InteropServices;

namespace Disagg.Xen;

// SCHEDOP_* arguments (xen/sched.h).

/// <summary>struct sched_shutdown</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SchedShutdown
{
    /// <summary>SHUTDOWN_* (see ShutdownReason)</summary>
    public uint reason;
}

/// <summary>struct sched_poll</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SchedPoll
{
    /// <summary>guest handle to evtchn_port_t[nr_ports]</summary>
    public ulong ports;
    /// <summary>Number of ports</summary>
    public uint nr_ports;
    /// <summary>Absolute system time in ns, 0 for none</summary>
    public ulong timeout;
}

/// <summary>struct sched_poll</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct SchedPoll32
{
    /// <summary>guest handle to evtchn_port_t[nr_ports]</summary>
    public uint ports;
    /// <summary>Number of ports</summary>
    public uint nr_ports;
    /// <summary>Absolute system time in ns, 0 for none</summary>
    public ulong timeout;
}

/// <summary>struct sched_remote_shutdown</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SchedRemoteShutdown
{
    /// <summary>Remote domain</summary>
    public ushort domain_id;
    /// <summary>SHUTDOWN_* (see ShutdownReason)</summary>
    public uint reason;
}

/// <summary>struct sched_watchdog</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SchedWatchdog
{
    /// <summary>Watchdog id (0 to create)</summary>
    public uint id;
    /// <summary>Timeout in seconds (0 to destroy)</summary>
    public uint timeout;
}

/// <summary>struct sched_pin_override</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SchedPinOverride
{
    /// <summary>Physical CPU, or -1 to drop the override</summary>
    public int pcpu;
}
