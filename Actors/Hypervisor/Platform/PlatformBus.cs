namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// All emulated platform devices of one domain, which the vCPU exit handlers consult before treating an
/// access as unclaimed. An HVM domain gets what Xen emulates for it in the hypervisor: IOAPIC, 8259 pair,
/// 8254 PIT and MC146818 RTC (Xen's hvm/vioapic.c, vpic.c, i8254.c, rtc.c); a PVH domain gets
/// <see cref="None"/>, which claims nothing.
/// </summary>
/// <remarks>
/// Thread model: vCPU threads call the Try* methods and <see cref="Eoi"/> concurrently (each device locks
/// itself); the PIT's and RTC's timers run on one clock thread per domain, which stops while the domain is
/// paused. Lock order is device, then IOAPIC, then the sink: devices raise IRQs after dropping their own lock.
/// </remarks>
public sealed class PlatformBus : IDisposable
{
    /// <summary>ISA IRQs as Xen wires them to the IOAPIC: IRQ 0 to GSI 2 (hvm_isa_irq_to_gsi), the rest 1:1.</summary>
    public static int IsaIrqToGsi(int isaIrq) => isaIrq == 0 ? 2 : isaIrq;

    /// <summary>The bus of a PVH domain (and of anything without emulated devices): claims nothing.</summary>
    public static readonly PlatformBus None = new([], [], null, null);

    readonly IPortDevice[] _ports;
    readonly IMmioDevice[] _mmio;
    readonly IoApic? _ioApic;
    readonly HostDeviceClock? _clock;
    int _disposed;

    PlatformBus(IPortDevice[] ports, IMmioDevice[] mmio, IoApic? ioApic, HostDeviceClock? clock)
    {
        _ports = ports;
        _mmio = mmio;
        _ioApic = ioApic;
        _clock = clock;
    }

    /// <summary>
    /// The devices of an HVM domain with <paramref name="vcpus"/> vCPUs, interrupting it through
    /// <paramref name="sink"/>; the RTC tells the time of <paramref name="wallClock"/> (UTC).
    /// </summary>
    public static PlatformBus ForHvm(IInterruptSink sink, Func<DateTimeOffset> wallClock, int vcpus)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(wallClock);
        ArgumentOutOfRangeException.ThrowIfLessThan(vcpus, 1);
        var clock = new HostDeviceClock("disagg-platform-timers");
        return Create(sink, wallClock, clock, clock);
    }

    /// <summary>The HVM device set on any <see cref="DeviceClock"/> (tests give a fake one).</summary>
    internal static PlatformBus Create(IInterruptSink sink, Func<DateTimeOffset> wallClock, DeviceClock clock, HostDeviceClock? owned)
    {
        var ioApic = new IoApic(sink);
        var pit = new Pit8254(clock, () => ioApic.PulseGsi(IsaIrqToGsi(0)));
        var rtc = new Rtc(clock, wallClock, () => ioApic.PulseGsi(IsaIrqToGsi(8)));
        return new PlatformBus([pit, rtc, new Pic8259Pair()], [ioApic], ioApic, owned);
    }

    /// <summary>Told of an exception a device timer hit while interrupting the guest (e.g. KVM_SIGNAL_MSI failing).</summary>
    public Action<Exception>? TimerFault
    {
        get => _clock?.Faulted;
        set { if (_clock is not null) _clock.Faulted = value; }
    }

    /// <summary>A guest IN: false when no device claims <paramref name="port"/> (the caller reads all ones).</summary>
    public bool TryReadPort(ushort port, Span<byte> data)
    {
        foreach (var d in _ports)
            if (d.Claims(port)) { d.Read(port, data); return true; }
        return false;
    }

    /// <summary>A guest OUT: false when no device claims <paramref name="port"/> (the caller drops it).</summary>
    public bool TryWritePort(ushort port, ReadOnlySpan<byte> data)
    {
        foreach (var d in _ports)
            if (d.Claims(port)) { d.Write(port, data); return true; }
        return false;
    }

    /// <summary>A guest MMIO load: false when no device claims <paramref name="gpa"/>.</summary>
    public bool TryReadMmio(ulong gpa, Span<byte> data)
    {
        foreach (var d in _mmio)
            if (d.Claims(gpa)) { d.Read(gpa, data); return true; }
        return false;
    }

    /// <summary>A guest MMIO store: false when no device claims <paramref name="gpa"/>.</summary>
    public bool TryWriteMmio(ulong gpa, ReadOnlySpan<byte> data)
    {
        foreach (var d in _mmio)
            if (d.Claims(gpa)) { d.Write(gpa, data); return true; }
        return false;
    }

    /// <summary>
    /// The guest EOI'd <paramref name="vector"/> at a LAPIC (KVM_EXIT_IOAPIC_EOI): clears Remote IRR of the
    /// level-triggered pins with that vector and redelivers those whose line is still asserted.
    /// </summary>
    public void Eoi(int vector) => _ioApic?.Eoi(vector);

    /// <summary>Drives GSI <paramref name="gsi"/> (0..47) for a level-triggered source; false on a bus without an IOAPIC.</summary>
    public bool SetGsiLevel(int gsi, bool asserted)
    {
        if (_ioApic is null) return false;
        _ioApic.SetGsiLevel(gsi, asserted);
        return true;
    }

    /// <summary>Every IOAPIC pin as an MSI route (empty without an IOAPIC), to seed KVM's GSI routing table.</summary>
    public IoApicRoute[] IoApicRoutes() => _ioApic?.Routes() ?? [];

    /// <summary>Domain pause: device time stops, so the PIT and RTC timers stop ticking.</summary>
    public void Pause() => _clock?.Pause();

    /// <summary>Domain unpause: device time runs on from where it stopped (no burst of missed ticks).</summary>
    public void Resume() => _clock?.Resume();

    public void Dispose()
    {
        if (ReferenceEquals(this, None) || Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var d in _ports.OfType<IDisposable>()) d.Dispose();
        _clock?.Dispose();
    }
}
