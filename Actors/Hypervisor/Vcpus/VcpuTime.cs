using Disagg.Actors.Hypervisor.Time;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Keeping a vCPU's pvclock (vcpu_time_info) and runstate area current.</summary>
public sealed partial class Vcpu
{
    /// <summary>IA32_TIME_STAMP_COUNTER: the guest's TSC as KVM presents it.</summary>
    const uint MsrTsc = 0x10;

    /// <summary>How often the run loop refreshes the pvclock, so the guest's view follows the core's clock.</summary>
    const long TimeRefreshNs = 100_000_000;
    long _lastTimeUpdateNs = long.MinValue / 2;

    /// <summary>Refreshes the pvclock when it is older than <see cref="TimeRefreshNs"/>.</summary>
    void RefreshTimeIfStale()
    {
        if (SystemClock.NowNs - _lastTimeUpdateNs >= TimeRefreshNs) UpdateTime();
    }

    /// <summary>Rewrites vcpu_info.time (and the registered secondary copy) from the guest TSC now.</summary>
    /// <remarks>On the vCPU's thread only: it reads the vCPU's TSC and may translate a guest-virtual area.</remarks>
    internal void UpdateTime()
    {
        var tsc = _kvm.GetMsr(MsrTsc);
        var now = SystemClock.NowNs;
        _lastTimeUpdateNs = now;
        var scale = _domain.TscScale(this);
        var layout = _domain.Is32Bit ? VcpuInfoLayout.X86_32 : VcpuInfoLayout.X64;
        PvClock.Write(_domain.VcpuInfo(Id).Slice(layout.Time, VcpuTimeInfoLayout.Size), tsc, now, scale);
        if (TimeMemoryArea != 0)
        {
            Span<byte> copy = stackalloc byte[VcpuTimeInfoLayout.Size];
            _virtualMemory.TryRead(TimeMemoryArea, copy);
            PvClock.Write(copy, tsc, now, scale);
            _virtualMemory.TryWrite(TimeMemoryArea, copy);
        }
    }
}
