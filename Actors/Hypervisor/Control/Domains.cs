using Akka.Actor;
using Disagg.Actors.Hypervisor.Domains;

namespace Disagg.Actors.Hypervisor.Control;

/// <summary>The core's domain-control actor: its protocol and its Props.</summary>
/// <remarks>
/// Local to the core process: these messages carry the caller's <see cref="DomainIdentity"/> as the core
/// established it, so they must never arrive over Akka.Remote (which cannot tell peers apart). Replies are
/// <see cref="Done"/>, <see cref="Created"/>, <see cref="Info"/>, <see cref="DomainList"/> or <see cref="Failed"/>.
/// </remarks>
public static class Domains
{
    public static Props Props(DomainControl control, Hypervisor hv) =>
        Akka.Actor.Props.Create(() => new DomainsActor(control, hv));

    public abstract record Command(DomainIdentity Caller);
    public sealed record Create(DomainIdentity Caller, DomainConfig Config) : Command(Caller);
    public sealed record Destroy(DomainIdentity Caller, ushort DomId) : Command(Caller);
    public sealed record Pause(DomainIdentity Caller, ushort DomId) : Command(Caller);
    public sealed record Unpause(DomainIdentity Caller, ushort DomId) : Command(Caller);
    public sealed record SetMaxMemory(DomainIdentity Caller, ushort DomId, ulong MaxKiB) : Command(Caller);
    public sealed record SetVcpuAffinity(DomainIdentity Caller, ushort DomId, uint Vcpu, IReadOnlyList<int> Cpus) : Command(Caller);
    public sealed record GetInfo(DomainIdentity Caller, ushort DomId) : Command(Caller);
    public sealed record List(DomainIdentity Caller) : Command(Caller);

    /// <summary>Sends <see cref="StateChanged"/> to the sender for every domain change until it stops or unsubscribes.</summary>
    public sealed record Subscribe(DomainIdentity Caller) : Command(Caller);
    public sealed record Unsubscribe;

    public sealed record Done(Command Command);
    public sealed record Created(ushort DomId);
    public sealed record Info(DomainInfo Domain);
    public sealed record DomainList(IReadOnlyList<DomainInfo> Domains);
    public sealed record StateChanged(DomainInfo Domain);

    /// <summary>The operation failed: Xen's error code (negative errno) and what was wrong.</summary>
    public sealed record Failed(Command Command, long Code, string Reason);
}
