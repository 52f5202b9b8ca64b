using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>KVM_CAP_SYNC_REGS: registers in the run page at each exit, and committed back without ioctls.</summary>
public sealed class SyncRegsTests
{
    const string Guest = """
        _start:
            mov $0x1111, %ebx
            mov $0x2222, %ecx
            mov $0x5, %eax
            out %eax, $0x10          # the VMM reads ebx/ecx from the run page and sets eax
            out %eax, $0x11          # the guest echoes what it got
            hlt
        """;

    [RequiresKvmFact]
    public void Exit_registers_match_the_kernel_and_committed_ones_reach_the_guest()
    {
        using var m = TestMachine.Create(Guest);
        if (!m.Vcpu.EnableRegisterSync(m.Kvm)) Assert.Fail("this host lacks KVM_CAP_SYNC_REGS for regs and sregs");

        Assert.Equal(5u, m.RunToOut(0x10));
        ref var regs = ref m.Vcpu.ExitRegisters;
        m.Vcpu.GetRegisters(out var viaIoctl);
        m.Vcpu.GetSpecialRegisters(out var sregsViaIoctl);
        Assert.Equal(viaIoctl.Rbx, regs.Rbx);
        Assert.Equal(0x2222ul, regs.Rcx);
        Assert.Equal(viaIoctl.Rip, regs.Rip);
        Assert.Equal(sregsViaIoctl.Cr0, m.Vcpu.ExitSpecialRegisters.Cr0);
        Assert.Equal(sregsViaIoctl.Cs.Selector, m.Vcpu.ExitSpecialRegisters.Cs.Selector);
        Assert.Equal(sregsViaIoctl.Efer, m.Vcpu.ExitSpecialRegisters.Efer);

        regs.Rax = 0xBEEF;
        m.Vcpu.CommitExitRegisters();
        m.Vcpu.GetRegisters(out var pending);
        Assert.Equal(0xBEEFul, pending.Rax);             // a committed value is what the vCPU holds from now on
        Assert.Equal(0xBEEFu, m.RunToOut(0x11));
    }

    [RequiresKvmFact]
    public void An_explicit_register_set_supersedes_a_pending_commit()
    {
        using var m = TestMachine.Create(Guest);
        Assert.True(m.Vcpu.EnableRegisterSync(m.Kvm));
        m.RunToOut(0x10);
        m.Vcpu.ExitRegisters.Rax = 0x1;
        m.Vcpu.CommitExitRegisters();
        m.Vcpu.GetRegisters(out var regs);
        regs.Rax = 0x2;
        m.Vcpu.SetRegisters(regs);
        Assert.Equal(0x2u, m.RunToOut(0x11));
    }
}
