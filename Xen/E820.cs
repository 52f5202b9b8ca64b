using System.Runtime.InteropServices;

namespace Disagg.Xen;

/// <summary>E820 memory types (xenctrl.h; the format of XENMEM_memory_map's buffer).</summary>
public enum E820Type : uint
{
    /// <summary>E820_RAM</summary>
    Ram = 1,
    /// <summary>E820_RESERVED</summary>
    Reserved = 2,
    /// <summary>E820_ACPI</summary>
    Acpi = 3,
    /// <summary>E820_NVS</summary>
    Nvs = 4,
    /// <summary>E820_UNUSABLE</summary>
    Unusable = 5,
}

/// <summary>E820 limits (xenctrl.h).</summary>
public static class E820
{
    /// <summary>E820MAX</summary>
    public const int Max = 128;
}

/// <summary>struct e820entry</summary>
/// <remarks>Packed, 20 bytes: the entry format of XENMEM_memory_map / XENMEM_set_memory_map buffers.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct E820Entry
{
    /// <summary>Start address.</summary>
    public ulong addr;
    /// <summary>Length in bytes.</summary>
    public ulong size;
    /// <summary>E820_* type (see <see cref="E820Type"/>).</summary>
    public uint type;
}

/// <summary>
/// The special-page region libxenguest reserves below 0xff000 in every HVM/PVH guest (xenguest.h,
/// tools/libs/guest/xg_dom_x86.c): xenstore and console rings, ioreq pages, identity page table.
/// </summary>
public static class HvmSpecialPages
{
    /// <summary>X86_HVM_END_SPECIAL_REGION</summary>
    public const ulong EndSpecialRegion = 0xff000;
    /// <summary>X86_HVM_NR_SPECIAL_PAGES</summary>
    public const int NrSpecialPages = 8;
    /// <summary>SPECIALPAGE_PAGING</summary>
    public const int Paging = 0;
    /// <summary>SPECIALPAGE_ACCESS</summary>
    public const int Access = 1;
    /// <summary>SPECIALPAGE_SHARING</summary>
    public const int Sharing = 2;
    /// <summary>SPECIALPAGE_BUFIOREQ</summary>
    public const int BufIoreq = 3;
    /// <summary>SPECIALPAGE_XENSTORE</summary>
    public const int Xenstore = 4;
    /// <summary>SPECIALPAGE_IOREQ</summary>
    public const int Ioreq = 5;
    /// <summary>SPECIALPAGE_IDENT_PT</summary>
    public const int IdentPt = 6;
    /// <summary>SPECIALPAGE_CONSOLE</summary>
    public const int Console = 7;
    /// <summary>NR_IOREQ_SERVER_PAGES</summary>
    public const int NrIoreqServerPages = 8;
    /// <summary>special_pfn(0)</summary>
    public const ulong Start = EndSpecialRegion - NrSpecialPages;

    /// <summary>special_pfn(x): the gfn of special page <paramref name="index"/>.</summary>
    public static ulong SpecialPfn(int index) =>
        (uint)index < NrSpecialPages ? Start + (ulong)index : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>ioreq_server_pfn(x): the gfn of ioreq-server page <paramref name="index"/>, just below the region.</summary>
    public static ulong IoreqServerPfn(int index) =>
        (uint)index < NrIoreqServerPages ? Start - NrIoreqServerPages + (ulong)index : throw new ArgumentOutOfRangeException(nameof(index));
}

/// <summary>Multicall constants (xen.h).</summary>
public static class MultiCall
{
    /// <summary>sizeof(((struct multicall_entry *)0)->args) / sizeof(xen_ulong_t)</summary>
    public const int ArgCount = 6;
}

/// <summary>Guest page geometry (XENVER_pagesize on x86).</summary>
public static class XenPage
{
    /// <summary>XC_PAGE_SHIFT</summary>
    public const int Shift = 12;
    /// <summary>XC_PAGE_SIZE</summary>
    public const int Size = 4096;
}
