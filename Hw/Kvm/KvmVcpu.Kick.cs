using Disagg.Hw.Kvm.Native;

namespace Disagg.Hw.Kvm;

// Kicking a vCPU out of KVM_RUN from another thread.
public sealed unsafe partial class KvmVcpu
{
    private int _boundTid;

    /// <summary>
    /// Records the calling thread as the one that calls <see cref="Run"/>, so <see cref="Kick"/> can
    /// signal it. Call again after moving the vCPU to another thread.
    /// </summary>
    public void BindRunningThread()
    {
        _ = KickSignal.Signal; // the handler must exist before any kick can be sent
        Volatile.Write(ref _boundTid, Libc.GetTid());
    }

    /// <summary>
    /// Thread-safe: makes the current or next <see cref="Run"/> return <see cref="KvmExitReason.Interrupted"/>
    /// promptly, even when the guest is halted inside the kernel. Sets ImmediateExit, then signals the
    /// bound thread. Protocol: set your own request flag first, then Kick; the vCPU thread checks that flag
    /// after every Run (a kick that lands between an exit and Run's clearing of ImmediateExit is only
    /// seen through that flag). A no-op once disposed.
    /// </summary>
    public void Kick()
    {
        bool added = false;
        try
        {
            _runMap.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        try
        {
            // SAFETY: the AddRef above keeps the run page mapped until the Release below.
            Volatile.Write(ref _run->immediate_exit, 1);
            Interlocked.MemoryBarrier();
            int tid = Volatile.Read(ref _boundTid);
            if (tid != 0) KickSignal.Send(tid);
        }
        finally
        {
            if (added) _runMap.DangerousRelease();
        }
    }
}
