using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>One virtual CPU of a guest domain: a KVM vCPU driven by its own thread.</summary>
/// <remarks>
/// The thread is the only one that calls KVM_RUN and touches registers; everybody else talks to it
/// through flags and <see cref="Kick"/> (Firecracker's model). States: Offline (never started, or
/// VCPUOP_down) -> Online, and the domain-wide pause/shutdown/dying gates in <see cref="Domain"/>.
/// </remarks>
public sealed partial class Vcpu : IDisposable
{
    readonly Domain _domain;
    readonly KvmVcpu _kvm;
    readonly VcpuVirtualMemory _virtualMemory;
    readonly HypercallContext _context64;
    readonly HypercallContext _context32;
    Thread? _thread;

    internal Vcpu(Domain domain, uint id, uint apicId, KvmVcpu kvm, bool online)
    {
        _domain = domain;
        Id = id;
        ApicId = apicId;
        _kvm = kvm;
        _virtualMemory = new VcpuVirtualMemory(kvm, domain.Memory);
        _context64 = new HypercallContext(domain, this, new HypercallCaller(domain.Id, id, domain.IsPrivileged, _virtualMemory, false));
        _context32 = new HypercallContext(domain, this, new HypercallCaller(domain.Id, id, domain.IsPrivileged, _virtualMemory, true));
        Online = online;
        Runstate = new Runstate(online ? RunstateKind.Runnable : RunstateKind.Offline);
        Timers = new VcpuTimers(this, domain.Host.Timers);
    }

    public uint Id { get; }

    /// <summary>The LAPIC id (what MSIs address, what the MADT lists).</summary>
    public uint ApicId { get; }

    internal KvmVcpu Kvm => _kvm;
    internal Domain Domain => _domain;

    /// <summary>Whether the vCPU is up (VCPUOP_is_up).</summary>
    public bool Online { get; private set; }

    public Runstate Runstate { get; }
    internal VcpuTimers Timers { get; }

    /// <summary>Vector set with HVMOP_set_evtchn_upcall_vector (0 = none): delivered through the LAPIC.</summary>
    public byte UpcallVector { get; internal set; }

    /// <summary>gpa of a vcpu_info registered with VCPUOP_register_vcpu_info, or null (shared_info's slot).</summary>
    internal ulong? VcpuInfoGpa { get; set; }

    /// <summary>Guest handles registered for the runstate and secondary time areas (guest-virtual).</summary>
    internal ulong RunstateArea { get; set; }
    internal ulong TimeMemoryArea { get; set; }

    /// <summary>Starts the vCPU thread; offline vCPUs wait for VCPUOP_up or INIT/SIPI.</summary>
    internal void Start()
    {
        _thread = new Thread(RunLoop) { IsBackground = true, Name = $"d{_domain.Id}v{Id}" };
        _thread.Start();
    }

    /// <summary>Makes the thread leave KVM_RUN (or a block/poll wait) at once to look at its flags.</summary>
    public void Kick()
    {
        WakeFromBlock();
        _kvm.Kick();
    }

    internal void SetOnline(bool online)
    {
        Online = online;
        Runstate.Enter(online ? RunstateKind.Runnable : RunstateKind.Offline);
        _domain.NotifyGateChanged();
    }

    void RunLoop()
    {
        _kvm.BindRunningThread();
        _kvm.EnableRegisterSync(_domain.Host.Kvm);
        try
        {
            ApplyAffinity();
            while (_domain.WaitUntilRunnable(this))
            {
                ApplyPendingInitialise();
                InjectPendingNmi();
                RefreshTimeIfStale();
                PrepareCallbackInjection();
                EnterRunstate(RunstateKind.Running);
                var exit = _kvm.Run();
                // A secondary vCPU woken by INIT/SIPI in the kernel's LAPIC is up once it exits for a reason of its own.
                if (!Online && exit != KvmExitReason.Interrupted) { IsInitialised = true; SetOnline(true); }
                if (!HandleExit(exit)) break;
            }
        }
        catch (Exception e)
        {
            // The core survives anything a guest provokes: the domain is crashed, with the reason.
            _domain.Crash($"vCPU{Id}: the core failed handling this vCPU: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Timers.StopAll();
            Runstate.Enter(RunstateKind.Offline);
        }
    }

    /// <summary>Waits for the thread to end (domain destroy).</summary>
    internal void Join()
    {
        if (_thread is { } t && t != Thread.CurrentThread) t.Join();
    }

    public void Dispose()
    {
        Timers.Dispose();
        _kvm.Dispose();
    }
}
