namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// The HVM domain's IOAPIC as Xen's vioapic emulates it (xen/arch/x86/hvm/vioapic.c): 48 pins at GSI base 0,
/// MMIO at 0xFEC00000 with IOREGSEL at +0x00 and IOWIN at +0x10, version 0x11 (so no EOI register: guests
/// clear Remote IRR through the LAPIC EOI or by toggling the entry to edge), id in bits 24-27 of register 0.
/// Pins deliver as MSIs to the <see cref="IInterruptSink"/>.
/// </summary>
/// <remarks>
/// Like Xen: a masked pin latches nothing (an edge that arrives while masked is lost); an edge pin delivers
/// on every rising edge; a level pin delivers when it rises with Remote IRR clear and then sets Remote IRR,
/// which an EOI of its vector clears, redelivering if the line is still asserted. Only fixed, lowest-priority
/// and NMI delivery modes are delivered (vioapic_deliver warns about the rest); ExtINT through pin 0 would
/// need a PIC that delivers, and this platform's PIC does not (see <see cref="Pic8259Pair"/>).
/// EOIs come from KVM_EXIT_IOAPIC_EOI, which a split irqchip only raises for vectors its GSI routes mark
/// level-triggered: so a sink that cannot mirror the routes (no <see cref="IIoApicRouteSink"/>) gets no EOIs,
/// and then Remote IRR is cleared right after each delivery, lest a level pin deliver once and never again
/// (a line still asserted then waits for its next rising edge).
/// </remarks>
internal sealed class IoApic : IMmioDevice
{
    /// <summary>VIOAPIC_DEFAULT_BASE_ADDRESS.</summary>
    public const ulong BaseAddress = 0xFEC0_0000;
    /// <summary>VIOAPIC_MEM_LENGTH: the range the vioapic claims.</summary>
    public const ulong Length = 0x100;
    /// <summary>ARRAY_SIZE(hvm_vioapic.domU.redirtbl) = VIOAPIC_NUM_PINS.</summary>
    public const int Pins = 48;
    /// <summary>VIOAPIC_VERSION_ID: an 82093AA.</summary>
    public const uint Version = 0x11;
    /// <summary>The id the MADT announces: hvmloader's IOAPIC_ID, which its apic_setup writes into the vioapic.</summary>
    public const byte DefaultId = 1;

    const int RegSelect = 0x00, RegWindow = 0x10;
    const uint RegId = 0, RegVersion = 1, RegArbitration = 2, RegRedirectionTable = 0x10;

    readonly object _lock = new();
    readonly IInterruptSink _sink;
    readonly IIoApicRouteSink? _routes;
    readonly IoApicEntry[] _table = new IoApicEntry[Pins];
    readonly bool[] _lineAsserted = new bool[Pins];
    uint _select;
    byte _id = DefaultId;

    public IoApic(IInterruptSink sink)
    {
        _sink = sink;
        _routes = sink as IIoApicRouteSink;
        Array.Fill(_table, IoApicEntry.Reset);
    }

    public bool Claims(ulong gpa) => gpa - BaseAddress < Length;

    public void Read(ulong gpa, Span<byte> data)
    {
        uint value;
        lock (_lock)
            value = (int)(gpa - BaseAddress) switch
            {
                RegSelect => _select,
                RegWindow => ReadRegister(),
                _ => 0,
            };
        Bytes.Put(value, data);
    }

    public void Write(ulong gpa, ReadOnlySpan<byte> data)
    {
        uint value = (uint)Bytes.Get(data);
        lock (_lock)
        {
            switch ((int)(gpa - BaseAddress))
            {
                case RegSelect: _select = value & 0xff; break;
                case RegWindow: WriteRegister(value); break;
            }
        }
    }

    /// <summary>A rising edge on <paramref name="gsi"/> (an ISA device's pulse): vioapic_irq_positive_edge.</summary>
    public void PulseGsi(int gsi)
    {
        lock (_lock) PositiveEdge(CheckGsi(gsi));
    }

    /// <summary>Drives the line of <paramref name="gsi"/> (a level-triggered source such as PCI INTx).</summary>
    public void SetGsiLevel(int gsi, bool asserted)
    {
        lock (_lock)
        {
            int pin = CheckGsi(gsi);
            bool was = _lineAsserted[pin];
            _lineAsserted[pin] = asserted;
            if (asserted && !was) PositiveEdge(pin);
        }
    }

    /// <summary>The guest EOI'd <paramref name="vector"/> at its LAPIC: vioapic_update_EOI.</summary>
    public void Eoi(int vector)
    {
        lock (_lock)
        {
            for (int pin = 0; pin < Pins; pin++)
            {
                var e = _table[pin];
                if (e.Vector != vector || !e.RemoteIrr) continue;
                _table[pin] = e = e.With(IoApicEntry.RemoteIrrBit, false);
                if (e.LevelTriggered && !e.Masked && _lineAsserted[pin])
                {
                    _table[pin] = e.With(IoApicEntry.RemoteIrrBit, true);
                    Deliver(pin);
                }
            }
        }
    }

    /// <summary>The redirection entry of <paramref name="pin"/> (for tests and diagnostics).</summary>
    public ulong Entry(int pin)
    {
        lock (_lock) return _table[CheckGsi(pin)].Bits;
    }

    /// <summary>Every pin's current MSI route.</summary>
    public IoApicRoute[] Routes()
    {
        lock (_lock) return RoutesLocked();
    }

    static int CheckGsi(int gsi) =>
        (uint)gsi < Pins ? gsi : throw new ArgumentOutOfRangeException(nameof(gsi), gsi, $"the IOAPIC has GSIs 0..{Pins - 1}");

    void PositiveEdge(int pin)
    {
        var e = _table[pin];
        if (e.Masked) return;
        if (!e.LevelTriggered) Deliver(pin);
        else if (!e.RemoteIrr)
        {
            _table[pin] = e.With(IoApicEntry.RemoteIrrBit, true);
            Deliver(pin);
        }
    }

    void Deliver(int pin)
    {
        var e = _table[pin];
        if (e.DeliveryMode is IoApicEntry.Fixed or IoApicEntry.LowestPriority or IoApicEntry.Nmi)
            _sink.SignalMsi(e.MsiAddress, e.MsiData);
        if (_routes is null) _table[pin] = e.With(IoApicEntry.RemoteIrrBit, false);   // no EOI will come
    }

    uint ReadRegister()
    {
        switch (_select)
        {
            case RegVersion: return Version | ((uint)(Pins - 1) << 16);
            case RegId or RegArbitration: return (uint)(_id & 0xf) << 24;   // Xen keeps a 4-bit id (IO_APIC_reg_02)
        }
        uint index = (_select - RegRedirectionTable) >> 1;
        if (_select < RegRedirectionTable || index >= Pins) return 0;
        ulong bits = _table[index].Bits;
        return (_select & 1) != 0 ? (uint)(bits >> 32) : (uint)bits;
    }

    void WriteRegister(uint value)
    {
        switch (_select)
        {
            case RegVersion or RegArbitration: return;   // read-only
            case RegId: _id = (byte)((value >> 24) & 0xf); return;
        }
        uint index = (_select - RegRedirectionTable) >> 1;
        if (_select < RegRedirectionTable || index >= Pins) return;
        WriteEntry((int)index, topHalf: (_select & 1) != 0, value);
    }

    // vioapic_write_redirent: Remote IRR and delivery status are read-only; switching to edge clears Remote IRR
    // (Linux's EOI for IOAPICs without an EOI register); unmasking a level pin whose line is up delivers.
    void WriteEntry(int pin, bool topHalf, uint value)
    {
        var old = _table[pin];
        ulong bits = topHalf
            ? (old.Bits & 0xffff_ffff) | ((ulong)value << 32)
            : (old.Bits & ~0xffff_fffful) | (value & ~(uint)(IoApicEntry.RemoteIrrBit | IoApicEntry.DeliveryStatusBit))
              | (old.Bits & IoApicEntry.RemoteIrrBit);
        var e = new IoApicEntry(bits);
        if (!e.LevelTriggered) e = e.With(IoApicEntry.RemoteIrrBit, false);
        _table[pin] = e;
        if (e.LevelTriggered && !e.Masked && !e.RemoteIrr && _lineAsserted[pin])
        {
            _table[pin] = e.With(IoApicEntry.RemoteIrrBit, true);
            Deliver(pin);
        }
        if (_routes is not null && RouteOf(old) != RouteOf(e)) _routes.IoApicRoutesChanged(RoutesLocked());
    }

    static (ulong, uint, bool) RouteOf(IoApicEntry e) => (e.MsiAddress, e.MsiData, e.Masked);

    IoApicRoute[] RoutesLocked()
    {
        var routes = new IoApicRoute[Pins];
        for (int pin = 0; pin < Pins; pin++)
        {
            var e = _table[pin];
            routes[pin] = new IoApicRoute(pin, e.MsiAddress, e.MsiData, e.Masked, e.LevelTriggered);
        }
        return routes;
    }
}
