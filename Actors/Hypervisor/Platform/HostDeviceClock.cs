using System.Diagnostics;

namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// The real <see cref="DeviceClock"/>: the host's monotonic clock minus the time spent paused, and one thread
/// per domain that sleeps until the earliest armed timer is due. Timer resolution is the host's wait
/// granularity (about 1 ms): a device whose period is shorter sees ticks collapsed, never a busy loop.
/// </summary>
internal sealed class HostDeviceClock : DeviceClock, IDisposable
{
    readonly object _lock = new();
    readonly List<DeviceTimer> _timers = [];
    readonly Func<long> _hostNs;
    readonly Thread _thread;
    long _offsetNs;            // device time = host time - _offsetNs
    long _pausedAtHostNs = -1; // host time of the pause, -1 while running
    bool _disposed;

    /// <summary>Told of an exception a timer callback threw (the thread carries on with the other timers).</summary>
    public Action<Exception>? Faulted { get; set; }

    public HostDeviceClock(string name, Func<long>? hostNs = null)
    {
        _hostNs = hostNs ?? (() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency)));
        _offsetNs = _hostNs();
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public override long NowNs
    {
        get { lock (_lock) return NowLocked(); }
    }

    long NowLocked() => (_pausedAtHostNs >= 0 ? _pausedAtHostNs : _hostNs()) - _offsetNs;

    public override DeviceTimer CreateTimer(Action<long> expired)
    {
        var t = new DeviceTimer(this, expired);
        lock (_lock) _timers.Add(t);
        return t;
    }

    internal override void Arm(DeviceTimer timer, long dueNs)
    {
        lock (_lock)
        {
            timer.DueNs = dueNs;
            Monitor.PulseAll(_lock);
        }
    }

    internal override void Cancel(DeviceTimer timer)
    {
        lock (_lock) timer.DueNs = long.MaxValue;
    }

    /// <summary>Freezes device time: no timer fires until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_lock)
            if (_pausedAtHostNs < 0) _pausedAtHostNs = _hostNs();
    }

    /// <summary>Lets device time run on from where <see cref="Pause"/> stopped it.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            if (_pausedAtHostNs < 0) return;
            _offsetNs += _hostNs() - _pausedAtHostNs;
            _pausedAtHostNs = -1;
            Monitor.PulseAll(_lock);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            Monitor.PulseAll(_lock);
        }
        if (Thread.CurrentThread != _thread) _thread.Join();
    }

    void Run()
    {
        var due = new List<DeviceTimer>();
        while (true)
        {
            long now;
            lock (_lock)
            {
                if (_disposed) return;
                now = NowLocked();
                long next = long.MaxValue;
                foreach (var t in _timers)
                {
                    if (t.DueNs <= now) { due.Add(t); t.DueNs = long.MaxValue; }
                    else next = Math.Min(next, t.DueNs);
                }
                if (due.Count == 0)
                {
                    if (_pausedAtHostNs >= 0 || next == long.MaxValue) Monitor.Wait(_lock);
                    else Monitor.Wait(_lock, (int)Math.Clamp((next - now + 999_999) / 1_000_000, 1, int.MaxValue));
                    continue;
                }
            }
            foreach (var t in due)
            {
                try { t.Fire(now); }   // outside the lock: callbacks re-arm and take device locks
                catch (Exception e) { Faulted?.Invoke(e); }   // e.g. KVM_SIGNAL_MSI on a VM being torn down
            }
            due.Clear();
        }
    }
}
