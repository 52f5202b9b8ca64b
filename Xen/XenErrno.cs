namespace Disagg.Xen;

/// <summary>enum xen_errno (xen/errno.h): positive values; hypercalls return -(long)value.</summary>
public enum XenErrno
{
    /// <summary>XEN_EPERM</summary>
    /// <remarks>Operation not permitted</remarks>
    EPERM = 1,
    /// <summary>XEN_ENOENT</summary>
    /// <remarks>No such file or directory</remarks>
    ENOENT = 2,
    /// <summary>XEN_ESRCH</summary>
    /// <remarks>No such process</remarks>
    ESRCH = 3,
    /// <summary>XEN_EINTR</summary>
    /// <remarks>Interrupted system call; defined only under __XEN__ (never exposed to guests)</remarks>
    EINTR = 4,
    /// <summary>XEN_EIO</summary>
    /// <remarks>I/O error</remarks>
    EIO = 5,
    /// <summary>XEN_ENXIO</summary>
    /// <remarks>No such device or address</remarks>
    ENXIO = 6,
    /// <summary>XEN_E2BIG</summary>
    /// <remarks>Arg list too long</remarks>
    E2BIG = 7,
    /// <summary>XEN_ENOEXEC</summary>
    /// <remarks>Exec format error</remarks>
    ENOEXEC = 8,
    /// <summary>XEN_EBADF</summary>
    /// <remarks>Bad file number</remarks>
    EBADF = 9,
    /// <summary>XEN_ECHILD</summary>
    /// <remarks>No child processes</remarks>
    ECHILD = 10,
    /// <summary>XEN_EAGAIN</summary>
    /// <remarks>Try again</remarks>
    EAGAIN = 11,
    /// <summary>XEN_EWOULDBLOCK</summary>
    /// <remarks>Operation would block.  Aliases EAGAIN</remarks>
    EWOULDBLOCK = 11,
    /// <summary>XEN_ENOMEM</summary>
    /// <remarks>Out of memory</remarks>
    ENOMEM = 12,
    /// <summary>XEN_EACCES</summary>
    /// <remarks>Permission denied</remarks>
    EACCES = 13,
    /// <summary>XEN_EFAULT</summary>
    /// <remarks>Bad address</remarks>
    EFAULT = 14,
    /// <summary>XEN_EBUSY</summary>
    /// <remarks>Device or resource busy</remarks>
    EBUSY = 16,
    /// <summary>XEN_EEXIST</summary>
    /// <remarks>File exists</remarks>
    EEXIST = 17,
    /// <summary>XEN_EXDEV</summary>
    /// <remarks>Cross-device link</remarks>
    EXDEV = 18,
    /// <summary>XEN_ENODEV</summary>
    /// <remarks>No such device</remarks>
    ENODEV = 19,
    /// <summary>XEN_ENOTDIR</summary>
    /// <remarks>Not a directory</remarks>
    ENOTDIR = 20,
    /// <summary>XEN_EISDIR</summary>
    /// <remarks>Is a directory</remarks>
    EISDIR = 21,
    /// <summary>XEN_EINVAL</summary>
    /// <remarks>Invalid argument</remarks>
    EINVAL = 22,
    /// <summary>XEN_ENFILE</summary>
    /// <remarks>File table overflow</remarks>
    ENFILE = 23,
    /// <summary>XEN_EMFILE</summary>
    /// <remarks>Too many open files</remarks>
    EMFILE = 24,
    /// <summary>XEN_ENOSPC</summary>
    /// <remarks>No space left on device</remarks>
    ENOSPC = 28,
    /// <summary>XEN_EROFS</summary>
    /// <remarks>Read-only file system</remarks>
    EROFS = 30,
    /// <summary>XEN_EMLINK</summary>
    /// <remarks>Too many links</remarks>
    EMLINK = 31,
    /// <summary>XEN_EDOM</summary>
    /// <remarks>Math argument out of domain of func</remarks>
    EDOM = 33,
    /// <summary>XEN_ERANGE</summary>
    /// <remarks>Math result not representable</remarks>
    ERANGE = 34,
    /// <summary>XEN_EDEADLK</summary>
    /// <remarks>Resource deadlock would occur</remarks>
    EDEADLK = 35,
    /// <summary>XEN_EDEADLOCK</summary>
    /// <remarks>Resource deadlock would occur. Aliases EDEADLK</remarks>
    EDEADLOCK = 35,
    /// <summary>XEN_ENAMETOOLONG</summary>
    /// <remarks>File name too long</remarks>
    ENAMETOOLONG = 36,
    /// <summary>XEN_ENOLCK</summary>
    /// <remarks>No record locks available</remarks>
    ENOLCK = 37,
    /// <summary>XEN_ENOSYS</summary>
    /// <remarks>Function not implemented</remarks>
    ENOSYS = 38,
    /// <summary>XEN_ENOTEMPTY</summary>
    /// <remarks>Directory not empty</remarks>
    ENOTEMPTY = 39,
    /// <summary>XEN_ENODATA</summary>
    /// <remarks>No data available</remarks>
    ENODATA = 61,
    /// <summary>XEN_ETIME</summary>
    /// <remarks>Timer expired</remarks>
    ETIME = 62,
    /// <summary>XEN_EBADMSG</summary>
    /// <remarks>Not a data message</remarks>
    EBADMSG = 74,
    /// <summary>XEN_EOVERFLOW</summary>
    /// <remarks>Value too large for defined data type</remarks>
    EOVERFLOW = 75,
    /// <summary>XEN_EILSEQ</summary>
    /// <remarks>Illegal byte sequence</remarks>
    EILSEQ = 84,
    /// <summary>XEN_ERESTART</summary>
    /// <remarks>Interrupted system call should be restarted; defined only under __XEN__ (never exposed to guests)</remarks>
    ERESTART = 85,
    /// <summary>XEN_ENOTSOCK</summary>
    /// <remarks>Socket operation on non-socket</remarks>
    ENOTSOCK = 88,
    /// <summary>XEN_EMSGSIZE</summary>
    /// <remarks>Message too large.</remarks>
    EMSGSIZE = 90,
    /// <summary>XEN_EOPNOTSUPP</summary>
    /// <remarks>Operation not supported on transport endpoint</remarks>
    EOPNOTSUPP = 95,
    /// <summary>XEN_EADDRINUSE</summary>
    /// <remarks>Address already in use</remarks>
    EADDRINUSE = 98,
    /// <summary>XEN_EADDRNOTAVAIL</summary>
    /// <remarks>Cannot assign requested address</remarks>
    EADDRNOTAVAIL = 99,
    /// <summary>XEN_ENOBUFS</summary>
    /// <remarks>No buffer space available</remarks>
    ENOBUFS = 105,
    /// <summary>XEN_EISCONN</summary>
    /// <remarks>Transport endpoint is already connected</remarks>
    EISCONN = 106,
    /// <summary>XEN_ENOTCONN</summary>
    /// <remarks>Transport endpoint is not connected</remarks>
    ENOTCONN = 107,
    /// <summary>XEN_ETIMEDOUT</summary>
    /// <remarks>Connection timed out</remarks>
    ETIMEDOUT = 110,
    /// <summary>XEN_ECONNREFUSED</summary>
    /// <remarks>Connection refused</remarks>
    ECONNREFUSED = 111,
}
