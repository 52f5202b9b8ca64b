using System.Runtime.InteropServices;

namespace Disagg.Xen;

// Layouts of xen/include/public/arch-x86/hvm/start_info.h (Xen 4.17). Names are Xen's so that the structs
// read like the header; tests compare every size and offset with the real header compiled by gcc.
#pragma warning disable IDE1006 // C names on purpose

/// <summary>Constants of the x86 HVM/PVH start of day ABI (arch-x86/hvm/start_info.h).</summary>
public static class HvmStartInfo
{
    /// <summary>hvm_start_info.magic: "xEn3" with the 0x80 bit of the "E" set.</summary>
    public const uint XEN_HVM_START_MAGIC_VALUE = 0x336ec578;

    /// <summary>The version this project writes: 1 adds memmap_paddr/memmap_entries.</summary>
    public const uint Version = 1;

    /// <summary>Memory map entry types; they equal the ACPI/e820 address range types.</summary>
    public const uint XEN_HVM_MEMMAP_TYPE_RAM = 1;
    public const uint XEN_HVM_MEMMAP_TYPE_RESERVED = 2;
    public const uint XEN_HVM_MEMMAP_TYPE_ACPI = 3;
    public const uint XEN_HVM_MEMMAP_TYPE_NVS = 4;
    public const uint XEN_HVM_MEMMAP_TYPE_UNUSABLE = 5;
    public const uint XEN_HVM_MEMMAP_TYPE_DISABLED = 6;
    public const uint XEN_HVM_MEMMAP_TYPE_PMEM = 7;

    /// <summary>A short name of a memmap type, for messages and logs.</summary>
    public static string TypeName(uint type) => type switch
    {
        XEN_HVM_MEMMAP_TYPE_RAM => "RAM",
        XEN_HVM_MEMMAP_TYPE_RESERVED => "Reserved",
        XEN_HVM_MEMMAP_TYPE_ACPI => "ACPI",
        XEN_HVM_MEMMAP_TYPE_NVS => "ACPI NVS",
        XEN_HVM_MEMMAP_TYPE_UNUSABLE => "Unusable",
        XEN_HVM_MEMMAP_TYPE_DISABLED => "Disabled",
        XEN_HVM_MEMMAP_TYPE_PMEM => "PMEM",
        _ => $"type {type}",
    };
}

/// <summary>struct hvm_start_info (version 1): what EBX points to at a PVH entry point.</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct hvm_start_info
{
    [FieldOffset(0)] public uint magic;
    [FieldOffset(4)] public uint version;
    [FieldOffset(8)] public uint flags;
    [FieldOffset(12)] public uint nr_modules;
    [FieldOffset(16)] public ulong modlist_paddr;
    [FieldOffset(24)] public ulong cmdline_paddr;
    [FieldOffset(32)] public ulong rsdp_paddr;
    [FieldOffset(40)] public ulong memmap_paddr;
    [FieldOffset(48)] public uint memmap_entries;
    [FieldOffset(52)] public uint reserved;
}

/// <summary>struct hvm_modlist_entry: one module (a ramdisk) handed to the kernel.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct hvm_modlist_entry
{
    [FieldOffset(0)] public ulong paddr;
    [FieldOffset(8)] public ulong size;
    [FieldOffset(16)] public ulong cmdline_paddr;
    [FieldOffset(24)] public ulong reserved;
}

/// <summary>struct hvm_memmap_table_entry: one e820-style range of the guest's memory map.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct hvm_memmap_table_entry
{
    [FieldOffset(0)] public ulong addr;
    [FieldOffset(8)] public ulong size;
    [FieldOffset(16)] public uint type;
    [FieldOffset(20)] public uint reserved;
}
