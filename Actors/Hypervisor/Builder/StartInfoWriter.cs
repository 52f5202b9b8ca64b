using System.Runtime.InteropServices;
using System.Text;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>A module handed to a PVH kernel through start_info's modlist (a ramdisk).</summary>
public sealed record BootModule(ulong Paddr, ulong Size, string? CommandLine = null);

/// <summary>What goes into hvm_start_info: command line, modules, memory map and the RSDP address.</summary>
public sealed record StartInfoContent(string? CommandLine, IReadOnlyList<BootModule> Modules, GuestMemoryMap MemoryMap,
    ulong RsdpPaddr);

/// <summary>
/// Writes struct hvm_start_info (version 1) and what it points to as one block, laid out as libxc's
/// bootlate_hvm does: the struct, the command line (padded to 8 bytes), the module list, the module command
/// lines, then the memory map. Every pointer is a guest-physical address inside the block.
/// </summary>
public static class StartInfoWriter
{
    /// <summary>Longest command line accepted (Xen does not bound it; this keeps a hostile config from growing the block without bound).</summary>
    public const int MaxCommandLineBytes = 64 * 1024;

    /// <summary>Most modules accepted.</summary>
    public const int MaxModules = 16;

    const ulong FourGiB = 1UL << 32;
    static readonly int StartInfoSize = Marshal.SizeOf<hvm_start_info>();
    static readonly int ModSize = Marshal.SizeOf<hvm_modlist_entry>();
    static readonly int MemmapSize = Marshal.SizeOf<hvm_memmap_table_entry>();

    /// <summary>Bytes the block takes for this content.</summary>
    public static ulong Measure(StartInfoContent content) => (ulong)Build(0, content).Length;

    /// <summary>Bytes the block takes, before the content is known in full (for the layout planner).</summary>
    public static ulong Measure(string? commandLine, IReadOnlyList<string?> moduleCommandLines, int memmapEntries)
    {
        ulong size = (ulong)StartInfoSize + (ulong)StringBytes(commandLine, "command line").Length;
        size += (ulong)(moduleCommandLines.Count * ModSize);
        foreach (var c in moduleCommandLines) size += (ulong)StringBytes(c, "module command line").Length;
        return size + (ulong)(memmapEntries * MemmapSize);
    }

    /// <summary>Writes the block at <paramref name="gpa"/> and returns the start_info address (what EBX holds at the PVH entry).</summary>
    public static ulong Write(IGuestPhysicalMemory mem, ulong gpa, StartInfoContent content)
    {
        ArgumentNullException.ThrowIfNull(mem);
        var block = Build(gpa, content);
        GuestWriter.Write(mem, gpa, block, $"start_info at 0x{gpa:x}");
        return gpa;
    }

    /// <summary>The block as it must appear at <paramref name="gpa"/>.</summary>
    public static byte[] Build(ulong gpa, StartInfoContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Validate(gpa, content);
        var cmdline = StringBytes(content.CommandLine, "command line");
        var modCmdlines = content.Modules.Select(m => StringBytes(m.CommandLine, "module command line")).ToArray();
        var memmap = content.MemoryMap.ToXen();
        int size = StartInfoSize + cmdline.Length + content.Modules.Count * ModSize + modCmdlines.Sum(c => c.Length)
                   + memmap.Length * MemmapSize;
        if ((ulong)size > FourGiB - gpa) throw new BuildException($"start_info: block at 0x{gpa:x} reaches past 4 GiB");
        var block = new byte[size];

        int at = StartInfoSize;
        ulong cmdlinePaddr = Place(block, ref at, cmdline, gpa);
        int modlistAt = at;
        at += content.Modules.Count * ModSize;
        for (int i = 0; i < content.Modules.Count; i++)
        {
            var m = content.Modules[i];
            var e = new hvm_modlist_entry { paddr = m.Paddr, size = m.Size, cmdline_paddr = Place(block, ref at, modCmdlines[i], gpa) };
            MemoryMarshal.Write(block.AsSpan(modlistAt + i * ModSize), in e);
        }
        int memmapAt = at;
        for (int i = 0; i < memmap.Length; i++)
            MemoryMarshal.Write(block.AsSpan(memmapAt + i * MemmapSize), in memmap[i]);

        var si = new hvm_start_info
        {
            magic = HvmStartInfo.XEN_HVM_START_MAGIC_VALUE,
            version = HvmStartInfo.Version,
            flags = 0, // SIF_* flags are for dom0 and PV; a PVH domU gets none, as from libxc
            nr_modules = (uint)content.Modules.Count,
            modlist_paddr = content.Modules.Count > 0 ? gpa + (ulong)modlistAt : 0,
            cmdline_paddr = cmdlinePaddr,
            rsdp_paddr = content.RsdpPaddr,
            memmap_paddr = memmap.Length > 0 ? gpa + (ulong)memmapAt : 0,
            memmap_entries = (uint)memmap.Length,
        };
        MemoryMarshal.Write(block.AsSpan(0), in si);
        return block;
    }

    static void Validate(ulong gpa, StartInfoContent c)
    {
        // EBX is 32 bits wide at the PVH entry, so the struct (and, per start_info.h, all its data) stays below 4 GiB.
        if (gpa >= FourGiB) throw new BuildException($"start_info: 0x{gpa:x} is not below 4 GiB");
        if (gpa % 8 != 0) throw new BuildException($"start_info: 0x{gpa:x} is not 8-byte aligned");
        if (c.Modules.Count > MaxModules) throw new BuildException($"start_info: {c.Modules.Count} modules, at most {MaxModules}");
        foreach (var m in c.Modules)
            if (m.Size == 0 || m.Paddr + m.Size < m.Paddr)
                throw new BuildException($"start_info: module [0x{m.Paddr:x}, +0x{m.Size:x}) is empty or wraps around");
    }

    // Copies a NUL-terminated string into the block and returns its gpa (0 for no string).
    static ulong Place(byte[] block, ref int at, byte[] s, ulong gpa)
    {
        if (s.Length == 0) return 0;
        s.CopyTo(block, at);
        ulong paddr = gpa + (ulong)at;
        at += s.Length;
        return paddr;
    }

    // The string, NUL-terminated and padded to 8 bytes (libxc's ROUNDUP(strlen + 1, 3)); empty for null.
    static byte[] StringBytes(string? s, string what)
    {
        if (s is null) return [];
        if (s.Contains('\0')) throw new BuildException($"start_info: {what} contains a NUL character");
        int n = Encoding.UTF8.GetByteCount(s);
        if (n > MaxCommandLineBytes) throw new BuildException($"start_info: {what} of {n} bytes exceeds {MaxCommandLineBytes}");
        var b = new byte[(n + 1 + 7) & ~7];
        Encoding.UTF8.GetBytes(s, b);
        return b;
    }
}
