using Disagg.Actors.Hypervisor.Memory;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>Who asks for a privileged operation, as the core established it (a hypercall-socket credential, never a claim).</summary>
public readonly record struct DomainIdentity(ushort DomId, bool IsPrivileged)
{
    /// <summary>The control domain: what the core hands the process it launched as dom0.</summary>
    public static readonly DomainIdentity Dom0 = new(0, true);
}

/// <summary>The result of a privileged operation: 0 or -errno, Xen's way, with a message naming the problem.</summary>
public readonly record struct ControlResult(long Code, string? Message = null)
{
    public bool Ok => Code >= 0;
    public static readonly ControlResult Success = new(0);
    public static ControlResult Error(XenErrno errno, string message) => new(-(long)errno, message);
}

/// <summary>The privileged domain operations (the domctl/sysctl family): dom0 only, every argument checked.</summary>
/// <remarks>
/// The one way into the core for anything privileged. Callers present the identity the core gave them;
/// the process-topology work puts this behind the hypercall socket with SO_PEERCRED-checked credentials.
/// </remarks>
public sealed class DomainControl(Hypervisor hv)
{
    /// <summary>XEN_DOMCTL_createdomain (+ the builder's work): a new guest domain.</summary>
    public ControlResult CreateDomain(DomainIdentity caller, DomainConfig config, out ushort domId)
    {
        domId = 0;
        if (!caller.IsPrivileged) return Denied("createdomain");
        try
        {
            domId = hv.CreateDomain(config).Id;
            return ControlResult.Success;
        }
        catch (Exception e) when (e is Builder.BuildException or ArgumentException or IOException or Hw.Kvm.KvmException)
        {
            return ControlResult.Error(e is Hw.Kvm.KvmException ? XenErrno.ENOMEM : XenErrno.EINVAL, e.Message);
        }
    }

    public ControlResult Destroy(DomainIdentity caller, ushort domId) =>
        WithDomain(caller, domId, "destroydomain", d => { hv.DestroyDomain(d.Id); return ControlResult.Success; });

    public ControlResult Pause(DomainIdentity caller, ushort domId) =>
        WithDomain(caller, domId, "pausedomain", d => { d.Pause(); return ControlResult.Success; });

    public ControlResult Unpause(DomainIdentity caller, ushort domId) =>
        WithDomain(caller, domId, "unpausedomain", d => d.Unpause()
            ? ControlResult.Success
            : ControlResult.Error(XenErrno.EINVAL, $"domain {domId} is not paused"));

    /// <summary>XEN_DOMCTL_max_mem: the most RAM the domain may hold (KiB), never below what it holds now.</summary>
    public ControlResult SetMaxMemory(DomainIdentity caller, ushort domId, ulong maxKiB) =>
        WithDomain(caller, domId, "max_mem", d =>
        {
            var pages = maxKiB / (MemoryLayout.PageSize / 1024);
            if (pages < d.Memory.CurrentPages)
                return ControlResult.Error(XenErrno.EINVAL, $"max_mem {maxKiB} KiB is below the {d.Memory.CurrentPages * 4} KiB the domain holds");
            d.MaxPages = pages;
            return ControlResult.Success;
        });

    /// <summary>XEN_DOMCTL_setvcpuaffinity: the host CPUs a vCPU's thread may run on (empty = all).</summary>
    public ControlResult SetVcpuAffinity(DomainIdentity caller, ushort domId, uint vcpu, IReadOnlyCollection<int> cpus) =>
        WithDomain(caller, domId, "setvcpuaffinity", d =>
        {
            if (vcpu >= d.VcpuCount) return ControlResult.Error(XenErrno.EINVAL, $"domain {domId} has no vCPU {vcpu}");
            var online = Environment.ProcessorCount;
            if (cpus.Any(c => c < 0 || c >= online))
                return ControlResult.Error(XenErrno.EINVAL, $"CPU list {string.Join(",", cpus)} names a CPU this host lacks (0-{online - 1})");
            d.GetVcpu(vcpu).SetAffinity(cpus);
            return ControlResult.Success;
        });

    /// <summary>XEN_DOMCTL_getdomaininfo.</summary>
    public ControlResult GetInfo(DomainIdentity caller, ushort domId, out DomainInfo? info)
    {
        DomainInfo? found = null;
        var r = WithDomain(caller, domId, "getdomaininfo", d => { found = DomainInfo.Of(d); return ControlResult.Success; },
            selfAllowed: true);
        info = found;
        return r;
    }

    /// <summary>XEN_SYSCTL_getdomaininfolist.</summary>
    public ControlResult List(DomainIdentity caller, out IReadOnlyList<DomainInfo> domains)
    {
        domains = [];
        if (!caller.IsPrivileged) return Denied("getdomaininfolist");
        domains = hv.Domains.Select(DomainInfo.Of).ToArray();
        return ControlResult.Success;
    }

    ControlResult WithDomain(DomainIdentity caller, ushort domId, string op, Func<Domain, ControlResult> action, bool selfAllowed = false)
    {
        if (!caller.IsPrivileged && !(selfAllowed && caller.DomId == domId)) return Denied(op);
        if (!hv.TryGetDomain(domId, out var d)) return ControlResult.Error(XenErrno.ESRCH, $"{op}: no domain {domId}");
        return action(d);
    }

    static ControlResult Denied(string op) => ControlResult.Error(XenErrno.EPERM, $"{op}: only the control domain may do this");
}
