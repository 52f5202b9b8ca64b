using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>copy_from_guest / copy_to_guest for blittable ABI structs.</summary>
public static class GuestStructs
{
    /// <summary>Reads a T at a guest address; false (=> -EFAULT) when any byte is not accessible.</summary>
    public static bool TryRead<T>(this IGuestVirtualMemory memory, ulong address, out T value) where T : unmanaged
    {
        Span<byte> buffer = stackalloc byte[Unsafe.SizeOf<T>()];
        if (!memory.TryRead(address, buffer)) { value = default; return false; }
        value = MemoryMarshal.Read<T>(buffer);
        return true;
    }

    /// <summary>Writes a T at a guest address; false (=> -EFAULT) when any byte is not accessible.</summary>
    public static bool TryWrite<T>(this IGuestVirtualMemory memory, ulong address, in T value) where T : unmanaged
    {
        Span<byte> buffer = stackalloc byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(buffer, in value);
        return memory.TryWrite(address, buffer);
    }

    /// <summary>Writes a NUL-padded fixed-size string field (xen_extraversion_t and friends).</summary>
    public static bool TryWriteFixedString(this IGuestVirtualMemory memory, ulong address, string text, int fieldSize)
    {
        Span<byte> buffer = stackalloc byte[fieldSize];
        buffer.Clear();
        System.Text.Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, fieldSize - 1)), buffer);
        return memory.TryWrite(address, buffer);
    }
}
