namespace Disagg.Hw.Kvm.Native;

#pragma warning disable CS0649, IDE1006 // C names; some fields only exist for layout

/// <summary>struct kvm_cpuid2 header; nent kvm_cpuid_entry2 (<see cref="KvmCpuidEntry"/>) follow.</summary>
internal struct kvm_cpuid2
{
    public uint nent;
    public uint padding;
}

/// <summary>struct kvm_translation (KVM_TRANSLATE).</summary>
internal struct kvm_translation
{
    public ulong linear_address;
    public ulong physical_address;
    public byte valid;
    public byte writeable;
    public byte usermode;
    public Array5<byte> pad;
}

/// <summary>struct kvm_msrs header; nmsrs kvm_msr_entry follow.</summary>
internal struct kvm_msrs
{
    public uint nmsrs;
    public uint pad;
}

/// <summary>struct kvm_msr_entry.</summary>
internal struct kvm_msr_entry
{
    public uint index;
    public uint reserved;
    public ulong data;
}

/// <summary>kvm_msrs with exactly one entry, laid out as the kernel reads it.</summary>
internal struct kvm_msrs_one
{
    public kvm_msrs header;
    public kvm_msr_entry entry;
}

/// <summary>struct kvm_mp_state (KVM_GET/SET_MP_STATE).</summary>
internal struct kvm_mp_state
{
    public uint mp_state;
}

/// <summary>struct kvm_lapic_state (KVM_GET/SET_LAPIC): the 1 KiB LAPIC register page.</summary>
internal struct kvm_lapic_state
{
    public Array1024<byte> regs;
}

/// <summary>struct kvm_interrupt (KVM_INTERRUPT).</summary>
internal struct kvm_interrupt
{
    public uint irq;
}
