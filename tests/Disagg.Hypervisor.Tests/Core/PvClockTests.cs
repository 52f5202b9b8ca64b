using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Core;

public sealed class PvClockTests
{
    /// <summary>What a guest computes from vcpu_time_info (Xen's pvclock formula).</summary>
    static ulong GuestNs(ulong tscDelta, (uint Mul, sbyte Shift) s)
    {
        var d = s.Shift >= 0 ? tscDelta << s.Shift : tscDelta >> -s.Shift;
        return (ulong)(((UInt128)d * s.Mul) >> 32);
    }

    [Theory]
    [InlineData(1_000_000_000ul)]
    [InlineData(2_400_000_000ul)]
    [InlineData(3_700_123_000ul)]
    [InlineData(33_000_000ul)]
    public void Scale_converts_ticks_to_nanoseconds(ulong hz)
    {
        var scale = PvClock.Scale(hz);
        var oneSecond = GuestNs(hz, scale);
        Assert.InRange((long)oneSecond, 999_999_000L, 1_000_001_000L);
    }

    [Fact]
    public void Write_leaves_an_even_version_and_the_fields_in_place()
    {
        var info = new byte[VcpuTimeInfoLayout.Size];
        var scale = PvClock.Scale(2_000_000_000);
        PvClock.Write(info, guestTsc: 12345, systemTimeNs: 678, scale);
        PvClock.Write(info, guestTsc: 22345, systemTimeNs: 5678, scale);
        Assert.Equal(4u, BitConverter.ToUInt32(info, VcpuTimeInfoLayout.Version));
        Assert.Equal(22345ul, BitConverter.ToUInt64(info, VcpuTimeInfoLayout.TscTimestamp));
        Assert.Equal(5678ul, BitConverter.ToUInt64(info, VcpuTimeInfoLayout.SystemTime));
        Assert.Equal(scale.Mul, BitConverter.ToUInt32(info, VcpuTimeInfoLayout.TscToSystemMul));
        Assert.Equal(scale.Shift, (sbyte)info[VcpuTimeInfoLayout.TscShift]);
        Assert.Equal(VcpuTimeInfoLayout.TscStableBit, info[VcpuTimeInfoLayout.Flags]);
    }
}
