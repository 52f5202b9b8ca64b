using Disagg.Hw.Kvm.Native;
using Microsoft.Win32.SafeHandles;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

/// <summary>The KVM system handle (/dev/kvm): capability queries and VM creation.</summary>
public sealed class Kvm : IDisposable
{
    // KVM_MAX_CPUID_ENTRIES, arch/x86/include/asm/kvm_host.h; we retry with more on E2BIG anyway.
    private const int InitialCpuidEntries = 256;

    private readonly SafeFileHandle _fd;

    private Kvm(SafeFileHandle fd)
    {
        _fd = fd;
        ApiVersion = Errno.Check(Libc.Ioctl(_fd, KVM_GET_API_VERSION, 0), "KVM_GET_API_VERSION");
        if (ApiVersion != KVM_API_VERSION)
        {
            _fd.Dispose();
            throw new KvmException(Errno.EINVAL, "KVM_GET_API_VERSION", $"API version {ApiVersion}, need {KVM_API_VERSION}");
        }
        VcpuMmapSize = Errno.Check(Libc.Ioctl(_fd, KVM_GET_VCPU_MMAP_SIZE, 0), "KVM_GET_VCPU_MMAP_SIZE");
    }

    /// <summary>Opens the KVM device (O_RDWR|O_CLOEXEC) and checks the API version is 12.</summary>
    public static Kvm Open(string path = "/dev/kvm")
    {
        int fd = Errno.Check(Libc.Open(path, Libc.O_RDWR | Libc.O_CLOEXEC), $"open({path})");
        return new Kvm(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>KVM_GET_API_VERSION (always 12 once opened).</summary>
    public int ApiVersion { get; }

    /// <summary>Size of the vCPU run area mmap'd from each vCPU fd (KVM_GET_VCPU_MMAP_SIZE).</summary>
    public int VcpuMmapSize { get; }

    /// <summary>KVM_CHECK_EXTENSION: 0 when unsupported, otherwise a capability-specific value.</summary>
    public int CheckExtension(KvmCap cap) =>
        Errno.Check(Libc.Ioctl(_fd, KVM_CHECK_EXTENSION, (nuint)(uint)cap), "KVM_CHECK_EXTENSION");

    /// <summary>KVM_GET_SUPPORTED_CPUID: the CPUID leaves KVM can expose to guests.</summary>
    public unsafe KvmCpuidEntry[] GetSupportedCpuid()
    {
        for (int capacity = InitialCpuidEntries; ; capacity *= 2)
        {
            var buffer = new byte[sizeof(kvm_cpuid2) + capacity * sizeof(KvmCpuidEntry)];
            int rc;
            fixed (byte* p = buffer)
            {
                ((kvm_cpuid2*)p)->nent = (uint)capacity;
                // SAFETY: buffer holds the header plus `capacity` entries, which nent tells the kernel.
                rc = Libc.Ioctl(_fd, KVM_GET_SUPPORTED_CPUID, p);
                if (rc >= 0)
                {
                    var header = (kvm_cpuid2*)p;
                    return new ReadOnlySpan<KvmCpuidEntry>(p + sizeof(kvm_cpuid2), (int)header->nent).ToArray();
                }
            }
            int errno = Errno.Last;
            if (errno != Errno.E2BIG || capacity >= 64 * InitialCpuidEntries) Errno.Throw(errno, "KVM_GET_SUPPORTED_CPUID");
        }
    }

    /// <summary>KVM_CREATE_VM (default machine type).</summary>
    public KvmVm CreateVm()
    {
        int fd = Errno.Check(Libc.Ioctl(_fd, KVM_CREATE_VM, 0), "KVM_CREATE_VM");
        return new KvmVm(new SafeFileHandle(fd, ownsHandle: true), VcpuMmapSize);
    }

    /// <inheritdoc/>
    public void Dispose() => _fd.Dispose();
}
