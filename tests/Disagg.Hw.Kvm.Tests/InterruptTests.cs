using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>Interrupt delivery: MSI with the in-kernel irqchip, KVM_INTERRUPT on the interrupt window with a split irqchip, irqfd.</summary>
public sealed class InterruptTests
{
    private const uint Vector = 0xf3;
    private const ulong MsiAddress = 0xfee00000; // LAPIC base, destination APIC id 0

    // Handler: count, EOI, return by hand (32-bit iret is not emulated under PVM) with interrupts on.
    private const string Handler = """
        irq_handler:
            incl count
            movl $0, 0xfee000b0      # EOI
            pop %ebx                 # eip
            add $8, %esp             # cs, eflags
            sti
            jmp *%ebx
        """;

    private static readonly string WaitForIrqGuest = GuestSnippets.Guest("""
        _start:
            tables
            gate 0xf3, irq_handler
            lapic_on
            sti
            out %eax, $0x22          # ready: the VMM injects now
        1:  cmpl $0, count
            jne 2f
            hlt                      # blocks in the kernel (in-kernel LAPIC)
            jmp 1b
        2:  mov count, %eax
            out %eax, $0x23
            out %eax, $0x24
        """ + "\n" + Handler);

    [RequiresKvmFact]
    public void SignalMsiWithInKernelIrqchipReachesGuestHandler()
    {
        using var m = TestMachine.Create(WaitForIrqGuest, vm => vm.CreateIrqchip());
        m.RunToOut(0x22);
        Assert.True(m.Vm.SignalMsi(MsiAddress, Vector));
        Assert.Equal(1u, m.RunToOut(0x23));
    }

    [RequiresKvmFact]
    public void IrqfdThroughMsiRouteReachesGuestHandler()
    {
        using var m = TestMachine.Create(WaitForIrqGuest, vm => vm.CreateIrqchip());
        using var efd = EventFd.Create();
        const uint gsi = 24;
        m.Vm.SetGsiRouting([new KvmMsiRoute(gsi, MsiAddress, Vector)]);
        m.Vm.AddIrqfd(efd.Handle, gsi);
        m.RunToOut(0x22);
        efd.Signal();
        Assert.Equal(1u, m.RunToOut(0x23));
        m.Vm.RemoveIrqfd(efd.Handle, gsi);
        m.Vm.AddIrqfd(efd.Handle, gsi); // removal really happened: re-adding is allowed
        var e = Assert.Throws<KvmException>(() => m.Vm.AddIrqfd(efd.Handle, gsi));
        Assert.Equal("KVM_IRQFD", e.Operation);
        Assert.Equal(16, e.Errno); // EBUSY: already assigned
    }

    [RequiresKvmFact]
    public void KvmInterruptWithSplitIrqchipOnInterruptWindow()
    {
        var guest = GuestSnippets.Guest("""
            _start:
                tables
                gate 0xf3, irq_handler
                lapic_on
                cli
                out %eax, $0x22          # the VMM now has an interrupt pending, but IF=0
                mov $3, %ecx
            3:  dec %ecx
                jnz 3b
                mov count, %eax
                out %eax, $0x21          # still nothing delivered
                sti
                nop
            1:  cmpl $0, count
                jne 2f
                hlt
                jmp 1b
            2:  mov count, %eax
                out %eax, $0x23
                out %eax, $0x24
            """ + "\n" + Handler);
        using var m = TestMachine.Create(guest, vm => vm.EnableSplitIrqchip(24));

        m.RunToOut(0x22);
        Assert.False(m.Vcpu.InterruptFlag);
        Assert.False(m.Vcpu.ReadyForInterruptInjection);
        m.Vcpu.RequestInterruptWindow = true;
        Assert.Equal(0u, m.RunToOut(0x21));

        m.RunExpect(KvmExitReason.IrqWindowOpen);
        Assert.True(m.Vcpu.InterruptFlag);
        Assert.True(m.Vcpu.ReadyForInterruptInjection);
        m.Vcpu.Interrupt(Vector);
        m.Vcpu.RequestInterruptWindow = false;
        Assert.Equal(1u, m.RunToOut(0x23));
    }

    [RequiresKvmFact]
    public void KvmInterruptIsRefusedWithFullInKernelIrqchip()
    {
        using var m = TestMachine.Create(WaitForIrqGuest, vm => vm.CreateIrqchip());
        var e = Assert.Throws<KvmException>(() => m.Vcpu.Interrupt(Vector));
        Assert.Equal("KVM_INTERRUPT", e.Operation);
        Assert.Equal(6, e.Errno); // ENXIO
        Assert.Equal("KVM_INTERRUPT failed: ENXIO (6)", e.Message);
    }
}
