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
        if (!mmio.IsWrite) mmio.Data.Fill(0xFF);
    }

    void Hypercall()
    {
        _kvm.GetRegisters(out var regs);
        _kvm.GetSpecialRegisters(out var sregs);
        var is64 = (sregs.Efer & EferLma) != 0 && sregs.Cs.L != 0;
        long result;
        if (sregs.Ss.Dpl != 0)
        {
            // Xen refuses hypercalls from guest user mode (hvm_hypercall: -EPERM when CPL > 0).
            result = -(long)XenErrno.EPERM;
        }
        else
        {
            _virtualMemory.PagingEnabled = (sregs.Cr0 & Cr0Pg) != 0;
            _virtualMemory.Is32Bit = !is64;
            var number = is64 ? regs.Rax : (uint)regs.Rax;
            var args = is64
                ? new HypercallArgs(regs.Rdi, regs.Rsi, regs.Rdx, regs.R10, regs.R8)
                : new HypercallArgs((uint)regs.Rbx, (uint)regs.Rcx, (uint)regs.Rdx, (uint)regs.Rsi, (uint)regs.Rdi);
            result = HypercallTable.Dispatch(is64 ? _context64 : _context32, number, args);
        }
        regs.Rax = is64 ? (ulong)result : (uint)result;
        _kvm.SetRegisters(regs);
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
