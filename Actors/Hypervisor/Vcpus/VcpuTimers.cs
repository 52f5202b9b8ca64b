using Disagg.Actors.Hypervisor.Time;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>A vCPU's singleshot (set_timer_op, VCPUOP_set_singleshot_timer) and periodic timers, raising VIRQ_TIMER.</summary>
/// <remarks>Deadlines are in system time (ns, <see cref="SystemClock"/>), as the guest reads it from its pvclock.</remarks>
public sealed class VcpuTimers : IDisposable
{
    /// <summary>Xen refuses periodic timers faster than 1 ms (VCPUOP_set_periodic_timer).</summary>
    public const long MinPeriodNs = 1_000_000;

    readonly object _lock = new();
    readonly Vcpu _vcpu;
    readonly GuestTimers.Timer _singleshot;
    readonly GuestTimers.Timer _periodic;
    long _periodNs;             // 0 = stopped
    long _periodicDeadlineNs;

    internal VcpuTimers(Vcpu vcpu, GuestTimers timers)
    {
        _vcpu = vcpu;
        _singleshot = timers.Create(RaiseTimerVirq);
        _periodic = timers.Create(PeriodicFired);
    }

    /// <summary>Arms the singleshot timer for an absolute system time; 0 stops it. A past deadline fires at once.</summary>
    public void SetSingleshot(long deadlineNs) => _singleshot.Arm(deadlineNs);

    public void StopSingleshot() => _singleshot.Disarm();

    /// <summary>Starts the periodic timer (period already validated by the caller).</summary>
    public void SetPeriodic(long periodNs)
    {
        lock (_lock)
        {
            _periodNs = periodNs;
            _periodicDeadlineNs = SystemClock.NowNs + periodNs;
            _periodic.Arm(_periodicDeadlineNs);
        }
    }

    public void StopPeriodic()
    {
        lock (_lock)
        {
            _periodNs = 0;
            _periodic.Disarm();
        }
    }

    public long PeriodNs => Volatile.Read(ref _periodNs);

    internal void StopAll()
    {
        StopSingleshot();
        StopPeriodic();
    }

    void PeriodicFired()
    {
        lock (_lock)
        {
            if (_periodNs == 0) return;
            // Missed periods are not replayed: the next tick is at least one period after the last one.
            _periodicDeadlineNs = Math.Max(_periodicDeadlineNs + _periodNs, SystemClock.NowNs + 1);
            _periodic.Arm(_periodicDeadlineNs);
        }
        RaiseTimerVirq();
    }

    void RaiseTimerVirq() => _vcpu.Domain.Events.RaiseVirq(_vcpu.Id, (int)Virq.Timer);

    public void Dispose() => StopAll();
}
