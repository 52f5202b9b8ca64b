using Disagg.Actors.Hypervisor.Platform;
using Xunit;

namespace Disagg.Hypervisor.Tests.Platform;

public class Pit8254Tests
{
    const long Ms = 1_000_000;
    const byte TimerVector = 0x31;
    readonly RecordingSink _sink = new();
    readonly FakeDeviceClock _clock = new();
    readonly PlatformBus _bus;

    public Pit8254Tests()
    {
        _bus = PlatformBus.Create(_sink, () => DateTimeOffset.UnixEpoch, _clock, owned: null);
        _bus.RouteEdge(2, TimerVector);   // IRQ 0 arrives at GSI 2
    }

    void Program(int channel, int mode, uint count)
    {
        _bus.Out(0x43, (byte)(channel << 6 | 0x30 | mode << 1));   // lobyte/hibyte
        _bus.Out((ushort)(0x40 + channel), (byte)count);
        _bus.Out((ushort)(0x40 + channel), (byte)(count >> 8));
    }

    ushort Latch(int channel)
    {
        _bus.Out(0x43, (byte)(channel << 6));                          // counter latch
        int lo = _bus.In((ushort)(0x40 + channel));
        return (ushort)(lo | _bus.In((ushort)(0x40 + channel)) << 8);
    }

    [Fact]
    public void Mode_2_on_channel_0_ticks_irq0_at_gsi2_every_period()
    {
        Program(0, 2, 1193);                                           // ~1 kHz, as Linux's PIT clockevent
        _clock.Advance(10 * Ms + Ms / 2);
        Assert.Equal(10, _sink.Count(TimerVector));
        Assert.All(_sink.Msis, m => Assert.Equal(0xFEE00000ul, m.Address));
    }

    [Fact]
    public void Missed_ticks_collapse_into_one()
    {
        Program(0, 2, 1193);
        _clock.Jump(10 * Ms + Ms / 2);                                 // the host timer ran 10 periods late
        _clock.Advance(0);
        Assert.Equal(1, _sink.Count(TimerVector));
        _clock.Advance(Ms);                                            // and the period grid holds afterwards
        Assert.Equal(2, _sink.Count(TimerVector));
    }

    [Fact]
    public void Counter_latch_reads_the_count_at_latch_time()
    {
        Program(0, 2, 10000);
        _clock.Advance(Ms);                                            // 1193 input clocks
        _bus.Out(0x43, 0x00);
        _clock.Advance(3 * Ms);                                        // the latched value does not move
        int lo = _bus.In(0x40), hi = _bus.In(0x40);
        Assert.Equal(10000 - 1193, lo | hi << 8);
        Assert.Equal(10000 - 4772, Latch(0));                          // 4 ms = 4772 clocks of 1.193182 MHz
        lo = _bus.In(0x40);                                            // unlatched: the live count, low then high
        hi = _bus.In(0x40);
        Assert.Equal(10000 - 4772, lo | hi << 8);
    }

    [Fact]
    public void Lobyte_only_access_and_read_back_status()
    {
        _bus.Out(0x43, 0x94);                                          // channel 2, lobyte only, mode 2
        _bus.Out(0x42, 200);
        _bus.Out(0x43, 0xE8);                                          // read-back: status of channel 2 only
        byte status = _bus.In(0x42);
        Assert.Equal(0x94, status);                                    // OUT high, access 01, mode 010, binary
        Assert.Equal(200, _bus.In(0x42));                              // then the live count, low byte only
        Assert.Equal(200, _bus.In(0x42));
        _bus.Out(0x43, 0xD8);                                          // read-back: count of channel 2
        Assert.Equal(200, _bus.In(0x42));
        Assert.Equal(0xff, _bus.In(0x43));                             // the control register cannot be read
    }

    [Fact]
    public void Channel_2_gate_and_output_in_port_0x61_as_linux_calibrates()
    {
        _bus.Out(0x61, (byte)((_bus.In(0x61) & ~0x02) | 0x01));      // gate on, speaker off
        Program(2, 0, 11932);                                          // 10 ms, mode 0
        Assert.Equal(0, _bus.In(0x61) & 0x20);
        _clock.Advance(9 * Ms);
        Assert.Equal(0, _bus.In(0x61) & 0x20);
        _clock.Advance(2 * Ms);
        Assert.Equal(0x20, _bus.In(0x61) & 0x20);                      // terminal count: OUT high
        Assert.Equal(0x01, _bus.In(0x61) & 0x03);
        Assert.Equal(0, _sink.Count(TimerVector));                     // channel 2 raises no IRQ
    }

    [Fact]
    public void Mode_0_on_channel_0_fires_once_and_a_control_word_stops_it()
    {
        Program(0, 0, 1193);
        _clock.Advance(20 * Ms);
        Assert.Equal(1, _sink.Count(TimerVector));
        Program(0, 2, 1193);
        _clock.Advance(Ms + Ms / 2);
        Assert.Equal(2, _sink.Count(TimerVector));
        _bus.Out(0x43, 0x34);                                          // control word without a count
        _clock.Advance(20 * Ms);
        Assert.Equal(2, _sink.Count(TimerVector));
    }

    [Fact]
    public void Masking_gsi2_at_the_ioapic_stops_delivery()
    {
        Program(0, 2, 1193);
        _clock.Advance(3 * Ms + Ms / 2);
        _bus.IoApicWrite(0x14, 0x10000 | TimerVector);
        _clock.Advance(10 * Ms);
        Assert.Equal(3, _sink.Count(TimerVector));
    }
}
