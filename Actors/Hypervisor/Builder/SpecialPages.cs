using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>
/// The HVM/PVH special pages below 0xFF000000, outside RAM, reserved in the memory map: the builder's view of
/// <see cref="HvmSpecialPages"/> (libxc xg_dom_x86.c: special_pfn(x) = X86_HVM_END_SPECIAL_REGION - X86_HVM_NR_SPECIAL_PAGES + x),
/// whose numbers the ABI tests check against Xen's headers.
/// </summary>
public static class SpecialPages
{
    /// <summary>X86_HVM_END_SPECIAL_REGION: the frame after the region.</summary>
    public const ulong EndPfn = HvmSpecialPages.EndSpecialRegion;

    /// <summary>X86_HVM_NR_SPECIAL_PAGES.</summary>
    public const int Count = HvmSpecialPages.NrSpecialPages;

    /// <summary>First frame of the region: 0xfeff8.</summary>
    public const ulong StartPfn = HvmSpecialPages.Start;

    /// <summary>The region as guest-physical addresses: [0xFEFF8000, 0xFF000000).</summary>
    public const ulong StartAddress = StartPfn << 12, EndAddress = EndPfn << 12;

    /// <summary>special_pfn(index).</summary>
    public static ulong Pfn(int index) => index is >= 0 and < Count
        ? StartPfn + (ulong)index
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"special page index must be 0..{Count - 1}");

    /// <summary>HVM_PARAM_CONSOLE_PFN: special_pfn(SPECIALPAGE_CONSOLE) = 0xfefff.</summary>
    public const ulong ConsolePfn = StartPfn + HvmSpecialPages.Console;

    /// <summary>HVM_PARAM_STORE_PFN: special_pfn(SPECIALPAGE_XENSTORE) = 0xfeffc.</summary>
    public const ulong XenstorePfn = StartPfn + HvmSpecialPages.Xenstore;

    /// <summary>HVM_PARAM_IDENT_PT page: special_pfn(SPECIALPAGE_IDENT_PT).</summary>
    public const ulong IdentPtPfn = StartPfn + HvmSpecialPages.IdentPt;
}
