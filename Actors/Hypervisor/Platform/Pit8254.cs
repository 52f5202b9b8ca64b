namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// The 8254 PIT at ports 0x40-0x43 and the port 0x61 bits wired to it (channel 2's gate, the speaker enable,
/// channel 2's OUT in bit 5, the refresh toggle in bit 4), as Xen's i8254.c emulates them.
/// </summary>
/// <remarks>
/// Counts follow the device clock (monotonic, frozen while paused), never a guest loop. Channel 0's OUT drives
/// ISA IRQ 0 through a device timer: modes 2 and 3 raise it every period, modes 0, 1, 4 and 5 once at terminal
/// count (Xen's pit_load_count arms modes 1 and 4 only; the real chip's OUT also rises in mode 0, so it is
/// raised there too). Ticks the host timer could not deliver in time are collapsed into one, as Xen's
/// no_missed_ticks_pending timer mode does: an edge interrupt still in the guest's IRR cannot count twice.
/// </remarks>
internal sealed class Pit8254 : IPortDevice, IDisposable
{
    public const ushort Channel0Port = 0x40, Channel2Port = 0x42, ControlPort = 0x43, SystemControlPort = 0x61;

    /// <summary>Xen's create_periodic_time floor of 1 us on a period (a count of 1 would be 838 ns).</summary>
    const long MinPeriodNs = 1000;

    readonly object _lock = new();
    readonly DeviceClock _clock;
    readonly Action _raiseIrq0;
    readonly DeviceTimer _timer;
    readonly PitChannel[] _channels = [new(gate: true), new(gate: true), new(gate: false)];
    bool _speakerDataOn;
    long _periodNs, _nextTickNs;   // channel 0's timer: 0 = disarmed; period 0 = one-shot

    public Pit8254(DeviceClock clock, Action raiseIrq0)
    {
        _clock = clock;
        _raiseIrq0 = raiseIrq0;
        _timer = clock.CreateTimer(Expired);
    }

    public bool Claims(ushort port) => port is >= Channel0Port and <= ControlPort or SystemControlPort;

    public void Read(ushort port, Span<byte> data)
    {
        byte value;
        lock (_lock)
        {
            long now = _clock.NowNs;
            value = port switch
            {
                SystemControlPort => (byte)((_speakerDataOn ? 2 : 0) | (_channels[2].Gate ? 1 : 0)
                    | (_channels[2].Out(now) ? 0x20 : 0) | (int)((now >> 14) & 1) << 4),   // refresh toggles every ~16 us
                ControlPort => 0xff,   // the control register cannot be read (Xen's pit_ioport_read: ~0)
                _ => _channels[port - Channel0Port].ReadByte(now),
            };
        }
        Bytes.Put(value, data);
    }

    public void Write(ushort port, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        byte value = data[0];
        lock (_lock)
        {
            long now = _clock.NowNs;
            switch (port)
            {
                case SystemControlPort:
                    _speakerDataOn = (value & 2) != 0;
                    _channels[2].SetGate((value & 1) != 0, now);
                    break;
                case ControlPort: WriteControl(value, now); break;
                default:
                    int channel = port - Channel0Port;
                    if (_channels[channel].WriteByte(value, now) && channel == 0) ProgramTimer();
                    break;
            }
        }
    }

    /// <summary>Channel <paramref name="channel"/>'s mode, count and OUT (for tests and diagnostics).</summary>
    public (int Mode, uint Count, bool Out) State(int channel)
    {
        lock (_lock)
        {
            var c = _channels[channel];
            return (c.Mode, c.Count, c.Out(_clock.NowNs));
        }
    }

    public void Dispose()
    {
        lock (_lock) _nextTickNs = 0;
        _timer.Cancel();
    }

    void WriteControl(byte value, long now)
    {
        int select = value >> 6, access = (value >> 4) & 3;
        if (select == 3)
        {
            // Read-back: bits 1-3 pick channels; bit 5 clear latches counts, bit 4 clear latches status.
            for (int c = 0; c < 3; c++)
            {
                if ((value & (2 << c)) == 0) continue;
                if ((value & 0x20) == 0) _channels[c].LatchCount(now);
                if ((value & 0x10) == 0) _channels[c].LatchStatus(now);
            }
            return;
        }
        if (access == PitChannel.AccessLatch)
        {
            _channels[select].LatchCount(now);
            return;
        }
        _channels[select].Control(access, (value >> 1) & 7, (value & 1) != 0);
        if (select == 0) StopTimer();   // a control word stops the count until a new one is written
    }

    // pit_load_count for channel 0: a periodic interrupt for modes 2 and 3, a single one for the others.
    void ProgramTimer()
    {
        var c = _channels[0];
        bool periodic = c.Mode is 2 or 3;
        _periodNs = periodic ? Math.Max(MinPeriodNs, PitChannel.TicksToNs(c.Count)) : 0;
        _nextTickNs = c.LoadedAtNs + Math.Max(MinPeriodNs, PitChannel.TicksToNs(c.Count));
        _timer.Arm(_nextTickNs);
    }

    void StopTimer()
    {
        _nextTickNs = 0;
        _timer.Cancel();
    }

    void Expired(long now)
    {
        lock (_lock)
        {
            if (_nextTickNs == 0 || now < _nextTickNs) return;   // stopped or reprogrammed meanwhile
            if (_periodNs == 0) _nextTickNs = 0;
            else
            {
                long missed = (now - _nextTickNs) / _periodNs;     // collapsed into this one tick
                _nextTickNs += (missed + 1) * _periodNs;
                _timer.Arm(_nextTickNs);
            }
        }
        _raiseIrq0();   // outside the lock: the IOAPIC takes its own
    }
}
