using Disagg.Actors.Hypervisor.Logging;
using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_sched_op(cmd, arg) and __HYPERVISOR_set_timer_op(timeout).</summary>
public static class SchedOpHypercall
{
    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        var arg = a.A2;
        switch ((SchedOpCmd)(int)a.A1)
        {
            case SchedOpCmd.Yield:
                Thread.Yield();
                return 0;
            case SchedOpCmd.Block:
                if (c.Vcpu is null) return -(long)XenErrno.EINVAL;
                c.Vcpu.Block(enableEvents: true);
                return 0;
            case SchedOpCmd.Shutdown:
                if (!c.Memory.TryRead<SchedShutdown>(arg, out var shutdown)) return -(long)XenErrno.EFAULT;
                c.Domain.RequestShutdown((ShutdownReason)(byte)shutdown.reason);
                return 0;
            case SchedOpCmd.ShutdownCode:
                if (!c.Memory.TryRead<SchedShutdown>(arg, out var code)) return -(long)XenErrno.EFAULT;
                c.Domain.ShutdownCode = (ShutdownReason)(byte)code.reason;
                return 0;
            case SchedOpCmd.Poll:
                return Poll(c, arg);
            case SchedOpCmd.RemoteShutdown:
                if (!c.Memory.TryRead<SchedRemoteShutdown>(arg, out var remote)) return -(long)XenErrno.EFAULT;
                if (!c.Domain.Host.TryGetDomain(remote.domain_id, out var target)) return -(long)XenErrno.ESRCH;
                if (!c.Caller.IsPrivileged) return -(long)XenErrno.EPERM;     // XSM_DM_PRIV
                target.RequestShutdown((ShutdownReason)(byte)remote.reason);
                return 0;
            case SchedOpCmd.Watchdog:
                if (!c.Memory.TryRead<SchedWatchdog>(arg, out var wd)) return -(long)XenErrno.EFAULT;
                return c.Domain.Watchdogs.Op(wd.id, wd.timeout);
            case SchedOpCmd.PinOverride:
                return -(long)XenErrno.EPERM;                                   // hardware domain only
            default:
                return -(long)XenErrno.ENOSYS;
        }
    }

    static long Poll(HypercallContext c, ulong arg)
    {
        ulong portsHandle, timeout;
        uint count;
        if (c.Is32Bit)
        {
            if (!c.Memory.TryRead<SchedPoll32>(arg, out var p32)) return -(long)XenErrno.EFAULT;
            (portsHandle, count, timeout) = (p32.ports, p32.nr_ports, p32.timeout);
        }
        else
        {
            if (!c.Memory.TryRead<SchedPoll>(arg, out var p)) return -(long)XenErrno.EFAULT;
            (portsHandle, count, timeout) = (p.ports, p.nr_ports, p.timeout);
        }
        if (count > Vcpu.MaxPollPorts || c.Vcpu is null) return -(long)XenErrno.EINVAL;
        var ports = c.Vcpu.PollPorts;
        for (var i = 0u; i < count; i++)
        {
            if (!c.Memory.TryRead(portsHandle, out ports[i], i)) return -(long)XenErrno.EFAULT;
            if (ports[i] >= c.Domain.Config.MaxEventChannels) return -(long)XenErrno.EINVAL;
        }
        c.Vcpu.Poll((int)count, (long)Math.Min(timeout, long.MaxValue));
        return 0;
    }

    /// <summary>set_timer_op(timeout): arm (absolute system time) or stop (0) the vCPU's singleshot timer.</summary>
    public static long SetTimerOp(HypercallContext c, in HypercallArgs a)
    {
        if (c.Vcpu is null) return -(long)XenErrno.EINVAL;
        // 32-bit guests pass the 64-bit timeout in ebx (low) and ecx (high).
        var timeout = c.Is32Bit ? (a.A1 & 0xFFFF_FFFF) | (a.A2 << 32) : a.A1;
        c.Vcpu.Timers.SetSingleshot((long)Math.Min(timeout, long.MaxValue));
        c.Vcpu.UpdateTime();
        return 0;
    }
}
