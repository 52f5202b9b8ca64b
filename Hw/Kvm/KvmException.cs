namespace Disagg.Hw.Kvm;

/// <summary>A KVM or libc call failed; carries the errno and the operation that failed.</summary>
public sealed class KvmException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/> failing with <paramref name="errno"/>.</summary>
    public KvmException(int errno, string operation)
        : base($"{operation} failed: {Native.Errno.Name(errno)} ({errno})")
    {
        Errno = errno;
        Operation = operation;
    }

    /// <summary>Creates the exception with extra detail (for ioctls that report partial success, not errno).</summary>
    public KvmException(int errno, string operation, string detail)
        : base($"{operation} failed: {detail}: {Native.Errno.Name(errno)} ({errno})")
    {
        Errno = errno;
        Operation = operation;
    }

    /// <summary>The Linux errno value.</summary>
    public int Errno { get; }

    /// <summary>The ioctl or libc call, e.g. "KVM_RUN".</summary>
    public string Operation { get; }
}
