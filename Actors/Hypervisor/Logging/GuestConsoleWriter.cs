using Disagg.Actors.Hypervisor.Time;
using System.Text;

namespace Disagg.Actors.Hypervisor.Logging;

/// <summary>Assembles one domain's console output (console_io, port 0xE9) into log lines, bounded and rate-limited.</summary>
/// <remarks>
/// A guest is untrusted: lines are cut at <see cref="MaxLineBytes"/>, non-printable bytes are escaped, and a
/// token bucket limits the bytes per second a domain may put in the shared log. What exceeds the budget is
/// dropped and counted, and the count is reported once output is allowed again, as Xen reports suppressed
/// messages. Thread-safe: several vCPUs of a domain may write at once.
/// </remarks>
public sealed class GuestConsoleWriter
{
    public const int MaxLineBytes = 1024;
    readonly object _lock = new();
    readonly HypervisorLog _log;
    readonly ushort _domId;
    readonly StringBuilder _line = new();
    readonly long _bytesPerSecond;
    readonly long _burstBytes;
    double _tokens;
    long _lastRefillNs;
    long _suppressed;

    public GuestConsoleWriter(HypervisorLog log, ushort domId, long bytesPerSecond = 256 * 1024, long burstBytes = 1024 * 1024)
    {
        _log = log;
        _domId = domId;
        _bytesPerSecond = bytesPerSecond;
        _burstBytes = burstBytes;
        _tokens = burstBytes;
        _lastRefillNs = SystemClock.NowNs;
    }

    /// <summary>Bytes dropped by the rate limit so far.</summary>
    public long SuppressedBytes { get { lock (_lock) return _suppressed; } }

    /// <summary>Appends guest bytes; complete lines go to the log.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            Refill();
            if (_tokens < bytes.Length) { _suppressed += bytes.Length; return; }
            _tokens -= bytes.Length;
            if (_suppressed > 0)
            {
                _log.Core($"{_suppressed} bytes of guest console output suppressed (rate limit)", _domId);
                _suppressed = 0;
            }
            foreach (var b in bytes) Append(b);
        }
    }

    /// <summary>Appends one byte (port 0xE9).</summary>
    public void Write(byte b) => Write([b]);

    /// <summary>Emits a pending partial line (domain shutdown).</summary>
    public void Flush()
    {
        lock (_lock) if (_line.Length > 0) EmitLine();
    }

    void Append(byte b)
    {
        switch (b)
        {
            case (byte)'\n': EmitLine(); return;
            case (byte)'\r' or 0: return;
        }
        if (_line.Length >= MaxLineBytes) EmitLine();
        if (b is >= 0x20 and < 0x7F or (byte)'\t') _line.Append((char)b);
        else _line.Append($"\\x{b:x2}");
    }

    void EmitLine()
    {
        _log.Guest(_domId, _line.ToString());
        _line.Clear();
    }

    void Refill()
    {
        var now = SystemClock.NowNs;
        _tokens = Math.Min(_burstBytes, _tokens + (now - _lastRefillNs) * (_bytesPerSecond / 1e9));
        _lastRefillNs = now;
    }
}
