using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm.Native;

/// <summary>The one place where errno becomes a <see cref="KvmException"/>.</summary>
internal static class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, EBADF = 9,
        EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
        EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25, ENOSPC = 28, ERANGE = 34, ENOSYS = 38,
        EOPNOTSUPP = 95;

    /// <summary>errno of the last P/Invoke declared with SetLastError (ours and Tmds.LibC's).</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>Throws when a libc-style return value is negative; returns it otherwise.</summary>
    public static int Check(int result, string operation)
    {
        if (result < 0) Throw(Last, operation);
        return result;
    }

    /// <summary>Pointer-sized variant (ssize_t, syscall results).</summary>
    public static nint Check(nint result, string operation)
    {
        if (result < 0) Throw(Last, operation);
        return result;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Throw(int errno, string operation) => throw new KvmException(errno, operation);

    /// <summary>For ioctls that fail without errno (e.g. KVM_GET_MSRS processing fewer entries).</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Throw(int errno, string operation, string detail) => throw new KvmException(errno, operation, detail);

    /// <summary>Symbolic name for the errno values KVM reports; the number for the rest.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM", ENOENT => "ENOENT", ESRCH => "ESRCH", EINTR => "EINTR", EIO => "EIO",
        ENXIO => "ENXIO", E2BIG => "E2BIG", EBADF => "EBADF", EAGAIN => "EAGAIN", ENOMEM => "ENOMEM",
        EACCES => "EACCES", EFAULT => "EFAULT", EBUSY => "EBUSY", EEXIST => "EEXIST", ENODEV => "ENODEV",
        EINVAL => "EINVAL", ENFILE => "ENFILE", EMFILE => "EMFILE", ENOTTY => "ENOTTY", ENOSPC => "ENOSPC",
        ERANGE => "ERANGE", ENOSYS => "ENOSYS", EOPNOTSUPP => "EOPNOTSUPP",
        _ => $"errno {errno}",
    };
}
