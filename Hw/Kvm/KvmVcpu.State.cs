using System.Runtime.CompilerServices;
using Disagg.Hw.Kvm.Native;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

// Register, CPUID, MSR, LAPIC and MP state; interrupt injection; address translation.
public sealed unsafe partial class KvmVcpu
{
    /// <summary>KVM_GET_REGS.</summary>
    public void GetRegisters(out KvmRegisters regs)
    {
        if ((R->kvm_dirty_regs & KVM_SYNC_X86_REGS) != 0)
        {
            // Registers committed through the run page are not in the kernel yet: they are the current ones.
            regs = ExitRegisters;
            return;
        }
        Unsafe.SkipInit(out regs);
        fixed (KvmRegisters* p = &regs)
            // SAFETY: p points to a KvmRegisters, laid out as struct kvm_regs (checked by the layout test).
            Errno.Check(Libc.Ioctl(_fd, KVM_GET_REGS, p), "KVM_GET_REGS");
    }

    /// <summary>KVM_SET_REGS.</summary>
    public void SetRegisters(in KvmRegisters regs)
    {
        fixed (KvmRegisters* p = &regs)
            // SAFETY: the kernel only reads struct kvm_regs from p.
            Errno.Check(Libc.Ioctl(_fd, KVM_SET_REGS, p), "KVM_SET_REGS");
        R->kvm_dirty_regs &= ~(ulong)KVM_SYNC_X86_REGS;   // an explicit set supersedes a pending run-page commit
    }

    /// <summary>KVM_GET_SREGS.</summary>
    public void GetSpecialRegisters(out KvmSpecialRegisters sregs)
    {
        Unsafe.SkipInit(out sregs);
        fixed (KvmSpecialRegisters* p = &sregs)
            // SAFETY: p points to a KvmSpecialRegisters, laid out as struct kvm_sregs.
            Errno.Check(Libc.Ioctl(_fd, KVM_GET_SREGS, p), "KVM_GET_SREGS");
    }

    /// <summary>KVM_SET_SREGS.</summary>
    public void SetSpecialRegisters(in KvmSpecialRegisters sregs)
    {
        fixed (KvmSpecialRegisters* p = &sregs)
            // SAFETY: the kernel only reads struct kvm_sregs from p.
            Errno.Check(Libc.Ioctl(_fd, KVM_SET_SREGS, p), "KVM_SET_SREGS");
    }

    /// <summary>KVM_SET_CPUID2: the CPUID leaves the guest sees (replaces all of them).</summary>
    public void SetCpuid(ReadOnlySpan<KvmCpuidEntry> entries)
    {
        var buffer = new byte[sizeof(kvm_cpuid2) + entries.Length * sizeof(KvmCpuidEntry)];
        fixed (byte* p = buffer)
        {
            ((kvm_cpuid2*)p)->nent = (uint)entries.Length;
            entries.CopyTo(new Span<KvmCpuidEntry>(p + sizeof(kvm_cpuid2), entries.Length));
            // SAFETY: buffer is pinned and holds the header plus nent entries.
            Errno.Check(Libc.Ioctl(_fd, KVM_SET_CPUID2, p), "KVM_SET_CPUID2");
        }
    }

    /// <summary>KVM_INTERRUPT: queue an external interrupt (only without an in-kernel LAPIC, or with a split irqchip).</summary>
    public void Interrupt(uint vector)
    {
        var irq = new kvm_interrupt { irq = vector };
        // SAFETY: irq lives on the stack for the call.
        Errno.Check(Libc.Ioctl(_fd, KVM_INTERRUPT, &irq), "KVM_INTERRUPT");
    }

    /// <summary>KVM_NMI: queue an NMI.</summary>
    public void Nmi() => Errno.Check(Libc.Ioctl(_fd, KVM_NMI, 0), "KVM_NMI");

    /// <summary>
    /// KVM_TRANSLATE through the guest's current page tables; false when the address is not mapped.
    /// Note: x86 KVM always reports <paramref name="writeable"/> = true (it does not check the PTE's R/W bit).
    /// </summary>
    public bool TryTranslate(ulong guestVirtualAddress, out ulong guestPhysicalAddress, out bool writeable)
    {
        var t = new kvm_translation { linear_address = guestVirtualAddress };
        // SAFETY: t lives on the stack for the call.
        Errno.Check(Libc.Ioctl(_fd, KVM_TRANSLATE, &t), "KVM_TRANSLATE");
        guestPhysicalAddress = t.physical_address;
        writeable = t.writeable != 0;
        return t.valid != 0;
    }

    /// <summary>KVM_GET_MSRS for one MSR.</summary>
    public ulong GetMsr(uint index)
    {
        var msrs = new kvm_msrs_one { header = { nmsrs = 1 }, entry = { index = index } };
        // SAFETY: msrs is a kvm_msrs header followed by exactly nmsrs = 1 entry, on the stack.
        int done = Errno.Check(Libc.Ioctl(_fd, KVM_GET_MSRS, &msrs), "KVM_GET_MSRS");
        if (done != 1) Errno.Throw(Errno.EINVAL, "KVM_GET_MSRS", $"MSR 0x{index:x} not readable");
        return msrs.entry.data;
    }

    /// <summary>KVM_SET_MSRS for one MSR.</summary>
    public void SetMsr(uint index, ulong value)
    {
        var msrs = new kvm_msrs_one { header = { nmsrs = 1 }, entry = { index = index, data = value } };
        // SAFETY: msrs is a kvm_msrs header followed by exactly nmsrs = 1 entry, on the stack.
        int done = Errno.Check(Libc.Ioctl(_fd, KVM_SET_MSRS, &msrs), "KVM_SET_MSRS");
        if (done != 1) Errno.Throw(Errno.EINVAL, "KVM_SET_MSRS", $"MSR 0x{index:x} rejected value 0x{value:x}");
    }

    /// <summary>KVM_GET_MP_STATE / KVM_SET_MP_STATE.</summary>
    public KvmMpState MpState
    {
        get
        {
            var s = new kvm_mp_state();
            // SAFETY: s lives on the stack for the call.
            Errno.Check(Libc.Ioctl(_fd, KVM_GET_MP_STATE, &s), "KVM_GET_MP_STATE");
            return (KvmMpState)s.mp_state;
        }
        set
        {
            var s = new kvm_mp_state { mp_state = (uint)value };
            // SAFETY: s lives on the stack for the call.
            Errno.Check(Libc.Ioctl(_fd, KVM_SET_MP_STATE, &s), "KVM_SET_MP_STATE");
        }
    }

    /// <summary>KVM_GET_LAPIC into the first 1024 bytes of <paramref name="state1024"/> (the LAPIC register page).</summary>
    public void GetLapic(Span<byte> state1024)
    {
        CheckLapicLength(state1024.Length);
        fixed (byte* p = state1024)
            // SAFETY: p is pinned and holds at least sizeof(struct kvm_lapic_state) = 1024 bytes.
            Errno.Check(Libc.Ioctl(_fd, KVM_GET_LAPIC, p), "KVM_GET_LAPIC");
    }

    /// <summary>KVM_SET_LAPIC from the first 1024 bytes of <paramref name="state1024"/>.</summary>
    public void SetLapic(ReadOnlySpan<byte> state1024)
    {
        CheckLapicLength(state1024.Length);
        fixed (byte* p = state1024)
            // SAFETY: p is pinned, holds 1024 bytes, and the kernel only reads it.
            Errno.Check(Libc.Ioctl(_fd, KVM_SET_LAPIC, p), "KVM_SET_LAPIC");
    }

    private static void CheckLapicLength(int length)
    {
        if (length < KVM_APIC_REG_SIZE)
            throw new ArgumentException($"LAPIC state needs {KVM_APIC_REG_SIZE} bytes", "state1024");
    }
}
