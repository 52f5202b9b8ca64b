using System.Runtime.InteropServices;
using Disagg.Hw.Kvm.Native;

namespace Disagg.Hw.Kvm;

public sealed unsafe partial class KvmVcpu
{
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    static extern int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    /// <summary>Pins the thread bound with <see cref="BindRunningThread"/> to the given host CPUs (sched_setaffinity).</summary>
    /// <remarks>An empty set means every CPU. Fails with EINVAL when no listed CPU is online, as the kernel does.</remarks>
    public void SetRunningThreadAffinity(IReadOnlyCollection<int> cpus)
    {
        const int Words = 16;                     // 1024 CPUs, the kernel's default cpu_set_t
        var mask = stackalloc ulong[Words];
        for (var i = 0; i < Words; i++) mask[i] = cpus.Count == 0 ? ulong.MaxValue : 0;
        foreach (var cpu in cpus)
        {
            if ((uint)cpu >= Words * 64) throw new ArgumentOutOfRangeException(nameof(cpus), cpu, "CPU number out of range");
            mask[cpu / 64] |= 1ul << (cpu % 64);
        }
        var tid = Volatile.Read(ref _boundTid);
        if (tid == 0) throw new InvalidOperationException("no thread is bound to this vCPU yet");
        // SAFETY: mask points to Words ulongs on this stack frame for the duration of the call.
        Errno.Check(SchedSetAffinity(tid, Words * sizeof(ulong), mask), "sched_setaffinity");
    }
}
