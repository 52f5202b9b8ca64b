using Disagg.Hw.Kvm.Native;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

/// <summary>KVM_CAP_SYNC_REGS: registers travel in the run page on every exit, saving the register ioctls.</summary>
public sealed unsafe partial class KvmVcpu
{
    /// <summary>offsetof(struct kvm_sync_regs, sregs): right after struct kvm_regs.</summary>
    const int SyncSregsOffset = 144;

    /// <summary>Whether <see cref="EnableRegisterSync"/> succeeded.</summary>
    public bool RegistersSynced { get; private set; }

    /// <summary>Asks KVM to copy regs and sregs into the run page at every exit; false when the host cannot.</summary>
    public bool EnableRegisterSync(Kvm kvm)
    {
        const uint Wanted = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
        if (((uint)kvm.CheckExtension(KvmCap.SyncRegs) & Wanted) != Wanted) return false;
        R->kvm_valid_regs = Wanted;
        RegistersSynced = true;
        return true;
    }

    /// <summary>The general registers at the last exit (valid after Run with register sync on).</summary>
    /// <remarks>Changes reach the vCPU on the next Run only after <see cref="CommitExitRegisters"/>.</remarks>
    public ref KvmRegisters ExitRegisters
    {
        get
        {
            // SAFETY: run->s.regs.regs is a struct kvm_regs at the start of the 2048-byte sync area of the run mapping.
            return ref *(KvmRegisters*)&R->s;
        }
    }

    /// <summary>The special registers at the last exit (read-only: commit sregs with SetSpecialRegisters).</summary>
    public ref readonly KvmSpecialRegisters ExitSpecialRegisters
    {
        get
        {
            // SAFETY: run->s.regs.sregs is a struct kvm_sregs at offset 144 of the sync area (checked against the header by a test).
            return ref *(KvmSpecialRegisters*)((byte*)&R->s + SyncSregsOffset);
        }
    }

    /// <summary>Makes KVM load <see cref="ExitRegisters"/> into the vCPU at the next Run (kvm_dirty_regs).</summary>
    public void CommitExitRegisters() => R->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
}
