using Disagg.Actors.Hypervisor.Platform;
using Xunit;

namespace Disagg.Hypervisor.Tests.Platform;

public class RtcTests
{
    const byte RtcVector = 0x38;
    readonly RecordingSink _sink = new();
    readonly FakeDeviceClock _clock = new();
    readonly PlatformBus _bus;
    readonly long _start;
    // Saturday 14 March 2026, 15:09:26.5 UTC when the test starts; runs with the device clock.
    DateTimeOffset _wallBase = new(2026, 3, 14, 15, 9, 26, 500, TimeSpan.Zero);

    public RtcTests()
    {
        _start = _clock.NowNs;
        _bus = PlatformBus.Create(_sink, () => _wallBase + TimeSpan.FromTicks((_clock.NowNs - _start) / 100), _clock, owned: null);
        _bus.RouteEdge(8, RtcVector);
    }

    byte Cmos(int index)
    {
        _bus.Out(0x70, (byte)index);
        return _bus.In(0x71);
    }

    void SetCmos(int index, byte value)
    {
        _bus.Out(0x70, (byte)index);
        _bus.Out(0x71, value);
    }

    void Pass(TimeSpan t) => _clock.Advance(t.Ticks * 100);

    void SetWall(DateTimeOffset t) => _wallBase = t - TimeSpan.FromTicks((_clock.NowNs - _start) / 100);

    [Fact]
    public void Time_reads_in_bcd_24_hour_by_default()
    {
        Assert.Equal(0x26, Cmos(0x0A));
        Assert.Equal(0x02, Cmos(0x0B));
        Assert.Equal(0x80, Cmos(0x0D));
        Assert.Equal([0x26, 0x09, 0x15, 0x07, 0x14, 0x03, 0x26], new[] { 0, 2, 4, 6, 7, 8, 9 }.Select(Cmos).ToArray());
        Assert.Equal(0x20, Cmos(0x32));                                 // century
    }

    [Fact]
    public void Binary_mode_and_12_hour_mode_follow_register_b()
    {
        SetCmos(0x0B, 0x06);                                            // binary, 24 h
        Assert.Equal([26, 9, 15, 7, 14, 3, 26], new[] { 0, 2, 4, 6, 7, 8, 9 }.Select(Cmos).ToArray());
        SetCmos(0x0B, 0x00);                                            // BCD, 12 h
        Assert.Equal(0x83, Cmos(4));                                    // 3 PM
        SetWall(new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.Zero));
        Assert.Equal(0x12, Cmos(4));                                    // 12 AM
        SetWall(new DateTimeOffset(2026, 1, 1, 12, 30, 0, TimeSpan.Zero));
        Assert.Equal(0x92, Cmos(4));                                    // 12 PM
        SetCmos(0x0B, 0x04);                                            // binary, 12 h
        Assert.Equal(0x8C, Cmos(4));
    }

    [Fact]
    public void Seconds_follow_the_wall_clock_and_uip_precedes_the_update()
    {
        Assert.Equal(0, Cmos(0x0A) & 0x80);
        Pass(TimeSpan.FromMilliseconds(499.9));                         // 26.9999 s: inside the 244 us update window
        Assert.Equal(0x80, Cmos(0x0A) & 0x80);
        Assert.Equal(0x26, Cmos(0));
        Pass(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, Cmos(0x0A) & 0x80);
        Assert.Equal(0x27, Cmos(0));
    }

    [Fact]
    public void Set_mode_freezes_the_registers_and_sets_the_clock()
    {
        SetCmos(0x0B, 0x82);                                            // SET, 24 h BCD
        SetCmos(4, 0x08);
        SetCmos(9, 0x30);
        Pass(TimeSpan.FromSeconds(5));
        Assert.Equal(0x26, Cmos(0));                                    // frozen while SET
        SetCmos(0x0B, 0x02);
        Assert.Equal([0x26, 0x09, 0x08, 0x30], new[] { 0, 2, 4, 9 }.Select(Cmos).ToArray());
        Pass(TimeSpan.FromSeconds(2));
        Assert.Equal(0x28, Cmos(0));                                    // and runs on from there
        Assert.Equal(0x05, Cmos(6));                                    // 14 March 2030 is a Thursday
        SetCmos(2, 0x45);                                               // outside SET: takes effect at once
        Assert.Equal(0x45, Cmos(2));
    }

    [Fact]
    public void Cmos_ram_is_storage_and_the_index_ignores_nmi_disable()
    {
        for (int i = 0x0E; i < 0x80; i++)
            if (i != 0x32) SetCmos(i | 0x80, (byte)(i ^ 0x5A));
        for (int i = 0x0E; i < 0x80; i++)
            if (i != 0x32) Assert.Equal((byte)(i ^ 0x5A), Cmos(i));
        Assert.Equal(0xff, _bus.In(0x70));                              // the index register is write-only
        SetCmos(0x0D, 0);
        Assert.Equal(0x80, Cmos(0x0D));                                 // read-only
    }

    [Fact]
    public void Periodic_interrupt_needs_pie_and_an_acknowledge_between_ticks()
    {
        Pass(TimeSpan.FromMilliseconds(10));
        Assert.Empty(_sink.Msis);
        SetCmos(0x0B, 0x42);                                            // PIE, 1024 Hz from register A
        Pass(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _sink.Count(RtcVector));
        Pass(TimeSpan.FromMilliseconds(5));                             // C not read: IRQF stays, no new edge
        Assert.Equal(1, _sink.Count(RtcVector));
        Assert.Equal(0xC0, Cmos(0x0C) & 0xC0);                          // IRQF | PF, cleared by the read
        Assert.Equal(0, Cmos(0x0C) & 0xC0);
        Pass(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _sink.Count(RtcVector));
        SetCmos(0x0A, 0x2F);                                            // rate 15: 500 ms
        Cmos(0x0C);
        Pass(TimeSpan.FromMilliseconds(400));
        Assert.Equal(2, _sink.Count(RtcVector));
        Pass(TimeSpan.FromMilliseconds(150));
        Assert.Equal(3, _sink.Count(RtcVector));
    }

    [Fact]
    public void Update_ended_and_alarm_interrupts()
    {
        SetCmos(0x0B, 0x12);                                            // UIE
        Pass(TimeSpan.FromMilliseconds(600));                           // crosses 15:09:27
        Assert.Equal(1, _sink.Count(RtcVector));
        Assert.Equal(0x90, Cmos(0x0C));                                 // IRQF | UF

        SetCmos(1, 0x30);                                               // alarm at hh:mm:30, hour and minute don't care
        SetCmos(3, 0xC0);
        SetCmos(5, 0xFF);
        SetCmos(0x0B, 0x22);                                            // AIE only
        Pass(TimeSpan.FromSeconds(2));                                  // 29.1 s: no alarm yet
        Cmos(0x0C);
        Assert.Equal(1, _sink.Count(RtcVector));
        Pass(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _sink.Count(RtcVector));
        Assert.Equal(0xB0, Cmos(0x0C));                                 // IRQF | AF | UF
    }

    [Fact]
    public void Uf_is_kept_for_polling_guests()
    {
        Cmos(0x0C);
        Pass(TimeSpan.FromSeconds(1));
        Assert.Equal(0x10, Cmos(0x0C));                                 // UF without UIE: no IRQF, no interrupt
        Assert.Empty(_sink.Msis);
    }
}
