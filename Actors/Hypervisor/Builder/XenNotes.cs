using System.Text;
using static Disagg.Xen.ElfNote;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>The Xen ELF notes of a kernel image, read as libelf's elf_xen_parse_note reads them (Xen 4.17).</summary>
public sealed record XenNotes
{
    /// <summary>XENFEAT_linux_rsdp_unrestricted (xen/include/public/features.h).</summary>
    public const int XENFEAT_linux_rsdp_unrestricted = 15;

    /// <summary>XEN_ELFNOTE_PHYS32_ENTRY, truncated to 32 bits as libelf stores it (uint32_t phys_entry).</summary>
    public uint? Phys32Entry { get; init; }
    public ulong? Entry { get; init; }
    public ulong? HypercallPage { get; init; }
    public ulong? VirtBase { get; init; }
    public ulong? PaddrOffset { get; init; }
    public ulong? InitP2m { get; init; }
    public ulong? HvStartLow { get; init; }
    public string? XenVersion { get; init; }
    public string? GuestOs { get; init; }
    public string? GuestVersion { get; init; }
    public string? Loader { get; init; }
    public string? PaeMode { get; init; }
    public string? Features { get; init; }
    /// <summary>XEN_ELFNOTE_BSD_SYMTAB was "yes".</summary>
    public bool BsdSymtab { get; init; }
    /// <summary>XENFEAT_* bits 0..31 the kernel supports (SUPPORTED_FEATURES word 0 plus FEATURES names).</summary>
    public uint SupportedFeatures { get; init; }
    /// <summary>XENFEAT_* bits the kernel requires ("!name" in FEATURES).</summary>
    public uint RequiredFeatures { get; init; }
    /// <summary>How many notes named "Xen" were read.</summary>
    public int Count { get; init; }

    /// <summary>Whether the kernel announces XENFEAT number <paramref name="feature"/>.</summary>
    public bool HasFeature(int feature) => feature is >= 0 and < 32 && (SupportedFeatures & (1u << feature)) != 0;

    /// <summary>
    /// Whether the RSDP must also sit where a BIOS scan finds it (0xFFFC0): libxl does so for a "linux" guest
    /// that does not announce XENFEAT_linux_rsdp_unrestricted (Linux before 4.20 ignores rsdp_paddr).
    /// </summary>
    public bool NeedsLegacyRsdp => GuestOs == "linux" && !HasFeature(XENFEAT_linux_rsdp_unrestricted);

    // libelf's elf_xen_feature_names: the only names FEATURES can carry.
    static readonly string?[] FeatureNames =
    [
        "writable_page_tables", "writable_descriptor_tables", "auto_translated_physmap",
        "supervisor_mode_kernel", "pae_pgdir_above_4gb", null, null, null, "hvm_callback_vector",
        null, null, "dom0",
    ];

    // libelf's ELF_MAX_TOTAL_NOTE_COUNT: a bound on the work a hostile image can cause.
    const int MaxTotalNotes = 65536;

    internal static XenNotes Parse(ElfReader r, List<ElfImage.ProgramHeader> phdrs, ElfImage.Header h)
    {
        var notes = new XenNotes();
        int total = 0;
        foreach (var p in phdrs)
        {
            // libelf skips note segments with p_offset 0: some binutils leave it unset.
            if (!ElfImage.IsNoteSegment(p) || p.Offset == 0) continue;
            var area = r.Slice(p.Offset, p.FileSize, $"PT_NOTE segment {p.Index}");
            notes = ParseArea(area, notes, ref total, $"PT_NOTE segment {p.Index}");
        }
        if (notes.Count > 0 || h.ShNum == 0 || h.ShOff == 0) return notes;

        // Fall back to SHT_NOTE sections, as libelf does when no note segment held a Xen note.
        ushort size = h.Is64 ? (ushort)64 : (ushort)40;
        if (h.ShEntSize != size) throw new BuildException($"ELF: e_shentsize {h.ShEntSize} is not {size}");
        var table = r.Slice(h.ShOff, (ulong)h.ShNum * size, $"section header table (e_shoff 0x{h.ShOff:x}, {h.ShNum} entries)");
        for (int i = 1; i < h.ShNum; i++)
        {
            var s = table.Slice(i * size, size);
            if (ElfReader.U32(s, 4) != ElfImage.NoteSectionType) continue;
            ulong off = h.Is64 ? ElfReader.U64(s, 24) : ElfReader.U32(s, 16);
            ulong len = h.Is64 ? ElfReader.U64(s, 32) : ElfReader.U32(s, 20);
            var area = r.Slice(off, len, $"SHT_NOTE section {i}");
            notes = ParseArea(area, notes, ref total, $"SHT_NOTE section {i}");
        }
        return notes;
    }

    static XenNotes ParseArea(ReadOnlySpan<byte> area, XenNotes notes, ref int total, string where)
    {
        int pos = 0;
        while (pos < area.Length)
        {
            if (++total > MaxTotalNotes) throw new BuildException($"ELF: more than {MaxTotalNotes} notes");
            if (area.Length - pos < 12) throw new BuildException($"ELF: {where}: truncated note header at +0x{pos:x}");
            uint namesz = ElfReader.U32(area, pos), descsz = ElfReader.U32(area, pos + 4), type = ElfReader.U32(area, pos + 8);
            // Name and descriptor are each padded to 4 bytes, in ELF32 and ELF64 alike.
            ulong nameAt = (ulong)pos + 12, descAt = nameAt + Align4(namesz), next = descAt + Align4(descsz);
            if (nameAt + namesz > (ulong)area.Length || descAt + descsz > (ulong)area.Length)
                throw new BuildException($"ELF: {where}: note at +0x{pos:x} (namesz {namesz}, descsz {descsz}) overruns its area");
            var name = area.Slice((int)nameAt, (int)namesz);
            if (name.Length > 0 && name[^1] == 0) name = name[..^1];
            if (name.SequenceEqual("Xen"u8))
                notes = Apply(notes, type, area.Slice((int)descAt, (int)descsz)) with { Count = notes.Count + 1 };
            pos = next >= (ulong)area.Length ? area.Length : (int)next;
        }
        return notes;
    }

    static ulong Align4(uint v) => ((ulong)v + 3) & ~3UL;

    static XenNotes Apply(XenNotes n, uint type, ReadOnlySpan<byte> desc) => type switch
    {
        XEN_ELFNOTE_PHYS32_ENTRY => n with { Phys32Entry = (uint)Numeric(desc, "PHYS32_ENTRY") },
        XEN_ELFNOTE_ENTRY => n with { Entry = Numeric(desc, "ENTRY") },
        XEN_ELFNOTE_HYPERCALL_PAGE => n with { HypercallPage = Numeric(desc, "HYPERCALL_PAGE") },
        XEN_ELFNOTE_VIRT_BASE => n with { VirtBase = Numeric(desc, "VIRT_BASE") },
        XEN_ELFNOTE_PADDR_OFFSET => n with { PaddrOffset = Numeric(desc, "PADDR_OFFSET") },
        XEN_ELFNOTE_INIT_P2M => n with { InitP2m = Numeric(desc, "INIT_P2M") },
        XEN_ELFNOTE_HV_START_LOW => n with { HvStartLow = Numeric(desc, "HV_START_LOW") },
        XEN_ELFNOTE_XEN_VERSION => n with { XenVersion = Str(desc, "XEN_VERSION") },
        XEN_ELFNOTE_GUEST_OS => n with { GuestOs = Str(desc, "GUEST_OS") },
        XEN_ELFNOTE_GUEST_VERSION => n with { GuestVersion = Str(desc, "GUEST_VERSION") },
        XEN_ELFNOTE_LOADER => n with { Loader = Str(desc, "LOADER") },
        XEN_ELFNOTE_PAE_MODE => n with { PaeMode = Str(desc, "PAE_MODE") },
        XEN_ELFNOTE_BSD_SYMTAB => n with { BsdSymtab = Str(desc, "BSD_SYMTAB") == "yes" },
        XEN_ELFNOTE_FEATURES => ApplyFeatures(n, Str(desc, "FEATURES")),
        XEN_ELFNOTE_SUPPORTED_FEATURES => n with { SupportedFeatures = n.SupportedFeatures | FirstWord(desc) },
        _ => n, // unknown or unused notes are ignored, as libelf ignores them
    };

    // libelf's elf_note_numeric: descsz 1, 2, 4 or 8, little-endian. libelf reads any other size as 0;
    // a kernel that ships such a note is broken, so say so instead.
    static ulong Numeric(ReadOnlySpan<byte> d, string what) => d.Length switch
    {
        1 => d[0],
        2 => ElfReader.U16(d, 0),
        4 => ElfReader.U32(d, 0),
        8 => ElfReader.U64(d, 0),
        _ => throw new BuildException($"ELF: note XEN_ELFNOTE_{what} has descsz {d.Length}, not 1, 2, 4 or 8"),
    };

    // elf_note_numeric_array(note, 4, 0): the first 32-bit word of the XENFEAT bitmap (XENFEAT_NR_SUBMAPS is 1).
    static uint FirstWord(ReadOnlySpan<byte> d)
    {
        if (d.Length < 4 || d.Length % 4 != 0)
            throw new BuildException($"ELF: note XEN_ELFNOTE_SUPPORTED_FEATURES has descsz {d.Length}, not a multiple of 4");
        return ElfReader.U32(d, 0);
    }

    // elf_strval: the descriptor must hold a NUL-terminated string.
    static string Str(ReadOnlySpan<byte> d, string what)
    {
        int nul = d.IndexOf((byte)0);
        if (nul < 0) throw new BuildException($"ELF: note XEN_ELFNOTE_{what} is not NUL-terminated");
        return Encoding.Latin1.GetString(d[..nul]);
    }

    // elf_xen_parse_features: "a|!b|c"; "!" marks a required feature, and an unknown required one is an error.
    static XenNotes ApplyFeatures(XenNotes n, string features)
    {
        uint supported = n.SupportedFeatures, required = n.RequiredFeatures;
        foreach (var token in features.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            bool req = token[0] == '!';
            var name = req ? token[1..] : token;
            int bit = Array.IndexOf(FeatureNames, name);
            if (bit < 0)
            {
                if (req) throw new BuildException($"ELF: kernel requires unknown Xen feature \"{name}\"");
                continue;
            }
            supported |= 1u << bit;
            if (req) required |= 1u << bit;
        }
        return n with { Features = features, SupportedFeatures = supported, RequiredFeatures = required };
    }
}
