using System.Runtime.InteropServices;

namespace Disagg.Xen;

// VCPUOP_initialise argument of HVM/PVH guests (xen/hvm/hvm_vcpu.h); the same for every guest ABI.

/// <summary>struct vcpu_hvm_x86_32</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuHvmX86_32
{
    /// <summary>Register eax</summary>
    public uint eax;
    /// <summary>Register ecx</summary>
    public uint ecx;
    /// <summary>Register edx</summary>
    public uint edx;
    /// <summary>Register ebx</summary>
    public uint ebx;
    /// <summary>Register esp</summary>
    public uint esp;
    /// <summary>Register ebp</summary>
    public uint ebp;
    /// <summary>Register esi</summary>
    public uint esi;
    /// <summary>Register edi</summary>
    public uint edi;
    /// <summary>Register eip</summary>
    public uint eip;
    /// <summary>Register eflags</summary>
    public uint eflags;
    /// <summary>Register cr0</summary>
    public uint cr0;
    /// <summary>Register cr3</summary>
    public uint cr3;
    /// <summary>Register cr4</summary>
    public uint cr4;
    /// <summary>Padding</summary>
    public uint pad1;
    /// <summary>Register efer</summary>
    public ulong efer;
    /// <summary>Register cs_base</summary>
    public uint cs_base;
    /// <summary>Register ds_base</summary>
    public uint ds_base;
    /// <summary>Register ss_base</summary>
    public uint ss_base;
    /// <summary>Register es_base</summary>
    public uint es_base;
    /// <summary>Register tr_base</summary>
    public uint tr_base;
    /// <summary>Register cs_limit</summary>
    public uint cs_limit;
    /// <summary>Register ds_limit</summary>
    public uint ds_limit;
    /// <summary>Register ss_limit</summary>
    public uint ss_limit;
    /// <summary>Register es_limit</summary>
    public uint es_limit;
    /// <summary>Register tr_limit</summary>
    public uint tr_limit;
    /// <summary>Register cs_ar</summary>
    public ushort cs_ar;
    /// <summary>Register ds_ar</summary>
    public ushort ds_ar;
    /// <summary>Register ss_ar</summary>
    public ushort ss_ar;
    /// <summary>Register es_ar</summary>
    public ushort es_ar;
    /// <summary>Register tr_ar</summary>
    public ushort tr_ar;
    /// <summary>Padding</summary>
    public Pad3x16 pad2;
}

/// <summary>struct vcpu_hvm_x86_64</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuHvmX86_64
{
    /// <summary>Register rax</summary>
    public ulong rax;
    /// <summary>Register rcx</summary>
    public ulong rcx;
    /// <summary>Register rdx</summary>
    public ulong rdx;
    /// <summary>Register rbx</summary>
    public ulong rbx;
    /// <summary>Register rsp</summary>
    public ulong rsp;
    /// <summary>Register rbp</summary>
    public ulong rbp;
    /// <summary>Register rsi</summary>
    public ulong rsi;
    /// <summary>Register rdi</summary>
    public ulong rdi;
    /// <summary>Register rip</summary>
    public ulong rip;
    /// <summary>Register rflags</summary>
    public ulong rflags;
    /// <summary>Register cr0</summary>
    public ulong cr0;
    /// <summary>Register cr3</summary>
    public ulong cr3;
    /// <summary>Register cr4</summary>
    public ulong cr4;
    /// <summary>Register efer</summary>
    public ulong efer;
}

/// <summary>struct vcpu_hvm_context</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VcpuHvmContext
{
    /// <summary>VCPU_HVM_MODE_32B or VCPU_HVM_MODE_64B</summary>
    public uint mode;
    /// <summary>Padding</summary>
    public uint pad;
    /// <summary>Registers, selected by mode</summary>
    public CpuRegs cpu_regs;
    /// <summary>struct vcpu_hvm_context.cpu_regs</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct CpuRegs
    {
        /// <summary>32-bit register state</summary>
        [FieldOffset(0)] public VcpuHvmX86_32 x86_32;
        /// <summary>64-bit register state</summary>
        [FieldOffset(0)] public VcpuHvmX86_64 x86_64;
    }

    /// <summary>VCPU_HVM_MODE_32B</summary>
    public const uint Mode32B = 0;
    /// <summary>VCPU_HVM_MODE_64B</summary>
    public const uint Mode64B = 1;
}
