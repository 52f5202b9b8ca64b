using System.Buffers.Binary;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>Bounds-checked little-endian reads from an ELF image: every access names what it read when it falls outside.</summary>
internal readonly struct ElfReader
{
    readonly ReadOnlyMemory<byte> _image;

    public ElfReader(ReadOnlyMemory<byte> image) => _image = image;

    public ulong Length => (ulong)_image.Length;

    /// <summary>The bytes [offset, offset+size), or a BuildException naming <paramref name="what"/>.</summary>
    public ReadOnlySpan<byte> Slice(ulong offset, ulong size, string what)
    {
        if (!Fits(offset, size))
            throw new BuildException(
                $"ELF: {what} [0x{offset:x}, +0x{size:x}) extends beyond the image (0x{Length:x} bytes)");
        return _image.Span.Slice((int)offset, (int)size);
    }

    /// <summary>Whether [offset, offset+size) lies inside the image, without overflow.</summary>
    public bool Fits(ulong offset, ulong size) => offset <= Length && size <= Length - offset;

    public static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);
    public static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    public static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    /// <summary>A word of the class's width: 4 bytes in ELF32, 8 in ELF64.</summary>
    public static ulong Word(ReadOnlySpan<byte> s, int at, bool is64) => is64 ? U64(s, at) : U32(s, at);
}
