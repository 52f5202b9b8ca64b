using Disagg.Actors.Hypervisor.Time;
using System.Buffers.Binary;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>One entry of the memory map a domain is given (XENMEM_memory_map, start_info memmap).</summary>
public readonly record struct E820Region(ulong Address, ulong Size, uint Type);

/// <summary>Time and the memory map of a domain: shared_info's wallclock and the pvclock scale.</summary>
public sealed partial class Domain
{
    (uint Mul, sbyte Shift)? _tscScale;

    /// <summary>The memory map the builder gave the guest.</summary>
    public IReadOnlyList<E820Region> E820 { get; internal set; } = [];

    internal Watchdogs Watchdogs => _watchdogs ??= new Watchdogs(this);
    Watchdogs? _watchdogs;

    /// <summary>pvclock scale of this domain's TSC (measured once, from vCPU 0's TSC frequency).</summary>
    internal (uint Mul, sbyte Shift) TscScale(Vcpu vcpu) =>
        _tscScale ??= PvClock.Scale((ulong)vcpu.Kvm.TscKhz * 1000);

    /// <summary>Writes shared_info's wallclock: the wall time at system time 0 (wc_version odd while it changes).</summary>
    internal void RefreshWallclock()
    {
        var s = SharedInfo;
        var layout = Is32Bit ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
        var wc = SystemClock.WallClockAtOriginNs;
        var seconds = (ulong)(wc / 1_000_000_000);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(s[layout.WcVersion..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[layout.WcVersion..], version | 1);
        Thread.MemoryBarrier();
        BinaryPrimitives.WriteUInt32LittleEndian(s[layout.WcSec..], (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(s[layout.WcNsec..], (uint)(wc % 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(s[layout.WcSecHi..], (uint)(seconds >> 32));
        Thread.MemoryBarrier();
        BinaryPrimitives.WriteUInt32LittleEndian(s[layout.WcVersion..], (version | 1) + 1);
    }

    /// <summary>Starts the vCPU threads (the builder's last step); a domain created paused stays paused.</summary>
    internal void Start()
    {
        if (Config.StartPaused) Pause();
        foreach (var v in Vcpus) v.Start();
    }
}
