using Disagg.Actors.Hypervisor.Platform;
using Xunit;

namespace Disagg.Hypervisor.Tests.Platform;

public class PlatformBusTests
{
    static readonly ushort[] HvmPorts = [0x20, 0x21, 0x40, 0x41, 0x42, 0x43, 0x61, 0x70, 0x71, 0xA0, 0xA1, 0x4D0, 0x4D1];

    [Fact]
    public void None_claims_nothing()
    {
        Span<byte> b = stackalloc byte[4];
        foreach (var port in HvmPorts) Assert.False(PlatformBus.None.TryReadPort(port, b));
        Assert.False(PlatformBus.None.TryWritePort(0x70, [0]));
        Assert.False(PlatformBus.None.TryReadMmio(0xFEC00000, b));
        Assert.False(PlatformBus.None.TryWriteMmio(0xFEC00010, b));
        Assert.Empty(PlatformBus.None.IoApicRoutes());
        PlatformBus.None.Pause();
        PlatformBus.None.Resume();
        PlatformBus.None.Eoi(0x30);
        PlatformBus.None.Dispose();   // a shared instance: disposing it is a no-op
        Assert.False(PlatformBus.None.TryReadPort(0x70, b));
    }

    [Fact]
    public void Hvm_bus_claims_the_legacy_ports_and_the_ioapic_page_only()
    {
        using var bus = PlatformBus.Create(new RecordingSink(), () => DateTimeOffset.UtcNow, new FakeDeviceClock(), owned: null);
        Span<byte> b = stackalloc byte[1];
        foreach (var port in HvmPorts) Assert.True(bus.TryReadPort(port, b), $"port 0x{port:x}");
        foreach (ushort port in new ushort[] { 0x2F0, 0x60, 0x64, 0x80, 0xE9, 0x99, 0x3F8, 0xCF8 })
            Assert.False(bus.TryReadPort(port, b), $"port 0x{port:x}");
        Assert.True(bus.TryReadMmio(0xFEC00000, b));
        Assert.True(bus.TryReadMmio(0xFEC000FF, b));
        Assert.False(bus.TryReadMmio(0xFEC00100, b));
        Assert.False(bus.TryReadMmio(0xFEE00000, b));
        Assert.Equal(2, PlatformBus.IsaIrqToGsi(0));
        Assert.Equal(8, PlatformBus.IsaIrqToGsi(8));
    }

    [Fact]
    public void Real_clock_ticks_the_pit_through_the_ioapic_and_stops_while_paused()
    {
        var sink = new RecordingSink();
        using var bus = PlatformBus.ForHvm(sink, () => DateTimeOffset.UtcNow, vcpus: 1);
        bus.RouteEdge(2, 0x31);
        bus.Out(0x43, 0x34);
        bus.Out(0x40, 0xA9);                                          // 1193: 1 kHz
        bus.Out(0x40, 0x04);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sink.Count(0x31) < 20 && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.True(sink.Count(0x31) >= 20, $"only {sink.Count(0x31)} ticks in 5 s");

        bus.Pause();
        Thread.Sleep(20);
        int paused = sink.Count(0x31);
        Thread.Sleep(100);
        Assert.Equal(paused, sink.Count(0x31));
        bus.Resume();
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (sink.Count(0x31) == paused && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.True(sink.Count(0x31) > paused);
    }

    [Fact]
    public void Host_clock_time_stands_still_while_paused()
    {
        long host = 5_000;
        using var clock = new HostDeviceClock("test-clock", () => host);
        Assert.Equal(0, clock.NowNs);
        host += 100;
        Assert.Equal(100, clock.NowNs);
        clock.Pause();
        host += 1_000;
        Assert.Equal(100, clock.NowNs);
        clock.Resume();
        Assert.Equal(100, clock.NowNs);
        host += 50;
        Assert.Equal(150, clock.NowNs);
    }

    [Fact]
    public void A_throwing_timer_is_reported_and_the_clock_carries_on()
    {
        using var clock = new HostDeviceClock("test-clock");
        var faults = new List<Exception>();
        clock.Faulted = e => { lock (faults) faults.Add(e); };
        var bad = clock.CreateTimer(_ => throw new InvalidOperationException("boom"));
        using var fired = new ManualResetEventSlim();
        var good = clock.CreateTimer(_ => fired.Set());
        bad.Arm(clock.NowNs);
        good.Arm(clock.NowNs + 2_000_000);
        Assert.True(fired.Wait(TimeSpan.FromSeconds(5)));
        lock (faults) Assert.Single(faults);
    }
}
