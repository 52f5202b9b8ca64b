using Disagg.Hw.Kvm.Native;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

public sealed unsafe partial class KvmVm
{
    /// <summary>
    /// Asks the kernel to hand VMCALL/VMMCALL hypercalls to user space as KVM_EXIT_XEN
    /// (KVM_XEN_HVM_CONFIG with INTERCEPT_HCALL). The MSR is left 0: the caller serves the hypercall-page MSR.
    /// </summary>
    /// <returns>false when the host kernel lacks KVM_CAP_XEN_HVM or its INTERCEPT_HCALL flag (nothing changed).</returns>
    public bool TryEnableXenHypercallIntercept()
    {
        var supported = (uint)CheckExtension(KvmCap.XenHvm);
        if ((supported & KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL) == 0) return false;
        var config = new kvm_xen_hvm_config { flags = KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL };
        // SAFETY: config lives on this stack frame for the duration of the ioctl, which only reads it.
        Errno.Check(Libc.Ioctl(_fd, KVM_XEN_HVM_CONFIG, &config), "KVM_XEN_HVM_CONFIG");
        return true;
    }
}
