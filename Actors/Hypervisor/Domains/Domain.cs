using Disagg.Actors.Hypervisor.Time;
using Disagg.Actors.Hypervisor.Events;
using Disagg.Actors.Hypervisor.Grants;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Actors.Hypervisor.Platform;
using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Hw.Kvm;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>A guest domain: its KVM VM, memory, vCPUs, event channels, grant table and life cycle.</summary>
/// <remarks>
/// State changes happen under <see cref="_gate"/>; vCPU threads wait on it while the domain is paused or
/// their vCPU is down. Anything a guest provokes ends, at worst, in <see cref="Crash"/> of this domain alone.
/// </remarks>
public sealed partial class Domain : IDisposable
{
    readonly object _gate = new();
    int _pauseCount;

    internal Domain(Hypervisor host, ushort id, DomainConfig config, DomainMemory memory, KvmVm vm, bool privileged)
    {
        Host = host;
        Id = id;
        Config = config;
        Name = config.Name;
        Memory = memory;
        Vm = vm;
        IsPrivileged = privileged;
        Log = host.Log;
        Console = new GuestConsoleWriter(host.Log, id);
        Params = new HvmParams();
        SharedInfoPage = new SharedInfoPage(memory);
        CreatedAtNs = SystemClock.NowNs;
        MaxPages = memory.RamBytes / MemoryLayout.PageSize;
        Events = new EventChannelTable(id, this, host.EventChannels, config.MaxEventChannels);
        Grants = new GrantTable(id, memory, host.GrantTables, config.MaxGrantFrames);
    }

    public ushort Id { get; }
    public string Name { get; internal set; }
    public DomainConfig Config { get; }
    public bool IsPrivileged { get; }
    public long CreatedAtNs { get; }

    /// <summary>xen_domain_handle_t: the domain's UUID (XENVER_guest_handle, xl list -l).</summary>
    public Guid Handle { get; internal set; } = Guid.NewGuid();

    internal Hypervisor Host { get; }
    internal DomainMemory Memory { get; }
    internal KvmVm Vm { get; }
    internal Vcpu[] Vcpus { get; set; } = [];
    /// <summary>The emulated platform devices: IOAPIC, PIC, PIT, RTC for HVM; none for PVH.</summary>
    internal PlatformBus Platform { get; set; } = PlatformBus.None;
    public EventChannelTable Events { get; }
    public GrantTable Grants { get; }
    internal HvmParams Params { get; }
    internal SharedInfoPage SharedInfoPage { get; }
    public HypervisorLog Log { get; }
    internal GuestConsoleWriter Console { get; }

    /// <summary>Maximum RAM pages (XENMEM_maximum_reservation; domctl max_mem raises or lowers it).</summary>
    public ulong MaxPages { get; internal set; }

    /// <summary>Whether VMCALL/VMMCALL hypercalls reach the core too (KVM_CAP_XEN_HVM hosts), not only the hypercall page.</summary>
    public bool VmcallHypercalls { get; internal init; }

    /// <summary>VMASST_* bits the guest enabled.</summary>
    internal ulong VmAssist { get; set; }

    public DomainState State { get; private set; } = DomainState.Running;
    public bool IsPaused { get { lock (_gate) return _pauseCount > 0; } }
    public ShutdownReason? Shutdown { get; private set; }

    /// <summary>SCHEDOP_shutdown_code: the reason reported when the domain shuts down, if the guest set one first.</summary>
    internal ShutdownReason? ShutdownCode { get; set; }

    /// <summary>Why the core crashed the domain, when it did.</summary>
    public string? CrashReason { get; private set; }

    /// <summary>Raised (on an arbitrary thread) after every change of state or pause.</summary>
    public event Action<Domain>? StateChanged;

    /// <summary>vCPU time in ns summed over vCPUs.</summary>
    public long CpuTimeNs => Vcpus.Sum(v => v.Runstate.RunningNs);

    public Vcpu GetVcpu(uint id) => Vcpus[id];
    public int VcpuCount => Vcpus.Length;

    /// <summary>Adds one pause reference (domctl pausedomain / xl pause); vCPUs stop at their next exit.</summary>
    public void Pause()
    {
        lock (_gate) { if (_pauseCount++ == 0) Platform.Pause(); }
        KickAll();
        Changed();
    }

    /// <summary>Drops one pause reference; false when the domain was not paused.</summary>
    public bool Unpause()
    {
        lock (_gate)
        {
            if (_pauseCount == 0) return false;
            if (--_pauseCount == 0) Platform.Resume();
            Monitor.PulseAll(_gate);
        }
        Changed();
        return true;
    }

    /// <summary>The guest asked to shut down (SCHEDOP_shutdown), or the toolstack did; the vCPUs stop.</summary>
    public void RequestShutdown(ShutdownReason reason)
    {
        lock (_gate)
        {
            if (State != DomainState.Running) return;
            Shutdown = ShutdownCode ?? reason;
            State = DomainState.Shutdown;
            Monitor.PulseAll(_gate);
        }
        Console.Flush();
        Log.Core($"shut down: {Shutdown.ToString()!.ToLowerInvariant()}", Id);
        KickAll();
        Changed();
    }

    /// <summary>Crashes this domain alone (Xen's domain_crash), recording why.</summary>
    public void Crash(string reason)
    {
        lock (_gate)
        {
            if (State != DomainState.Running) return;
            CrashReason = reason;
            Shutdown = ShutdownReason.Crash;
            State = DomainState.Shutdown;
            Monitor.PulseAll(_gate);
        }
        Console.Flush();
        Log.Core($"crashed: {reason}", Id);
        KickAll();
        Changed();
    }

    /// <summary>Blocks a vCPU thread while it may not run; false once it must exit for good.</summary>
    internal bool WaitUntilRunnable(Vcpu vcpu)
    {
        lock (_gate)
        {
            while (State == DomainState.Running && (_pauseCount > 0 || vcpu.Down))
            {
                // Paused: runnable but not running; down: offline (Xen's runstates).
                var waiting = vcpu.Down ? RunstateKind.Offline : RunstateKind.Runnable;
                vcpu.EnterRunstate(waiting);   // on the vCPU's own thread: may write its runstate area
                Monitor.Wait(_gate);
            }
            return State == DomainState.Running;
        }
    }

    /// <summary>Whether a vCPU may keep running or waiting inside a hypercall (not paused, shut down or dying).</summary>
    internal bool IsRunnable(Vcpu vcpu)
    {
        lock (_gate) return State == DomainState.Running && _pauseCount == 0 && !vcpu.Down;
    }

    internal void NotifyGateChanged()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }

    internal void KickAll()
    {
        foreach (var v in Vcpus) v.Kick();
    }

    /// <summary>Stops the vCPUs and releases everything the domain holds. Idempotent.</summary>
    internal void Destroy()
    {
        lock (_gate)
        {
            if (State is DomainState.Dying or DomainState.Dead) return;
            State = DomainState.Dying;
            Monitor.PulseAll(_gate);
        }
        Changed();
        KickAll();
        foreach (var v in Vcpus) v.Join();
        Events.CloseAll();
        Grants.ReleaseAll();
        Console.Flush();
        foreach (var v in Vcpus) v.Dispose();
        Platform.Dispose();
        Vm.Dispose();
        Memory.Dispose();
        lock (_gate) State = DomainState.Dead;
        Log.Core("destroyed", Id);
        Changed();
    }

    void Changed() => StateChanged?.Invoke(this);

    public void Dispose() => Destroy();
}
