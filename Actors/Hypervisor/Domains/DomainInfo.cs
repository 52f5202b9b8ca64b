using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>What XEN_DOMCTL_getdomaininfo tells the toolstack about a domain (what `xl list` prints).</summary>
public sealed record DomainInfo(
    ushort DomId,
    string Name,
    Guid Handle,
    DomainState State,
    bool Paused,
    bool Blocked,
    ShutdownReason? Shutdown,
    string? CrashReason,
    ulong CurrentPages,
    ulong MaxPages,
    int Vcpus,
    int OnlineVcpus,
    long CpuTimeNs)
{
    public static DomainInfo Of(Domain d) => new(
        d.Id, d.Name, d.Handle, d.State, d.IsPaused,
        Blocked: d.Vcpus.Length > 0 && d.Vcpus.All(v => !v.Online || v.Runstate.State == Disagg.Actors.Hypervisor.Vcpus.RunstateKind.Blocked),
        d.Shutdown, d.CrashReason, d.State == DomainState.Dead ? 0 : d.Memory.CurrentPages, d.MaxPages,
        d.Vcpus.Length, d.Vcpus.Count(v => v.Online), d.CpuTimeNs);
}
