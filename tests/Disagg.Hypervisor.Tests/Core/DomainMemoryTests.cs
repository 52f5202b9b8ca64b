using Disagg.Actors.Hypervisor.Memory;
using Xunit;

namespace Disagg.Hypervisor.Tests.Core;

public sealed class DomainMemoryTests
{
    const ulong Page = MemoryLayout.PageSize;

    [Fact]
    public void Low_ram_special_pages_and_holes_translate_as_laid_out()
    {
        using var m = new DomainMemory("t", 16 * Page);
        Assert.True(m.TryGetSpan(0, 16, out _));
        Assert.True(m.TryGetSpan(15 * Page, (int)Page, out _));
        Assert.False(m.TryGetSpan(15 * Page + 1, (int)Page, out _));          // runs past RAM
        Assert.False(m.TryGetSpan(16 * Page, 1, out _));                      // hole
        var console = Disagg.Xen.HvmSpecialPages.SpecialPfn(Disagg.Xen.HvmSpecialPages.Console) << MemoryLayout.PageShift;
        Assert.True(m.TryGetSpan(console, (int)Page, out var special));
        special[0] = 42;
        Assert.True(m.TryGetPageBacking(console >> MemoryLayout.PageShift, out var backing));
        Assert.Equal(16 * Page + 7 * Page, backing.Offset);
        Assert.False(m.IsRam(console >> MemoryLayout.PageShift));             // special pages are not RAM
        Assert.False(m.TryGetSpan(ulong.MaxValue - 3, 8, out _));              // wraps
        Assert.Equal(15ul, m.MaximumGpfn);
    }

    [Fact]
    public void Ram_beyond_the_low_top_is_relocated_above_4_GiB()
    {
        var low = MemoryLayout.LowMemoryTop;
        using var m = new DomainMemory("t", low + 4 * Page);
        Assert.True(m.TryGetSpan(low - Page, (int)Page, out _));
        Assert.False(m.TryGetSpan(low, 1, out _));
        Assert.True(m.TryGetSpan(MemoryLayout.FourGiB + 3 * Page, (int)Page, out _));
        Assert.False(m.TryGetSpan(MemoryLayout.FourGiB + 4 * Page, 1, out _));
    }

    [Fact]
    public void Ballooning_out_zeroes_the_page_and_populate_gives_it_back()
    {
        using var m = new DomainMemory("t", 16 * Page);
        Assert.True(m.TryGetSpan(3 * Page, 4, out var span));
        span.Fill(0xAB);
        Assert.True(m.TryBalloonOut(3));
        Assert.False(m.TryBalloonOut(3));
        Assert.False(m.IsRam(3));
        Assert.Equal(15ul, m.CurrentPages);
        Assert.True(m.TryPopulate(3));
        Assert.False(m.TryPopulate(3));
        Assert.True(m.TryGetSpan(3 * Page, 4, out span));
        Assert.Equal(new byte[4], span.ToArray());
        Assert.False(m.TryBalloonOut(16));                                     // not RAM
    }

    [Fact]
    public void A_foreign_page_is_seen_at_the_frame_until_restored()
    {
        using var a = new DomainMemory("a", 8 * Page);
        using var b = new DomainMemory("b", 8 * Page);
        Assert.True(b.TryGetSpan(2 * Page, 4, out var theirs));
        theirs.Fill(0x5A);
        Assert.True(a.TryGetSpan(5 * Page, 4, out var mine));
        mine.Fill(0x11);
        Assert.True(b.TryGetPageBacking(2, out var backing));
        Assert.True(a.TryMapForeignPage(5, backing));
        Assert.False(a.TryMapForeignPage(5, backing));                         // already foreign
        Assert.True(a.TryGetSpan(5 * Page, 4, out var seen));
        Assert.Equal(new byte[] { 0x5A, 0x5A, 0x5A, 0x5A }, seen.ToArray());
        Assert.True(a.TryRestorePage(5));
        Assert.False(a.TryRestorePage(5));
        Assert.True(a.TryGetSpan(5 * Page, 4, out seen));
        Assert.Equal(new byte[] { 0x11, 0x11, 0x11, 0x11 }, seen.ToArray());
    }
}
