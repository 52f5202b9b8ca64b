using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>copy_from_guest / copy_to_guest for blittable ABI structs and arrays of them.</summary>
/// <remarks>Every address comes from a guest: false means -EFAULT (or the op's fault status), never an exception.</remarks>
public static class GuestStructs
{
    /// <summary>Reads element <paramref name="index"/> of a T array at a guest address.</summary>
    public static bool TryRead<T>(this IGuestVirtualMemory memory, ulong address, out T value, uint index = 0) where T : unmanaged
    {
        value = default;
        var size = Unsafe.SizeOf<T>();
        if (!TryElement(address, index, size, out var at)) return false;
        Span<byte> buffer = stackalloc byte[size];
        if (!memory.TryRead(at, buffer)) return false;
        value = MemoryMarshal.Read<T>(buffer);
        return true;
    }

    /// <summary>Writes element <paramref name="index"/> of a T array at a guest address.</summary>
    public static bool TryWrite<T>(this IGuestVirtualMemory memory, ulong address, in T value, uint index = 0) where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (!TryElement(address, index, size, out var at)) return false;
        Span<byte> buffer = stackalloc byte[size];
        MemoryMarshal.Write(buffer, in value);
        return memory.TryWrite(at, buffer);
    }

    /// <summary>Writes one field of element <paramref name="index"/> of a TStruct array (Xen writes back only status fields).</summary>
    public static bool TryWriteField<TStruct, T>(IGuestVirtualMemory memory, ulong address, uint index, int fieldOffset, in T field)
        where TStruct : unmanaged where T : unmanaged
    {
        if (!TryElement(address, index, Unsafe.SizeOf<TStruct>(), out var at)) return false;
        var fieldAt = at + (ulong)fieldOffset;
        if (fieldAt < at) return false;
        Span<byte> buffer = stackalloc byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(buffer, in field);
        return memory.TryWrite(fieldAt, buffer);
    }

    /// <summary>The address of element <paramref name="index"/>; false when it wraps the address space.</summary>
    public static bool TryElement(ulong address, uint index, int elementSize, out ulong at)
    {
        at = 0;
        var offset = (ulong)index * (ulong)Math.Max(elementSize, 0);
        if (address + offset < address) return false;
        at = address + offset;
        return true;
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
