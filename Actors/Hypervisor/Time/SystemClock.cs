using System.Diagnostics;

namespace Disagg.Actors.Hypervisor.Time;

/// <summary>The core's system time: nanoseconds since the core started, monotonic (Xen's NOW()).</summary>
public static class SystemClock
{
    static readonly long Origin = Stopwatch.GetTimestamp();

    /// <summary>Wall-clock time (Unix ns) at system time 0: what shared_info's wallclock fields describe.</summary>
    public static readonly long WallClockAtOriginNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L
        - (long)(Stopwatch.GetElapsedTime(Origin).Ticks * 100);

    /// <summary>Nanoseconds since the core started.</summary>
    public static long NowNs => (long)((Stopwatch.GetTimestamp() - Origin) * (1_000_000_000.0 / Stopwatch.Frequency));
}
