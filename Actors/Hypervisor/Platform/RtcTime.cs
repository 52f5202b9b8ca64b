namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// The MC146818's time and date registers (0x00-0x09 and the century byte at 0x32), encoded as register B's
/// DM bit (binary or BCD) and 24/12 bit say. In 12-hour mode bit 7 of the hour is PM; day of week 1 = Sunday.
/// </summary>
internal static class RtcTime
{
    public const int Seconds = 0x00, SecondsAlarm = 0x01, Minutes = 0x02, MinutesAlarm = 0x03, Hours = 0x04,
        HoursAlarm = 0x05, DayOfWeek = 0x06, DayOfMonth = 0x07, Month = 0x08, Year = 0x09;
    /// <summary>The century byte: where QEMU keeps it and the FADT's CENTURY field points (libacpi: 0x32).</summary>
    public const int Century = 0x32;

    public const byte RegBSet = 0x80, RegBPie = 0x40, RegBAie = 0x20, RegBUie = 0x10, RegBBinary = 0x04, RegB24Hour = 0x02;

    /// <summary>Whether <paramref name="index"/> is one of the registers the clock keeps (not an alarm or RAM byte).</summary>
    public static bool IsTimeRegister(int index) =>
        index is Seconds or Minutes or Hours or DayOfWeek or DayOfMonth or Month or Year or Century;

    /// <summary>Writes <paramref name="t"/> into the time registers of <paramref name="cmos"/> in register B's format.</summary>
    public static void Encode(DateTime t, byte regB, Span<byte> cmos)
    {
        cmos[Seconds] = ToReg(t.Second, regB);
        cmos[Minutes] = ToReg(t.Minute, regB);
        cmos[Hours] = EncodeHour(t.Hour, regB);
        cmos[DayOfWeek] = ToReg((int)t.DayOfWeek + 1, regB);
        cmos[DayOfMonth] = ToReg(t.Day, regB);
        cmos[Month] = ToReg(t.Month, regB);
        cmos[Year] = ToReg(t.Year % 100, regB);
        cmos[Century] = ToReg(t.Year / 100, regB);
    }

    /// <summary>The time the registers of <paramref name="cmos"/> hold, or null when they are not a valid date.</summary>
    public static DateTime? Decode(ReadOnlySpan<byte> cmos, byte regB)
    {
        int century = FromReg(cmos[Century], regB);
        if (century is < 19 or > 99) century = 20;   // an unset century byte: this century, as Xen assumes
        int year = century * 100 + FromReg(cmos[Year], regB);
        int month = FromReg(cmos[Month], regB), day = FromReg(cmos[DayOfMonth], regB);
        int hour = DecodeHour(cmos[Hours], regB), minute = FromReg(cmos[Minutes], regB), second = FromReg(cmos[Seconds], regB);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
            return null;
        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
    }

    public static byte EncodeHour(int hour, byte regB)
    {
        if ((regB & RegB24Hour) != 0) return ToReg(hour, regB);
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        return (byte)(ToReg(h12, regB) | (hour >= 12 ? 0x80 : 0));
    }

    public static int DecodeHour(byte value, byte regB)
    {
        if ((regB & RegB24Hour) != 0) return FromReg(value, regB);
        int h12 = FromReg((byte)(value & 0x7f), regB);
        return h12 % 12 + ((value & 0x80) != 0 ? 12 : 0);
    }

    public static byte ToReg(int value, byte regB) =>
        (regB & RegBBinary) != 0 ? (byte)value : (byte)(((value / 10) << 4) | (value % 10));

    public static int FromReg(byte value, byte regB) =>
        (regB & RegBBinary) != 0 ? value : (value >> 4) * 10 + (value & 0xf);
}
