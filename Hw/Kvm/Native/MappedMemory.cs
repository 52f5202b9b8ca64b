using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Disagg.Hw.Kvm.Native;

/// <summary>An mmap'd region, unmapped when the handle is released.</summary>
internal sealed unsafe class MappedMemory : SafeHandle
{
    private MappedMemory(nint address, ulong length) : base(0, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public ulong Length { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, offset).</summary>
    public static MappedMemory MapShared(SafeHandle fd, ulong length, long offset, string operation)
    {
        using var lease = new FdLease(fd);
        // SAFETY: a fresh mapping chosen by the kernel (no MAP_FIXED), so no existing memory is replaced.
        void* p = LibC.mmap(null, (size_t)length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, lease.Fd, offset);
        if (p == LibC.MAP_FAILED) Errno.Throw(Errno.Last, operation);
        return new MappedMemory((nint)p, length);
    }

    protected override bool ReleaseHandle()
    {
        // SAFETY: handle/Length describe a mapping this object created and no one else unmaps.
        return LibC.munmap((void*)handle, (size_t)Length) == 0;
    }
}

/// <summary>Borrows the int fd of a SafeHandle for a libc call taking an int, keeping it alive meanwhile.</summary>
internal ref struct FdLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public FdLease(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
        Fd = (int)handle.DangerousGetHandle();
    }

    public int Fd { get; }

    public void Dispose()
    {
        if (_added) _handle.DangerousRelease();
        _added = false;
    }
}
