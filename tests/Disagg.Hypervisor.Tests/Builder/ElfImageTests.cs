using System.Buffers.Binary;
using Disagg.Actors.Hypervisor.Builder;
using Xunit;

namespace Disagg.Hypervisor.Tests.Builder;

public class ElfImageTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parses_real_test_kernel_segments_entry_and_notes(bool is64)
    {
        var bytes = is64 ? TestKernels.Kernel64 : TestKernels.Kernel32;
        var elf = ElfImage.Parse(bytes);
        ulong voff = is64 ? TestKernels.VirtOffset64 : 0;

        Assert.Equal(is64 ? ElfClass.Elf64 : ElfClass.Elf32, elf.Class);
        Assert.Equal(is64 ? ElfImage.EM_X86_64 : ElfImage.EM_386, elf.Machine);
        Assert.Equal(voff + 0x100003, elf.Entry);
        Assert.True(elf.IsPvh);
        Assert.Equal(0x100000u, elf.PvhEntry);
        Assert.Equal(TestKernels.LoadAddress, elf.PhysStart);
        Assert.Equal(0x106008ul, elf.PhysEnd);

        // Same segments as binutils sees: text, notes, data+bss, loaded at p_paddr.
        Assert.Equal(3, elf.LoadSegments.Count);
        Assert.Equal([0x100000ul, 0x102000, 0x103000], elf.LoadSegments.Select(s => s.PhysAddr));
        Assert.Equal(voff + 0x100000, elf.LoadSegments[0].VirtAddr);
        var data = elf.LoadSegments[2];
        Assert.Equal(8ul, data.FileSize);
        Assert.Equal(0x3008ul, data.MemSize);
        var readelf = TestKernels.ReadElf(bytes, "-l");
        foreach (var s in elf.LoadSegments)
            Assert.Contains($"0x{s.Offset:x6}", readelf);

        var n = elf.Notes;
        Assert.Equal(10, n.Count); // the GNU note is not a Xen note
        Assert.Equal("linux", n.GuestOs);
        Assert.Equal("xen-3.0", n.XenVersion);
        Assert.Equal("generic", n.Loader);
        Assert.Equal("!writable_page_tables|hvm_callback_vector", n.Features);
        Assert.Equal(voff + 0x100003, n.Entry);
        Assert.Equal(voff + 0x101000, n.HypercallPage);
        Assert.Equal(voff, n.VirtBase);
        Assert.True(n.BsdSymtab);
        Assert.True(n.HasFeature(XenNotes.XENFEAT_linux_rsdp_unrestricted));
        Assert.True(n.HasFeature(11)); // dom0, from SUPPORTED_FEATURES
        Assert.True(n.HasFeature(0));  // writable_page_tables, from FEATURES
        Assert.True(n.HasFeature(8));  // hvm_callback_vector
        Assert.Equal(1u, n.RequiredFeatures);
        Assert.False(n.NeedsLegacyRsdp);
    }

    [Fact]
    public void Falls_back_to_note_sections_when_no_note_segment()
    {
        var bytes = TestKernels.Kernel64;
        int noteIndex = FindPhdr(bytes, 4);
        PatchPhdrU32(bytes, noteIndex, 0, 0); // PT_NOTE -> PT_NULL
        var elf = ElfImage.Parse(bytes);
        Assert.Equal(0x100000u, elf.PvhEntry);
        Assert.Equal(10, elf.Notes.Count);
    }

    [Fact]
    public void LoadInto_copies_segments_to_paddr_and_zeroes_bss()
    {
        var bytes = TestKernels.Kernel64;
        var elf = ElfImage.Parse(bytes);
        var mem = new FakeGuestMemory(8 << 20);
        mem.Read(0x103008, 0x3000).Fill(0xaa); // stale bytes where the bss goes
        elf.LoadInto(mem);
        Assert.Equal(0xf4, mem.Read(0x100000, 1)[0]); // hlt at the PVH entry
        Assert.Equal(0x11223344u, BinaryPrimitives.ReadUInt32LittleEndian(mem.Read(0x103000, 4)));
        Assert.True(mem.Read(0x103008, 0x3000).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0xc3, mem.Read(0x101000, 1)[0]);
    }

    [Fact]
    public void LoadInto_refuses_segment_outside_ram()
    {
        var elf = ElfImage.Parse(TestKernels.Kernel32);
        var small = new FakeGuestMemory(0x104000); // ends inside the bss
        var e = Assert.Throws<BuildException>(() => elf.LoadInto(small));
        Assert.Contains("not backed", e.Message);

        var map = new GuestMemoryMap([new MemoryRegion(0, 0x102000, 1)]);
        e = Assert.Throws<BuildException>(() => elf.LoadInto(new FakeGuestMemory(8 << 20), map));
        Assert.Contains("outside guest RAM", e.Message);
    }

    [Fact]
    public void HvmEntry_is_e_entry_when_physical_and_refused_when_virtual()
    {
        Assert.Equal(0x100003u, ElfImage.Parse(TestKernels.Kernel32).HvmEntry);
        var e = Assert.Throws<BuildException>(() => ElfImage.Parse(TestKernels.Kernel64).HvmEntry);
        Assert.Contains("e_entry", e.Message);
    }

    internal static int FindPhdr(byte[] elf, uint type)
    {
        bool is64 = elf[4] == 2;
        ulong phoff = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32)) : BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(28));
        int num = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(is64 ? 56 : 44));
        int size = is64 ? 56 : 32;
        for (int i = 0; i < num; i++)
            if (BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)phoff + i * size)) == type) return i;
        throw new InvalidOperationException($"no phdr of type {type}");
    }

    internal static void PatchPhdrU32(byte[] elf, int index, int field, uint value)
    {
        bool is64 = elf[4] == 2;
        ulong phoff = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32)) : BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(28));
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan((int)phoff + index * (is64 ? 56 : 32) + field), value);
    }

    internal static void PatchPhdrU64(byte[] elf, int index, int field, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(64 + index * 56 + field), value);
}
