using Disagg.Actors.Hypervisor.Memory;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>Where each ACPI table of a built set lies; <see cref="Image"/> is to be copied to <see cref="BaseAddress"/>.</summary>
public sealed record AcpiBuild(byte[] Image, ulong BaseAddress, ulong RsdpAddress, ulong XsdtAddress, ulong RsdtAddress,
    ulong FadtAddress, ulong MadtAddress, ulong DsdtAddress);

/// <summary>
/// The minimal ACPI tables a PVH guest gets: RSDP (revision 2), XSDT, RSDT, FADT, MADT and an empty DSDT.
/// </summary>
/// <remarks>
/// Follows libxl's PVH tables (tools/libs/light/libxl_x86_acpi.c over tools/libacpi/build.c) where they
/// matter to a guest: OEM "Xen"/"HVM"/creator "HVML", one Processor Local APIC per vCPU with ACPI processor
/// id = vCPU and APIC id = 2 * vCPU (libxl's acpi_lapic_id; Xen's vlapic gives vCPU n the APIC id 2n),
/// enabled for online vCPUs, LAPIC at 0xFEE00000, no IOAPIC (PVH has none).
/// Differs on purpose: the FADT (ACPI 5.0 layout) sets HW_REDUCED_ACPI and describes no PM1/GPE/PM timer
/// blocks and no FACS, since no device model emulates them here (libacpi's static FADT lists the PIIX4 PM
/// ports at 0xb000, which Xen handles for HVM); IAPC_BOOT_ARCH says no VGA (as libxl) and no CMOS RTC; the
/// MADT drops PCAT_COMPAT (no 8259); the DSDT is a bare header instead of libxl's processor objects.
/// With <c>hvmPlatform</c> the tables describe an HVM domain's emulated platform instead (Platform/PlatformBus):
/// the MADT gets libacpi's interrupt source overrides (IRQ0 -> GSI2; IRQ 5, 9, 10, 11 level, active high, as
/// for PCI), the IO APIC (id 1, 0xFEC00000, GSI base 0) and PCAT_COMPAT; the FADT drops HW_REDUCED_ACPI and
/// NO_CMOS_RTC, says legacy devices are present, points CENTURY at CMOS 0x32 and SCI_INT at 9 as libacpi
/// does. It still lists no PM1/GPE/PM timer blocks: nothing here emulates Xen's PM ports at 0xb000.
/// </remarks>
public static class AcpiTables
{
    /// <summary>Most vCPUs: xAPIC ids are 8 bits and vCPU n has id 2n (HVM_MAX_VCPUS is 128 as well).</summary>
    public const int MaxVcpus = 128;

    /// <summary>Where libxl puts the RSDP for Linux kernels that only find it by a BIOS-area scan: the last 64 bytes below 1 MiB.</summary>
    public const ulong LegacyRsdpAddress = 0x100000 - 64;

    /// <summary>The local APIC base the MADT announces (LAPIC_BASE_ADDRESS).</summary>
    public const uint LapicBaseAddress = 0xFEE00000;

    /// <summary>The APIC id of a vCPU, as Xen assigns it (acpi_lapic_id in libxl_x86_acpi.c).</summary>
    public static int LapicId(int vcpu) => vcpu * 2;

    /// <summary>The IO APIC an HVM domain's MADT announces (Xen's vioapic; id as hvmloader's IOAPIC_ID).</summary>
    public const uint IoApicAddress = 0xFEC00000;
    /// <summary>The IO APIC's id in the MADT.</summary>
    public const byte IoApicId = 1;
    /// <summary>ISA IRQs libacpi declares level-triggered, active high (hvmloader's PCI_ISA_IRQ_MASK: 5, 9, 10, 11).</summary>
    public const ushort PciIsaIrqMask = (1 << 5) | (1 << 9) | (1 << 10) | (1 << 11);

    internal const int HeaderSize = 36, RsdpSize = 36, FadtSize = 268, MadtFixedSize = 44, MadtLapicSize = 8;
    internal const int MadtIoApicSize = 12, MadtOverrideSize = 10;
    /// <summary>Interrupt source overrides in an HVM MADT: IRQ 0 plus the PCI IRQs.</summary>
    internal static int MadtOverrides => 1 + System.Numerics.BitOperations.PopCount(PciIsaIrqMask);

    /// <summary>Bytes the tables take for <paramref name="maxVcpus"/> vCPUs (more with the HVM platform's MADT entries).</summary>
    public static ulong RequiredBytes(int maxVcpus, bool hvmPlatform = false) =>
        (ulong)Offsets(CheckVcpus(maxVcpus, maxVcpus), hvmPlatform).Total;

    /// <summary>
    /// Builds the tables for addresses starting at <paramref name="baseGpa"/>; vCPUs [0, onlineVcpus) are enabled;
    /// <paramref name="hvmPlatform"/> describes the emulated IOAPIC, 8259s and RTC of an HVM domain.
    /// </summary>
    public static AcpiBuild Build(ulong baseGpa, int maxVcpus, int onlineVcpus, bool hvmPlatform = false)
    {
        var o = Offsets(CheckVcpus(maxVcpus, onlineVcpus), hvmPlatform);
        if (baseGpa % 16 != 0) throw new BuildException($"ACPI: base 0x{baseGpa:x} is not 16-byte aligned");
        if (baseGpa >= 1UL << 32 || (ulong)o.Total > (1UL << 32) - baseGpa)
            throw new BuildException($"ACPI: tables at 0x{baseGpa:x} must lie below 4 GiB (RSDT and FADT hold 32-bit pointers)");
        var img = new byte[o.Total];
        ulong A(int off) => baseGpa + (ulong)off;

        AcpiTableWriter.WriteDsdt(img.AsSpan(o.Dsdt, HeaderSize));
        AcpiTableWriter.WriteFadt(img.AsSpan(o.Fadt, FadtSize), (uint)A(o.Dsdt), hvmPlatform);
        AcpiTableWriter.WriteMadt(img.AsSpan(o.Madt, o.MadtSize), maxVcpus, onlineVcpus, hvmPlatform);
        AcpiTableWriter.WriteXsdt(img.AsSpan(o.Xsdt, HeaderSize + 16), A(o.Fadt), A(o.Madt));
        AcpiTableWriter.WriteRsdt(img.AsSpan(o.Rsdt, HeaderSize + 8), (uint)A(o.Fadt), (uint)A(o.Madt));
        AcpiTableWriter.WriteRsdp(img.AsSpan(o.Rsdp, RsdpSize), (uint)A(o.Rsdt), A(o.Xsdt));
        return new AcpiBuild(img, baseGpa, A(o.Rsdp), A(o.Xsdt), A(o.Rsdt), A(o.Fadt), A(o.Madt), A(o.Dsdt));
    }

    /// <summary>
    /// Builds the tables, writes them at <paramref name="baseGpa"/> and returns the RSDP address for
    /// start_info.rsdp_paddr; with <paramref name="legacyRsdp"/> the RSDP also goes to
    /// <see cref="LegacyRsdpAddress"/>, which is then the address returned (as libxl does).
    /// <paramref name="hvmPlatform"/> as for <see cref="Build"/>.
    /// </summary>
    public static ulong Write(IGuestPhysicalMemory mem, ulong baseGpa, int maxVcpus, int onlineVcpus, bool legacyRsdp = false,
        bool hvmPlatform = false)
    {
        ArgumentNullException.ThrowIfNull(mem);
        var b = Build(baseGpa, maxVcpus, onlineVcpus, hvmPlatform);
        GuestWriter.Write(mem, baseGpa, b.Image, $"ACPI tables at 0x{baseGpa:x}");
        if (!legacyRsdp) return b.RsdpAddress;
        var rsdp = b.Image.AsSpan((int)(b.RsdpAddress - baseGpa), RsdpSize);
        GuestWriter.Write(mem, LegacyRsdpAddress, rsdp, $"legacy RSDP at 0x{LegacyRsdpAddress:x}");
        return LegacyRsdpAddress;
    }

    /// <summary>Whether the bytes of <paramref name="table"/> sum to zero mod 256, as every ACPI checksum requires.</summary>
    public static bool ChecksumOk(ReadOnlySpan<byte> table)
    {
        byte sum = 0;
        foreach (var b in table) sum += b;
        return sum == 0;
    }

    static int CheckVcpus(int maxVcpus, int online)
    {
        if (maxVcpus < 1 || maxVcpus > MaxVcpus) throw new BuildException($"ACPI: {maxVcpus} vCPUs, must be 1..{MaxVcpus}");
        if (online < 1 || online > maxVcpus) throw new BuildException($"ACPI: {online} online vCPUs, must be 1..{maxVcpus}");
        return maxVcpus;
    }

    readonly record struct Layout(int Rsdp, int Xsdt, int Rsdt, int Fadt, int Madt, int MadtSize, int Dsdt, int Total);

    // Each table 16-byte aligned, as libacpi's allocator aligns them; the RSDP first so a BIOS-area scan could find it.
    static Layout Offsets(int maxVcpus, bool hvmPlatform)
    {
        static int Next(int at, int size) => (at + size + 15) & ~15;
        int madtSize = MadtFixedSize + MadtLapicSize * maxVcpus
            + (hvmPlatform ? MadtIoApicSize + MadtOverrideSize * MadtOverrides : 0);
        int rsdp = 0, xsdt = Next(rsdp, RsdpSize), rsdt = Next(xsdt, HeaderSize + 16), fadt = Next(rsdt, HeaderSize + 8);
        int madt = Next(fadt, FadtSize), dsdt = Next(madt, madtSize), total = Next(dsdt, HeaderSize);
        return new Layout(rsdp, xsdt, rsdt, fadt, madt, madtSize, dsdt, total);
    }
}
