using Disagg.Actors.Hypervisor.Time;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_vcpu_op(cmd, vcpuid, arg): vCPU bring-up, timers, runstate and info areas.</summary>
public static class VcpuOpHypercall
{
    /// <summary>Xen's STIME_DELTA_MAX bound on periodic timer periods.</summary>
    const long MaxPeriodNs = 1L << 62;

    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        var cmd = (VcpuOpCmd)(int)a.A1;
        var id = (uint)a.A2;
        var arg = a.A3;
        if (id >= c.Domain.VcpuCount) return -(long)XenErrno.ENOENT;
        var v = c.Domain.GetVcpu(id);
        var isCurrent = v == c.Vcpu;
        switch (cmd)
        {
            case VcpuOpCmd.Initialise:
                return Initialise(c, v, arg);
            case VcpuOpCmd.Up:
                if (!v.IsInitialised) return -(long)XenErrno.EINVAL;
                v.Up();
                return 0;
            case VcpuOpCmd.Down:
                v.TakeDown();
                return 0;
            case VcpuOpCmd.IsUp:
                return v.Online ? 1 : 0;
            case VcpuOpCmd.GetRunstateInfo:
                return GetRunstateInfo(c, v, arg);
            case VcpuOpCmd.RegisterRunstateMemoryArea:
                if (!c.Memory.TryRead(arg, out ulong runstateArea)) return -(long)XenErrno.EFAULT;
                v.RunstateArea = c.Is32Bit ? (uint)runstateArea : runstateArea;
                if (isCurrent) v.PublishRunstate();
                return 0;
            case VcpuOpCmd.SetPeriodicTimer:
                if (!c.Memory.TryRead<VcpuSetPeriodicTimer>(arg, out var periodic)) return -(long)XenErrno.EFAULT;
                if ((long)periodic.period_ns < VcpuTimers.MinPeriodNs || periodic.period_ns > MaxPeriodNs) return -(long)XenErrno.EINVAL;
                v.Timers.SetPeriodic((long)periodic.period_ns);
                return 0;
            case VcpuOpCmd.StopPeriodicTimer:
                v.Timers.StopPeriodic();
                return 0;
            case VcpuOpCmd.SetSingleshotTimer:
                if (!isCurrent) return -(long)XenErrno.EINVAL;
                if (!c.Memory.TryRead<VcpuSetSingleshotTimer>(arg, out var shot)) return -(long)XenErrno.EFAULT;
                if ((shot.flags & (uint)VcpuSingleshotTimerFlags.Future) != 0 && (long)shot.timeout_abs_ns < SystemClock.NowNs)
                    return -(long)XenErrno.ETIME;
                v.Timers.SetSingleshot((long)Math.Min(shot.timeout_abs_ns, long.MaxValue));
                return 0;
            case VcpuOpCmd.StopSingleshotTimer:
                if (!isCurrent) return -(long)XenErrno.EINVAL;
                v.Timers.StopSingleshot();
                return 0;
            case VcpuOpCmd.RegisterVcpuInfo:
                return RegisterVcpuInfo(c, v, arg);
            case VcpuOpCmd.RegisterVcpuTimeMemoryArea:
                if (!c.Memory.TryRead(arg, out ulong timeArea)) return -(long)XenErrno.EFAULT;
                v.TimeMemoryArea = c.Is32Bit ? (uint)timeArea : timeArea;
                if (isCurrent) v.UpdateTime();
                return 0;
            case VcpuOpCmd.SendNmi:
                if (arg != 0) return -(long)XenErrno.EINVAL;   // Xen: the argument handle must be NULL
                v.SendNmi();
                return 0;
            case VcpuOpCmd.GetPhysid:
                return -(long)XenErrno.EINVAL;                 // only for the hardware domain's pinned vCPUs
            default:
                return -(long)XenErrno.ENOSYS;
        }
    }

    static long Initialise(HypercallContext c, Vcpu v, ulong arg)
    {
        if (!c.Memory.TryRead<VcpuHvmContext>(arg, out var ctx)) return -(long)XenErrno.EFAULT;
        if (v.IsInitialised) return -(long)XenErrno.EEXIST;
        var start = VcpuStartState.FromHvmContext(ctx);
        if (start is null) return -(long)XenErrno.EINVAL;
        v.SetStartState(start);
        return 0;
    }

    /// <summary>map_vcpu_info: move vcpu_info into a guest page, then mark everything pending so nothing is lost.</summary>
    static long RegisterVcpuInfo(HypercallContext c, Vcpu v, ulong arg)
    {
        if (!c.Memory.TryRead<VcpuRegisterVcpuInfo>(arg, out var info)) return -(long)XenErrno.EFAULT;
        var size = VcpuInfoLayout.X64.Size;
        if (info.offset > MemoryLayout.PageSize - (ulong)size) return -(long)XenErrno.EINVAL;
        if (v.VcpuInfoGpa is not null) return -(long)XenErrno.EINVAL;
        if (!c.Domain.Memory.IsRam(info.mfn)) return -(long)XenErrno.EINVAL;
        var gpa = (info.mfn << MemoryLayout.PageShift) + info.offset;
        if (!c.Domain.Memory.TryGetSpan(gpa, size, out var target)) return -(long)XenErrno.EINVAL;
        c.Domain.VcpuInfo(v.Id).CopyTo(target);
        v.VcpuInfoGpa = gpa;
        var layout = c.Domain.Is32Bit ? VcpuInfoLayout.X86_32 : VcpuInfoLayout.X64;
        target.Slice(layout.EvtchnPendingSel, layout.EvtchnPendingSelBytes).Fill(0xFF);
        target[layout.EvtchnUpcallPending] = 1;
        v.NotifyUpcall();
        return 0;
    }

    /// <summary>VCPUOP_get_runstate_info: struct vcpu_runstate_info in the caller's layout, up to now.</summary>
    static long GetRunstateInfo(HypercallContext c, Vcpu v, ulong address)
    {
        var layout = c.Is32Bit ? RunstateLayout.X86_32 : RunstateLayout.X64;
        Span<byte> info = stackalloc byte[layout.Size];
        v.Runstate.Encode(info, layout, includeCurrent: true);
        return c.Memory.TryWrite(address, info) ? 0 : -(long)XenErrno.EFAULT;
    }
}
