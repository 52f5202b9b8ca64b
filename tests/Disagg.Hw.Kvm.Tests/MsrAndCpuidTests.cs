using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>MSR filtering with user-space MSR exits, #GP injection, and custom CPUID leaves.</summary>
public sealed class MsrAndCpuidTests
{
    private const uint FilteredMsr = 0x40000000;
    private const uint SysenterCs = 0x174; // IA32_SYSENTER_CS, not filtered

    private static readonly string MsrGuest = GuestSnippets.Guest("""
        _start:
            tables
            gate 13, gp_handler
            mov $0x40000000, %ecx
            mov $0x11223344, %eax
            mov $0x55667788, %edx
            wrmsr                  # exits: the VMM accepts it
            out %eax, $0x21
            rdmsr                  # exits: the VMM answers
            out %eax, $0x22
            mov %edx, %eax
            out %eax, $0x23
            wrmsr                  # exits: the VMM injects #GP
            out %eax, $0x24
            rdmsr                  # exits: the VMM injects #GP
            out %eax, $0x25
            mov $0x174, %ecx       # unfiltered: handled in the kernel
            mov $0x10, %eax
            xor %edx, %edx
            wrmsr
            xor %eax, %eax
            rdmsr
            out %eax, $0x26
            hlt
        # No iret: under PVM, 32-bit iret is not emulated (KVM_EXIT_INTERNAL_ERROR); unwind by hand.
        gp_handler:
            add $4, %esp           # error code
            pop %ebx               # faulting eip
            add $8, %esp           # cs, eflags
            add $2, %ebx           # skip the 2-byte wrmsr/rdmsr
            mov $13, %eax
            out %eax, $0x20
            jmp *%ebx
        """);

    [RequiresKvmFact]
    public void FilteredMsrAccessesExitAndErrorInjectsGp()
    {
        using var m = TestMachine.Create(MsrGuest, vm =>
        {
            vm.EnableUserSpaceMsrExits(KvmMsrExitReasons.Filter);
            vm.SetMsrFilter(defaultAllow: true, KvmMsrFilterRange.DenyAll(FilteredMsr, 1));
        });

        m.RunExpect(KvmExitReason.X86WriteMsr);
        ref var msr = ref m.Vcpu.Msr;
        Assert.Equal(FilteredMsr, msr.Index);
        Assert.Equal(0x55667788_11223344ul, msr.Data);
        Assert.Equal(KvmMsrExitReasons.Filter, msr.Reason);
        msr.Error = 0;
        m.RunToOut(0x21);

        m.RunExpect(KvmExitReason.X86ReadMsr);
        Assert.Equal(FilteredMsr, m.Vcpu.Msr.Index);
        m.Vcpu.Msr.Data = 0xaabbccdd_00112233;
        Assert.Equal(0x00112233u, m.RunToOut(0x22));
        Assert.Equal(0xaabbccddu, m.RunToOut(0x23));

        m.RunExpect(KvmExitReason.X86WriteMsr);
        m.Vcpu.Msr.Error = 1;
        Assert.Equal(13u, m.RunToOut(0x20)); // the guest's #GP handler ran
        m.RunToOut(0x24);

        m.RunExpect(KvmExitReason.X86ReadMsr);
        m.Vcpu.Msr.Error = 1;
        Assert.Equal(13u, m.RunToOut(0x20));
        m.RunToOut(0x25);

        Assert.Equal(0x10u, m.RunToOut(0x26));
        m.RunExpect(KvmExitReason.Hlt);
        Assert.Equal(0x10ul, m.Vcpu.GetMsr(SysenterCs));
    }

    [RequiresKvmFact]
    public void GuestReadsCustomCpuidLeaves()
    {
        const string guest = """
            _start:
                mov $0x40000000, %eax
                cpuid
                push %eax
                mov %ebx, %eax
                out %eax, $0x10
                mov %ecx, %eax
                out %eax, $0x11
                mov %edx, %eax
                out %eax, $0x12
                pop %eax
                out %eax, $0x13
                mov $0x40000001, %eax
                cpuid
                out %eax, $0x14
                hlt
            """;
        var sig = "DisaggKvmTst"u8.ToArray();
        using var m = TestMachine.Create(guest, cpuid: leaves =>
            leaves.Where(l => l.Function < 0x40000000 || l.Function > 0x400000ff)
                .Append(new KvmCpuidEntry(0x40000000, 0x40000001,
                    BitConverter.ToUInt32(sig, 0), BitConverter.ToUInt32(sig, 4), BitConverter.ToUInt32(sig, 8)))
                .Append(new KvmCpuidEntry(0x40000001, 0x00040011, 0, 0, 0))
                .ToArray());

        var seen = new byte[12];
        BitConverter.TryWriteBytes(seen.AsSpan(0), m.RunToOut(0x10));
        BitConverter.TryWriteBytes(seen.AsSpan(4), m.RunToOut(0x11));
        BitConverter.TryWriteBytes(seen.AsSpan(8), m.RunToOut(0x12));
        Assert.Equal("DisaggKvmTst", System.Text.Encoding.ASCII.GetString(seen));
        Assert.Equal(0x40000001u, m.RunToOut(0x13));
        Assert.Equal(0x00040011u, m.RunToOut(0x14));
        m.RunExpect(KvmExitReason.Hlt);
    }
}
