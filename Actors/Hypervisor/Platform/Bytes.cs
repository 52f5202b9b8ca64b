using System.Buffers.Binary;

namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>Little-endian values in guest access buffers of 1 to 8 bytes.</summary>
internal static class Bytes
{
    /// <summary>The value of an access of <c>data.Length</c> bytes (a longer one keeps its first 8).</summary>
    public static ulong Get(ReadOnlySpan<byte> data)
    {
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        data[..Math.Min(8, data.Length)].CopyTo(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>Fills <paramref name="data"/> with the low bytes of <paramref name="value"/>; bytes beyond 8 read 0.</summary>
    public static void Put(ulong value, Span<byte> data)
    {
        data.Clear();
        for (int i = 0; i < data.Length && i < 8; i++) data[i] = (byte)(value >> (8 * i));
    }
}
