using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Keeps the guest's registered runstate area (VCPUOP_register_runstate_memory_area) current.</summary>
public sealed partial class Vcpu
{
    /// <summary>Moves to a runstate and, from the vCPU's own thread, writes the guest's runstate area.</summary>
    /// <remarks>
    /// Xen rewrites the area at every context switch (update_runstate_area). With VMASST_TYPE_runstate_update_flag
    /// the guest asked for XEN_RUNSTATE_UPDATE in state_entry_time while the area changes, so a reader on another
    /// vCPU can tell a torn copy from a consistent one.
    /// </remarks>
    internal void EnterRunstate(RunstateKind next)
    {
        if (Runstate.State == next) return;
        Runstate.Enter(next);
        PublishRunstate();
    }

    /// <summary>Writes the registered runstate area (on this vCPU's thread: the area is guest-virtual).</summary>
    internal void PublishRunstate()
    {
        if (RunstateArea == 0) return;
        var layout = _domain.Is32Bit ? RunstateLayout.X86_32 : RunstateLayout.X64;
        var flagged = (_domain.VmAssist & (1ul << (int)VmAssistType.RunstateUpdateFlag)) != 0;
        Span<byte> area = stackalloc byte[layout.Size];
        var entry = Runstate.Encode(area, layout, includeCurrent: false, flagged ? RunstateLayout.UpdateFlag : 0);
        var entryField = RunstateArea + (ulong)layout.StateEntryTime;
        if (flagged && !_virtualMemory.TryWrite(entryField, entry | RunstateLayout.UpdateFlag)) return;
        Thread.MemoryBarrier();
        if (!_virtualMemory.TryWrite(RunstateArea, area)) return;   // a bad area is the guest's loss, as in Xen
        Thread.MemoryBarrier();
        if (flagged) _virtualMemory.TryWrite(entryField, entry);
    }
}
