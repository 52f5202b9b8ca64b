using System.Text;
using Disagg.Actors.Hypervisor.Logging;
using Xunit;

namespace Disagg.Hypervisor.Tests.Core;

public sealed class HypervisorLogTests
{
    [Fact]
    public void Guest_bytes_become_lines_with_control_characters_escaped()
    {
        var log = new HypervisorLog();
        var console = new GuestConsoleWriter(log, 7);
        console.Write(Encoding.ASCII.GetBytes("hel"));
        console.Write(Encoding.ASCII.GetBytes("lo\r\nbell\a\n"));
        console.Write((byte)'x');
        console.Flush();
        var lines = log.Snapshot();
        Assert.Equal(["hello", "bell\\x07", "x"], lines.Select(l => l.Text).ToArray());
        Assert.All(lines, l => { Assert.Equal((ushort)7, l.DomId); Assert.True(l.FromGuest); });
        Assert.Equal("(d7) hello", lines[0].ToString());
    }

    [Fact]
    public void Over_long_lines_are_cut()
    {
        var log = new HypervisorLog();
        var console = new GuestConsoleWriter(log, 1);
        console.Write(Encoding.ASCII.GetBytes(new string('a', GuestConsoleWriter.MaxLineBytes * 2 + 5) + "\n"));
        Assert.Equal([GuestConsoleWriter.MaxLineBytes, GuestConsoleWriter.MaxLineBytes, 5], log.Snapshot().Select(l => l.Text.Length).ToArray());
    }

    [Fact]
    public void A_flooding_guest_is_rate_limited_and_the_drop_is_reported()
    {
        var log = new HypervisorLog();
        var console = new GuestConsoleWriter(log, 3, bytesPerSecond: 1000, burstBytes: 100);
        var line = Encoding.ASCII.GetBytes(new string('z', 49) + "\n");
        for (var i = 0; i < 10; i++) console.Write(line);
        Assert.Equal(2, log.Snapshot().Count);             // the burst allowance: 100 bytes
        Assert.Equal(8 * 50, console.SuppressedBytes);
        Thread.Sleep(200);                                  // 1000 B/s refills ~200 bytes
        console.Write(line);
        var lines = log.Snapshot();
        Assert.Contains(lines, l => !l.FromGuest && l.Text.Contains("400 bytes of guest console output suppressed"));
        Assert.Equal(3, lines.Count(l => l.FromGuest));
    }

    [Fact]
    public void The_ring_keeps_the_newest_lines()
    {
        var log = new HypervisorLog(capacityLines: 4);
        for (var i = 0; i < 10; i++) log.Core($"line {i}");
        Assert.Equal(["line 6", "line 7", "line 8", "line 9"], log.Snapshot().Select(l => l.Text).ToArray());
        log.Clear();
        Assert.Empty(log.Snapshot());
    }
}
