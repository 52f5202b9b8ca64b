using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm.Native;

#pragma warning disable CS0649, IDE1006 // fields are written by the kernel; C names

/// <summary>struct kvm_run: the page shared with the kernel through mmap(vcpu_fd). x86_64 layout.</summary>
[StructLayout(LayoutKind.Explicit, Size = 2352)]
internal struct kvm_run
{
    [FieldOffset(0)] public byte request_interrupt_window;
    [FieldOffset(1)] public byte immediate_exit;
    [FieldOffset(2)] public Array6<byte> padding1;
    [FieldOffset(8)] public uint exit_reason;
    [FieldOffset(12)] public byte ready_for_interrupt_injection;
    [FieldOffset(13)] public byte if_flag;
    [FieldOffset(14)] public ushort flags;
    [FieldOffset(16)] public ulong cr8;
    [FieldOffset(24)] public ulong apic_base;

    // The exit union (256 bytes): only the members this layer decodes.
    [FieldOffset(32)] public kvm_run_hw hw;
    [FieldOffset(32)] public kvm_run_fail_entry fail_entry;
    [FieldOffset(32)] public kvm_run_ex ex;
    [FieldOffset(32)] public kvm_run_io io;
    [FieldOffset(32)] public kvm_run_mmio mmio;
    [FieldOffset(32)] public kvm_run_hypercall hypercall;
    [FieldOffset(32)] public kvm_run_internal @internal;
    [FieldOffset(32)] public kvm_run_system_event system_event;
    [FieldOffset(32)] public KvmMsrExit msr;
    [FieldOffset(32)] public kvm_xen_exit xen;
    [FieldOffset(32)] public kvm_run_eoi eoi;

    [FieldOffset(288)] public ulong kvm_valid_regs;
    [FieldOffset(296)] public ulong kvm_dirty_regs;
    [FieldOffset(304)] public Array2048<byte> s;
}

/// <summary>run-&gt;hw (KVM_EXIT_UNKNOWN).</summary>
internal struct kvm_run_hw { public ulong hardware_exit_reason; }

/// <summary>run-&gt;fail_entry (KVM_EXIT_FAIL_ENTRY).</summary>
internal struct kvm_run_fail_entry { public ulong hardware_entry_failure_reason; public uint cpu; }

/// <summary>run-&gt;ex (KVM_EXIT_EXCEPTION).</summary>
internal struct kvm_run_ex { public uint exception; public uint error_code; }

/// <summary>run-&gt;io (KVM_EXIT_IO): data lives at data_offset from the start of kvm_run.</summary>
internal struct kvm_run_io
{
    public byte direction;
    public byte size;
    public ushort port;
    public uint count;
    public ulong data_offset;
}

/// <summary>run-&gt;mmio (KVM_EXIT_MMIO).</summary>
internal struct kvm_run_mmio
{
    public ulong phys_addr;
    public Array8<byte> data;
    public uint len;
    public byte is_write;
}

/// <summary>run-&gt;hypercall (KVM_EXIT_HYPERCALL).</summary>
internal struct kvm_run_hypercall
{
    public ulong nr;
    public Array6<ulong> args;
    public ulong ret;
    public uint longmode;
    public uint pad;
}

/// <summary>run-&gt;internal (KVM_EXIT_INTERNAL_ERROR).</summary>
internal struct kvm_run_internal
{
    public uint suberror;
    public uint ndata;
    public Array16<ulong> data;
}

/// <summary>run-&gt;system_event (KVM_EXIT_SYSTEM_EVENT); the flags/data union is data[16].</summary>
internal struct kvm_run_system_event
{
    public uint type;
    public uint ndata;
    public Array16<ulong> data;
}

/// <summary>run-&gt;xen (KVM_EXIT_XEN): a Xen hypercall the kernel intercepted (KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL).</summary>
[StructLayout(LayoutKind.Explicit)]
internal struct kvm_xen_exit
{
    [FieldOffset(0)] public uint type;
    [FieldOffset(8)] public kvm_xen_exit_u u;
}

/// <summary>The union of struct kvm_xen_exit.</summary>
internal struct kvm_xen_exit_u { public KvmXenHypercall hcall; }

/// <summary>struct kvm_xen_hvm_config (KVM_XEN_HVM_CONFIG).</summary>
internal struct kvm_xen_hvm_config
{
    public uint flags;
    public uint msr;
    public ulong blob_addr_32;
    public ulong blob_addr_64;
    public byte blob_size_32;
    public byte blob_size_64;
    public Array30<byte> pad2;
}

/// <summary>run-&gt;eoi (KVM_EXIT_IOAPIC_EOI): the guest EOI'd a level-triggered vector of a split irqchip's user-space IOAPIC.</summary>
internal struct kvm_run_eoi { public byte vector; }
