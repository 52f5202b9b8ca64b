using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm;

#pragma warning disable CS0169, CS0649, IDE0051 // padding fields mirror the C struct

/// <summary>General-purpose registers: struct kvm_regs (KVM_GET_REGS / KVM_SET_REGS).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRegisters
{
    public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rsp, Rbp;
    public ulong R8, R9, R10, R11, R12, R13, R14, R15;
    public ulong Rip, Rflags;
}

/// <summary>A segment register: struct kvm_segment. Flag fields are 0 or 1 (Type is the 4-bit type).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmSegment
{
    public ulong Base;
    public uint Limit;
    public ushort Selector;
    public byte Type;
    public byte Present, Dpl, Db, S, L, G, Avl;
    public byte Unusable;
    private byte padding;
}

/// <summary>GDTR/IDTR: struct kvm_dtable.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmDescriptorTable
{
    public ulong Base;
    public ushort Limit;
    private Native.Array3<ushort> padding;
}

/// <summary>Pending external interrupt bitmap of kvm_sregs (256 bits).</summary>
[InlineArray(4)]
public struct KvmInterruptBitmap
{
    private ulong _element;
}

/// <summary>Special registers: struct kvm_sregs (KVM_GET_SREGS / KVM_SET_SREGS).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmSpecialRegisters
{
    public KvmSegment Cs, Ds, Es, Fs, Gs, Ss, Tr, Ldt;
    public KvmDescriptorTable Gdt, Idt;
    public ulong Cr0, Cr2, Cr3, Cr4, Cr8;
    public ulong Efer;
    public ulong ApicBase;
    public KvmInterruptBitmap InterruptBitmap;
}

/// <summary>One CPUID leaf: struct kvm_cpuid_entry2.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmCpuidEntry
{
    /// <summary>KVM_CPUID_FLAG_SIGNIFCANT_INDEX: the leaf has sub-leaves selected by <see cref="Index"/> (ECX).</summary>
    public const uint SignificantIndex = 1;

    public uint Function, Index, Flags, Eax, Ebx, Ecx, Edx;
    private Native.Array3<uint> padding;

    /// <summary>A leaf with its four output registers (sub-leaf 0, no flags).</summary>
    public KvmCpuidEntry(uint function, uint eax, uint ebx, uint ecx, uint edx)
    {
        Function = function; Eax = eax; Ebx = ebx; Ecx = ecx; Edx = edx;
    }

    /// <inheritdoc/>
    public override readonly string ToString() =>
        $"cpuid {Function:x8}.{Index:x}: eax={Eax:x8} ebx={Ebx:x8} ecx={Ecx:x8} edx={Edx:x8} flags={Flags:x}";
}
