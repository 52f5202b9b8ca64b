using Disagg.Actors.Hypervisor.Memory;

namespace Disagg.Actors.Hypervisor.Builder;

public sealed partial class ElfImage
{
    /// <summary>
    /// Copies every PT_LOAD segment to its p_paddr and zero-fills p_memsz beyond p_filesz (libelf's
    /// elf_load_binary). With a <paramref name="ramMap"/>, each segment must lie in its RAM; in any case
    /// each byte must be backed memory.
    /// </summary>
    public void LoadInto(IGuestPhysicalMemory mem, GuestMemoryMap? ramMap = null)
    {
        ArgumentNullException.ThrowIfNull(mem);
        // Check every segment before writing any, so a refused image leaves guest memory untouched.
        if (ramMap is not null)
            foreach (var s in LoadSegments)
                if (!ramMap.IsRam(s.PhysAddr, s.MemSize))
                    throw new BuildException(
                        $"ELF: segment [0x{s.PhysAddr:x}, 0x{s.PhysEnd:x}) is outside guest RAM ({ramMap})");
        var image = _image.Span;
        foreach (var s in LoadSegments)
        {
            var what = $"ELF: segment [0x{s.PhysAddr:x}, 0x{s.PhysEnd:x})";
            GuestWriter.Write(mem, s.PhysAddr, image.Slice((int)s.Offset, (int)s.FileSize), what);
            GuestWriter.Zero(mem, s.PhysAddr + s.FileSize, s.MemSize - s.FileSize, what);
        }
    }
}
