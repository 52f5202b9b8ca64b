using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Disagg.Actors.Hypervisor.Hypercalls;

namespace Disagg.Actors.Hypervisor.Events;

/// <summary>copy_from_guest / copy_to_guest of one blittable Xen argument struct (also used by the grant table).</summary>
internal static class GuestArgs
{
    /// <summary>Reads element <paramref name="index"/> of an array of T at <paramref name="address"/>; false is -EFAULT.</summary>
    public static bool TryRead<T>(IGuestVirtualMemory memory, ulong address, out T value, uint index = 0) where T : unmanaged
    {
        value = default;
        var size = Unsafe.SizeOf<T>();
        if (!TryElement(address, index, size, out var at)) return false;
        Span<byte> buffer = stackalloc byte[size];
        if (!memory.TryRead(at, buffer)) return false;
        value = MemoryMarshal.Read<T>(buffer);
        return true;
    }

    /// <summary>Writes element <paramref name="index"/> of an array of T at <paramref name="address"/>; false is -EFAULT.</summary>
    public static bool TryWrite<T>(IGuestVirtualMemory memory, ulong address, in T value, uint index = 0) where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (!TryElement(address, index, size, out var at)) return false;
        Span<byte> buffer = stackalloc byte[size];
        MemoryMarshal.Write(buffer, in value);
        return memory.TryWrite(at, buffer);
    }

    /// <summary>__copy_field_to_guest: writes only the bytes of one field of element <paramref name="index"/>.</summary>
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

    /// <summary>Address of element index of an array of elementSize bytes; false on wrap-around.</summary>
    public static bool TryElement(ulong address, uint index, int elementSize, out ulong at)
    {
        at = 0;
        var offset = (ulong)index * (ulong)Math.Max(elementSize, 0);
        if (address + offset < address) return false;
        at = address + offset;
        return true;
    }
}
