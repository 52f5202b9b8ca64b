using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>SCHEDOP_watchdog: up to two per-domain watchdogs; one that expires shuts the domain down (watchdog).</summary>
internal sealed class Watchdogs(Domain domain) : IDisposable
{
    /// <summary>NR_DOMAIN_WATCHDOG_TIMERS.</summary>
    const int Count = 2;
    readonly Timer?[] _timers = new Timer?[Count];

    /// <summary>id 0 allocates one (returns its id); otherwise re-arms (timeout seconds) or kills (timeout 0) it.</summary>
    public long Op(uint id, uint timeoutSeconds)
    {
        lock (_timers)
        {
            if (id == 0)
            {
                for (var i = 0; i < Count; i++)
                {
                    if (_timers[i] is not null) continue;
                    _timers[i] = new Timer(_ => domain.RequestShutdown(ShutdownReason.Watchdog));
                    _timers[i]!.Change(TimeSpan.FromSeconds(timeoutSeconds), Timeout.InfiniteTimeSpan);
                    return i + 1;
                }
                return -(long)XenErrno.EEXIST;
            }
            if (id > Count || _timers[id - 1] is not { } timer) return -(long)XenErrno.EINVAL;
            if (timeoutSeconds == 0)
            {
                timer.Dispose();
                _timers[id - 1] = null;
            }
            else timer.Change(TimeSpan.FromSeconds(timeoutSeconds), Timeout.InfiniteTimeSpan);
            return 0;
        }
    }

    public void Dispose()
    {
        lock (_timers) foreach (var t in _timers) t?.Dispose();
    }
}
