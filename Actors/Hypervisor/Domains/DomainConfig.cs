namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>The two guest types Disagg runs (xl.cfg `type=`): no PV, as on a PVH-only Xen.</summary>
public enum GuestType { Pvh, Hvm }

/// <summary>What a domain is built from: the part of an xl.cfg the core needs.</summary>
/// <param name="Name">Domain name.</param>
/// <param name="Type">pvh: PHYS32 entry with hvm_start_info; hvm: e_entry of a firmware_override image.</param>
/// <param name="Kernel">Path of the ELF kernel (or the firmware for HVM).</param>
/// <param name="MemoryMiB">Initial RAM (xl.cfg memory=).</param>
/// <param name="Vcpus">vCPUs (xl.cfg vcpus= / maxvcpus=).</param>
/// <param name="Cmdline">Kernel command line (PVH).</param>
/// <param name="Ramdisk">Optional ramdisk path (PVH module 0).</param>
/// <param name="StartPaused">Build the domain paused (xl create -p).</param>
/// <param name="MaxGrantFrames">Grant table frames (xl.cfg max_grant_frames; Xen's default 64).</param>
/// <param name="MaxEventChannels">Highest port + 1 (xl.cfg max_event_channels; xl's default 1023).</param>
/// <param name="BackendDomId">Domain that serves the console and xenstore rings (dom0).</param>
public sealed record DomainConfig(
    string Name,
    GuestType Type,
    string Kernel,
    int MemoryMiB = 64,
    int Vcpus = 1,
    string Cmdline = "",
    string? Ramdisk = null,
    bool StartPaused = false,
    int MaxGrantFrames = 64,
    int MaxEventChannels = 1023,
    ushort BackendDomId = 0)
{
    /// <summary>Checks what the core cannot build, naming the problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("domain name is empty");
        if (MemoryMiB < 2 || MemoryMiB > 1 << 20) throw new ArgumentException($"memory={MemoryMiB} MiB is out of range (2 MiB .. 1 TiB)");
        if (Vcpus < 1 || Vcpus > 128) throw new ArgumentException($"vcpus={Vcpus} is out of range (1..128)");
        if (MaxGrantFrames < 1 || MaxGrantFrames > 4096) throw new ArgumentException($"max_grant_frames={MaxGrantFrames} is out of range (1..4096)");
        if (MaxEventChannels < 8 || MaxEventChannels > 4096) throw new ArgumentException($"max_event_channels={MaxEventChannels} is out of range (8..4096 for the 2-level ABI)");
        if (!File.Exists(Kernel)) throw new FileNotFoundException($"kernel '{Kernel}' does not exist", Kernel);
        if (Ramdisk is not null && !File.Exists(Ramdisk)) throw new FileNotFoundException($"ramdisk '{Ramdisk}' does not exist", Ramdisk);
    }
}
