using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>One range of the guest memory map; <see cref="Type"/> is an XEN_HVM_MEMMAP_TYPE_* (= e820) value.</summary>
public readonly record struct MemoryRegion(ulong Address, ulong Size, uint Type)
{
    /// <summary>The first address after the region.</summary>
    public ulong End => Address + Size;

    public override string ToString() => $"[0x{Address:x}, 0x{End:x}) {HvmStartInfo.TypeName(Type)}";
}

/// <summary>The e820-style memory map a guest is given (start_info memmap): sorted, non-overlapping, non-empty ranges.</summary>
public sealed class GuestMemoryMap
{
    public GuestMemoryMap(IEnumerable<MemoryRegion> regions)
    {
        var list = regions.OrderBy(r => r.Address).ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var r = list[i];
            if (r.Size == 0) throw new BuildException($"memory map: empty region at 0x{r.Address:x}");
            if (r.Address + r.Size < r.Address) throw new BuildException($"memory map: region at 0x{r.Address:x} wraps around");
            if (i > 0 && r.Address < list[i - 1].End)
                throw new BuildException($"memory map: {list[i - 1]} and {r} overlap");
        }
        Regions = list;
    }

    /// <summary>The regions, by address.</summary>
    public IReadOnlyList<MemoryRegion> Regions { get; }

    /// <summary>Whether all of [gpa, gpa+size) is RAM (possibly across touching RAM regions).</summary>
    public bool IsRam(ulong gpa, ulong size)
    {
        if (size == 0 || gpa + size < gpa) return false;
        ulong at = gpa, end = gpa + size;
        foreach (var r in Regions)
        {
            if (r.End <= at) continue;
            if (r.Address > at || r.Type != HvmStartInfo.XEN_HVM_MEMMAP_TYPE_RAM) return false;
            if (r.End >= end) return true;
            at = r.End;
        }
        return false;
    }

    /// <summary>The map as Xen's start_info memmap table.</summary>
    public hvm_memmap_table_entry[] ToXen() =>
        Regions.Select(r => new hvm_memmap_table_entry { addr = r.Address, size = r.Size, type = r.Type }).ToArray();

    public override string ToString() => string.Join("; ", Regions);
}
