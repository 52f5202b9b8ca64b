using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>A vCPU's singleshot (set_timer_op, VCPUOP_set_singleshot_timer) and periodic timers, raising VIRQ_TIMER.</summary>
/// <remarks>
/// Deadlines are in system time (ns, <see cref="SystemClock"/>), as the guest reads it from its pvclock.
/// .NET timers fire with millisecond granularity; a timer never fires early, which is what a guest relies on.
/// </remarks>
public sealed class VcpuTimers : IDisposable
{
    /// <summary>Xen refuses periodic timers faster than 1 ms (VCPUOP_set_periodic_timer).</summary>
    public const long MinPeriodNs = 1_000_000;

    readonly Vcpu _vcpu;
    readonly Timer _singleshot;
    readonly Timer _periodic;
    long _periodNs;

    internal VcpuTimers(Vcpu vcpu)
    {
        _vcpu = vcpu;
        _singleshot = new Timer(_ => Fire(), null, Timeout.Infinite, Timeout.Infinite);
        _periodic = new Timer(_ => Fire(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Arms the singleshot timer for an absolute system time; 0 stops it.</summary>
    public void SetSingleshot(long deadlineNs)
    {
        if (deadlineNs == 0) { _singleshot.Change(Timeout.Infinite, Timeout.Infinite); return; }
        _singleshot.Change(DueMs(deadlineNs - SystemClock.NowNs), Timeout.Infinite);
    }

    public void StopSingleshot() => _singleshot.Change(Timeout.Infinite, Timeout.Infinite);

    /// <summary>Starts the periodic timer (period already validated).</summary>
    public void SetPeriodic(long periodNs)
    {
        _periodNs = periodNs;
        var ms = DueMs(periodNs);
        _periodic.Change(ms, ms);
    }

    public void StopPeriodic()
    {
        _periodNs = 0;
        _periodic.Change(Timeout.Infinite, Timeout.Infinite);
    }

    public long PeriodNs => _periodNs;

    internal void StopAll()
    {
        StopSingleshot();
        StopPeriodic();
    }

    void Fire() => _vcpu.Domain.Events.RaiseVirq(_vcpu.Id, (int)Virq.Timer);

    /// <summary>Rounds up so the timer never fires before the deadline.</summary>
    static long DueMs(long remainingNs) => remainingNs <= 0 ? 0 : (remainingNs + 999_999) / 1_000_000;

    public void Dispose()
    {
        _singleshot.Dispose();
        _periodic.Dispose();
    }
}
