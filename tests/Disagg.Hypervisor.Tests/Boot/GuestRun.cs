using System.Collections.Concurrent;
using Disagg.Actors.Hypervisor;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Hypervisor.Tests.Boot;

/// <summary>One guest domain on a real core, with its console lines as they arrive.</summary>
public sealed class GuestRun : IDisposable
{
    readonly BlockingCollection<string> _incoming = new();
    readonly List<string> _lines = new();
    readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly IDisposable _subscription;

    public GuestRun(Actors.Hypervisor.Hypervisor host, DomainConfig config)
    {
        Host = host;
        // Subscribe before creating: a fast guest may print and shut down before CreateDomain returns.
        ushort? id = null;
        var early = new ConcurrentQueue<LogLine>();
        _subscription = host.Log.Subscribe(line =>
        {
            if (id is null) { early.Enqueue(line); return; }
            if (line.DomId == id && line.FromGuest) _incoming.Add(line.Text);
        });
        Domain = host.CreateDomain(config);
        id = Domain.Id;
        foreach (var line in early) if (line.DomId == id && line.FromGuest) _incoming.Add(line.Text);
        Domain.StateChanged += d => { if (d.State != DomainState.Running) _ended.TrySetResult(); };
        if (Domain.State != DomainState.Running) _ended.TrySetResult();
    }

    public Actors.Hypervisor.Hypervisor Host { get; }
    public Domain Domain { get; }

    /// <summary>Every console line received so far.</summary>
    public IReadOnlyList<string> Lines { get { Drain(); lock (_lines) return _lines.ToArray(); } }

    /// <summary>Waits for the domain to shut down or crash; false on timeout.</summary>
    public bool WaitForEnd(TimeSpan timeout)
    {
        var ended = _ended.Task.Wait(timeout);
        Drain();
        return ended;
    }

    /// <summary>Waits for a console line starting with <paramref name="prefix"/>; null on timeout.</summary>
    public string? WaitForLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_lines) foreach (var l in _lines) if (l.StartsWith(prefix, StringComparison.Ordinal)) return l;
        while (DateTime.UtcNow < deadline)
        {
            if (!_incoming.TryTake(out var line, TimeSpan.FromMilliseconds(50))) continue;
            lock (_lines) _lines.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
        return null;
    }

    /// <summary>The guest's own verdicts: every `TEST name ok|FAIL ...` line.</summary>
    public IReadOnlyList<string> TestLines => Lines.Where(l => l.StartsWith("TEST ", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<string> FailedTests => TestLines.Where(l => !l.EndsWith(" ok", StringComparison.Ordinal)).ToArray();

    public ShutdownReason? Shutdown => Domain.Shutdown;

    /// <summary>Everything about the run, for assertion messages.</summary>
    public string Transcript() =>
        $"domain {Domain.Id} state {Domain.State} shutdown {Shutdown} crash '{Domain.CrashReason}'\n" +
        string.Join("\n", Host.Log.Snapshot().Where(l => l.DomId == Domain.Id).Select(l => l.ToString()));

    void Drain()
    {
        while (_incoming.TryTake(out var line)) lock (_lines) _lines.Add(line);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        Host.DestroyDomain(Domain.Id);
    }
}
