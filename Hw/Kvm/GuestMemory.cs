using System.Runtime.InteropServices;
using System.Text;
using Disagg.Hw.Kvm.Native;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace Disagg.Hw.Kvm;

/// <summary>
/// Guest RAM backed by a memfd and mapped MAP_SHARED in this process, so that other processes (or other
/// GuestMemory objects) can map the same pages. Register it with <see cref="KvmVm.SetUserMemoryRegion"/>
/// using <see cref="HostAddress"/>; keep it alive while the slot exists.
/// </summary>
public sealed unsafe class GuestMemory : IDisposable
{
    private const ulong PageSize = 4096;

    private readonly SafeFileHandle _memFd;
    private readonly MappedMemory _map;

    private GuestMemory(SafeFileHandle memFd, MappedMemory map)
    {
        _memFd = memFd;
        _map = map;
    }

    /// <summary>memfd_create(name, MFD_CLOEXEC) + ftruncate(size) + mmap(MAP_SHARED). Size: a multiple of 4096.</summary>
    public static GuestMemory Create(string name, ulong size)
    {
        if (size == 0 || size % PageSize != 0) throw new ArgumentException("size must be a nonzero multiple of 4096", nameof(size));
        if (size > long.MaxValue) throw new ArgumentOutOfRangeException(nameof(size));
        int fd;
        byte[] cname = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* n = cname)
            // SAFETY: n is a NUL-terminated name, pinned for the call.
            fd = Errno.Check(LibC.memfd_create(n, LibC.MFD_CLOEXEC), "memfd_create");
        var memFd = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Errno.Check(LibC.ftruncate(fd, (long)size), "ftruncate(memfd)");
            return new GuestMemory(memFd, MappedMemory.MapShared(memFd, size, 0, "mmap(memfd)"));
        }
        catch
        {
            memFd.Dispose();
            throw;
        }
    }

    /// <summary>Size in bytes.</summary>
    public ulong Size => _map.Length;

    /// <summary>Start of the mapping in this process (for KVM_SET_USER_MEMORY_REGION).</summary>
    public nint HostAddress => _map.IsClosed ? throw new ObjectDisposedException(nameof(GuestMemory)) : _map.DangerousGetHandle();

    /// <summary>The backing memfd (to share with other processes or mappings).</summary>
    public SafeHandle MemFd => _memFd;

    /// <summary>A view of [offset, offset+length); throws ArgumentOutOfRangeException when out of range.</summary>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        if (!TryGetSpan(offset, length, out var span))
            throw new ArgumentOutOfRangeException(nameof(offset), $"[0x{offset:x}, +0x{length:x}) is outside guest memory of 0x{Size:x} bytes");
        return span;
    }

    /// <summary>A view of [offset, offset+length), or false when the range is out of bounds.</summary>
    public bool TryGetSpan(ulong offset, int length, out Span<byte> span)
    {
        if (length < 0 || offset > Size || (ulong)length > Size - offset)
        {
            span = default;
            return false;
        }
        // SAFETY: [offset, offset+length) was just checked to lie inside the live mapping.
        span = new Span<byte>((byte*)HostAddress + offset, length);
        return true;
    }

    /// <summary>
    /// Maps page <paramref name="sourceOffset"/> of <paramref name="source"/>'s memfd over our page at
    /// <paramref name="offset"/> (mmap MAP_FIXED|MAP_SHARED). KVM notices through its MMU notifier, so a
    /// running guest sees the other page at that gpa without a memslot change.
    /// </summary>
    public void MapForeignPage(ulong offset, GuestMemory source, ulong sourceOffset)
    {
        if (sourceOffset % PageSize != 0 || sourceOffset >= source.Size)
            throw new ArgumentOutOfRangeException(nameof(sourceOffset));
        MapPageFixed(offset, source._memFd, sourceOffset, "mmap(MAP_FIXED, foreign page)");
    }

    /// <summary>Maps our own memfd page back at <paramref name="offset"/> (undoing MapForeignPage).</summary>
    public void RestorePage(ulong offset) => MapPageFixed(offset, _memFd, offset, "mmap(MAP_FIXED, own page)");

    private void MapPageFixed(ulong offset, SafeHandle fd, ulong fileOffset, string operation)
    {
        if (offset % PageSize != 0 || offset >= Size) throw new ArgumentOutOfRangeException(nameof(offset));
        bool added = false;
        _map.DangerousAddRef(ref added);
        try
        {
            using var lease = new FdLease(fd);
            void* target = (byte*)_map.DangerousGetHandle() + offset;
            // SAFETY: target is a page inside our own mapping (checked above, kept alive by the AddRef),
            // so MAP_FIXED replaces only memory this object owns; the whole range stays mapped.
            void* p = LibC.mmap(target, (size_t)PageSize, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_SHARED | LibC.MAP_FIXED, lease.Fd, (long)fileOffset);
            if (p == LibC.MAP_FAILED) Errno.Throw(Errno.Last, operation);
        }
        finally
        {
            if (added) _map.DangerousRelease();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _map.Dispose();
        _memFd.Dispose();
    }
}
