using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>System queries, register/state round trips, and errno surfacing as KvmException.</summary>
public sealed class StateAndErrorTests
{
    [RequiresKvmFact]
    public void SystemQueriesAnswer()
    {
        using var kvm = Kvm.Open();
        Assert.Equal(12, kvm.ApiVersion);
        Assert.True(kvm.VcpuMmapSize >= 4096);
        Assert.True(kvm.CheckExtension(KvmCap.Irqchip) > 0);
        Assert.True(kvm.CheckExtension(KvmCap.ImmediateExit) > 0);
        Assert.True(kvm.CheckExtension(KvmCap.NrMemslots) > 0);
        var cpuid = kvm.GetSupportedCpuid();
        Assert.Contains(cpuid, e => e.Function == 0 && e.Eax > 0);
        using var vm = kvm.CreateVm();
        Assert.True(vm.CheckExtension(KvmCap.MaxVcpus) > 0);
    }

    [RequiresKvmFact]
    public void RegistersAndSpecialRegistersRoundTrip()
    {
        using var m = TestMachine.Create("_start: hlt");
        var regs = new KvmRegisters
        {
            Rax = 1, Rbx = 2, Rcx = 3, Rdx = 4, Rsi = 5, Rdi = 6, Rsp = 0x6000, Rbp = 8,
            R8 = 9, R9 = 10, R10 = 11, R11 = 12, R12 = 13, R13 = 14, R14 = 15, R15 = 0x1122334455667788,
            Rip = 0x1000, Rflags = 0x202,
        };
        m.Vcpu.SetRegisters(regs);
        m.Vcpu.GetRegisters(out var back);
        Assert.Equal(regs, back);

        m.Vcpu.GetSpecialRegisters(out var s);
        s.Gdt = new KvmDescriptorTable { Base = 0x3000, Limit = 0x27 };
        s.Idt = new KvmDescriptorTable { Base = 0x4000, Limit = 0x7ff };
        s.Fs.Base = 0x12345000;
        s.Gs.Base = 0x6789a000;
        s.Cr2 = 0xdead000;
        s.Cr8 = 0; // the TPR; with a userspace LAPIC model it is what we set
        m.Vcpu.SetSpecialRegisters(s);
        m.Vcpu.GetSpecialRegisters(out var s2);
        Assert.Equal(s.Gdt.Base, s2.Gdt.Base);
        Assert.Equal(s.Gdt.Limit, s2.Gdt.Limit);
        Assert.Equal(s.Idt.Base, s2.Idt.Base);
        Assert.Equal(s.Idt.Limit, s2.Idt.Limit);
        Assert.Equal(s.Cs, s2.Cs);
        Assert.Equal(s.Ds, s2.Ds);
        Assert.Equal(s.Fs.Base, s2.Fs.Base);
        Assert.Equal(s.Gs.Base, s2.Gs.Base);
        Assert.Equal(s.Cr0, s2.Cr0);
        Assert.Equal(s.Cr2, s2.Cr2);
        Assert.Equal(s.ApicBase, s2.ApicBase);

        m.RunExpect(KvmExitReason.Hlt);
        m.Vcpu.GetRegisters(out back);
        Assert.Equal(0x1001ul, back.Rip); // executed the hlt at 0x1000 with our registers
        Assert.Equal(0x1122334455667788ul, back.R15);
    }

    [RequiresKvmFact]
    public void MsrMpStateAndLapicRoundTrip()
    {
        using var m = TestMachine.Create("_start: hlt", vm => vm.CreateIrqchip());
        m.Vcpu.SetMsr(0x174, 0x10);          // IA32_SYSENTER_CS
        Assert.Equal(0x10ul, m.Vcpu.GetMsr(0x174));
        var e = Assert.Throws<KvmException>(() => m.Vcpu.GetMsr(0xdeadbeef));
        Assert.Equal("KVM_GET_MSRS", e.Operation);

        Assert.Equal(KvmMpState.Runnable, m.Vcpu.MpState);
        m.Vcpu.MpState = KvmMpState.Halted;
        Assert.Equal(KvmMpState.Halted, m.Vcpu.MpState);
        m.Vcpu.MpState = KvmMpState.Runnable;

        var lapic = new byte[1024];
        m.Vcpu.GetLapic(lapic);
        Assert.Equal(0u, BitConverter.ToUInt32(lapic, 0x20) >> 24); // APIC ID register = vCPU 0
        BitConverter.TryWriteBytes(lapic.AsSpan(0x80), 0x20u);      // TPR
        m.Vcpu.SetLapic(lapic);
        var back = new byte[1024];
        m.Vcpu.GetLapic(back);
        Assert.Equal(0x20u, BitConverter.ToUInt32(back, 0x80));
        Assert.Throws<ArgumentException>(() => m.Vcpu.GetLapic(new byte[100]));
    }

    [RequiresKvmFact]
    public void ErrorsCarryErrnoAndOperation()
    {
        var open = Assert.Throws<KvmException>(() => Kvm.Open("/nonexistent/kvm"));
        Assert.Equal(2, open.Errno);
        Assert.Equal("open(/nonexistent/kvm)", open.Operation);
        Assert.Equal("open(/nonexistent/kvm) failed: ENOENT (2)", open.Message);

        using var kvm = Kvm.Open();
        using var vm = kvm.CreateVm();
        using var vcpu = vm.CreateVcpu(0);
        var dup = Assert.Throws<KvmException>(() => vm.CreateVcpu(0));
        Assert.Equal(17, dup.Errno);
        Assert.Equal("KVM_CREATE_VCPU", dup.Operation);
        Assert.Equal("KVM_CREATE_VCPU failed: EEXIST (17)", dup.Message);

        using var mem = GuestMemory.Create("errors", 0x10000);
        vm.SetUserMemoryRegion(0, KvmMemoryFlags.None, 0, 0x10000, mem.HostAddress);
        var overlap = Assert.Throws<KvmException>(() =>
            vm.SetUserMemoryRegion(1, KvmMemoryFlags.None, 0x8000, 0x10000, mem.HostAddress));
        Assert.Equal(17, overlap.Errno);
        Assert.Equal("KVM_SET_USER_MEMORY_REGION", overlap.Operation);

        var dirty = Assert.Throws<KvmException>(() => vm.GetDirtyLog(0, new ulong[1])); // no LogDirtyPages
        Assert.Equal(2, dirty.Errno);
        Assert.Equal("KVM_GET_DIRTY_LOG", dirty.Operation);

        vm.SetUserMemoryRegion(0, KvmMemoryFlags.None, 0, 0, mem.HostAddress); // delete
        Assert.Throws<ArgumentException>(() => vm.GetDirtyLog(0, new ulong[1]));
    }
}
