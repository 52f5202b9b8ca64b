using Disagg.Actors.Hypervisor.Memory;

namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>Puts a planned PVH domain into its memory: kernel, ramdisk, ACPI tables, start_info; returns the boot vCPU state.</summary>
public static class PvhBoot
{
    /// <summary>
    /// Loads <paramref name="kernel"/> and the rest at the places <paramref name="layout"/> chose. The layout must
    /// have been planned for this kernel, <paramref name="ramdisk"/> size and <paramref name="commandLine"/>.
    /// </summary>
    public static BootVcpuState Load(IGuestPhysicalMemory mem, ElfImage kernel, PvhLayout layout,
        ReadOnlySpan<byte> ramdisk, string? commandLine, int maxVcpus, int onlineVcpus, string? ramdiskCommandLine = null, bool hvmPlatform = false)
    {
        ArgumentNullException.ThrowIfNull(mem);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(layout);
        if (kernel.PhysStart != layout.KernelStart || kernel.PhysEnd != layout.KernelEnd)
            throw new BuildException("PVH: the layout was planned for another kernel extent");
        if ((ulong)ramdisk.Length != layout.RamdiskBytes)
            throw new BuildException($"PVH: ramdisk of {ramdisk.Length} bytes, layout planned 0x{layout.RamdiskBytes:x}");
        if (AcpiTables.RequiredBytes(maxVcpus, hvmPlatform) > layout.AcpiBytes)
            throw new BuildException($"PVH: ACPI tables for {maxVcpus} vCPUs exceed the 0x{layout.AcpiBytes:x} bytes planned");
        // An HVM firmware image (firmware_override) need not carry a PVH entry note: it starts at e_entry.
        uint entry = kernel.IsPvh ? kernel.PvhEntry : kernel.HvmEntry;

        kernel.LoadInto(mem, layout.MemoryMap);
        var modules = new List<BootModule>();
        if (ramdisk.Length > 0)
        {
            GuestWriter.Write(mem, layout.RamdiskAddress, ramdisk, $"ramdisk at 0x{layout.RamdiskAddress:x}");
            modules.Add(new BootModule(layout.RamdiskAddress, layout.RamdiskBytes, ramdiskCommandLine));
        }
        ulong rsdp = AcpiTables.Write(mem, layout.AcpiAddress, maxVcpus, onlineVcpus, layout.LegacyRsdp, hvmPlatform);
        var content = new StartInfoContent(commandLine, modules, layout.MemoryMap, rsdp);
        if (StartInfoWriter.Measure(content) > layout.StartInfoBytes)
            throw new BuildException("PVH: start_info content is larger than the layout planned");
        ulong startInfo = StartInfoWriter.Write(mem, layout.StartInfoAddress, content);
        return BootVcpuState.ForPvh(entry, (uint)startInfo);
    }
}
