namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>Which ELF class an image is.</summary>
public enum ElfClass { Elf32 = 1, Elf64 = 2 }

/// <summary>One loadable segment (PT_LOAD): file bytes [Offset, Offset+FileSize) go to [PhysAddr, PhysAddr+MemSize), the rest zeroed.</summary>
public sealed record ElfSegment(ulong Offset, ulong PhysAddr, ulong VirtAddr, ulong FileSize, ulong MemSize, uint Flags)
{
    /// <summary>The first byte after the segment in guest-physical space.</summary>
    public ulong PhysEnd => PhysAddr + MemSize;
}

/// <summary>An x86 (i386 or x86_64) ELF executable, parsed and validated for loading as a PVH or HVM kernel.</summary>
/// <remarks>
/// Segments load at p_paddr, as Xen's PVH/HVM loader does (libelf with virt_base and elf_paddr_offset forced
/// to 0 for HVM containers). Every offset and size is checked against the image without overflow; segments
/// that overlap, wrap, or reach past 4 GiB (the kernel starts with paging off) are rejected.
/// </remarks>
public sealed partial class ElfImage
{
    public const ushort EM_386 = 3;
    public const ushort EM_X86_64 = 62;
    const ushort ET_EXEC = 2;
    const uint PT_LOAD = 1, PT_NOTE = 4;
    const uint SHT_NOTE = 7;
    const uint PF_X = 1, PF_W = 2, PF_R = 4;
    const ushort PN_XNUM = 0xffff;
    const ulong FourGiB = 1UL << 32;

    readonly ReadOnlyMemory<byte> _image;

    ElfImage(ReadOnlyMemory<byte> image, ElfClass cls, ushort machine, ulong entry,
        IReadOnlyList<ElfSegment> segments, XenNotes notes)
    {
        _image = image;
        Class = cls;
        Machine = machine;
        Entry = entry;
        LoadSegments = segments;
        Notes = notes;
        PhysStart = segments.Min(s => s.PhysAddr);
        PhysEnd = segments.Max(s => s.PhysEnd);
    }

    /// <summary>ELF32 or ELF64.</summary>
    public ElfClass Class { get; }

    /// <summary>e_machine: <see cref="EM_386"/> or <see cref="EM_X86_64"/>.</summary>
    public ushort Machine { get; }

    /// <summary>e_entry as the image states it (a virtual address for most 64-bit kernels).</summary>
    public ulong Entry { get; }

    /// <summary>The PT_LOAD segments, sorted by physical address, none overlapping.</summary>
    public IReadOnlyList<ElfSegment> LoadSegments { get; }

    /// <summary>Lowest physical address a segment occupies (libelf's pstart).</summary>
    public ulong PhysStart { get; }

    /// <summary>First physical address after the highest segment (libelf's pend).</summary>
    public ulong PhysEnd { get; }

    /// <summary>The Xen ELF notes found in PT_NOTE segments, or SHT_NOTE sections when no segment held any.</summary>
    public XenNotes Notes { get; }

    /// <summary>Whether the image can boot as PVH: it carries XEN_ELFNOTE_PHYS32_ENTRY.</summary>
    public bool IsPvh => Notes.Phys32Entry.HasValue;

    /// <summary>The PVH entry point (XEN_ELFNOTE_PHYS32_ENTRY); throws when the image has none.</summary>
    public uint PvhEntry => Notes.Phys32Entry
        ?? throw new BuildException("ELF: not a PVH kernel: no XEN_ELFNOTE_PHYS32_ENTRY note");

    /// <summary>The entry of an HVM boot (firmware_override, as libxc starts hvmloader): e_entry, which must be a physical address inside the image.</summary>
    public uint HvmEntry
    {
        get
        {
            if (Entry < PhysStart || Entry > PhysEnd || Entry >= FourGiB)
                throw new BuildException(
                    $"ELF: e_entry 0x{Entry:x} is not a physical address inside the image [0x{PhysStart:x}, 0x{PhysEnd:x}) and cannot start an HVM boot");
            return (uint)Entry;
        }
    }

    /// <summary>Parses and validates an image; throws <see cref="BuildException"/> naming the first problem.</summary>
    public static ElfImage Parse(ReadOnlyMemory<byte> image)
    {
        var r = new ElfReader(image);
        var h = ReadHeader(r);
        var phdrs = ReadProgramHeaders(r, h);
        var segments = ValidateLoadSegments(r, phdrs);
        var notes = XenNotes.Parse(r, phdrs, h);
        if (notes.Phys32Entry is uint e && (e < segments.Min(s => s.PhysAddr) || e > segments.Max(s => s.PhysEnd)))
            throw new BuildException($"ELF: XEN_ELFNOTE_PHYS32_ENTRY 0x{e:x} lies outside the loaded image");
        return new ElfImage(image, h.Class, h.Machine, h.Entry, segments, notes);
    }

    /// <summary>The header fields the loader uses.</summary>
    internal readonly record struct Header(ElfClass Class, ushort Machine, ulong Entry,
        ulong PhOff, ushort PhEntSize, ushort PhNum, ulong ShOff, ushort ShEntSize, ushort ShNum)
    {
        public bool Is64 => Class == ElfClass.Elf64;
    }

    /// <summary>A program header, class-independent.</summary>
    internal readonly record struct ProgramHeader(int Index, uint Type, uint Flags, ulong Offset, ulong VAddr,
        ulong PAddr, ulong FileSize, ulong MemSize);

    static Header ReadHeader(ElfReader r)
    {
        if (r.Length < 16) throw new BuildException($"ELF: image of {r.Length} bytes is too short for e_ident");
        var id = r.Slice(0, 16, "e_ident");
        if (id[0] != 0x7f || id[1] != (byte)'E' || id[2] != (byte)'L' || id[3] != (byte)'F')
            throw new BuildException("ELF: bad magic: not an ELF image");
        var cls = id[4] switch
        {
            1 => ElfClass.Elf32,
            2 => ElfClass.Elf64,
            _ => throw new BuildException($"ELF: unknown EI_CLASS {id[4]}"),
        };
        if (id[5] != 1) throw new BuildException($"ELF: EI_DATA {id[5]} is not little-endian (1)");
        if (id[6] != 1) throw new BuildException($"ELF: EI_VERSION {id[6]} is not EV_CURRENT (1)");
        bool is64 = cls == ElfClass.Elf64;
        var e = r.Slice(0, is64 ? 64UL : 52UL, "ELF header");
        ushort type = ElfReader.U16(e, 16), machine = ElfReader.U16(e, 18);
        if (type != ET_EXEC) throw new BuildException($"ELF: e_type {type} is not ET_EXEC");
        var expected = is64 ? EM_X86_64 : EM_386;
        if (machine != expected)
            throw new BuildException($"ELF: e_machine {machine} is not {(is64 ? "EM_X86_64 (62)" : "EM_386 (3)")} for an {cls} image");
        int w = is64 ? 8 : 4;
        ulong entry = ElfReader.Word(e, 24, is64), phoff = ElfReader.Word(e, 24 + w, is64), shoff = ElfReader.Word(e, 24 + 2 * w, is64);
        int rest = 24 + 3 * w + 4; // after e_flags: e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum
        return new Header(cls, machine, entry, phoff, ElfReader.U16(e, rest + 2), ElfReader.U16(e, rest + 4),
            shoff, ElfReader.U16(e, rest + 6), ElfReader.U16(e, rest + 8));
    }

    static List<ProgramHeader> ReadProgramHeaders(ElfReader r, Header h)
    {
        if (h.PhNum == 0) throw new BuildException("ELF: no program headers (e_phnum 0)");
        if (h.PhNum == PN_XNUM) throw new BuildException("ELF: e_phnum PN_XNUM (extended numbering) is not supported");
        ushort size = h.Is64 ? (ushort)56 : (ushort)32;
        if (h.PhEntSize != size) throw new BuildException($"ELF: e_phentsize {h.PhEntSize} is not {size}");
        var table = r.Slice(h.PhOff, (ulong)h.PhNum * size, $"program header table (e_phoff 0x{h.PhOff:x}, {h.PhNum} entries)");
        var list = new List<ProgramHeader>(h.PhNum);
        for (int i = 0; i < h.PhNum; i++)
        {
            var p = table.Slice(i * size, size);
            list.Add(h.Is64
                ? new ProgramHeader(i, ElfReader.U32(p, 0), ElfReader.U32(p, 4), ElfReader.U64(p, 8), ElfReader.U64(p, 16),
                    ElfReader.U64(p, 24), ElfReader.U64(p, 32), ElfReader.U64(p, 40))
                : new ProgramHeader(i, ElfReader.U32(p, 0), ElfReader.U32(p, 24), ElfReader.U32(p, 4), ElfReader.U32(p, 8),
                    ElfReader.U32(p, 12), ElfReader.U32(p, 16), ElfReader.U32(p, 20)));
        }
        return list;
    }

    static List<ElfSegment> ValidateLoadSegments(ElfReader r, List<ProgramHeader> phdrs)
    {
        var segs = new List<(int Index, ElfSegment Seg)>();
        foreach (var p in phdrs)
        {
            // libelf's elf_phdr_is_loadable: PT_LOAD with at least one of R/W/X.
            if (p.Type != PT_LOAD || (p.Flags & (PF_R | PF_W | PF_X)) == 0 || p.MemSize == 0) continue;
            var at = $"segment {p.Index} (p_paddr 0x{p.PAddr:x})";
            if (p.FileSize > p.MemSize)
                throw new BuildException($"ELF: {at}: p_filesz 0x{p.FileSize:x} exceeds p_memsz 0x{p.MemSize:x}");
            if (!r.Fits(p.Offset, p.FileSize))
                throw new BuildException(
                    $"ELF: {at}: file bytes [0x{p.Offset:x}, +0x{p.FileSize:x}) extend beyond the image (0x{r.Length:x} bytes)");
            if (p.PAddr > FourGiB || p.MemSize > FourGiB - p.PAddr)
                throw new BuildException(
                    $"ELF: {at}: [0x{p.PAddr:x}, +0x{p.MemSize:x}) reaches past 4 GiB; a PVH/HVM kernel starts with paging off");
            segs.Add((p.Index, new ElfSegment(p.Offset, p.PAddr, p.VAddr, p.FileSize, p.MemSize, p.Flags)));
        }
        if (segs.Count == 0) throw new BuildException("ELF: no loadable (PT_LOAD) segment");
        segs.Sort((a, b) => a.Seg.PhysAddr.CompareTo(b.Seg.PhysAddr));
        for (int i = 1; i < segs.Count; i++)
        {
            var (pi, prev) = segs[i - 1];
            var (ci, cur) = segs[i];
            if (cur.PhysAddr < prev.PhysEnd)
                throw new BuildException(
                    $"ELF: segments {pi} [0x{prev.PhysAddr:x}, 0x{prev.PhysEnd:x}) and {ci} [0x{cur.PhysAddr:x}, 0x{cur.PhysEnd:x}) overlap");
        }
        return segs.Select(s => s.Seg).ToList();
    }

    internal static bool IsNoteSegment(ProgramHeader p) => p.Type == PT_NOTE;
    internal static uint NoteSectionType => SHT_NOTE;
}
