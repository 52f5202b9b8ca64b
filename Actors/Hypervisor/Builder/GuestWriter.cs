using Disagg.Actors.Hypervisor.Memory;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>Copies builder output into guest memory in chunks that each lie in one mapping, failing loudly on a hole.</summary>
internal static class GuestWriter
{
    const ulong Page = 4096;
    const ulong MaxChunk = 1UL << 30;

    /// <summary>Writes <paramref name="data"/> at <paramref name="gpa"/>; <paramref name="what"/> names it in errors.</summary>
    public static void Write(IGuestPhysicalMemory mem, ulong gpa, ReadOnlySpan<byte> data, string what)
    {
        CheckRange(gpa, (ulong)data.Length, what);
        int done = 0;
        while (done < data.Length)
        {
            int n = NextChunk(mem, gpa + (ulong)done, (ulong)(data.Length - done), what, out var dst);
            data.Slice(done, n).CopyTo(dst);
            done += n;
        }
    }

    /// <summary>Zeroes [gpa, gpa+length).</summary>
    public static void Zero(IGuestPhysicalMemory mem, ulong gpa, ulong length, string what)
    {
        CheckRange(gpa, length, what);
        ulong done = 0;
        while (done < length)
        {
            int n = NextChunk(mem, gpa + done, length - done, what, out var dst);
            dst[..n].Clear();
            done += (ulong)n;
        }
    }

    static void CheckRange(ulong gpa, ulong length, string what)
    {
        if (gpa + length < gpa) throw new BuildException($"{what}: [0x{gpa:x}, +0x{length:x}) wraps around");
    }

    // The largest piece from gpa that one mapping holds: the whole rest when possible, else the rest of the page.
    static int NextChunk(IGuestPhysicalMemory mem, ulong gpa, ulong remaining, string what, out Span<byte> span)
    {
        int want = (int)Math.Min(remaining, MaxChunk);
        if (mem.TryGetSpan(gpa, want, out span) && span.Length >= want) return want;
        int toPage = (int)Math.Min(remaining, Page - (gpa & (Page - 1)));
        if (mem.TryGetSpan(gpa, toPage, out span) && span.Length >= toPage) return toPage;
        throw new BuildException($"{what}: guest-physical 0x{gpa:x} is not backed guest memory");
    }
}
