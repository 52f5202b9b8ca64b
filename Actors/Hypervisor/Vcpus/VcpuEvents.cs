using Disagg.Actors.Hypervisor.Time;
using System.Runtime.InteropServices;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Event delivery to a vCPU: upcalls, SCHEDOP_block and SCHEDOP_poll.</summary>
public sealed partial class Vcpu
{
    readonly ManualResetEventSlim _wake = new(false);
    bool _loggedExtIntFallback;

    /// <summary>The vCPU's vcpu_info.evtchn_upcall_pending is set.</summary>
    internal bool UpcallPending()
    {
        var info = _domain.VcpuInfo(Id);
        return Volatile.Read(ref info[VcpuInfoLayout.X64.EvtchnUpcallPending]) != 0;
    }

    /// <summary>evtchn_upcall_pending went 0->1: deliver the upcall (Xen's vcpu_mark_events_pending + kick).</summary>
    internal void NotifyUpcall()
    {
        if (UpcallVector != 0)
        {
            // HVMOP_set_evtchn_upcall_vector: an edge-triggered fixed interrupt through the LAPIC, EOI'd by the guest.
            _domain.SignalVector(ApicId, UpcallVector);
            WakeFromBlock();
            return;
        }
        // HVM_PARAM_CALLBACK_IRQ vector: injected outside the LAPIC by this thread (PrepareCallbackInjection).
        Kick();
    }

    /// <summary>A port became pending for this vCPU: wake it if it is polling.</summary>
    internal void NotifyPortPending(uint port) => WakeFromBlock();

    internal void WakeFromBlock() => _wake.Set();

    /// <summary>
    /// Before KVM_RUN: Xen injects the callback vector whenever evtchn_upcall_pending is set and the guest
    /// can take interrupts (hvm_vcpu_has_pending_irq), with no LAPIC in-service bookkeeping and no EOI.
    /// On a split irqchip KVM_INTERRUPT does exactly that (an ExtINT-style injection).
    /// </summary>
    void PrepareCallbackInjection()
    {
        var vector = _domain.CallbackVector;
        if (vector == 0 || UpcallVector != 0 || !UpcallPending())
        {
            _kvm.RequestInterruptWindow = false;
            return;
        }
        if (_kvm.ReadyForInterruptInjection && _kvm.InterruptFlag)
        {
            _kvm.Interrupt(vector);
            _kvm.RequestInterruptWindow = false;
        }
        else if (_kvm.InterruptFlag && !_kvm.ReadyForInterruptInjection && !_domain.LapicAcceptsExtInt(this))
        {
            // The guest masked LVT0, so KVM will not take an ExtINT: fall back to the LAPIC (needs an EOI).
            if (!_loggedExtIntFallback)
            {
                _domain.Log.Core($"vCPU{Id}: LVT0 masked, callback vector 0x{vector:x} goes through the LAPIC", _domain.Id);
                _loggedExtIntFallback = true;
            }
            _domain.SignalVector(ApicId, vector);
        }
        else
        {
            _kvm.RequestInterruptWindow = true;
        }
    }

    /// <summary>Most ports one SCHEDOP_poll may wait on (Xen: 128).</summary>
    internal const int MaxPollPorts = 128;

    /// <summary>The ports of the SCHEDOP_poll in progress, filled by the hypercall: reused, so polling allocates nothing.</summary>
    internal uint[] PollPorts { get; } = new uint[MaxPollPorts];
    int _pollCount;

    /// <summary>SCHEDOP_block (and an HLT exit): sleep until an event is pending for this vCPU.</summary>
    internal void Block(bool enableEvents)
    {
        if (enableEvents)
        {
            // local_event_delivery_enable(): clear evtchn_upcall_mask.
            Volatile.Write(ref _domain.VcpuInfo(Id)[VcpuInfoLayout.X64.EvtchnUpcallMask], (byte)0);
        }
        WaitFor(static v => v.UpcallPending(), deadlineNs: 0);
    }

    /// <summary>SCHEDOP_poll: sleep until one of the first <paramref name="count"/> <see cref="PollPorts"/> is pending
    /// or the deadline (system time, 0 = none) passes.</summary>
    internal void Poll(int count, long deadlineNs)
    {
        _pollCount = count;
        WaitFor(static v => v.AnyPolledPortPending(), deadlineNs);
    }

    bool AnyPolledPortPending()
    {
        for (var i = 0; i < _pollCount; i++)
            if (_domain.Events.IsPending(PollPorts[i])) return true;
        return false;
    }

    void WaitFor(Func<Vcpu, bool> ready, long deadlineNs)
    {
        EnterRunstate(RunstateKind.Blocked);
        try
        {
            while (_domain.IsRunnable(this))
            {
                _wake.Reset();
                if (ready(this)) return;
                if (deadlineNs == 0) { _wake.Wait(); continue; }
                var remainingNs = deadlineNs - SystemClock.NowNs;
                if (remainingNs <= 0) return;
                _wake.Wait(TimeSpan.FromTicks(Math.Max(1, remainingNs / 100)));
            }
        }
        finally
        {
            EnterRunstate(RunstateKind.Running);
            UpdateTime();   // the guest reads its clock first thing after waking
        }
    }
}
