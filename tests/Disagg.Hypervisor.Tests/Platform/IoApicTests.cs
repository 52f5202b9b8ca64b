using Disagg.Actors.Hypervisor.Platform;
using Xunit;

namespace Disagg.Hypervisor.Tests.Platform;

public class IoApicTests
{
    readonly RecordingSink _sink = new();
    readonly PlatformBus _bus;
    readonly IoApic _ioApic;

    public IoApicTests()
    {
        _bus = PlatformBus.Create(_sink, () => DateTimeOffset.UnixEpoch, new FakeDeviceClock(), owned: null);
        _ioApic = new IoApic(_sink);
    }

    static uint Lo(int pin) => 0x10 + 2 * (uint)pin;
    static uint Hi(int pin) => 0x11 + 2 * (uint)pin;

    [Fact]
    public void Version_id_and_claimed_range_are_xens()
    {
        Assert.Equal(0x002F0011u, _bus.IoApicRead(1));          // 48 pins: max redirection entry 47
        Assert.Equal(1u << 24, _bus.IoApicRead(0));             // id 1, as the MADT says
        _bus.IoApicWrite(0, 0x0A00_0000);
        Assert.Equal(0x0A00_0000u, _bus.IoApicRead(0));
        Assert.Equal(0x0A00_0000u, _bus.IoApicRead(2));         // arbitration id follows
        _bus.IoApicWrite(1, 0);
        Assert.Equal(0x002F0011u, _bus.IoApicRead(1));          // read-only
        Assert.True(_ioApic.Claims(0xFEC000FF));
        Assert.False(_ioApic.Claims(0xFEC00100));
        Assert.False(_ioApic.Claims(0xFEBFFFFF));
        Assert.Equal(0u, _bus.IoApicRead(0x10 + 2 * 48));       // beyond the last entry
    }

    [Fact]
    public void Entries_reset_masked_and_keep_remote_irr_and_delivery_status_read_only()
    {
        for (int pin = 0; pin < IoApic.Pins; pin++) Assert.Equal(0x10000u, _bus.IoApicRead(Lo(pin)));
        _bus.IoApicWrite(Lo(7), 0x0001_8041 | (1u << 14) | (1u << 12));   // masked level entry
        _bus.IoApicWrite(Hi(7), 0xAB00_0000);
        Assert.Equal(0x0001_8041u, _bus.IoApicRead(Lo(7)));
        Assert.Equal(0xAB00_0000u, _bus.IoApicRead(Hi(7)));
    }

    [Theory]
    [InlineData(0x02u, false, 0, 0x30, 0xFEE02000ul, 0x0030u)]         // fixed, physical APIC id 2
    [InlineData(0x0Fu, true, 1, 0x41, 0xFEE0F004ul, 0x0141u)]          // lowest priority, logical
    [InlineData(0x00u, false, 4, 0x00, 0xFEE00000ul, 0x0400u)]         // NMI
    public void Edge_entries_deliver_as_msi(uint dest, bool logical, int mode, byte vector, ulong address, uint data)
    {
        _ioApic.Write(IoApic.BaseAddress, BitConverter.GetBytes(Hi(4)));
        _ioApic.Write(IoApic.BaseAddress + 0x10, BitConverter.GetBytes(dest << 24));
        _ioApic.Write(IoApic.BaseAddress, BitConverter.GetBytes(Lo(4)));
        _ioApic.Write(IoApic.BaseAddress + 0x10, BitConverter.GetBytes(vector | (uint)mode << 8 | (logical ? 1u << 11 : 0)));
        _ioApic.PulseGsi(4);
        _ioApic.PulseGsi(4);
        Assert.Equal([(address, data), (address, data)], _sink.Msis);
    }

    [Fact]
    public void Masked_edge_latches_nothing_and_extint_is_not_delivered()
    {
        _bus.IoApicWrite(Lo(3), 0x10033);       // masked
        _bus.SetGsiLevel(3, true);
        _bus.SetGsiLevel(3, false);
        _bus.IoApicWrite(Lo(3), 0x33);          // unmask: the edge seen while masked is gone
        Assert.Empty(_sink.Msis);
        _bus.IoApicWrite(Lo(0), 0x700);         // ExtINT (hvmloader's virtual wire): no PIC delivers it here
        _bus.SetGsiLevel(0, true);
        Assert.Empty(_sink.Msis);
    }

    [Fact]
    public void Level_entries_hold_remote_irr_until_eoi()
    {
        const uint level = 1u << 15, remoteIrr = 1u << 14;
        _bus.IoApicWrite(Lo(10), 0x51 | level);
        _bus.SetGsiLevel(10, true);
        Assert.Equal([(0xFEE00000ul, 0x51u | level | (1u << 14))], _sink.Msis);
        Assert.NotEqual(0u, _bus.IoApicRead(Lo(10)) & remoteIrr);

        _bus.SetGsiLevel(10, false);
        _bus.SetGsiLevel(10, true);             // a new edge while Remote IRR is set: nothing
        Assert.Single(_sink.Msis);

        _bus.Eoi(0x51);                         // line still up: delivered again
        Assert.Equal(2, _sink.Msis.Count);
        _bus.SetGsiLevel(10, false);
        _bus.Eoi(0x51);                         // line down: cleared, nothing more
        Assert.Equal(2, _sink.Msis.Count);
        Assert.Equal(0u, _bus.IoApicRead(Lo(10)) & remoteIrr);
        _bus.Eoi(0x99);                         // other vectors do nothing
        Assert.Equal(2, _sink.Msis.Count);
    }

    [Fact]
    public void Switching_a_level_entry_to_edge_clears_remote_irr_and_unmasking_an_asserted_line_delivers()
    {
        const uint level = 1u << 15, remoteIrr = 1u << 14;
        _bus.IoApicWrite(Lo(9), 0x10000 | 0x60 | level);   // masked, level
        _bus.SetGsiLevel(9, true);
        Assert.Empty(_sink.Msis);
        _bus.IoApicWrite(Lo(9), 0x60 | level);             // unmasked with the line up: delivered
        Assert.Single(_sink.Msis);
        Assert.NotEqual(0u, _bus.IoApicRead(Lo(9)) & remoteIrr);
        _bus.IoApicWrite(Lo(9), 0x10060);                   // Linux's EOI for a version 0x11 IOAPIC: mask + edge
        Assert.Equal(0u, _bus.IoApicRead(Lo(9)) & remoteIrr);
    }

    [Fact]
    public void Route_changes_reach_a_route_sink()
    {
        _bus.IoApicWrite(Hi(5), 0x0200_0000);
        _bus.IoApicWrite(Lo(5), 0x45 | (1u << 15));
        Assert.NotNull(_sink.LastRoutes);
        var r = _sink.LastRoutes![5];
        Assert.Equal(new IoApicRoute(5, 0xFEE02000, 0x45 | (1u << 15) | (1u << 14), Masked: false, LevelTriggered: true), r);
        int updates = _sink.RouteUpdates;
        _bus.IoApicWrite(Lo(5), 0x45 | (1u << 15));        // same route: no update
        Assert.Equal(updates, _sink.RouteUpdates);
        Assert.Equal(IoApic.Pins, _bus.IoApicRoutes().Length);
    }

    sealed class MsiOnlySink : IInterruptSink
    {
        public int Count;
        public void SignalMsi(ulong address, uint data) => Count++;
    }

    [Fact]
    public void Without_a_route_sink_remote_irr_is_cleared_on_delivery()
    {
        // No routes mirrored into KVM means no KVM_EXIT_IOAPIC_EOI: a level pin must not wait for an EOI.
        var sink = new MsiOnlySink();
        var ioApic = new IoApic(sink);
        ioApic.Write(IoApic.BaseAddress, BitConverter.GetBytes(Lo(11)));
        ioApic.Write(IoApic.BaseAddress + 0x10, BitConverter.GetBytes(0x52u | (1u << 15)));
        ioApic.SetGsiLevel(11, true);
        Assert.Equal(0ul, ioApic.Entry(11) & (1ul << 14));
        ioApic.SetGsiLevel(11, false);
        ioApic.SetGsiLevel(11, true);
        Assert.Equal(2, sink.Count);
    }
}
