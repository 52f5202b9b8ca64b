using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Vcpus;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>Everything a hypercall handler may touch: the calling domain, vCPU and identity.</summary>
/// <remarks>One instance per vCPU and ABI width is reused for every call, so the hot path does not allocate.</remarks>
public sealed class HypercallContext(Domain domain, Vcpu? vcpu, HypercallCaller caller)
{
    public Domain Domain { get; } = domain;

    /// <summary>The calling vCPU; null for a process domain on the hypercall socket.</summary>
    public Vcpu? Vcpu { get; } = vcpu;

    public HypercallCaller Caller { get; } = caller;

    public IGuestVirtualMemory Memory => Caller.Memory;
    public bool Is32Bit => Caller.Is32Bit;

    /// <summary>Xen's error return: -errno.</summary>
    public static long Error(Disagg.Xen.XenErrno errno) => -(long)errno;
}
