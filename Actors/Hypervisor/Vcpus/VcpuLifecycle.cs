using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Bringing a vCPU up and down: VCPUOP_initialise/up/down and the builder's boot state.</summary>
public sealed partial class Vcpu
{
    readonly object _startLock = new();
    VcpuStartState? _pendingStart;

    /// <summary>VCPUOP_down was called: the thread waits in the domain gate.</summary>
    public bool Down { get; private set; }

    /// <summary>The vCPU has a context (booted by the builder, VCPUOP_initialise, or started by INIT/SIPI).</summary>
    public bool IsInitialised { get; internal set; }

    /// <summary>Sets the state the vCPU starts from; applied by its own thread before the next KVM_RUN.</summary>
    internal void SetStartState(VcpuStartState state)
    {
        lock (_startLock)
        {
            _pendingStart = state;
            IsInitialised = true;
        }
        Kick();
    }

    /// <summary>VCPUOP_up: the vCPU starts running from its context.</summary>
    internal void Up()
    {
        Down = false;
        SetOnline(true);
        Kick();
    }

    /// <summary>VCPUOP_down: the vCPU stops at its next exit and stays stopped until VCPUOP_up.</summary>
    internal void TakeDown()
    {
        Down = true;
        SetOnline(false);
        Kick();
    }

    int _nmiPending;

    /// <summary>VCPUOP_send_nmi: the vCPU takes an NMI at its next entry (a second one before then is merged, as in Xen).</summary>
    internal void SendNmi()
    {
        if (Interlocked.Exchange(ref _nmiPending, 1) == 0) Kick();
    }

    /// <summary>KVM_NMI is a vCPU ioctl: only this vCPU's thread, outside KVM_RUN, may issue it.</summary>
    void InjectPendingNmi()
    {
        if (Interlocked.Exchange(ref _nmiPending, 0) != 0) _kvm.Nmi();
    }

    void ApplyPendingInitialise()
    {
        VcpuStartState? start;
        lock (_startLock)
        {
            start = _pendingStart;
            _pendingStart = null;
        }
        if (start is null) return;
        start.Apply(_kvm);
        _kvm.MpState = KvmMpState.Runnable;
    }
}

public sealed partial class Vcpu
{
    IReadOnlyCollection<int> _affinity = [];

    /// <summary>Host CPUs this vCPU's thread may run on (empty = any): applied now if the thread runs, else at start.</summary>
    internal void SetAffinity(IReadOnlyCollection<int> cpus)
    {
        _affinity = cpus.ToArray();
        try { _kvm.SetRunningThreadAffinity(_affinity); }
        catch (InvalidOperationException) { /* not started: RunLoop applies it */ }
    }

    /// <summary>The vCPU's hard affinity (xl vcpu-list).</summary>
    public IReadOnlyCollection<int> Affinity => _affinity;

    void ApplyAffinity()
    {
        if (_affinity.Count > 0) _kvm.SetRunningThreadAffinity(_affinity);
    }
}
