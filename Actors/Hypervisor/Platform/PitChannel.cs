namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// One 8254 counter, computed from time rather than stepped (as Xen's i8254.c and QEMU's i8254 do): the count
/// and OUT at any moment follow from the time the count was loaded and the gate. Not thread-safe:
/// <see cref="Pit8254"/> locks around it.
/// </summary>
internal sealed class PitChannel
{
    /// <summary>PIT_FREQ: the 8254's input clock, 1.193182 MHz.</summary>
    public const long Frequency = 1_193_182;

    // Access modes (control word bits 5-4) and the byte-sequencing states that reuse their values.
    public const int AccessLatch = 0, AccessLow = 1, AccessHigh = 2, AccessWord = 3, WordSecond = 4;

    public int Mode;                 // 0..5 (6 and 7 alias 2 and 3)
    public int Access = AccessWord;  // rw_mode
    public bool Bcd;                 // kept and reported; counting is binary (as Xen and QEMU)
    public bool Gate;
    public uint Count = 0x10000;     // the loaded count; 0 written means 65536
    public long LoadedAtNs;          // device time the count was loaded (or the gate rose)
    public bool Loaded;              // a count has been written since the last control word

    int _readState = AccessWord, _writeState = AccessWord;
    byte _writeLatch;
    int _latchedState;               // 0 = no count latched, else the access mode it is read back in
    ushort _latchedCount;
    bool _statusLatched;
    byte _status;

    public PitChannel(bool gate) => Gate = gate;

    /// <summary>Input clock ticks since the count was loaded.</summary>
    public long Elapsed(long nowNs) => (long)((Int128)Math.Max(0, nowNs - LoadedAtNs) * Frequency / 1_000_000_000);

    /// <summary>The counting element's current value (pit_get_count).</summary>
    public ushort CurrentCount(long nowNs)
    {
        if (!Loaded) return (ushort)Count;
        long d = Elapsed(nowNs);
        return Mode switch
        {
            2 => (ushort)(Count - d % Count),
            3 => (ushort)(Count - (2 * d) % Count),   // mode 3 counts down by two per clock
            _ => (ushort)((Count - d) & 0xffff),      // modes 0, 1, 4, 5 wrap after terminal count
        };
    }

    /// <summary>The OUT pin (pit_get_out).</summary>
    public bool Out(long nowNs)
    {
        if (!Loaded) return Mode != 0;   // after the control word OUT is low in mode 0, high in the others
        long d = Elapsed(nowNs);
        return Mode switch
        {
            0 => d >= Count,
            1 => d < Count,
            2 => d % Count != Count - 1,                    // low for one clock while the count is 1
            3 => d % Count < (Count + 1) >> 1,              // square wave, high for the first half
            _ => d != Count,                                // 4, 5: one low strobe at terminal count
        };
    }

    /// <summary>A control word for this channel (not a latch command): resets the byte sequencing and stops counting.</summary>
    public void Control(int access, int mode, bool bcd)
    {
        Access = _readState = _writeState = access;
        Mode = mode > 5 ? mode - 4 : mode;
        Bcd = bcd;
        Loaded = false;
        _latchedState = 0;
    }

    /// <summary>The counter-latch command: freezes the current count for reading unless one is latched already.</summary>
    public void LatchCount(long nowNs)
    {
        if (_latchedState != 0) return;
        _latchedCount = CurrentCount(nowNs);
        _latchedState = Access;
    }

    /// <summary>The read-back command's status latch: OUT, null count (0), access, mode, BCD.</summary>
    public void LatchStatus(long nowNs)
    {
        if (_statusLatched) return;
        _status = (byte)((Out(nowNs) ? 0x80 : 0) | (Access << 4) | (Mode << 1) | (Bcd ? 1 : 0));
        _statusLatched = true;
    }

    public byte ReadByte(long nowNs)
    {
        if (_statusLatched)
        {
            _statusLatched = false;
            return _status;
        }
        if (_latchedState != 0)
        {
            switch (_latchedState)
            {
                case AccessLow: _latchedState = 0; return (byte)_latchedCount;
                case AccessHigh: _latchedState = 0; return (byte)(_latchedCount >> 8);
                case AccessWord: _latchedState = AccessHigh; return (byte)_latchedCount;
            }
        }
        ushort count = CurrentCount(nowNs);
        switch (_readState)
        {
            case AccessLow: return (byte)count;
            case AccessHigh: return (byte)(count >> 8);
            case AccessWord: _readState = WordSecond; return (byte)count;
            default: _readState = AccessWord; return (byte)(count >> 8);
        }
    }

    /// <summary>A count byte; returns true when a full count was loaded by it.</summary>
    public bool WriteByte(byte value, long nowNs)
    {
        switch (_writeState)
        {
            case AccessLow: Load(value, nowNs); return true;
            case AccessHigh: Load((uint)value << 8, nowNs); return true;
            case AccessWord: _writeLatch = value; _writeState = WordSecond; return false;
            default: _writeState = AccessWord; Load(_writeLatch | ((uint)value << 8), nowNs); return true;
        }
    }

    /// <summary>The gate input (channel 2's is port 0x61 bit 0); a rising edge retriggers modes 1, 2, 3 and 5.</summary>
    public void SetGate(bool gate, long nowNs)
    {
        if (gate && !Gate && Mode is 1 or 2 or 3 or 5) LoadedAtNs = nowNs;
        Gate = gate;
    }

    void Load(uint count, long nowNs)
    {
        Count = count == 0 ? 0x10000u : count;
        LoadedAtNs = nowNs;
        Loaded = true;
    }

    /// <summary>Nanoseconds for <paramref name="ticks"/> input clocks, rounded up.</summary>
    public static long TicksToNs(long ticks) => (long)(((Int128)ticks * 1_000_000_000 + Frequency - 1) / Frequency);
}
