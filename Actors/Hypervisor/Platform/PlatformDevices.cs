namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>A device on the port-I/O bus of one domain. Called on vCPU threads, possibly concurrently: lock inside.</summary>
public interface IPortDevice
{
    /// <summary>Whether <paramref name="port"/> belongs to this device.</summary>
    bool Claims(ushort port);
    /// <summary>A guest IN of <c>data.Length</c> bytes from <paramref name="port"/>.</summary>
    void Read(ushort port, Span<byte> data);
    /// <summary>A guest OUT of <c>data.Length</c> bytes to <paramref name="port"/>.</summary>
    void Write(ushort port, ReadOnlySpan<byte> data);
}

/// <summary>A device on the MMIO bus of one domain. Called on vCPU threads, possibly concurrently: lock inside.</summary>
public interface IMmioDevice
{
    /// <summary>Whether guest-physical address <paramref name="gpa"/> belongs to this device.</summary>
    bool Claims(ulong gpa);
    /// <summary>A guest load of <c>data.Length</c> bytes at <paramref name="gpa"/>.</summary>
    void Read(ulong gpa, Span<byte> data);
    /// <summary>A guest store of <c>data.Length</c> bytes at <paramref name="gpa"/>.</summary>
    void Write(ulong gpa, ReadOnlySpan<byte> data);
}

/// <summary>What devices need from the domain to interrupt it.</summary>
public interface IInterruptSink
{
    /// <summary>
    /// Delivers one MSI to the domain's LAPICs (KVM_SIGNAL_MSI): destination, physical/logical mode in the
    /// address, vector, delivery mode and trigger mode in the data, as the MSI format encodes them.
    /// </summary>
    void SignalMsi(ulong address, uint data);
}

/// <summary>
/// Optionally implemented by an <see cref="IInterruptSink"/> that wants the IOAPIC's routes, to mirror them
/// into KVM's GSI routing table: on a split irqchip KVM only exits with KVM_EXIT_IOAPIC_EOI for vectors that
/// some route of the reserved IOAPIC GSIs sends level-triggered (kvm_scan_ioapic_routes).
/// </summary>
public interface IIoApicRouteSink
{
    /// <summary>Called, under the IOAPIC's lock, after a redirection entry changed its MSI; holds every pin.</summary>
    void IoApicRoutesChanged(ReadOnlySpan<IoApicRoute> routes);
}

/// <summary>One IOAPIC pin as an MSI: <paramref name="Gsi"/> = pin (GSI base 0).</summary>
public readonly record struct IoApicRoute(int Gsi, ulong Address, uint Data, bool Masked, bool LevelTriggered);
