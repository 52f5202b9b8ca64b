using Disagg.Hw.Kvm;
using Disagg.Tests;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Boot;

/// <summary>Hypercalls made with VMCALL/VMMCALL arrive as KVM_EXIT_XEN only on hosts with KVM_CAP_XEN_HVM.
/// This host has none, so the exit's decoding and dispatch are driven here directly on a real vCPU.</summary>
public sealed class VmcallDispatchTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    [RequiresKvmFact]
    public void The_intercept_is_enabled_exactly_when_the_host_offers_it()
    {
        using var kvm = Kvm.Open();
        var hostOffers = (kvm.CheckExtension(KvmCap.XenHvm) & 2) != 0;   // KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL
        using var run = fixture.Boot("mode=hello", paused: true);
        Assert.Equal(hostOffers, run.Domain.VmcallHypercalls);
    }

    [RequiresKvmFact]
    public void A_kvm_exit_xen_hypercall_goes_through_the_same_dispatcher()
    {
        using var run = fixture.Boot("mode=hello", paused: true);   // paused: its vCPU is out of KVM_RUN
        var vcpu = run.Domain.GetVcpu(0);
        const ulong XenVersion = (ulong)HypercallNumber.XenVersion;

        Assert.Equal(0x0004_0011, vcpu.HandleXenHypercall(true, 0, XenVersion, (ulong)XenVersionCmd.Version, 0, 0, 0, 0));
        Assert.Equal(4096, vcpu.HandleXenHypercall(true, 0, XenVersion, (ulong)XenVersionCmd.Pagesize, 0, 0, 0, 0));
        // Guest user mode is refused before anything runs.
        Assert.Equal(-(long)XenErrno.EPERM, vcpu.HandleXenHypercall(true, 3, XenVersion, 0, 0, 0, 0, 0));
        // 32-bit: the number and arguments are 32-bit registers, the result is returned in eax.
        Assert.Equal(0x0004_0011, vcpu.HandleXenHypercall(false, 0, 0xFFFF_FFFF_0000_0000 | XenVersion, 0xFFFF_FFFF_0000_0000, 0, 0, 0, 0));
        Assert.Equal((long)unchecked((uint)-(int)XenErrno.ENOSYS), vcpu.HandleXenHypercall(false, 0, 50, 0, 0, 0, 0, 0));
        Assert.Equal(-(long)XenErrno.ENOSYS, vcpu.HandleXenHypercall(true, 0, 1000, 0, 0, 0, 0, 0));
    }
}
