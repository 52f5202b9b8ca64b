using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>A vCPU's singleshot (set_timer_op, VCPUOP_set_singleshot_timer) and periodic timers, raising VIRQ_TIMER.</summary>
/// <remarks>
/// Deadlines are in system time (ns, <see cref="SystemClock"/>), as the guest reads it from its pvclock.
/// .NET timers fire with millisecond granularity and at most ~49 days ahead; a deadline further out is
/// reached in steps. A timer never fires early, which is what a guest relies on.
/// </remarks>
public sealed class VcpuTimers : IDisposable
{
    /// <summary>Xen refuses periodic timers faster than 1 ms (VCPUOP_set_periodic_timer).</summary>
    public const long MinPeriodNs = 1_000_000;

    /// <summary>The longest single wait a System.Threading.Timer takes.</summary>
    const long MaxStepMs = uint.MaxValue - 1;

    readonly object _lock = new();
    readonly Vcpu _vcpu;
    readonly Timer _singleshot;
    readonly Timer _periodic;
    long _singleshotDeadlineNs;   // 0 = stopped
    long _periodNs;               // 0 = stopped
    long _periodicDeadlineNs;

    internal VcpuTimers(Vcpu vcpu)
    {
        _vcpu = vcpu;
        _singleshot = new Timer(_ => SingleshotFired(), null, Timeout.Infinite, Timeout.Infinite);
        _periodic = new Timer(_ => PeriodicFired(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Arms the singleshot timer for an absolute system time; 0 stops it. A past deadline fires at once.</summary>
    public void SetSingleshot(long deadlineNs)
    {
        lock (_lock)
        {
            _singleshotDeadlineNs = deadlineNs;
            Arm(_singleshot, deadlineNs);
        }
    }

    public void StopSingleshot() => SetSingleshot(0);

    /// <summary>Starts the periodic timer (period already validated by the caller).</summary>
    public void SetPeriodic(long periodNs)
    {
        lock (_lock)
        {
            _periodNs = periodNs;
            _periodicDeadlineNs = SystemClock.NowNs + periodNs;
            Arm(_periodic, _periodicDeadlineNs);
        }
    }

    public void StopPeriodic()
    {
        lock (_lock)
        {
            _periodNs = 0;
            Arm(_periodic, 0);
        }
    }

    public long PeriodNs => Volatile.Read(ref _periodNs);

    internal void StopAll()
    {
        StopSingleshot();
        StopPeriodic();
    }

    void SingleshotFired()
    {
        lock (_lock)
        {
            if (_singleshotDeadlineNs == 0) return;
            if (SystemClock.NowNs < _singleshotDeadlineNs) { Arm(_singleshot, _singleshotDeadlineNs); return; }
            _singleshotDeadlineNs = 0;
        }
        RaiseTimerVirq();
    }

    void PeriodicFired()
    {
        lock (_lock)
        {
            if (_periodNs == 0) return;
            var now = SystemClock.NowNs;
            if (now < _periodicDeadlineNs) { Arm(_periodic, _periodicDeadlineNs); return; }
            // Missed periods are not replayed: the next tick is one period from now (Xen's periodic timer does the same).
            _periodicDeadlineNs = Math.Max(_periodicDeadlineNs + _periodNs, now + 1);
            Arm(_periodic, _periodicDeadlineNs);
        }
        RaiseTimerVirq();
    }

    void RaiseTimerVirq() => _vcpu.Domain.Events.RaiseVirq(_vcpu.Id, (int)Virq.Timer);

    /// <summary>Arms a timer for a deadline (0 = disarm), in steps no longer than the host timer allows.</summary>
    static void Arm(Timer timer, long deadlineNs)
    {
        if (deadlineNs == 0) { timer.Change(Timeout.Infinite, Timeout.Infinite); return; }
        var remainingNs = deadlineNs - SystemClock.NowNs;
        var dueMs = remainingNs <= 0 ? 0 : Math.Min(MaxStepMs, (remainingNs + 999_999) / 1_000_000);   // round up: never early
        timer.Change(dueMs, Timeout.Infinite);
    }

    public void Dispose()
    {
        _singleshot.Dispose();
        _periodic.Dispose();
    }
}
