using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm.Native;

/// <summary>
/// libc entry points not usable from Tmds.LibC: its variadic ioctl(int, int, void*) returned a bogus
/// errno (203 instead of EBADF) on this machine, and it has no gettid/tgkill. SafeHandle arguments keep
/// the fd alive (and un-recycled) for the duration of the call.
/// </summary>
internal static unsafe class Libc
{
    private const string Lib = "libc";

    [DllImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(SafeHandle fd, nuint request, void* arg);

    [DllImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(SafeHandle fd, nuint request, nuint arg);

    /// <summary>glibc >= 2.30.</summary>
    [DllImport(Lib, EntryPoint = "gettid", SetLastError = true)]
    public static extern int GetTid();

    /// <summary>glibc >= 2.30.</summary>
    [DllImport(Lib, EntryPoint = "tgkill", SetLastError = true)]
    public static extern int TgKill(int tgid, int tid, int signal);

    /// <summary>glibc's SIGRTMIN (a function: NPTL reserves the first real-time signals).</summary>
    [DllImport(Lib, EntryPoint = "__libc_current_sigrtmin")]
    public static extern int CurrentSigRtMin();

    [DllImport(Lib, EntryPoint = "getpid")]
    public static extern int GetPid();

    [DllImport(Lib, EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    public const int O_RDWR = 2, O_CLOEXEC = 0x80000;
}
