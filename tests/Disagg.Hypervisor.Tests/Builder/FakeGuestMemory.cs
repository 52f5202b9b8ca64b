using Disagg.Actors.Hypervisor.Memory;

namespace Disagg.Hypervisor.Tests.Builder;

/// <summary>Guest memory for builder tests: byte arrays for low RAM at 0 and for the special pages; nothing else is backed.</summary>
sealed class FakeGuestMemory : IGuestPhysicalMemory
{
    const ulong SpecialStart = 0xFEFF8000, SpecialSize = 8 * 4096;
    readonly byte[] _low;
    readonly byte[] _special = new byte[SpecialSize];

    public FakeGuestMemory(int lowBytes) => _low = new byte[lowBytes];

    public int Calls { get; private set; }

    public bool TryGetSpan(ulong gpa, int length, out Span<byte> span)
    {
        Calls++;
        span = default;
        if (length < 0) return false;
        if (gpa <= (ulong)_low.Length && (ulong)length <= (ulong)_low.Length - gpa)
        {
            span = _low.AsSpan((int)gpa, length);
            return true;
        }
        if (gpa >= SpecialStart && gpa - SpecialStart <= SpecialSize && (ulong)length <= SpecialSize - (gpa - SpecialStart))
        {
            span = _special.AsSpan((int)(gpa - SpecialStart), length);
            return true;
        }
        return false;
    }

    public Span<byte> Read(ulong gpa, int length) =>
        TryGetSpan(gpa, length, out var s) ? s : throw new InvalidOperationException($"0x{gpa:x} not backed");

    public bool IsBacked(ulong gfn) => TryGetSpan(gfn << 12, 4096, out _);
    public bool TryGetPageBacking(ulong gfn, out PageBacking backing) { backing = default; return false; }
    public bool TryMapForeignPage(ulong gfn, PageBacking foreign) => false;
    public bool TryRestorePage(ulong gfn) => false;
}
