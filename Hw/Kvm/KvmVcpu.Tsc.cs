using Disagg.Hw.Kvm.Native;

namespace Disagg.Hw.Kvm;

public sealed unsafe partial class KvmVcpu
{
    /// <summary>KVM_GET_TSC_KHZ = _IO(KVMIO, 0xa3).</summary>
    const nuint KVM_GET_TSC_KHZ = 0xaea3;

    /// <summary>The guest TSC frequency in kHz (KVM_GET_TSC_KHZ).</summary>
    public uint TscKhz => (uint)Errno.Check(Libc.Ioctl(_fd, KVM_GET_TSC_KHZ, 0), "KVM_GET_TSC_KHZ");
}
