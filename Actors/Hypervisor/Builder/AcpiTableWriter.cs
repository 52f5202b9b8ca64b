using System.Buffers.Binary;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>Byte layouts of the individual ACPI tables (ACPI 6.x spec, chapter 5.2); each fills an exactly sized, zeroed span.</summary>
internal static class AcpiTableWriter
{
    // libacpi's ACPI_OEM_ID, ACPI_OEM_TABLE_ID and ACPI_CREATOR_ID (tools/libacpi/acpi2_0.h).
    static ReadOnlySpan<byte> OemId => "Xen"u8;
    static ReadOnlySpan<byte> OemTableId => "HVM"u8;
    static ReadOnlySpan<byte> CreatorId => "HVML"u8;

    const uint FADT_WBINVD = 1u << 0, FADT_PWR_BUTTON = 1u << 4, FADT_SLP_BUTTON = 1u << 5, FADT_HW_REDUCED = 1u << 20;
    const ushort IAPC_LEGACY_DEVICES = 1 << 0, IAPC_NO_VGA = 1 << 2, IAPC_NO_CMOS_RTC = 1 << 5;
    const byte MADT_LOCAL_APIC = 0, MADT_IO_APIC = 1, MADT_INTERRUPT_SOURCE_OVERRIDE = 2;
    const uint LAPIC_ENABLED = 1, MADT_PCAT_COMPAT = 1;
    // MPS INTI flags: polarity bits 0-1 (01 active high), trigger bits 2-3 (11 level); 0 = conforms to the bus.
    const ushort INTI_LEVEL_ACTIVE_HIGH = 0xd;
    // libacpi's FADT: SCI on IRQ 9, the RTC century byte at CMOS 0x32.
    const byte HVM_SCI_INT = 9, HVM_CENTURY = 0x32;

    public static void WriteDsdt(Span<byte> t)
    {
        Header(t, "DSDT"u8, 2); // revision 2: 64-bit AML integers; no AML body
        Checksum(t, 9);
    }

    public static void WriteFadt(Span<byte> t, uint dsdt, bool hvmPlatform = false)
    {
        Header(t, "FACP"u8, 5); // ACPI 5.0 layout (268 bytes): the first with HW_REDUCED_ACPI
        BinaryPrimitives.WriteUInt32LittleEndian(t[40..], dsdt);             // DSDT
        BinaryPrimitives.WriteUInt16LittleEndian(t[96..], 0x0fff);           // P_LVL2_LAT: no C2 (as libacpi)
        BinaryPrimitives.WriteUInt16LittleEndian(t[98..], 0x0fff);           // P_LVL3_LAT: no C3
        uint flags = FADT_WBINVD | FADT_PWR_BUTTON | FADT_SLP_BUTTON;
        if (hvmPlatform)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(t[46..], HVM_SCI_INT);  // SCI_INT
            t[108] = HVM_CENTURY;                                            // CENTURY
            BinaryPrimitives.WriteUInt16LittleEndian(t[109..], IAPC_LEGACY_DEVICES | IAPC_NO_VGA); // RTC, PIT, 8259s
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(t[109..], IAPC_NO_VGA | IAPC_NO_CMOS_RTC);    // IAPC_BOOT_ARCH
            flags |= FADT_HW_REDUCED;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(t[112..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(t[140..], dsdt);            // X_DSDT
        Checksum(t, 9);
    }

    public static void WriteMadt(Span<byte> t, int maxVcpus, int onlineVcpus, bool hvmPlatform = false)
    {
        Header(t, "APIC"u8, 3);
        BinaryPrimitives.WriteUInt32LittleEndian(t[36..], AcpiTables.LapicBaseAddress);
        // flags: PCAT_COMPAT only where the 8259 pair is emulated (HVM)
        BinaryPrimitives.WriteUInt32LittleEndian(t[40..], hvmPlatform ? MADT_PCAT_COMPAT : 0);
        int at = AcpiTables.MadtFixedSize;
        if (hvmPlatform) at = WriteHvmInterruptEntries(t, at);
        for (int i = 0; i < maxVcpus; i++)
        {
            var e = t.Slice(at + i * AcpiTables.MadtLapicSize, AcpiTables.MadtLapicSize);
            e[0] = MADT_LOCAL_APIC;
            e[1] = AcpiTables.MadtLapicSize;
            e[2] = (byte)i;                      // ACPI processor id
            e[3] = (byte)AcpiTables.LapicId(i);  // APIC id
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], i < onlineVcpus ? LAPIC_ENABLED : 0);
        }
        Checksum(t, 9);
    }

    // libacpi's construct_madt order: the interrupt source overrides (ISA IRQs 0..15: IRQ0 -> GSI2 conforming,
    // PCI IRQs level active high), then the IO APIC; the local APICs follow.
    static int WriteHvmInterruptEntries(Span<byte> t, int at)
    {
        for (int irq = 0; irq < 16; irq++)
        {
            bool pci = (AcpiTables.PciIsaIrqMask & (1 << irq)) != 0;
            if (!pci && irq != 0) continue;
            var e = t.Slice(at, AcpiTables.MadtOverrideSize);
            e[0] = MADT_INTERRUPT_SOURCE_OVERRIDE;
            e[1] = AcpiTables.MadtOverrideSize;
            e[2] = 0;                                                         // bus: ISA
            e[3] = (byte)irq;                                                 // source IRQ
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], irq == 0 ? 2u : (uint)irq);   // GSI
            BinaryPrimitives.WriteUInt16LittleEndian(e[8..], pci ? INTI_LEVEL_ACTIVE_HIGH : (ushort)0);
            at += AcpiTables.MadtOverrideSize;
        }
        var io = t.Slice(at, AcpiTables.MadtIoApicSize);
        io[0] = MADT_IO_APIC;
        io[1] = AcpiTables.MadtIoApicSize;
        io[2] = AcpiTables.IoApicId;
        BinaryPrimitives.WriteUInt32LittleEndian(io[4..], AcpiTables.IoApicAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(io[8..], 0);                // GSI base
        return at + AcpiTables.MadtIoApicSize;
    }

    public static void WriteXsdt(Span<byte> t, ulong fadt, ulong madt)
    {
        Header(t, "XSDT"u8, 1);
        BinaryPrimitives.WriteUInt64LittleEndian(t[36..], fadt);
        BinaryPrimitives.WriteUInt64LittleEndian(t[44..], madt);
        Checksum(t, 9);
    }

    public static void WriteRsdt(Span<byte> t, uint fadt, uint madt)
    {
        Header(t, "RSDT"u8, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(t[36..], fadt);
        BinaryPrimitives.WriteUInt32LittleEndian(t[40..], madt);
        Checksum(t, 9);
    }

    public static void WriteRsdp(Span<byte> t, uint rsdt, ulong xsdt)
    {
        "RSD PTR "u8.CopyTo(t);
        OemId.CopyTo(t[9..]);
        t[15] = 2;                                                        // revision 2: ACPI 2.0+, has the XSDT
        BinaryPrimitives.WriteUInt32LittleEndian(t[16..], rsdt);
        BinaryPrimitives.WriteUInt32LittleEndian(t[20..], (uint)t.Length); // length of the whole structure: 36
        BinaryPrimitives.WriteUInt64LittleEndian(t[24..], xsdt);
        Checksum(t[..20], 8);  // ACPI 1.0 checksum covers the first 20 bytes
        Checksum(t, 32);       // extended checksum covers all 36
    }

    // The common 36-byte header; Length is the span's length.
    static void Header(Span<byte> t, ReadOnlySpan<byte> signature, byte revision)
    {
        signature.CopyTo(t);
        BinaryPrimitives.WriteUInt32LittleEndian(t[4..], (uint)t.Length);
        t[8] = revision;
        OemId.CopyTo(t[10..]);
        OemTableId.CopyTo(t[16..]);
        CreatorId.CopyTo(t[28..]);
    }

    static void Checksum(Span<byte> t, int at)
    {
        t[at] = 0;
        byte sum = 0;
        foreach (var b in t) sum += b;
        t[at] = (byte)-sum;
    }
}
