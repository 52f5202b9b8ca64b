using static Disagg.Actors.Hypervisor.Platform.RtcTime;

namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// The MC146818 RTC and its CMOS RAM at ports 0x70 (index; bit 7 is NMI disable, ignored) and 0x71 (data), as
/// Xen's rtc.c: the time and date follow the wall clock plus whatever offset the guest set; register A holds
/// the divider and periodic rate with UIP, B the mode bits, C the interrupt flags (cleared by reading), D
/// "valid RAM and time"; 0x0E-0x7F are plain storage. Periodic, alarm and update-ended interrupts go to ISA
/// IRQ 8 when register B enables them, once per raising of C's IRQF, as Xen pulses its RTC_IRQ.
/// </summary>
internal sealed class Rtc : IPortDevice, IDisposable
{
    public const ushort IndexPort = 0x70, DataPort = 0x71;
    public const int RegA = 0x0A, RegB = 0x0B, RegC = 0x0C, RegD = 0x0D;

    const byte RegAUip = 0x80, RegCIrqf = 0x80, RegCPf = 0x40, RegCAf = 0x20, RegCUf = 0x10, RegDVrt = 0x80;
    const byte DividerMask = 0x70, Divider32Khz = 0x20, RateMask = 0x0f, AlarmDontCare = 0xC0;
    /// <summary>The MC146818's update cycle: UIP reads 1 for this long before the registers change (244 us).</summary>
    const long UpdateCycleNs = 244_000;

    readonly object _lock = new();
    readonly byte[] _cmos = new byte[128];
    readonly Func<DateTimeOffset> _wallClock;
    readonly DeviceClock _clock;
    readonly Action _raiseIrq8;
    readonly DeviceTimer _periodicTimer, _secondTimer;
    TimeSpan _offset;                  // guest-set time minus wall clock
    byte _index;
    long _lastSecond;                  // the RTC second whose update (UF, alarm) was last accounted
    long _periodNs, _nextPeriodicNs;   // 0 = periodic interrupt off

    public Rtc(DeviceClock clock, Func<DateTimeOffset> wallClock, Action raiseIrq8)
    {
        _clock = clock;
        _wallClock = wallClock;
        _raiseIrq8 = raiseIrq8;
        _periodicTimer = clock.CreateTimer(PeriodicExpired);
        _secondTimer = clock.CreateTimer(SecondExpired);
        _cmos[RegA] = Divider32Khz | 6;   // rtc_init: 32.768 kHz, 1024 Hz rate
        _cmos[RegB] = RegB24Hour;         // 24-hour BCD
        _cmos[RegD] = RegDVrt;
        _lastSecond = UnixSecond(Now());
    }

    public bool Claims(ushort port) => port is IndexPort or DataPort;

    public void Read(ushort port, Span<byte> data)
    {
        byte value;
        lock (_lock) value = port == IndexPort ? (byte)0xff : ReadRegister(_index);   // the index register is write-only
        Bytes.Put(value, data);
    }

    public void Write(ushort port, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        bool raise;
        lock (_lock)
        {
            if (port == IndexPort)
            {
                _index = (byte)(data[0] & 0x7f);
                return;
            }
            WriteRegister(_index, data[0]);
            raise = UpdateIrqf();
        }
        if (raise) _raiseIrq8();
    }

    public void Dispose()
    {
        _periodicTimer.Cancel();
        _secondTimer.Cancel();
    }

    DateTime Now() => (_wallClock() + _offset).UtcDateTime;

    static long UnixSecond(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    bool SetMode => (_cmos[RegB] & RegBSet) != 0;

    byte ReadRegister(int index)
    {
        if (IsTimeRegister(index) && !SetMode)
        {
            Span<byte> now = stackalloc byte[128];
            Encode(Now(), _cmos[RegB], now);
            return now[index];
        }
        switch (index)
        {
            case RegA:
                long intoSecond = Now().Ticks % TimeSpan.TicksPerSecond * 100;
                bool uip = !SetMode && intoSecond >= 1_000_000_000 - UpdateCycleNs;
                return (byte)(_cmos[RegA] | (uip ? RegAUip : 0));
            case RegC:
                AccountUpdates();
                byte c = _cmos[RegC];
                _cmos[RegC] = 0;   // reading C acknowledges every flag and the interrupt
                return c;
            default: return _cmos[index];
        }
    }

    void WriteRegister(int index, byte value)
    {
        switch (index)
        {
            case RegA:
                _cmos[RegA] = (byte)(value & ~RegAUip);   // UIP is read-only
                ProgramPeriodic();
                break;
            case RegB: WriteRegB(value); break;
            case RegC or RegD: break;                      // read-only
            default:
                if (IsTimeRegister(index) && !SetMode)
                {
                    // Xen's rtc_set_time: a write outside SET mode sets the clock at once, other fields as they read now.
                    Encode(Now(), _cmos[RegB], _cmos);
                    _cmos[index] = value;
                    SetClockFromRegisters();
                }
                else _cmos[index] = value;
                break;
        }
    }

    void WriteRegB(byte value)
    {
        bool wasSet = SetMode;
        if ((value & RegBSet) != 0)
        {
            value = (byte)(value & ~RegBUie);                       // SET clears UIE (MC146818 datasheet)
            if (!wasSet) Encode(Now(), _cmos[RegB], _cmos);         // freeze what the guest will edit
            _cmos[RegB] = value;
        }
        else
        {
            _cmos[RegB] = value;
            if (wasSet) SetClockFromRegisters();
        }
        ProgramPeriodic();
        ProgramSecondTimer();
    }

    void SetClockFromRegisters()
    {
        var t = Decode(_cmos, _cmos[RegB]);
        if (t is null) return;   // not a date: the clock keeps running as it was
        var wall = _wallClock().UtcDateTime;
        _offset = t.Value - new DateTime(wall.Ticks - wall.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        _lastSecond = UnixSecond(Now());
    }

    // Update-ended and alarm flags for the seconds that ticked since the last look (the alarm checked against
    // the current second only: a guest that leaves AIE off and polls C late can miss an alarm second).
    void AccountUpdates()
    {
        if (SetMode) return;
        var now = Now();
        long second = UnixSecond(now);
        if (second == _lastSecond) return;
        _lastSecond = second;
        _cmos[RegC] |= RegCUf;
        if (AlarmMatches(now)) _cmos[RegC] |= RegCAf;
    }

    bool AlarmMatches(DateTime now)
    {
        Span<byte> regs = stackalloc byte[128];
        byte b = _cmos[RegB];
        Encode(now, b, regs);
        static bool Match(byte alarm, byte value) => (alarm & AlarmDontCare) == AlarmDontCare || alarm == value;
        return Match(_cmos[SecondsAlarm], regs[Seconds]) && Match(_cmos[MinutesAlarm], regs[Minutes])
            && Match(_cmos[HoursAlarm], regs[Hours]);
    }

    // IRQF follows the enabled flags; the IRQ is raised when IRQF goes from 0 to 1 (rtc_update_irq).
    bool UpdateIrqf()
    {
        if ((_cmos[RegC] & _cmos[RegB] & (RegCPf | RegCAf | RegCUf)) == 0 || (_cmos[RegC] & RegCIrqf) != 0) return false;
        _cmos[RegC] |= RegCIrqf;
        return true;
    }

    // rtc_timer_update: rates 1 and 2 mean 128 and 256 ticks of 32.768 kHz; rate n >= 3 means 2^(n-1) ticks.
    // The periodic timer only runs while PIE is set (PF is not kept up to date for polling guests).
    void ProgramPeriodic()
    {
        int rate = _cmos[RegA] & RateMask;
        bool on = rate != 0 && (_cmos[RegA] & DividerMask) == Divider32Khz && (_cmos[RegB] & RegBPie) != 0;
        if (!on)
        {
            _periodNs = _nextPeriodicNs = 0;
            _periodicTimer.Cancel();
            return;
        }
        if (rate <= 2) rate += 7;
        long period = (long)((1ul << (rate - 1)) * 1_000_000_000ul / 32768);
        if (period == _periodNs) return;
        _periodNs = period;
        _nextPeriodicNs = _clock.NowNs + period;
        _periodicTimer.Arm(_nextPeriodicNs);
    }

    // A timer at each RTC second boundary while UIE or AIE wants to know about it.
    void ProgramSecondTimer()
    {
        if (SetMode || (_cmos[RegB] & (RegBUie | RegBAie)) == 0)
        {
            _secondTimer.Cancel();
            return;
        }
        long intoSecondNs = Now().Ticks % TimeSpan.TicksPerSecond * 100;
        _secondTimer.Arm(_clock.NowNs + (1_000_000_000 - intoSecondNs));
    }

    void PeriodicExpired(long now)
    {
        bool raise;
        lock (_lock)
        {
            if (_nextPeriodicNs == 0 || now < _nextPeriodicNs) return;
            _nextPeriodicNs += ((now - _nextPeriodicNs) / _periodNs + 1) * _periodNs;   // missed periods collapse
            _periodicTimer.Arm(_nextPeriodicNs);
            _cmos[RegC] |= RegCPf;
            raise = UpdateIrqf();
        }
        if (raise) _raiseIrq8();
    }

    void SecondExpired(long now)
    {
        bool raise;
        lock (_lock)
        {
            AccountUpdates();
            raise = UpdateIrqf();
            ProgramSecondTimer();
        }
        if (raise) _raiseIrq8();
    }
}
