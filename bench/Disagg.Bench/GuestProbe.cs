using Disagg.Actors.Hypervisor.Time;
using System.Collections.Concurrent;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Guest;

namespace Disagg.Bench;

/// <summary>Boots the test guest in one of its bench modes and records when each of its lines arrived.</summary>
sealed class GuestProbe : IDisposable
{
    readonly Actors.Hypervisor.Hypervisor _hv;
    readonly BlockingCollection<LogLine> _lines = new();
    readonly IDisposable _subscription;
    ushort? _id;

    public GuestProbe(Actors.Hypervisor.Hypervisor hv, string name, string cmdline, ushort? domId = null)
    {
        _hv = hv;
        _subscription = hv.Log.Subscribe(l => { if (l.FromGuest) _lines.Add(l); });
        CreatedAtNs = SystemClock.NowNs;
        Domain = hv.CreateDomain(new DomainConfig(name, GuestType.Pvh, GuestImages.TestKernel, 32, 1, cmdline), domId);
        _id = Domain.Id;
    }

    public Domain Domain { get; }

    /// <summary>System time just before the create call.</summary>
    public long CreatedAtNs { get; }

    /// <summary>Waits for a line of this guest starting with the prefix; its completion time.</summary>
    public LogLine WaitFor(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!_lines.TryTake(out var l, TimeSpan.FromMilliseconds(20))) continue;
            if (l.DomId == _id && l.Text.StartsWith(prefix, StringComparison.Ordinal)) return l;
        }
        throw new TimeoutException($"guest '{Domain.Name}' never printed '{prefix}'");
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _hv.DestroyDomain(Domain.Id);
    }
}
