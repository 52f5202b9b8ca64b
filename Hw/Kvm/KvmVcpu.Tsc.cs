using Disagg.Hw.Kvm.Native;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

public sealed unsafe partial class KvmVcpu
{
    /// <summary>The guest TSC frequency in kHz (KVM_GET_TSC_KHZ).</summary>
    public uint TscKhz => (uint)Errno.Check(Libc.Ioctl(_fd, KVM_GET_TSC_KHZ, 0), "KVM_GET_TSC_KHZ");
}
