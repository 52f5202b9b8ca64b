using Disagg.Actors.Hypervisor.Platform;

namespace Disagg.Hypervisor.Tests.Platform;

/// <summary>A device clock that moves only when told to, firing due timers in order on the calling thread.</summary>
internal sealed class FakeDeviceClock : DeviceClock
{
    readonly List<DeviceTimer> _timers = [];
    long _now = 1_000_000_000;

    public override long NowNs => _now;

    public override DeviceTimer CreateTimer(Action<long> expired)
    {
        var t = new DeviceTimer(this, expired);
        _timers.Add(t);
        return t;
    }

    internal override void Arm(DeviceTimer timer, long dueNs) => timer.DueNs = dueNs;
    internal override void Cancel(DeviceTimer timer) => timer.DueNs = long.MaxValue;

    /// <summary>Moves time on without firing anything, as a late host timer would.</summary>
    public void Jump(long ns) => _now += ns;

    public void Advance(long ns)
    {
        long target = _now + ns;
        while (true)
        {
            var next = _timers.Where(t => t.DueNs <= target).OrderBy(t => t.DueNs).FirstOrDefault();
            if (next is null) break;
            _now = Math.Max(_now, next.DueNs);
            next.DueNs = long.MaxValue;
            next.Fire(_now);
        }
        _now = target;
    }
}

/// <summary>Records every MSI and route update.</summary>
internal sealed class RecordingSink : IInterruptSink, IIoApicRouteSink
{
    public readonly List<(ulong Address, uint Data)> Msis = [];
    public IoApicRoute[]? LastRoutes;
    public int RouteUpdates;

    public void SignalMsi(ulong address, uint data)
    {
        lock (Msis) Msis.Add((address, data));
    }

    public void IoApicRoutesChanged(ReadOnlySpan<IoApicRoute> routes)
    {
        LastRoutes = routes.ToArray();
        RouteUpdates++;
    }

    public int Count(byte vector)
    {
        lock (Msis) return Msis.Count(m => (byte)m.Data == vector);
    }
}

/// <summary>Guest-style accesses to a bus.</summary>
internal static class BusAccess
{
    public static byte In(this PlatformBus bus, ushort port)
    {
        Span<byte> b = stackalloc byte[1];
        Xunit.Assert.True(bus.TryReadPort(port, b), $"port 0x{port:x} unclaimed");
        return b[0];
    }

    public static void Out(this PlatformBus bus, ushort port, byte value) =>
        Xunit.Assert.True(bus.TryWritePort(port, [value]), $"port 0x{port:x} unclaimed");

    public static uint IoApicRead(this PlatformBus bus, uint register)
    {
        Span<byte> b = stackalloc byte[4];
        Xunit.Assert.True(bus.TryWriteMmio(IoApic.BaseAddress, BitConverter.GetBytes(register)));
        Xunit.Assert.True(bus.TryReadMmio(IoApic.BaseAddress + 0x10, b));
        return BitConverter.ToUInt32(b);
    }

    public static void IoApicWrite(this PlatformBus bus, uint register, uint value)
    {
        Xunit.Assert.True(bus.TryWriteMmio(IoApic.BaseAddress, BitConverter.GetBytes(register)));
        Xunit.Assert.True(bus.TryWriteMmio(IoApic.BaseAddress + 0x10, BitConverter.GetBytes(value)));
    }

    /// <summary>Programs GSI <paramref name="gsi"/>: edge, fixed, physical destination APIC id 0, unmasked.</summary>
    public static void RouteEdge(this PlatformBus bus, int gsi, byte vector)
    {
        bus.IoApicWrite(0x10 + 2 * (uint)gsi + 1, 0);
        bus.IoApicWrite(0x10 + 2 * (uint)gsi, vector);
    }
}
