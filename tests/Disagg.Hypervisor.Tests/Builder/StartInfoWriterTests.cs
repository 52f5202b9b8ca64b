using System.Runtime.InteropServices;
using System.Text;
using Disagg.Actors.Hypervisor.Builder;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Builder;

public class StartInfoWriterTests
{
    static readonly GuestMemoryMap Map = new([
        new MemoryRegion(0, 0x7f0000, HvmStartInfo.XEN_HVM_MEMMAP_TYPE_RAM),
        new MemoryRegion(0x7f0000, 0x10000, HvmStartInfo.XEN_HVM_MEMMAP_TYPE_NVS),
        new MemoryRegion(0xFEFF8000, 0x8000, HvmStartInfo.XEN_HVM_MEMMAP_TYPE_RESERVED),
    ]);

    static T ReadStruct<T>(FakeGuestMemory mem, ulong gpa) where T : struct =>
        MemoryMarshal.Read<T>(mem.Read(gpa, Marshal.SizeOf<T>()));

    static string ReadCString(FakeGuestMemory mem, ulong gpa)
    {
        var s = mem.Read(gpa, 4096);
        return Encoding.UTF8.GetString(s[..s.IndexOf((byte)0)]);
    }

    [Fact]
    public void Written_start_info_reads_back_field_by_field()
    {
        var mem = new FakeGuestMemory(8 << 20);
        var content = new StartInfoContent("console=hvc0 earlyprintk=xen", [new BootModule(0x400000, 0x12345, "initrd-args")],
            Map, RsdpPaddr: 0x7f0000);
        ulong gpa = StartInfoWriter.Write(mem, 0x200000, content);
        Assert.Equal(0x200000ul, gpa);

        var si = ReadStruct<hvm_start_info>(mem, gpa);
        Assert.Equal(HvmStartInfo.XEN_HVM_START_MAGIC_VALUE, si.magic);
        Assert.Equal(1u, si.version);
        Assert.Equal(0u, si.flags);
        Assert.Equal(1u, si.nr_modules);
        Assert.Equal(0x7f0000ul, si.rsdp_paddr);
        Assert.Equal(0u, si.reserved);
        Assert.Equal(gpa + 56, si.cmdline_paddr); // the command line follows the struct, as in libxc
        Assert.Equal("console=hvc0 earlyprintk=xen", ReadCString(mem, si.cmdline_paddr));

        Assert.Equal(0ul, si.modlist_paddr % 8);
        var mod = ReadStruct<hvm_modlist_entry>(mem, si.modlist_paddr);
        Assert.Equal(0x400000ul, mod.paddr);
        Assert.Equal(0x12345ul, mod.size);
        Assert.Equal("initrd-args", ReadCString(mem, mod.cmdline_paddr));
        Assert.Equal(0ul, mod.reserved);

        Assert.Equal(3u, si.memmap_entries);
        Assert.Equal(0ul, si.memmap_paddr % 8);
        for (int i = 0; i < 3; i++)
        {
            var e = ReadStruct<hvm_memmap_table_entry>(mem, si.memmap_paddr + (ulong)(i * 24));
            Assert.Equal(Map.Regions[i].Address, e.addr);
            Assert.Equal(Map.Regions[i].Size, e.size);
            Assert.Equal(Map.Regions[i].Type, e.type);
            Assert.Equal(0u, e.reserved);
        }
        Assert.Equal(StartInfoWriter.Measure(content), si.memmap_paddr + 3 * 24 - gpa);
        Assert.Equal(StartInfoWriter.Measure(content.CommandLine, ["initrd-args"], 3), StartInfoWriter.Measure(content));
    }

    [Fact]
    public void No_command_line_and_no_modules_leave_null_pointers()
    {
        var mem = new FakeGuestMemory(1 << 20);
        var gpa = StartInfoWriter.Write(mem, 0x1000, new StartInfoContent(null, [], Map, 0));
        var si = ReadStruct<hvm_start_info>(mem, gpa);
        Assert.Equal(0ul, si.cmdline_paddr);
        Assert.Equal(0ul, si.modlist_paddr);
        Assert.Equal(0u, si.nr_modules);
        Assert.Equal(gpa + 56, si.memmap_paddr);
    }

    [Fact]
    public void Refuses_bad_placement_and_content()
    {
        var mem = new FakeGuestMemory(1 << 20);
        var ok = new StartInfoContent("x", [], Map, 0);
        Assert.Contains("not backed", Assert.Throws<BuildException>(() => StartInfoWriter.Write(mem, 0xfffc0, ok)).Message);
        Assert.Contains("4 GiB", Assert.Throws<BuildException>(() => StartInfoWriter.Write(mem, 1UL << 32, ok)).Message);
        Assert.Contains("aligned", Assert.Throws<BuildException>(() => StartInfoWriter.Write(mem, 0x1004, ok)).Message);
        Assert.Contains("NUL", Assert.Throws<BuildException>(() =>
            StartInfoWriter.Write(mem, 0x1000, ok with { CommandLine = "a\0b" })).Message);
        Assert.Contains("exceeds", Assert.Throws<BuildException>(() =>
            StartInfoWriter.Write(mem, 0x1000, ok with { CommandLine = new string('a', 70000) })).Message);
        Assert.Contains("wraps", Assert.Throws<BuildException>(() =>
            StartInfoWriter.Write(mem, 0x1000, ok with { Modules = [new BootModule(ulong.MaxValue - 1, 16)] })).Message);
    }
}
