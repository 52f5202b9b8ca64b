using System.Runtime.InteropServices;
using Disagg.Hw.Kvm.Native;
using Microsoft.Win32.SafeHandles;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

/// <summary>A KVM virtual machine: memory slots, interrupt controllers, MSR policy, vCPUs.</summary>
public sealed partial class KvmVm : IDisposable
{
    private const int PageSize = 4096;

    private readonly SafeFileHandle _fd;
    private readonly int _vcpuMmapSize;
    // Slot sizes, so that GetDirtyLog can refuse a bitmap the kernel would overrun.
    private readonly Dictionary<uint, ulong> _slotSizes = new();

    internal KvmVm(SafeFileHandle fd, int vcpuMmapSize)
    {
        _fd = fd;
        _vcpuMmapSize = vcpuMmapSize;
    }

    /// <summary>The VM fd, for ioctls this layer does not wrap.</summary>
    public SafeHandle Handle => _fd;

    /// <summary>KVM_CHECK_EXTENSION on the VM fd (some answers, e.g. NrVcpus, are per VM).</summary>
    public int CheckExtension(KvmCap cap) =>
        Errno.Check(Libc.Ioctl(_fd, KVM_CHECK_EXTENSION, (nuint)(uint)cap), "KVM_CHECK_EXTENSION");

    /// <summary>KVM_ENABLE_CAP on the VM with up to four arguments.</summary>
    public unsafe void EnableCap(KvmCap cap, params ulong[] args)
    {
        if (args.Length > 4) throw new ArgumentException("kvm_enable_cap takes at most 4 args", nameof(args));
        var c = new kvm_enable_cap { cap = (uint)cap };
        args.CopyTo(c.args);
        // SAFETY: c is a live stack kvm_enable_cap, read by the kernel during the call.
        Errno.Check(Libc.Ioctl(_fd, KVM_ENABLE_CAP, &c), "KVM_ENABLE_CAP");
    }

    /// <summary>KVM_SET_TSS_ADDR: three pages of guest-physical space KVM needs on Intel (unused by the guest).</summary>
    public void SetTssAddress(ulong gpa) =>
        Errno.Check(Libc.Ioctl(_fd, KVM_SET_TSS_ADDR, (nuint)gpa), "KVM_SET_TSS_ADDR");

    /// <summary>KVM_SET_IDENTITY_MAP_ADDR: one page for the EPT identity map on Intel.</summary>
    public unsafe void SetIdentityMapAddress(ulong gpa)
    {
        // SAFETY: the kernel reads one __u64 from &gpa during the call.
        Errno.Check(Libc.Ioctl(_fd, KVM_SET_IDENTITY_MAP_ADDR, &gpa), "KVM_SET_IDENTITY_MAP_ADDR");
    }

    /// <summary>
    /// KVM_SET_USER_MEMORY_REGION: maps <paramref name="size"/> bytes at <paramref name="hostAddress"/> as
    /// guest-physical memory at <paramref name="guestPhysicalAddress"/>; size 0 deletes the slot.
    /// The host memory must stay mapped while the slot exists (e.g. a <see cref="GuestMemory"/>).
    /// </summary>
    public unsafe void SetUserMemoryRegion(uint slot, KvmMemoryFlags flags, ulong guestPhysicalAddress, ulong size, nint hostAddress)
    {
        if (size % PageSize != 0 || guestPhysicalAddress % PageSize != 0 || hostAddress % PageSize != 0)
            throw new ArgumentException("memory slot address and size must be 4 KiB aligned");
        var region = new kvm_userspace_memory_region
        {
            slot = slot,
            flags = (uint)flags,
            guest_phys_addr = guestPhysicalAddress,
            memory_size = size,
            userspace_addr = (ulong)hostAddress,
        };
        // SAFETY: region lives on the stack for the call; the kernel copies it.
        Errno.Check(Libc.Ioctl(_fd, KVM_SET_USER_MEMORY_REGION, &region), "KVM_SET_USER_MEMORY_REGION");
        lock (_slotSizes)
        {
            if (size == 0) _slotSizes.Remove(slot);
            else _slotSizes[slot] = size;
        }
    }

    /// <summary>Number of ulongs a dirty bitmap for <paramref name="slot"/> needs (one bit per 4 KiB page).</summary>
    public int DirtyBitmapLength(uint slot)
    {
        lock (_slotSizes)
        {
            if (!_slotSizes.TryGetValue(slot, out ulong size))
                throw new ArgumentException($"memory slot {slot} is not set", nameof(slot));
            return (int)((size / PageSize + 63) / 64);
        }
    }

    /// <summary>
    /// KVM_GET_DIRTY_LOG: one bit per page of the slot, set for pages written since the last call
    /// (which also clears them). The slot needs <see cref="KvmMemoryFlags.LogDirtyPages"/>.
    /// </summary>
    public unsafe void GetDirtyLog(uint slot, Span<ulong> bitmap)
    {
        int needed = DirtyBitmapLength(slot);
        if (bitmap.Length < needed)
            throw new ArgumentException($"slot {slot} needs a bitmap of {needed} ulongs", nameof(bitmap));
        fixed (ulong* p = bitmap)
        {
            var log = new kvm_dirty_log { slot = slot, dirty_bitmap = p };
            // SAFETY: p is pinned and holds at least the ALIGN(npages, 64) bits the kernel writes.
            Errno.Check(Libc.Ioctl(_fd, KVM_GET_DIRTY_LOG, &log), "KVM_GET_DIRTY_LOG");
        }
    }

    /// <summary>KVM_CREATE_VCPU with the given APIC id, and maps its run area.</summary>
    public KvmVcpu CreateVcpu(uint id)
    {
        int fd = Errno.Check(Libc.Ioctl(_fd, KVM_CREATE_VCPU, (nuint)id), "KVM_CREATE_VCPU");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var run = MappedMemory.MapShared(handle, (ulong)_vcpuMmapSize, 0, "mmap(vcpu run)");
            return new KvmVcpu(id, handle, run);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _fd.Dispose();
}
