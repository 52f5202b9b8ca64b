using Disagg.Actors.Hypervisor.Time;
using System.Buffers.Binary;
using Disagg.Xen;

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

    /// <summary>Writes struct vcpu_runstate_info in <paramref name="layout"/>: state, state_entry_time (ORed with
    /// <paramref name="entryFlags"/>) and time[4], with the current stretch added when asked (VCPUOP_get_runstate_info
    /// does; the registered runstate area holds time up to state_entry_time). Returns state_entry_time.</summary>
    public ulong Encode(Span<byte> info, RunstateLayout layout, bool includeCurrent, ulong entryFlags = 0)
    {
        info[..layout.Size].Clear();
        lock (_lock)
        {
            BinaryPrimitives.WriteInt32LittleEndian(info, (int)State);
            BinaryPrimitives.WriteUInt64LittleEndian(info[layout.StateEntryTime..], (ulong)EntryTimeNs | entryFlags);
            for (var i = 0; i < _time.Length; i++)
            {
                var t = _time[i] + (includeCurrent && i == (int)State ? SystemClock.NowNs - EntryTimeNs : 0);
                BinaryPrimitives.WriteInt64LittleEndian(info[(layout.Time + i * 8)..], t);
            }
            return (ulong)EntryTimeNs;
        }
    }

    /// <summary>Nanoseconds spent running, the current stretch included (the vCPU time `xl list` shows).</summary>
    public long RunningNs
    {
        get
        {
            lock (_lock)
                return _time[(int)RunstateKind.Running] + (State == RunstateKind.Running ? SystemClock.NowNs - EntryTimeNs : 0);
        }
    }
}
