using System.Buffers.Binary;
using System.Text;
using Disagg.Actors.Hypervisor.Builder;
using Xunit;

namespace Disagg.Hypervisor.Tests.Builder;

public class AcpiTablesTests
{
    const ulong Base = 0x7f0000;

    static ReadOnlySpan<byte> Table(FakeGuestMemory mem, ulong gpa, string signature)
    {
        var head = mem.Read(gpa, 36);
        Assert.Equal(signature, Encoding.ASCII.GetString(head[..4]));
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var t = mem.Read(gpa, length);
        Assert.True(AcpiTables.ChecksumOk(t), $"{signature} checksum");
        Assert.Equal("Xen\0\0\0", Encoding.ASCII.GetString(t.Slice(10, 6)));
        Assert.Equal("HVM\0\0\0\0\0", Encoding.ASCII.GetString(t.Slice(16, 8)));
        return t;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(128, 128)]
    public void Tables_have_valid_checksums_and_parse_back(int maxVcpus, int online)
    {
        var mem = new FakeGuestMemory(8 << 20);
        ulong rsdpAddr = AcpiTables.Write(mem, Base, maxVcpus, online);
        Assert.Equal(Base, rsdpAddr);

        var rsdp = mem.Read(rsdpAddr, 36);
        Assert.Equal("RSD PTR ", Encoding.ASCII.GetString(rsdp[..8]));
        Assert.True(AcpiTables.ChecksumOk(rsdp[..20]));
        Assert.True(AcpiTables.ChecksumOk(rsdp));
        Assert.Equal(2, rsdp[15]);
        Assert.Equal(36u, BinaryPrimitives.ReadUInt32LittleEndian(rsdp[20..]));
        ulong xsdtAddr = BinaryPrimitives.ReadUInt64LittleEndian(rsdp[24..]);
        uint rsdtAddr = BinaryPrimitives.ReadUInt32LittleEndian(rsdp[16..]);

        var xsdt = Table(mem, xsdtAddr, "XSDT");
        Assert.Equal(36 + 16, xsdt.Length);
        ulong fadtAddr = BinaryPrimitives.ReadUInt64LittleEndian(xsdt[36..]);
        ulong madtAddr = BinaryPrimitives.ReadUInt64LittleEndian(xsdt[44..]);
        var rsdt = Table(mem, rsdtAddr, "RSDT");
        Assert.Equal((uint)fadtAddr, BinaryPrimitives.ReadUInt32LittleEndian(rsdt[36..]));
        Assert.Equal((uint)madtAddr, BinaryPrimitives.ReadUInt32LittleEndian(rsdt[40..]));

        var fadt = Table(mem, fadtAddr, "FACP");
        Assert.Equal(268, fadt.Length);
        Assert.Equal(5, fadt[8]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(fadt[112..]);
        Assert.NotEqual(0u, flags & (1u << 20)); // HW_REDUCED_ACPI
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(fadt[56..])); // no PM1a event block
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(fadt[36..])); // no FACS
        uint dsdt32 = BinaryPrimitives.ReadUInt32LittleEndian(fadt[40..]);
        Assert.Equal(dsdt32, BinaryPrimitives.ReadUInt64LittleEndian(fadt[140..]));
        var dsdt = Table(mem, dsdt32, "DSDT");
        Assert.Equal(36, dsdt.Length);

        var madt = Table(mem, madtAddr, "APIC");
        Assert.Equal(44 + 8 * maxVcpus, madt.Length);
        Assert.Equal(0xFEE00000u, BinaryPrimitives.ReadUInt32LittleEndian(madt[36..]));
        var lapics = ParseMadt(madt);
        Assert.Equal(maxVcpus, lapics.Count);
        for (int i = 0; i < maxVcpus; i++)
        {
            Assert.Equal(i, lapics[i].ProcessorId);
            Assert.Equal(2 * i, lapics[i].ApicId);
            Assert.Equal(i < online, lapics[i].Enabled);
        }

        // Everything lies inside the bytes RequiredBytes announced, 16-byte aligned.
        ulong end = Base + AcpiTables.RequiredBytes(maxVcpus);
        foreach (var a in new[] { rsdpAddr, xsdtAddr, rsdtAddr, fadtAddr, madtAddr, dsdt32 })
        {
            Assert.InRange(a, Base, end - 36);
            Assert.Equal(0ul, a % 16);
        }
    }

    static List<(int ProcessorId, int ApicId, bool Enabled)> ParseMadt(ReadOnlySpan<byte> madt)
    {
        var list = new List<(int, int, bool)>();
        for (int at = 44; at < madt.Length;)
        {
            byte type = madt[at], len = madt[at + 1];
            Assert.True(len >= 2 && at + len <= madt.Length, "MADT entry length");
            if (type == 0)
                list.Add((madt[at + 2], madt[at + 3], (BinaryPrimitives.ReadUInt32LittleEndian(madt[(at + 4)..]) & 1) != 0));
            at += len;
        }
        return list;
    }

    [Fact]
    public void Legacy_rsdp_goes_to_the_bios_area_too()
    {
        var mem = new FakeGuestMemory(8 << 20);
        ulong rsdp = AcpiTables.Write(mem, Base, 2, 2, legacyRsdp: true);
        Assert.Equal(0xFFFC0ul, rsdp);
        Assert.True(mem.Read(0xFFFC0, 36).SequenceEqual(mem.Read(Base, 36)));
        Assert.True(AcpiTables.ChecksumOk(mem.Read(0xFFFC0, 36)));
    }

    [Fact]
    public void Refuses_bad_vcpu_counts_and_placements()
    {
        var mem = new FakeGuestMemory(1 << 20);
        Assert.Throws<BuildException>(() => AcpiTables.Build(Base, 0, 0));
        Assert.Throws<BuildException>(() => AcpiTables.Build(Base, 129, 1));
        Assert.Throws<BuildException>(() => AcpiTables.Build(Base, 2, 3));
        Assert.Contains("4 GiB", Assert.Throws<BuildException>(() => AcpiTables.Build(0xFFFFFC00, 128, 1)).Message);
        Assert.Contains("aligned", Assert.Throws<BuildException>(() => AcpiTables.Build(Base + 8, 1, 1)).Message);
        Assert.Contains("not backed", Assert.Throws<BuildException>(() => AcpiTables.Write(mem, 0xFFF00, 8, 8)).Message);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(128, 128)]
    public void Hvm_tables_describe_the_ioapic_8259s_and_rtc(int maxVcpus, int online)
    {
        var mem = new FakeGuestMemory(8 << 20);
        ulong rsdpAddr = AcpiTables.Write(mem, Base, maxVcpus, online, hvmPlatform: true);
        var rsdp = mem.Read(rsdpAddr, 36);
        var xsdt = Table(mem, BinaryPrimitives.ReadUInt64LittleEndian(rsdp[24..]), "XSDT");
        var fadt = Table(mem, BinaryPrimitives.ReadUInt64LittleEndian(xsdt[36..]), "FACP");
        ulong madtAddr = BinaryPrimitives.ReadUInt64LittleEndian(xsdt[44..]);
        var madt = Table(mem, madtAddr, "APIC");

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(fadt[112..]);
        Assert.Equal(0u, flags & (1u << 20));                                     // not HW_REDUCED_ACPI
        ushort bootArch = BinaryPrimitives.ReadUInt16LittleEndian(fadt[109..]);
        Assert.Equal(0, bootArch & (1 << 5));                                     // the CMOS RTC is there
        Assert.Equal(1, bootArch & 1);                                            // legacy devices
        Assert.Equal(0x32, fadt[108]);                                            // CENTURY
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(fadt[46..]));     // SCI_INT, as libacpi

        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(madt[40..]));    // PCAT_COMPAT
        var overrides = new List<(int Irq, uint Gsi, ushort Flags)>();
        var ioApics = new List<(int Id, uint Address, uint GsiBase)>();
        var lapics = new List<(int ProcessorId, int ApicId, bool Enabled)>();
        for (int at = 44; at < madt.Length;)
        {
            byte type = madt[at], len = madt[at + 1];
            Assert.True(len >= 2 && at + len <= madt.Length, "MADT entry length");
            var e = madt.Slice(at, len);
            switch (type)
            {
                case 0: Assert.Equal(8, len); lapics.Add((e[2], e[3], (e[4] & 1) != 0)); break;
                case 1:
                    Assert.Equal(12, len);
                    ioApics.Add((e[2], BinaryPrimitives.ReadUInt32LittleEndian(e[4..]), BinaryPrimitives.ReadUInt32LittleEndian(e[8..])));
                    break;
                case 2:
                    Assert.Equal(10, len);
                    Assert.Equal(0, e[2]);                                        // ISA bus
                    overrides.Add((e[3], BinaryPrimitives.ReadUInt32LittleEndian(e[4..]), BinaryPrimitives.ReadUInt16LittleEndian(e[8..])));
                    break;
                default: Assert.Fail($"unexpected MADT entry type {type}"); break;
            }
            at += len;
        }
        Assert.Equal([(1, 0xFEC00000u, 0u)], ioApics);
        Assert.Equal([(0, 2u, (ushort)0), (5, 5u, (ushort)0xd), (9, 9u, (ushort)0xd), (10, 10u, (ushort)0xd), (11, 11u, (ushort)0xd)],
            overrides);
        Assert.Equal(maxVcpus, lapics.Count);
        for (int i = 0; i < maxVcpus; i++) Assert.Equal((i, 2 * i, i < online), lapics[i]);

        ulong end = Base + AcpiTables.RequiredBytes(maxVcpus, hvmPlatform: true);
        Assert.InRange(madtAddr + (ulong)madt.Length, Base, end);
        Assert.True(AcpiTables.RequiredBytes(maxVcpus, hvmPlatform: true) > AcpiTables.RequiredBytes(maxVcpus));
    }

    [Fact]
    public void Pvh_tables_are_unchanged_by_the_hvm_option_default()
    {
        var pvh = AcpiTables.Build(Base, 4, 2);
        var explicitPvh = AcpiTables.Build(Base, 4, 2, hvmPlatform: false);
        Assert.Equal(pvh.Image, explicitPvh.Image);
        var hvm = AcpiTables.Build(Base, 4, 2, hvmPlatform: true);
        Assert.NotEqual(pvh.Image, hvm.Image);
    }
}
