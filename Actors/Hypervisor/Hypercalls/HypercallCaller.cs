namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>Who is making a hypercall, as the core established it (never as the caller claims).</summary>
/// <param name="DomId">The calling domain.</param>
/// <param name="VcpuId">The calling vCPU (0 for a process domain).</param>
/// <param name="IsPrivileged">Whether the domain may use domctl/sysctl and act on other domains (dom0).</param>
/// <param name="Memory">The caller's argument buffers.</param>
/// <param name="Is32Bit">The caller uses the 32-bit compat layouts (foreign/x86_32.h).</param>
public sealed record HypercallCaller(ushort DomId, uint VcpuId, bool IsPrivileged, IGuestVirtualMemory Memory, bool Is32Bit = false);
