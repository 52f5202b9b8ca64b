using System.Buffers.Binary;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Fills struct vcpu_time_info (Xen's pvclock) so the guest computes system time from its TSC.</summary>
/// <remarks>
/// time = system_time + (((tsc - tsc_timestamp) &lt;&lt; tsc_shift (or &gt;&gt; -tsc_shift)) * tsc_to_system_mul) &gt;&gt; 32.
/// The version is odd while the fields change, so a guest reading concurrently retries (Xen's update_vcpu_system_time).
/// </remarks>
public static class PvClock
{
    /// <summary>Computes (mul, shift) for a TSC frequency, as Xen's set_time_scale does.</summary>
    public static (uint Mul, sbyte Shift) Scale(ulong tscHz)
    {
        if (tscHz == 0) throw new ArgumentOutOfRangeException(nameof(tscHz));
        const ulong NsPerSecond = 1_000_000_000;
        var shift = 0;
        var tps = tscHz;
        while (tps > NsPerSecond * 2) { tps >>= 1; shift--; }
        var tps32 = (uint)tps;
        while (tps32 <= (uint)NsPerSecond) { tps32 <<= 1; shift++; }
        var mul = (uint)((NsPerSecond << 32) / tps32);
        return (mul, (sbyte)shift);
    }

    /// <summary>Writes the time info for a (guest TSC, system time) pair sampled at the same moment.</summary>
    public static void Write(Span<byte> timeInfo, ulong guestTsc, long systemTimeNs, (uint Mul, sbyte Shift) scale)
    {
        var v = BinaryPrimitives.ReadUInt32LittleEndian(timeInfo[VcpuTimeInfoLayout.Version..]);
        BinaryPrimitives.WriteUInt32LittleEndian(timeInfo[VcpuTimeInfoLayout.Version..], v | 1);        // odd: update in progress
        Thread.MemoryBarrier();
        BinaryPrimitives.WriteUInt64LittleEndian(timeInfo[VcpuTimeInfoLayout.TscTimestamp..], guestTsc);
        BinaryPrimitives.WriteUInt64LittleEndian(timeInfo[VcpuTimeInfoLayout.SystemTime..], (ulong)systemTimeNs);
        BinaryPrimitives.WriteUInt32LittleEndian(timeInfo[VcpuTimeInfoLayout.TscToSystemMul..], scale.Mul);
        timeInfo[VcpuTimeInfoLayout.TscShift] = (byte)scale.Shift;
        timeInfo[VcpuTimeInfoLayout.Flags] = VcpuTimeInfoLayout.TscStableBit;
        Thread.MemoryBarrier();
        BinaryPrimitives.WriteUInt32LittleEndian(timeInfo[VcpuTimeInfoLayout.Version..], (v | 1) + 1);  // even: consistent
    }
}
