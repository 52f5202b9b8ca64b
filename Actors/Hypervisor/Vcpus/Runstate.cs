using Disagg.Actors.Hypervisor.Time;
using Disagg.Actors.Hypervisor.Logging;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Xen's runstate states (RUNSTATE_*, vcpu.h).</summary>
public enum RunstateKind { Running = 0, Runnable = 1, Blocked = 2, Offline = 3 }

/// <summary>Runstate accounting of one vCPU: current state, when it was entered, time spent in each.</summary>
public sealed class Runstate
{
    readonly object _lock = new();
    readonly long[] _time = new long[4];

    public Runstate(RunstateKind initial) { State = initial; EntryTimeNs = SystemClock.NowNs; }

    public RunstateKind State { get; private set; }
    public long EntryTimeNs { get; private set; }

    /// <summary>Moves to a new state, charging the time since the last change to the old one.</summary>
    public void Enter(RunstateKind next)
    {
        lock (_lock)
        {
            var now = SystemClock.NowNs;
            _time[(int)State] += now - EntryTimeNs;
            State = next;
            EntryTimeNs = now;
        }
    }

    /// <summary>A consistent copy: state, entry time and time[4], with the current stretch added when asked
    /// (VCPUOP_get_runstate_info does; the registered runstate area holds time up to state_entry_time).</summary>
    public (RunstateKind State, long EntryTimeNs, long[] Time) Snapshot(bool includeCurrent = true)
    {
        lock (_lock)
        {
            var time = (long[])_time.Clone();
            if (includeCurrent) time[(int)State] += SystemClock.NowNs - EntryTimeNs;
            return (State, EntryTimeNs, time);
        }
    }

    /// <summary>Nanoseconds spent running (the vCPU time `xl list` shows).</summary>
    public long RunningNs => Snapshot().Time[(int)RunstateKind.Running];
}
