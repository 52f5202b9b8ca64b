using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Hw.Kvm;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>What a vCPU does with each KVM exit.</summary>
public sealed partial class Vcpu
{
    /// <summary>Xen's HVM debug port: bytes written here go to the hypervisor log.</summary>
    public const ushort DebugPort = 0xE9;

    const ulong EferLma = 1ul << 10;
    const ulong Cr0Pg = 1ul << 31;

    /// <summary>Handles one exit; false when the vCPU must stop (the domain crashed or is going away).</summary>
    bool HandleExit(KvmExitReason exit)
    {
        switch (exit)
        {
            case KvmExitReason.Io: HandleIo(); return true;
            case KvmExitReason.Mmio: HandleUnclaimedMmio(); return true;
            case KvmExitReason.X86WriteMsr: HandleXenMsr(write: true); return true;
            case KvmExitReason.X86ReadMsr: HandleXenMsr(write: false); return true;
            case KvmExitReason.Xen: XenHypercallExit(); return true;
            case KvmExitReason.IoapicEoi: _domain.Platform.Eoi(_kvm.IoapicEoiVector); return true;
            case KvmExitReason.Interrupted or KvmExitReason.IrqWindowOpen: return true;
            case KvmExitReason.Hlt: Block(enableEvents: false); return true;
            case KvmExitReason.Shutdown:
                return CrashDomain("triple fault");
            case KvmExitReason.InternalError:
                return CrashDomain($"emulation failure (KVM internal error, suberror {_kvm.InternalErrorSubError})");
            case KvmExitReason.FailEntry:
                return CrashDomain($"VM entry failed (hardware reason 0x{_kvm.FailEntryReason:x})");
            case KvmExitReason.SystemEvent:
                return CrashDomain($"KVM system event {_kvm.SystemEventType}");
            default:
                return CrashDomain($"unhandled KVM exit {exit} ({(uint)exit})");
        }
    }

    bool CrashDomain(string why)
    {
        _kvm.GetRegisters(out var regs);
        _domain.Crash($"vCPU{Id}: {why} at rip 0x{regs.Rip:x}");
        return false;
    }

    void HandleIo()
    {
        var io = _kvm.Io;
        if (io.Direction == KvmIoDirection.Out && io.Port == HypercallPage.Port && io.Size == 4)
        {
            Hypercall();
            return;
        }
        // The emulated platform first (HVM only); string I/O arrives as Count elements of Size bytes.
        var platform = _domain.Platform;
        var claimed = true;
        for (var i = 0; i < io.Count && claimed; i++)
        {
            var element = io.Data.Slice(i * io.Size, io.Size);
            claimed = io.Direction == KvmIoDirection.Out ? platform.TryWritePort(io.Port, element) : platform.TryReadPort(io.Port, element);
        }
        if (claimed) return;
        if (io.Direction == KvmIoDirection.Out)
        {
            if (io.Port == DebugPort) _domain.Console.Write(io.Data);
            return;                                    // writes nobody claims are dropped
        }
        io.Data.Fill(0xFF);                            // reads nobody claims return all ones
    }

    void HandleUnclaimedMmio()
    {
        var mmio = _kvm.Mmio;
        if (mmio.IsWrite ? _domain.Platform.TryWriteMmio(mmio.PhysicalAddress, mmio.Data)
                         : _domain.Platform.TryReadMmio(mmio.PhysicalAddress, mmio.Data)) return;
        if (!mmio.IsWrite) mmio.Data.Fill(0xFF);
    }

    /// <summary>A hypercall through the hypercall page: number in eax, arguments in registers, result in rax.</summary>
    /// <remarks>With KVM_CAP_SYNC_REGS the registers come and go through the run page: no ioctl on this path.</remarks>
    void Hypercall()
    {
        if (_kvm.RegistersSynced)
        {
            ref var regs = ref _kvm.ExitRegisters;
            ref readonly var sregs = ref _kvm.ExitSpecialRegisters;
            regs.Rax = HypercallFromRegisters(regs, sregs);
            _kvm.CommitExitRegisters();
            return;
        }
        _kvm.GetRegisters(out var r);
        _kvm.GetSpecialRegisters(out var s);
        r.Rax = HypercallFromRegisters(r, s);
        _kvm.SetRegisters(r);
    }

    /// <summary>Decodes the hypercall in the registers, runs it, and returns the new rax.</summary>
    ulong HypercallFromRegisters(in KvmRegisters regs, in KvmSpecialRegisters sregs)
    {
        var is64 = (sregs.Efer & EferLma) != 0 && sregs.Cs.L != 0;
        var args = is64
            ? new HypercallArgs(regs.Rdi, regs.Rsi, regs.Rdx, regs.R10, regs.R8)
            : new HypercallArgs((uint)regs.Rbx, (uint)regs.Rcx, (uint)regs.Rdx, (uint)regs.Rsi, (uint)regs.Rdi);
        var result = Execute(is64, sregs.Ss.Dpl, sregs.Cr0, is64 ? regs.Rax : (uint)regs.Rax, args);
        return is64 ? (ulong)result : (uint)result;
    }

    /// <summary>A hypercall the kernel intercepted (VMCALL/VMMCALL, hosts with KVM_CAP_XEN_HVM): KVM_EXIT_XEN.</summary>
    void XenHypercallExit()
    {
        ref var call = ref _kvm.XenHypercall;
        call.Result = (ulong)HandleXenHypercall(call.LongMode, call.Cpl, call.Input,
            call.Param(0), call.Param(1), call.Param(2), call.Param(3), call.Param(4));
    }

    /// <summary>The KVM_EXIT_XEN route into the same dispatcher as the hypercall page.</summary>
    /// <remarks>KVM reports the first argument registers already chosen by mode (64-bit: rdi, rsi, rdx, r10, r8;
    /// 32-bit: ebx, ecx, edx, esi, edi), so only the 32-bit truncation is left to do here.</remarks>
    internal long HandleXenHypercall(bool longMode, uint cpl, ulong number, ulong p0, ulong p1, ulong p2, ulong p3, ulong p4)
    {
        ulong cr0;
        if (_kvm.RegistersSynced) cr0 = _kvm.ExitSpecialRegisters.Cr0;
        else { _kvm.GetSpecialRegisters(out var sregs); cr0 = sregs.Cr0; }
        var args = longMode
            ? new HypercallArgs(p0, p1, p2, p3, p4)
            : new HypercallArgs((uint)p0, (uint)p1, (uint)p2, (uint)p3, (uint)p4);
        var result = Execute(longMode, (int)cpl, cr0, longMode ? number : (uint)number, args);
        return longMode ? result : (long)(uint)result;
    }

    /// <summary>Runs one hypercall for this vCPU: Xen refuses guest user mode (hvm_hypercall: -EPERM when CPL > 0).</summary>
    long Execute(bool is64, int cpl, ulong cr0, ulong number, in HypercallArgs args)
    {
        if (cpl != 0) return -(long)XenErrno.EPERM;
        _virtualMemory.PagingEnabled = (cr0 & Cr0Pg) != 0;
        _virtualMemory.Is32Bit = !is64;
        return HypercallTable.Dispatch(is64 ? _context64 : _context32, number, args);
    }

    /// <summary>Xen's MSR range (base 0x40000000): index 0 asks for the hypercall page; all else is #GP.</summary>
    void HandleXenMsr(bool write)
    {
        ref var msr = ref _kvm.Msr;
        if (!write || msr.Index != XenCpuidLeaves.HypercallPageMsr)
        {
            msr.Error = 1;
            return;
        }
        // guest_wrmsr_xen: low 12 bits = page index (only page 0 exists), the rest = the gfn to fill.
        var pageIndex = msr.Data & (MemoryLayout.PageSize - 1);
        var gfn = msr.Data >> MemoryLayout.PageShift;
        if (pageIndex != 0 || !_domain.Memory.IsRam(gfn)
            || !_domain.Memory.TryGetSpan(gfn << MemoryLayout.PageShift, (int)MemoryLayout.PageSize, out var page))
        {
            _domain.Log.Core($"vCPU{Id}: bad hypercall page request 0x{msr.Data:x}: #GP", _domain.Id);
            msr.Error = 1;
            return;
        }
        HypercallPage.Fill(page);
        msr.Error = 0;
    }
}
