using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm.Native;

#pragma warning disable CS0649, IDE1006 // C names; some fields only exist for layout

/// <summary>struct kvm_userspace_memory_region (KVM_SET_USER_MEMORY_REGION).</summary>
internal struct kvm_userspace_memory_region
{
    public uint slot;
    public uint flags;
    public ulong guest_phys_addr;
    public ulong memory_size;
    public ulong userspace_addr;
}

/// <summary>struct kvm_enable_cap (KVM_ENABLE_CAP).</summary>
internal struct kvm_enable_cap
{
    public uint cap;
    public uint flags;
    public Array4<ulong> args;
    public Array64<byte> pad;
}

/// <summary>struct kvm_msi (KVM_SIGNAL_MSI).</summary>
internal struct kvm_msi
{
    public uint address_lo;
    public uint address_hi;
    public uint data;
    public uint flags;
    public uint devid;
    public Array12<byte> pad;
}

/// <summary>struct kvm_irq_level (KVM_IRQ_LINE); irq shares its storage with status.</summary>
internal struct kvm_irq_level
{
    public uint irq;
    public uint level;
}

/// <summary>struct kvm_irqfd (KVM_IRQFD).</summary>
internal struct kvm_irqfd
{
    public uint fd;
    public uint gsi;
    public uint flags;
    public uint resamplefd;
    public Array16<byte> pad;
}

/// <summary>struct kvm_ioeventfd (KVM_IOEVENTFD).</summary>
internal struct kvm_ioeventfd
{
    public ulong datamatch;
    public ulong addr;
    public uint len;
    public int fd;
    public uint flags;
    public Array36<byte> pad;
}

/// <summary>struct kvm_irq_routing header; nr entries of kvm_irq_routing_entry follow.</summary>
internal struct kvm_irq_routing
{
    public uint nr;
    public uint flags;
}

/// <summary>struct kvm_irq_routing_msi.</summary>
internal struct kvm_irq_routing_msi
{
    public uint address_lo;
    public uint address_hi;
    public uint data;
    public uint devid;
}

/// <summary>The union u of kvm_irq_routing_entry (32 bytes); only the MSI member is used.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct kvm_irq_routing_entry_u
{
    [FieldOffset(0)] public kvm_irq_routing_msi msi;
    [FieldOffset(0)] public Array8<uint> pad;
}

/// <summary>struct kvm_irq_routing_entry.</summary>
internal struct kvm_irq_routing_entry
{
    public uint gsi;
    public uint type;
    public uint flags;
    public uint pad;
    public kvm_irq_routing_entry_u u;
}

/// <summary>struct kvm_dirty_log (KVM_GET_DIRTY_LOG); dirty_bitmap shares its storage with padding2.</summary>
internal unsafe struct kvm_dirty_log
{
    public uint slot;
    public uint padding1;
    public ulong* dirty_bitmap;
}

/// <summary>struct kvm_msr_filter_range.</summary>
internal unsafe struct kvm_msr_filter_range
{
    public uint flags;
    public uint nmsrs;
    public uint @base;
    public byte* bitmap;
}

/// <summary>struct kvm_msr_filter (KVM_X86_SET_MSR_FILTER).</summary>
internal struct kvm_msr_filter
{
    public uint flags;
    public Array16<kvm_msr_filter_range> ranges;
}
