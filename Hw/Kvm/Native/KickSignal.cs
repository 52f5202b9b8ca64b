using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm.Native;

/// <summary>
/// The signal that kicks a vCPU thread out of KVM_RUN. KVM_RUN returns EINTR whenever a signal is
/// pending for the thread, even one whose handler does nothing; so the handler is a .NET
/// PosixSignalRegistration that cancels the default action (which for a real-time signal is to
/// terminate the process). The registration is never disposed: without it the next kick would kill us.
/// </summary>
internal static class KickSignal
{
    // SIGRTMIN+6. glibc's SIGRTMIN is 34 (32, 33 are NPTL's); CoreCLR uses SIGRTMIN itself for thread
    // activation injection, so stay clear of the bottom of the range.
    private const int SignalOffsetFromRtMin = 6;

    private static readonly object Gate = new();
    private static PosixSignalRegistration? _registration;
    private static int _signal;

    /// <summary>The raw signal number, registering the handler on first use.</summary>
    public static int Signal
    {
        get
        {
            int s = Volatile.Read(ref _signal);
            return s != 0 ? s : Register();
        }
    }

    private static int Register()
    {
        lock (Gate)
        {
            if (_signal != 0) return _signal;
            int signal = Libc.CurrentSigRtMin() + SignalOffsetFromRtMin;
            _registration = PosixSignalRegistration.Create((PosixSignal)signal, static ctx => ctx.Cancel = true);
            Volatile.Write(ref _signal, signal);
            return signal;
        }
    }

    /// <summary>tgkill(getpid(), tid, signal). ESRCH (thread gone) is ignored: there is nothing to kick.</summary>
    public static void Send(int tid)
    {
        if (Libc.TgKill(ProcessId, tid, Signal) < 0)
        {
            int errno = Errno.Last;
            if (errno != Errno.ESRCH) Errno.Throw(errno, "tgkill");
        }
    }

    private static readonly int ProcessId = Libc.GetPid();
}
