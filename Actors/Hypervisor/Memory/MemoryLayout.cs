using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Memory;

/// <summary>Where a domain's memory lives in guest-physical space, as Xen's HVM/PVH builder lays it out.</summary>
public static class MemoryLayout
{
    public const ulong PageSize = 4096;
    public const int PageShift = 12;

    /// <summary>Top of low RAM: RAM beyond this goes above 4 GiB (the MMIO hole holds the LAPIC, IOAPIC, special pages).</summary>
    /// <remarks>libxl's default mmio_hole for HVM is 256 MiB below 4 GiB: 0xF0000000.</remarks>
    public const ulong LowMemoryTop = 0xF000_0000;

    public const ulong FourGiB = 0x1_0000_0000;

    /// <summary>First frame of the special-page region (special_pfn(0)).</summary>
    public const ulong SpecialRegionStartPfn = HvmSpecialPages.Start;

    /// <summary>Number of special pages (X86_HVM_NR_SPECIAL_PAGES).</summary>
    public const int SpecialPageCount = HvmSpecialPages.NrSpecialPages;

    /// <summary>The default LAPIC MMIO window (handled by the in-kernel LAPIC).</summary>
    public const ulong LapicBase = 0xFEE0_0000;

    /// <summary>Size of low RAM for a domain of <paramref name="ramBytes"/>.</summary>
    public static ulong LowRamSize(ulong ramBytes) => Math.Min(ramBytes, LowMemoryTop);

    /// <summary>Size of RAM relocated above 4 GiB.</summary>
    public static ulong HighRamSize(ulong ramBytes) => ramBytes - LowRamSize(ramBytes);
}
