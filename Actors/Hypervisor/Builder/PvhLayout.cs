using static Disagg.Xen.HvmStartInfo;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>What the PVH layout planner needs to know about a domain.</summary>
/// <param name="RamBytes">All guest RAM, low and high, a multiple of 4 KiB.</param>
/// <param name="LowMemoryTop">Where low RAM stops and the MMIO hole starts; the rest of RAM goes above 4 GiB.</param>
/// <param name="KernelStart">Lowest physical address of the loaded kernel (ElfImage.PhysStart).</param>
/// <param name="KernelEnd">First physical address after the kernel (ElfImage.PhysEnd).</param>
/// <param name="MaxVcpus">vCPUs the MADT describes (sizes the ACPI tables).</param>
/// <param name="RamdiskBytes">Size of the ramdisk module, 0 for none.</param>
/// <param name="CommandLine">The kernel command line, null for none.</param>
/// <param name="RamdiskCommandLine">The ramdisk module's command line, null for none (libxl passes none).</param>
/// <param name="LegacyRsdp">Also place the RSDP at 0xFFFC0 (see <see cref="XenNotes.NeedsLegacyRsdp"/>).</param>
public sealed record PvhLayoutRequest(ulong RamBytes, ulong LowMemoryTop, ulong KernelStart, ulong KernelEnd, int MaxVcpus,
    ulong RamdiskBytes = 0, string? CommandLine = null, string? RamdiskCommandLine = null, bool LegacyRsdp = false,
    bool HvmPlatform = false);

/// <summary>
/// Where everything of a PVH domain goes in guest-physical space, and the memory map it is given.
/// Memory to back: [0, <see cref="LowMemEnd"/>), [4 GiB, <see cref="HighMemEnd"/>) when HighMemEnd is not 0, and
/// the special pages.
/// </summary>
public sealed record PvhLayout(
    GuestMemoryMap MemoryMap,
    ulong LowMemEnd,
    ulong HighMemEnd,
    ulong KernelStart,
    ulong KernelEnd,
    ulong RamdiskAddress,
    ulong RamdiskBytes,
    ulong StartInfoAddress,
    ulong StartInfoBytes,
    ulong AcpiAddress,
    ulong AcpiBytes,
    bool LegacyRsdp)
{
    const ulong Page = 4096;
    const ulong FourGiB = 1UL << 32;
    const ulong OneMiB = 0x100000;
    const ulong LegacyRsdpPage = OneMiB - Page;

    /// <summary>libxl's PVH hole start: min(special pages, LAPIC, ACPI_INFO_PHYSICAL_ADDRESS) = 0xFC000000 (libxl_dom.c).</summary>
    public const ulong XenPvhLowMemoryTop = 0xFC000000;

    /// <summary>
    /// Plans a PVH domain as libxl and libxc lay it out: RAM from 0 (no device model, so no hole below 1 MiB),
    /// RAM beyond <see cref="PvhLayoutRequest.LowMemoryTop"/> moved above 4 GiB, the ramdisk and then the
    /// start_info block placed page-aligned right after the kernel, the special pages reserved.
    /// The ACPI tables take the last pages of low RAM, typed ACPI NVS as libxl types its ACPI modules;
    /// libxl puts them at 0xFC001000 in pages populated outside RAM instead, which would need memory that
    /// nothing else here backs.
    /// </summary>
    public static PvhLayout Plan(PvhLayoutRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        Check(req);
        ulong lowEnd = Math.Min(req.RamBytes, req.LowMemoryTop);
        ulong highEnd = req.RamBytes > lowEnd ? FourGiB + (req.RamBytes - lowEnd) : 0;
        ulong acpiBytes = RoundUp(AcpiTables.RequiredBytes(req.MaxVcpus, req.HvmPlatform));
        if (acpiBytes + OneMiB > lowEnd)
            throw new BuildException($"layout: low RAM of 0x{lowEnd:x} bytes leaves no room for 1 MiB plus ACPI tables");
        ulong acpiBase = lowEnd - acpiBytes;

        var regions = new List<MemoryRegion>();
        if (req.LegacyRsdp)
        {
            // The RSDP's page is ACPI NVS, as libxl reports acpi_modules[0] at 0x100000 - 64.
            regions.Add(new(0, LegacyRsdpPage, XEN_HVM_MEMMAP_TYPE_RAM));
            regions.Add(new(LegacyRsdpPage, Page, XEN_HVM_MEMMAP_TYPE_NVS));
            regions.Add(new(OneMiB, acpiBase - OneMiB, XEN_HVM_MEMMAP_TYPE_RAM));
        }
        else regions.Add(new(0, acpiBase, XEN_HVM_MEMMAP_TYPE_RAM));
        regions.Add(new(acpiBase, acpiBytes, XEN_HVM_MEMMAP_TYPE_NVS));
        regions.Add(new(SpecialPages.StartAddress, SpecialPages.EndAddress - SpecialPages.StartAddress, XEN_HVM_MEMMAP_TYPE_RESERVED));
        if (highEnd != 0) regions.Add(new(FourGiB, highEnd - FourGiB, XEN_HVM_MEMMAP_TYPE_RAM));
        var map = new GuestMemoryMap(regions);

        if (!map.IsRam(req.KernelStart, req.KernelEnd - req.KernelStart))
            throw new BuildException($"layout: kernel [0x{req.KernelStart:x}, 0x{req.KernelEnd:x}) is not inside guest RAM ({map})");

        // libxc's xc_dom_alloc_segment: each segment starts at the page after the previous one (virt_alloc_end).
        ulong cursor = RoundUp(req.KernelEnd);
        ulong ramdisk = 0;
        if (req.RamdiskBytes > 0)
        {
            ramdisk = cursor;
            cursor = Advance(cursor, req.RamdiskBytes, acpiBase, "ramdisk");
        }
        var moduleCmdlines = req.RamdiskBytes > 0 ? new[] { req.RamdiskCommandLine } : Array.Empty<string?>();
        ulong startInfoBytes = StartInfoWriter.Measure(req.CommandLine, moduleCmdlines, map.Regions.Count);
        ulong startInfo = cursor;
        Advance(cursor, startInfoBytes, acpiBase, "start_info");

        return new PvhLayout(map, lowEnd, highEnd, req.KernelStart, req.KernelEnd, ramdisk, req.RamdiskBytes,
            startInfo, startInfoBytes, acpiBase, acpiBytes, req.LegacyRsdp);
    }

    static void Check(PvhLayoutRequest r)
    {
        if (r.RamBytes == 0 || r.RamBytes % Page != 0)
            throw new BuildException($"layout: RAM size 0x{r.RamBytes:x} is not a positive multiple of 4 KiB");
        if (r.LowMemoryTop % Page != 0 || r.LowMemoryTop <= OneMiB || r.LowMemoryTop > XenPvhLowMemoryTop)
            throw new BuildException(
                $"layout: low memory top 0x{r.LowMemoryTop:x} must be page aligned, above 1 MiB and at most 0x{XenPvhLowMemoryTop:x}");
        if (r.KernelEnd <= r.KernelStart)
            throw new BuildException($"layout: kernel extent [0x{r.KernelStart:x}, 0x{r.KernelEnd:x}) is empty");
        if (r.RamdiskBytes > FourGiB)
            throw new BuildException($"layout: ramdisk of 0x{r.RamdiskBytes:x} bytes cannot fit below 4 GiB");
    }

    // Reserves [cursor, cursor + bytes) rounded to pages, which must end at or below limit.
    static ulong Advance(ulong cursor, ulong bytes, ulong limit, string what)
    {
        ulong end = cursor + RoundUp(bytes);
        if (end > limit)
            throw new BuildException(
                $"layout: {what} of 0x{bytes:x} bytes at 0x{cursor:x} does not fit in low RAM below the ACPI tables at 0x{limit:x}");
        return end;
    }

    static ulong RoundUp(ulong v) => (v + Page - 1) & ~(Page - 1);

    /// <summary>The RSDP address to put in start_info, given where AcpiTables.Write put the tables.</summary>
    public ulong RsdpAddress => LegacyRsdp ? AcpiTables.LegacyRsdpAddress : AcpiAddress;
}
