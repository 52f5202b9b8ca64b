using Disagg.Actors.Hypervisor.Builder;
using Xunit;
using static Disagg.Xen.HvmStartInfo;

namespace Disagg.Hypervisor.Tests.Builder;

public class PvhLayoutTests
{
    const ulong MiB = 1 << 20, GiB = 1UL << 30;

    static PvhLayoutRequest Req(ulong ram, ulong kStart = 0x1000000, ulong kEnd = 0x1a3c123, ulong ramdisk = 0,
        string? cmdline = "console=hvc0", int vcpus = 2, bool legacy = false, ulong top = PvhLayout.XenPvhLowMemoryTop) =>
        new(ram, top, kStart, kEnd, vcpus, ramdisk, cmdline, null, legacy);

    [Fact]
    public void Small_guest_matches_libxl_pvh_shape()
    {
        var l = PvhLayout.Plan(Req(256 * MiB, ramdisk: 5 * MiB + 3));
        var r = l.MemoryMap.Regions;
        Assert.Equal(new MemoryRegion(0, l.AcpiAddress, XEN_HVM_MEMMAP_TYPE_RAM), r[0]); // RAM from 0, no hole below 1 MiB
        Assert.Equal(new MemoryRegion(l.AcpiAddress, l.AcpiBytes, XEN_HVM_MEMMAP_TYPE_NVS), r[1]);
        Assert.Equal(256 * MiB, r[1].End);
        Assert.Equal(new MemoryRegion(0xFEFF8000, 0x8000, XEN_HVM_MEMMAP_TYPE_RESERVED), r[2]); // special pages
        Assert.Equal(3, r.Count); // the LAPIC is not listed
        Assert.Equal(256 * MiB, l.LowMemEnd);
        Assert.Equal(0ul, l.HighMemEnd);

        Assert.Equal(0x1a3d000ul, l.RamdiskAddress); // the page after the kernel, as xc_dom_alloc_segment
        Assert.Equal(0x1a3d000ul + 5 * MiB + 0x1000, l.StartInfoAddress);
        Assert.Equal(l.AcpiAddress, l.RsdpAddress);
    }

    [Fact]
    public void Large_guest_moves_ram_above_4GiB()
    {
        var l = PvhLayout.Plan(Req(6 * GiB));
        Assert.Equal(PvhLayout.XenPvhLowMemoryTop, l.LowMemEnd);
        Assert.Equal((1UL << 32) + 6 * GiB - PvhLayout.XenPvhLowMemoryTop, l.HighMemEnd);
        var high = l.MemoryMap.Regions[^1];
        Assert.Equal(new MemoryRegion(1UL << 32, l.HighMemEnd - (1UL << 32), XEN_HVM_MEMMAP_TYPE_RAM), high);
        ulong ram = l.MemoryMap.Regions.Where(x => x.Type == XEN_HVM_MEMMAP_TYPE_RAM).Aggregate(0UL, (s, x) => s + x.Size);
        Assert.Equal(6 * GiB - l.AcpiBytes, ram); // all RAM is mapped; ACPI takes its pages from it

        var custom = PvhLayout.Plan(Req(6 * GiB, top: 0xF0000000));
        Assert.Equal(0xF0000000ul, custom.LowMemEnd);
    }

    [Fact]
    public void Legacy_rsdp_splits_the_first_megabyte()
    {
        var l = PvhLayout.Plan(Req(64 * MiB, legacy: true));
        Assert.Equal(new MemoryRegion(0, 0xFF000, XEN_HVM_MEMMAP_TYPE_RAM), l.MemoryMap.Regions[0]);
        Assert.Equal(new MemoryRegion(0xFF000, 0x1000, XEN_HVM_MEMMAP_TYPE_NVS), l.MemoryMap.Regions[1]);
        Assert.Equal(0x100000ul, l.MemoryMap.Regions[2].Address);
        Assert.Equal(0xFFFC0ul, l.RsdpAddress);
        Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(64 * MiB, kStart: 0xF0000, kEnd: 0x200000, legacy: true)));
    }

    [Theory]
    [InlineData(16UL << 20, 0x100000UL, 0x200000UL, 0UL, 1)]
    [InlineData(32UL << 20, 0x100000UL, 0x1000001UL, 4097UL, 8)]
    [InlineData(512UL << 20, 0x1000000UL, 0x3000000UL, 100UL << 20, 128)]
    [InlineData(5UL << 30, 0x1000000UL, 0x2000000UL, 1UL << 30, 64)]
    public void Nothing_overlaps_and_everything_is_in_ram(ulong ram, ulong kStart, ulong kEnd, ulong ramdisk, int vcpus)
    {
        foreach (var legacy in new[] { false, true })
        {
            var l = PvhLayout.Plan(Req(ram, kStart, kEnd, ramdisk, new string('x', 3000), vcpus, legacy));
            var pieces = new List<(string Name, ulong Start, ulong Size)>
            {
                ("kernel", l.KernelStart, l.KernelEnd - l.KernelStart),
                ("start_info", l.StartInfoAddress, l.StartInfoBytes),
                ("acpi", l.AcpiAddress, l.AcpiBytes),
            };
            if (ramdisk > 0) pieces.Add(("ramdisk", l.RamdiskAddress, l.RamdiskBytes));
            foreach (var p in pieces)
            {
                Assert.True(p.Start + p.Size <= 1UL << 32, $"{p.Name} below 4 GiB");
                if (p.Name != "kernel") Assert.Equal(0ul, p.Start % 4096);
                var backedAs = p.Name == "acpi" ? XEN_HVM_MEMMAP_TYPE_NVS : XEN_HVM_MEMMAP_TYPE_RAM;
                Assert.Contains(l.MemoryMap.Regions, r => r.Type == backedAs && r.Address <= p.Start && p.Start + p.Size <= r.End);
                Assert.True(p.Start + p.Size <= l.LowMemEnd, $"{p.Name} in low memory");
            }
            var sorted = pieces.OrderBy(p => p.Start).ToList();
            for (int i = 1; i < sorted.Count; i++)
                Assert.True(sorted[i - 1].Start + sorted[i - 1].Size <= sorted[i].Start, $"{sorted[i - 1].Name} overlaps {sorted[i].Name}");
            Assert.True(l.StartInfoBytes >= StartInfoWriter.Measure(new StartInfoContent(new string('x', 3000),
                ramdisk > 0 ? [new BootModule(l.RamdiskAddress, ramdisk)] : [], l.MemoryMap, 0)));
            Assert.True(l.AcpiBytes >= AcpiTables.RequiredBytes(vcpus));
        }
    }

    [Fact]
    public void Refuses_what_does_not_fit()
    {
        Assert.Contains("not inside guest RAM", Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(16 * MiB, 0x1000000, 0x1100000))).Message);
        Assert.Contains("ramdisk", Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(32 * MiB, ramdisk: 30 * MiB))).Message);
        Assert.Contains("start_info", Assert.Throws<BuildException>(() =>
            PvhLayout.Plan(Req(32 * MiB, 0x100000, 32 * MiB - 0x1000))).Message);
        Assert.Contains("multiple of 4 KiB", Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(32 * MiB + 1))).Message);
        Assert.Contains("low memory top", Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(32 * MiB, top: 0xFF000000))).Message);
        Assert.Contains("empty", Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(32 * MiB, 0x200000, 0x200000))).Message);
        Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(32 * MiB, vcpus: 200)));
        Assert.Throws<BuildException>(() => PvhLayout.Plan(Req(32 * MiB, ramdisk: ulong.MaxValue)));
    }

    [Fact]
    public void Special_page_frames_are_libxc_special_pfn()
    {
        Assert.Equal(0xfefffUL, SpecialPages.ConsolePfn);
        Assert.Equal(0xfeffcUL, SpecialPages.XenstorePfn);
        Assert.Equal(0xfeff8UL, SpecialPages.Pfn(0));
        Assert.Equal(SpecialPages.ConsolePfn, SpecialPages.Pfn(Disagg.Xen.HvmSpecialPages.Console));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialPages.Pfn(8));
    }
}
