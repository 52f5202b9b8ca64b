using Disagg.Actors.Hypervisor.Time;

namespace Disagg.Actors.Hypervisor.Logging;

/// <summary>One line of the hypervisor log.</summary>
/// <param name="Sequence">Monotonic line number since the core started.</param>
/// <param name="TimestampNs">Core system time when the line was completed.</param>
/// <param name="DomId">The domain the line is about or from; null for the core itself.</param>
/// <param name="FromGuest">Whether the guest wrote the text (console_io, port 0xE9) rather than the core.</param>
/// <param name="Text">The line without its newline.</param>
public sealed record LogLine(long Sequence, long TimestampNs, ushort? DomId, bool FromGuest, string Text)
{
    /// <summary>The line as Xen's console prints it: "(XEN) ..." for the core, "(d1) ..." for guest output.</summary>
    public override string ToString() => FromGuest ? $"(d{DomId}) {Text}" : DomId is { } d ? $"(XEN) d{d}: {Text}" : $"(XEN) {Text}";
}

/// <summary>The hypervisor's console ring: bounded, shared by the core and every domain (what `xl dmesg` reads).</summary>
/// <remarks>
/// Like Xen's conring it keeps the newest lines and drops the oldest once full. Readers either take a
/// snapshot or subscribe; subscribers are called on the writer's thread and must not block.
/// </remarks>
public sealed class HypervisorLog
{
    readonly object _lock = new();
    readonly LogLine?[] _ring;
    long _next;
    long _oldest;   // sequence of the oldest line still to be shown (moves on Clear)
    readonly List<Action<LogLine>> _subscribers = new();

    public HypervisorLog(int capacityLines = 16384)
    {
        if (capacityLines <= 0) throw new ArgumentOutOfRangeException(nameof(capacityLines));
        _ring = new LogLine?[capacityLines];
    }

    /// <summary>Records a line from the core (about a domain when <paramref name="domId"/> is set).</summary>
    public void Core(string text, ushort? domId = null) => Append(domId, false, text);

    /// <summary>Records a complete line of guest output.</summary>
    public void Guest(ushort domId, string text) => Append(domId, true, text);

    void Append(ushort? domId, bool fromGuest, string text)
    {
        LogLine line;
        Action<LogLine>[] subscribers;
        lock (_lock)
        {
            line = new LogLine(_next, SystemClock.NowNs, domId, fromGuest, text);
            _ring[_next % _ring.Length] = line;
            _next++;
            subscribers = _subscribers.Count == 0 ? Array.Empty<Action<LogLine>>() : _subscribers.ToArray();
        }
        foreach (var s in subscribers) s(line);
    }

    /// <summary>The lines still held, oldest first.</summary>
    public IReadOnlyList<LogLine> Snapshot()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_next - _oldest, _ring.Length);
            var result = new List<LogLine>(count);
            for (var seq = _next - count; seq < _next; seq++) result.Add(_ring[seq % _ring.Length]!);
            return result;
        }
    }

    /// <summary>Clears the ring (xl dmesg -c).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_ring);
            _oldest = _next;
        }
    }

    /// <summary>Calls <paramref name="subscriber"/> for every new line until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<LogLine> subscriber)
    {
        lock (_lock) _subscribers.Add(subscriber);
        return new Subscription(this, subscriber);
    }

    sealed class Subscription(HypervisorLog log, Action<LogLine> subscriber) : IDisposable
    {
        public void Dispose() { lock (log._lock) log._subscribers.Remove(subscriber); }
    }
}
