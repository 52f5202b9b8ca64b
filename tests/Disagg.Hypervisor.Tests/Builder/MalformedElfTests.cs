using System.Buffers.Binary;
using Disagg.Actors.Hypervisor.Builder;
using Xunit;
using static Disagg.Hypervisor.Tests.Builder.ElfImageTests;

namespace Disagg.Hypervisor.Tests.Builder;

/// <summary>Hostile and broken images: each is refused with a BuildException that names the problem.</summary>
public class MalformedElfTests
{
    static void Rejects(byte[] image, string expected)
    {
        var e = Assert.Throws<BuildException>(() => ElfImage.Parse(image));
        Assert.Contains(expected, e.Message);
    }

    static byte[] K64 => TestKernels.Kernel64;
    static byte[] K32 => TestKernels.Kernel32;

    [Theory]
    [InlineData(0, "too short")]
    [InlineData(8, "too short")]
    [InlineData(20, "ELF header")]
    [InlineData(63, "ELF header")]
    [InlineData(100, "program header table")]
    public void Truncated_headers(int length, string expected) => Rejects(K64[..length], expected);

    [Fact]
    public void Truncated_elf32_header() => Rejects(K32[..51], "ELF header");

    [Fact]
    public void Truncated_segment_data() => Rejects(K64[..0x3100], "extend beyond the image");

    [Fact]
    public void Bad_magic_class_data_type_machine()
    {
        var b = K64; b[1] = (byte)'X'; Rejects(b, "bad magic");
        b = K64; b[4] = 3; Rejects(b, "EI_CLASS");
        b = K64; b[5] = 2; Rejects(b, "little-endian");
        b = K64; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), 3); Rejects(b, "ET_EXEC");
        b = K64; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), 3); Rejects(b, "e_machine");
        b = K32; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), 62); Rejects(b, "e_machine");
    }

    [Fact]
    public void Phoff_out_of_range()
    {
        var b = K64; BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), 0x7fff_ffff_ffff_fff0); Rejects(b, "program header table");
        b = K64; BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), ulong.MaxValue - 8); Rejects(b, "program header table");
        b = K32; BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), (uint)b.Length - 10); Rejects(b, "program header table");
    }

    [Fact]
    public void Huge_or_bad_counts()
    {
        var b = K64; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(56), 0xfff0); Rejects(b, "program header table");
        b = K64; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(56), 0xffff); Rejects(b, "PN_XNUM");
        b = K64; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(56), 0); Rejects(b, "no program headers");
        b = K64; BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(54), 32); Rejects(b, "e_phentsize");
    }

    [Fact]
    public void Segment_file_range_out_of_image()
    {
        var b = K64; PatchPhdrU64(b, 0, 8, (ulong)b.Length); Rejects(b, "extend beyond the image");
        b = K64; PatchPhdrU64(b, 0, 8, ulong.MaxValue - 4); Rejects(b, "extend beyond the image");
        b = K64; PatchPhdrU64(b, 0, 32, 0xffff_ffff_0000); PatchPhdrU64(b, 0, 40, 0xffff_ffff_0000); Rejects(b, "extend beyond the image");
    }

    [Fact]
    public void Filesz_larger_than_memsz()
    {
        var b = K64; PatchPhdrU64(b, 0, 40, 0x10); Rejects(b, "exceeds p_memsz");
    }

    [Fact]
    public void Overlapping_segments()
    {
        var b = K64; PatchPhdrU64(b, 1, 24, 0x101000); Rejects(b, "overlap");
        b = K32; PatchPhdrU32(b, 2, 12, 0x100800); Rejects(b, "overlap");
    }

    [Fact]
    public void Segment_beyond_4GiB_or_wrapping()
    {
        var b = K64; PatchPhdrU64(b, 2, 24, 0xffff_f000); Rejects(b, "past 4 GiB");
        b = K64; PatchPhdrU64(b, 2, 24, ulong.MaxValue - 0x1000); Rejects(b, "past 4 GiB");
    }

    [Fact]
    public void No_loadable_segment()
    {
        var b = K64;
        for (int i = 0; i < 3; i++) PatchPhdrU32(b, i, 0, 6); // PT_PHDR
        Rejects(b, "no loadable");
    }

    [Fact]
    public void Note_overruns_its_segment()
    {
        var b = K64;
        int note = FindPhdr(b, 4);
        ulong off = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(64 + note * 56 + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)off + 4), 0xffff_fff0); // descsz of the first note
        Rejects(b, "overruns");
        b = K64;
        PatchPhdrU64(b, note, 32, 0x10_0000); // p_filesz of the note segment past the image
        Rejects(b, "PT_NOTE segment");
    }

    [Fact]
    public void Bad_note_payloads()
    {
        var b = K64;
        int note = FindPhdr(b, 4);
        int off = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(64 + note * 56 + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(off + 4), 3); // PHYS32_ENTRY descsz 3
        Rejects(b, "descsz 3");

        b = K64; // the GUEST_OS note, second: header 12 + name 4 + desc 4 = 20
        int guestOs = off + 20;
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(guestOs + 8)));
        b[guestOs + 16 + 5] = (byte)'!'; // overwrite the NUL of "linux"
        Rejects(b, "NUL-terminated");
    }

    [Fact]
    public void Phys32_entry_outside_image()
    {
        var b = K64;
        int note = FindPhdr(b, 4);
        int off = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(64 + note * 56 + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(off + 16), 0x9000_0000);
        Rejects(b, "PHYS32_ENTRY");
    }

    [Fact]
    public void Not_a_pvh_kernel_without_phys32_note()
    {
        var b = K64;
        int note = FindPhdr(b, 4);
        int off = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(64 + note * 56 + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(off + 8), 0x7fff); // an unknown Xen note type
        var elf = ElfImage.Parse(b);
        Assert.False(elf.IsPvh);
        Assert.Contains("PHYS32_ENTRY", Assert.Throws<BuildException>(() => elf.PvhEntry).Message);
    }

    [Fact]
    public void Random_corruption_never_escapes_as_another_exception()
    {
        var rng = new Random(1234);
        var original = K64;
        for (int i = 0; i < 3000; i++)
        {
            var b = (byte[])original.Clone();
            int flips = rng.Next(1, 8);
            for (int f = 0; f < flips; f++)
                b[rng.Next(0, Math.Min(b.Length, 0x3200))] = (byte)rng.Next(256);
            var cut = rng.Next(4) == 0 ? b[..rng.Next(b.Length)] : b;
            try { ElfImage.Parse(cut); }
            catch (BuildException) { }
        }
    }
}
