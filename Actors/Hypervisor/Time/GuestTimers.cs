namespace Disagg.Actors.Hypervisor.Time;

/// <summary>The core's guest timers: one dedicated thread and a deadline queue, never the thread pool.</summary>
/// <remarks>
/// Guest timers (VIRQ_TIMER) must fire on time whatever else the process does; the .NET thread pool can be
/// starved by blocking work elsewhere and then delays callbacks by hundreds of milliseconds. Callbacks run
/// on the timer thread and must not block (raising a VIRQ and kicking a vCPU is what they do). Deadlines
/// are in system time (<see cref="SystemClock"/>); a timer never fires early.
/// </remarks>
public sealed class GuestTimers : IDisposable
{
    readonly object _lock = new();
    readonly PriorityQueue<(Timer Timer, long Version), long> _queue = new();
    readonly Thread _thread;
    bool _disposed;

    public GuestTimers()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "guest-timers" };
        _thread.Start();
    }

    /// <summary>A re-armable timer whose callback runs on the timer thread.</summary>
    public sealed class Timer
    {
        internal Timer(GuestTimers owner, Action callback) { Owner = owner; Callback = callback; }
        internal GuestTimers Owner { get; }
        internal Action Callback { get; }
        internal long Version;   // bumped by every arm/disarm: queued entries of older versions are stale

        /// <summary>Fires once at <paramref name="deadlineNs"/> (system time; past = at once); replaces any earlier arming.</summary>
        public void Arm(long deadlineNs) => Owner.Arm(this, deadlineNs);

        /// <summary>Cancels a pending firing.</summary>
        public void Disarm() => Owner.Arm(this, 0);
    }

    public Timer Create(Action callback) => new(this, callback);

    void Arm(Timer timer, long deadlineNs)
    {
        lock (_lock)
        {
            var version = ++timer.Version;
            if (deadlineNs == 0 || _disposed) return;
            _queue.Enqueue((timer, version), deadlineNs);
            Monitor.Pulse(_lock);
        }
    }

    void Run()
    {
        while (true)
        {
            Timer? due = null;
            lock (_lock)
            {
                while (!_disposed && due is null)
                {
                    if (!_queue.TryPeek(out var entry, out var deadline)) { Monitor.Wait(_lock); continue; }
                    var remainingNs = deadline - SystemClock.NowNs;
                    if (remainingNs > 0)
                    {
                        // Round up to whole milliseconds: waking early would only mean waiting again.
                        Monitor.Wait(_lock, (int)Math.Min(int.MaxValue, (remainingNs + 999_999) / 1_000_000));
                        continue;
                    }
                    _queue.Dequeue();
                    if (entry.Version == entry.Timer.Version) due = entry.Timer;
                }
                if (_disposed) return;
            }
            due!.Callback();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            Monitor.Pulse(_lock);
        }
        _thread.Join();
    }
}
