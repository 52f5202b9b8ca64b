namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// The time base of a domain's platform devices: monotonic nanoseconds that stand still while the domain is
/// paused, and one-shot timers on that time base. Timer callbacks run on the clock's own thread, never under
/// the clock's lock, so a device may re-arm from its callback and take its own lock inside.
/// </summary>
internal abstract class DeviceClock
{
    /// <summary>Device time in ns (monotonic; frozen while paused).</summary>
    public abstract long NowNs { get; }

    /// <summary>A new, disarmed timer that calls <paramref name="expired"/> with the device time it fired at.</summary>
    public abstract DeviceTimer CreateTimer(Action<long> expired);

    /// <summary>Arms or re-arms <paramref name="timer"/> for device time <paramref name="dueNs"/>.</summary>
    internal abstract void Arm(DeviceTimer timer, long dueNs);

    /// <summary>Disarms <paramref name="timer"/>; a callback already running is not waited for.</summary>
    internal abstract void Cancel(DeviceTimer timer);
}

/// <summary>A one-shot timer of a <see cref="DeviceClock"/>; periodic devices re-arm it from the callback.</summary>
internal sealed class DeviceTimer(DeviceClock clock, Action<long> expired)
{
    /// <summary>Device time this timer is due at; <see cref="long.MaxValue"/> when disarmed (guarded by the clock).</summary>
    internal long DueNs = long.MaxValue;

    internal void Fire(long nowNs) => expired(nowNs);

    /// <summary>Arms the timer for device time <paramref name="dueNs"/> (replacing any earlier arming).</summary>
    public void Arm(long dueNs) => clock.Arm(this, dueNs);

    /// <summary>Disarms the timer.</summary>
    public void Cancel() => clock.Cancel(this);
}
