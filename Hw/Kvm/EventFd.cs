using System.Runtime.InteropServices;
using Disagg.Hw.Kvm.Native;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace Disagg.Hw.Kvm;

/// <summary>A Linux eventfd (EFD_CLOEXEC), for irqfd and ioeventfd.</summary>
public sealed unsafe class EventFd : IDisposable
{
    private readonly SafeFileHandle _fd;

    private EventFd(SafeFileHandle fd) => _fd = fd;

    /// <summary>eventfd(0, EFD_CLOEXEC [| EFD_NONBLOCK]).</summary>
    public static EventFd Create(bool nonBlocking = true)
    {
        int flags = LibC.EFD_CLOEXEC | (nonBlocking ? LibC.EFD_NONBLOCK : 0);
        int fd = Errno.Check(LibC.eventfd(0, flags), "eventfd");
        return new EventFd(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>The fd, for <see cref="KvmVm.AddIrqfd"/> and <see cref="KvmVm.AddIoeventfd"/>.</summary>
    public SafeHandle Handle => _fd;

    /// <summary>Adds <paramref name="value"/> to the counter (write(2) of 8 bytes).</summary>
    public void Signal(ulong value = 1)
    {
        using var lease = new FdLease(_fd);
        // SAFETY: writes the 8 bytes of a stack ulong, as eventfd requires.
        Errno.Check((nint)LibC.write(lease.Fd, &value, 8), "write(eventfd)");
    }

    /// <summary>Reads and resets the counter; false when it is zero (non-blocking eventfd).</summary>
    public bool TryRead(out ulong value)
    {
        using var lease = new FdLease(_fd);
        ulong v = 0;
        // SAFETY: reads 8 bytes into a stack ulong.
        nint rc = (nint)LibC.read(lease.Fd, &v, 8);
        value = v;
        if (rc >= 0) return true;
        int errno = Errno.Last;
        if (errno == Errno.EAGAIN) return false;
        Errno.Throw(errno, "read(eventfd)");
        return false;
    }

    /// <inheritdoc/>
    public void Dispose() => _fd.Dispose();
}
