namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// One 8259A's programming state (Intel 8259A datasheet; Xen's vpic.c): the ICW1-ICW4 initialisation sequence,
/// OCW1 (mask), OCW2 (EOI, rotation, priority), OCW3 (IRR/ISR read select, poll, special mask), and its ELCR.
/// Not thread-safe: <see cref="Pic8259Pair"/> locks around it.
/// </summary>
internal sealed class Pic8259(bool master)
{
    // vpic_elcr_mask: master IRQ 0, 1, 2 and 5 are always edge; slave IRQ 8 too.
    readonly byte _elcrMask = master ? (byte)0xd8 : (byte)0xfe;

    public byte Irr, Isr, Imr, IrqBase, Elcr = master ? (byte)(1 << 2) : (byte)0;   // master IR2 (cascade) is level
    public bool ReadIsr, Poll, SpecialMask, AutoEoi, RotateOnAutoEoi, SpecialFullyNested;
    public int PriorityAdd;
    // Bits 0-1: next ICW (0 = initialised, 1 = ICW2, 2 = ICW3, 3 = ICW4); bit 2: ICW4 expected; bit 3: single (no ICW3).
    int _initState;

    /// <summary>Whether an initialisation sequence is in progress (ICW2..ICW4 still expected).</summary>
    public bool Initialising => (_initState & 3) != 0;

    public void WriteCommand(byte value)
    {
        if ((value & 0x10) != 0) Icw1(value);
        else if ((value & 0x08) != 0)
        {
            // OCW3
            if ((value & 0x04) != 0) Poll = true;
            if ((value & 0x02) != 0) ReadIsr = (value & 1) != 0;
            if ((value & 0x40) != 0) SpecialMask = (value & 0x20) != 0;
        }
        else Ocw2(value);
    }

    public void WriteData(byte value)
    {
        switch (_initState & 3)
        {
            case 0: Imr = value; break;                                   // OCW1
            case 1:                                                       // ICW2: vector base
                IrqBase = (byte)(value & 0xf8);
                _initState++;
                if ((_initState & 8) != 0) AfterIcw3();                   // single: no ICW3
                break;
            case 2: AfterIcw3(); break;                                   // ICW3: cascade wiring, nothing to keep
            case 3:                                                       // ICW4
                SpecialFullyNested = (value & 0x10) != 0;
                AutoEoi = (value & 0x02) != 0;
                _initState = 0;
                break;
        }
    }

    /// <summary>Port 0x20/0xA0: the poll result (clears poll mode), else IRR or ISR as OCW3 selected.</summary>
    public byte ReadCommand()
    {
        if (Poll)
        {
            Poll = false;
            return 0;   // bit 7 clear: no interrupt requested (nothing reaches this PIC's IRR)
        }
        return ReadIsr ? Isr : Irr;
    }

    public byte ReadData() => Imr;

    /// <summary>ELCR as a guest reads it: without the hard-wired cascade bit.</summary>
    public byte ReadElcr() => (byte)(Elcr & _elcrMask);

    public void WriteElcr(byte value) => Elcr = (byte)((value & _elcrMask) | (master ? 1 << 2 : 0));

    void Icw1(byte value)
    {
        Irr &= Elcr;          // forget edges, keep levels
        Imr = Isr = 0;        // nothing masked or in service (as Xen's vpic; the datasheet leaves IMR alone)
        PriorityAdd = 0;      // IR0 highest, IR7 lowest
        RotateOnAutoEoi = SpecialMask = ReadIsr = Poll = false;
        if ((value & 1) == 0) AutoEoi = SpecialFullyNested = false;   // no ICW4: its features are cleared
        _initState = ((value & 3) << 2) | 1;
    }

    void AfterIcw3()
    {
        _initState++;
        if ((_initState & 4) == 0) _initState = 0;                        // no ICW4: done
    }

    void Ocw2(byte value)
    {
        int command = value >> 5;
        switch (command)
        {
            case 0 or 4: RotateOnAutoEoi = command == 4; break;           // rotate in automatic EOI mode
            case 1 or 5:                                                   // non-specific EOI (and rotate)
                int mask = SpecialMask ? Isr & ~Imr : Isr;
                if (mask == 0) break;
                int irq = HighestPriority(mask);
                Isr &= (byte)~(1 << irq);
                if (command == 5) PriorityAdd = (irq + 1) & 7;
                break;
            case 3 or 7:                                                   // specific EOI (and rotate)
                Isr &= (byte)~(1 << (value & 7));
                if (command == 7) PriorityAdd = ((value & 7) + 1) & 7;
                break;
            case 6: PriorityAdd = ((value & 7) + 1) & 7; break;           // set priority: IRn lowest
        }
    }

    // The IRQ of the highest-priority bit of mask (nonzero), priorities rotated by PriorityAdd.
    int HighestPriority(int mask)
    {
        for (int p = 0; p < 8; p++)
        {
            int irq = (p + PriorityAdd) & 7;
            if ((mask & (1 << irq)) != 0) return irq;
        }
        return -1;
    }
}

/// <summary>
/// The master/slave 8259A pair at ports 0x20/0x21 and 0xA0/0xA1 with the ELCRs at 0x4D0/0x4D1 (PIIX), as
/// Xen's vpic: enough for Linux, hvmloader and firmware to initialise, remap and mask it, and to read back
/// what they programmed.
/// </summary>
/// <remarks>
/// Interrupts are not delivered through the PIC (ExtINT via LVT0 or IOAPIC pin 0): Xen HVM guests route ISA
/// interrupts through the IOAPIC, which the MADT announces together with the IRQ0 -> GSI2 override, and this
/// platform's devices raise their IRQs only there. So IRR and ISR stay 0 and a poll reads "none pending".
/// </remarks>
internal sealed class Pic8259Pair : IPortDevice
{
    public const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;
    public const ushort MasterElcr = 0x4D0, SlaveElcr = 0x4D1;

    readonly object _lock = new();
    readonly Pic8259 _master = new(master: true), _slave = new(master: false);

    public bool Claims(ushort port) => port is MasterCommand or MasterData or SlaveCommand or SlaveData or MasterElcr or SlaveElcr;

    public void Read(ushort port, Span<byte> data)
    {
        byte value;
        lock (_lock)
            value = port switch
            {
                MasterCommand => _master.ReadCommand(),
                MasterData => _master.ReadData(),
                SlaveCommand => _slave.ReadCommand(),
                SlaveData => _slave.ReadData(),
                MasterElcr => _master.ReadElcr(),
                _ => _slave.ReadElcr(),
            };
        Bytes.Put(value, data);   // Xen's vpic only takes byte accesses; wider ones read the byte zero-extended
    }

    public void Write(ushort port, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        byte value = data[0];
        lock (_lock)
        {
            switch (port)
            {
                case MasterCommand: _master.WriteCommand(value); break;
                case MasterData: _master.WriteData(value); break;
                case SlaveCommand: _slave.WriteCommand(value); break;
                case SlaveData: _slave.WriteData(value); break;
                case MasterElcr: _master.WriteElcr(value); break;
                case SlaveElcr: _slave.WriteElcr(value); break;
            }
        }
    }

    /// <summary>A snapshot of one chip's state, for tests and diagnostics.</summary>
    public (byte Imr, byte IrqBase, bool AutoEoi, bool Initialising) State(bool master)
    {
        lock (_lock)
        {
            var p = master ? _master : _slave;
            return (p.Imr, p.IrqBase, p.AutoEoi, p.Initialising);
        }
    }
}
