using Disagg.Actors.Hypervisor.Time;
using System.Diagnostics.CodeAnalysis;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Events;
using Disagg.Actors.Hypervisor.Grants;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor;

/// <summary>The hypervisor core of one host: /dev/kvm, the domain table, the hypervisor log.</summary>
/// <remarks>
/// The only object that opens /dev/kvm. Domain ids are handed out from 1 upwards (0 is dom0, a process
/// domain) and not reused until the id space wraps, as Xen does, so a stale id never names a new domain.
/// </remarks>
public sealed class Hypervisor : IDisposable
{
    /// <summary>DOMID_FIRST_RESERVED: ids from here on are special.</summary>
    public const ushort FirstReservedDomId = 0x7FF0;

    readonly object _lock = new();
    readonly Dictionary<ushort, Domain> _domains = new();
    readonly HashSet<ushort> _building = new();   // ids handed out whose domain is still being built
    ushort _nextDomId = 1;

    public Hypervisor(string kvmPath = "/dev/kvm")
    {
        Kvm = Disagg.Hw.Kvm.Kvm.Open(kvmPath);
        SupportedCpuid = Kvm.GetSupportedCpuid();
        Log.Core($"Disagg hypervisor core: Xen 4.17 ABI on KVM API {Kvm.ApiVersion}");
    }

    internal Kvm Kvm { get; }
    internal KvmCpuidEntry[] SupportedCpuid { get; }

    public HypervisorLog Log { get; } = new();

    /// <summary>The thread that fires every guest's timers.</summary>
    internal GuestTimers Timers { get; } = new();
    public EventChannelDirectory EventChannels { get; } = new();
    public GrantTableDirectory GrantTables { get; } = new();

    /// <summary>Highest RAM page any domain has (XENMEM_maximum_ram_page).</summary>
    public ulong MaxRamPage { get { lock (_lock) return _domains.Values.Select(d => d.Memory.MaximumGpfn).DefaultIfEmpty(0ul).Max(); } }

    /// <summary>Raised when a domain is created or changes state (on an arbitrary thread).</summary>
    public event Action<Domain>? DomainChanged;

    public bool TryGetDomain(ushort domId, [MaybeNullWhen(false)] out Domain domain)
    {
        lock (_lock) return _domains.TryGetValue(domId, out domain);
    }

    public IReadOnlyList<Domain> Domains { get { lock (_lock) return _domains.Values.OrderBy(d => d.Id).ToArray(); } }

    /// <summary>Builds and starts a guest domain (paused if the config says so).</summary>
    /// <exception cref="Builder.BuildException">The kernel or config cannot be built; nothing is left behind.</exception>
    /// <param name="config">What to build.</param>
    /// <param name="requestedDomId">A specific domid, as XEN_DOMCTL_createdomain allows; null picks the next free one.</param>
    public Domain CreateDomain(DomainConfig config, ushort? requestedDomId = null)
    {
        config.Validate();
        ushort id;
        lock (_lock)
        {
            if (_domains.Values.Any(d => d.Name == config.Name))
                throw new ArgumentException($"a domain named '{config.Name}' already exists");
            if (requestedDomId is { } wanted)
            {
                if (wanted == 0 || wanted >= FirstReservedDomId) throw new ArgumentException($"domid {wanted} cannot be given to a guest");
                if (_domains.ContainsKey(wanted) || _building.Contains(wanted)) throw new ArgumentException($"domid {wanted} is in use");
                id = wanted;
            }
            else id = AllocateDomId();
            _building.Add(id);
        }
        Domain domain;
        try { domain = DomainBuilder.Build(this, id, config); }
        finally { lock (_lock) _building.Remove(id); }
        lock (_lock) _domains[id] = domain;
        domain.StateChanged += d => DomainChanged?.Invoke(d);
        domain.Start();
        DomainChanged?.Invoke(domain);
        return domain;
    }

    /// <summary>Destroys a domain and releases everything it holds; false if there is no such domain.</summary>
    public bool DestroyDomain(ushort domId)
    {
        Domain? domain;
        lock (_lock) if (!_domains.Remove(domId, out domain)) return false;
        domain.Destroy();
        return true;
    }

    ushort AllocateDomId()
    {
        for (var tries = 0; tries < FirstReservedDomId; tries++)
        {
            var candidate = _nextDomId;
            _nextDomId = (ushort)(_nextDomId + 1 >= FirstReservedDomId ? 1 : _nextDomId + 1);
            if (!_domains.ContainsKey(candidate) && !_building.Contains(candidate)) return candidate;
        }
        throw new InvalidOperationException("no free domain id");
    }

    public void Dispose()
    {
        foreach (var d in Domains) DestroyDomain(d.Id);
        Timers.Dispose();
        Kvm.Dispose();
    }
}
