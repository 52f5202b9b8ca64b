using System.Runtime.InteropServices;
using Disagg.Hw.Kvm.Native;
using Microsoft.Win32.SafeHandles;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

/// <summary>
/// A virtual CPU: KVM_RUN and the exit data in its shared run page. Not thread-safe except
/// <see cref="Kick"/>; dispose only after the thread calling <see cref="Run"/> has stopped.
/// </summary>
public sealed unsafe partial class KvmVcpu : IDisposable
{
    private const uint KVM_EXIT_INTR = (uint)KvmExitReason.Interrupted;

    private readonly SafeFileHandle _fd;
    private readonly MappedMemory _runMap;
    private readonly kvm_run* _run;

    internal KvmVcpu(uint id, SafeFileHandle fd, MappedMemory runMap)
    {
        Id = id;
        _fd = fd;
        _runMap = runMap;
        _run = (kvm_run*)runMap.DangerousGetHandle();
    }

    /// <summary>The vCPU id (its initial APIC id).</summary>
    public uint Id { get; }

    /// <summary>The vCPU fd, for ioctls this layer does not wrap.</summary>
    public SafeHandle Handle => _fd;

    /// <summary>
    /// KVM_RUN until the next exit. Returns <see cref="KvmExitReason.Interrupted"/> when the ioctl
    /// returned EINTR (a signal, e.g. <see cref="Kick"/>, or <see cref="ImmediateExit"/>); clears
    /// ImmediateExit afterwards. Throws <see cref="KvmException"/> on any other error.
    /// </summary>
    public KvmExitReason Run()
    {
        // SAFETY: run maps this vCPU's kvm_run (VcpuMmapSize bytes); unmapped only by Dispose, which
        // must not race with Run (class contract).
        kvm_run* run = R;
        int rc = Libc.Ioctl(_fd, KVM_RUN, 0);
        int errno = rc < 0 ? Errno.Last : 0;
        Volatile.Write(ref run->immediate_exit, 0);
        // Order the clear before the caller re-reads its own "why was I kicked" flags (see Kick).
        Interlocked.MemoryBarrier();
        if (rc >= 0) return (KvmExitReason)run->exit_reason;
        if (errno != Errno.EINTR) Errno.Throw(errno, "KVM_RUN");
        run->exit_reason = KVM_EXIT_INTR;
        return KvmExitReason.Interrupted;
    }

    /// <summary>run-&gt;exit_reason of the last Run.</summary>
    public KvmExitReason ExitReason => (KvmExitReason)R->exit_reason;

    /// <summary>The port I/O exit of the last Run (ExitReason must be Io).</summary>
    public KvmIoExit Io
    {
        get
        {
            ExpectExit(KvmExitReason.Io);
            ref var io = ref R->io;
            ulong length = (ulong)io.size * io.count;
            if (io.data_offset + length > _runMap.Length) Errno.Throw(Errno.EFAULT, "KVM_EXIT_IO", "data outside the run area");
            // SAFETY: the bytes [data_offset, data_offset+size*count) were just checked to lie in the run mapping.
            var data = new Span<byte>((byte*)R + io.data_offset, (int)length);
            return new KvmIoExit((KvmIoDirection)io.direction, io.size, io.port, io.count, data);
        }
    }

    /// <summary>The MMIO exit of the last Run (ExitReason must be Mmio).</summary>
    public KvmMmioExit Mmio
    {
        get
        {
            ExpectExit(KvmExitReason.Mmio);
            ref var mmio = ref R->mmio;
            int length = (int)Math.Min(mmio.len, 8u);
            // SAFETY: mmio.data is 8 bytes inside the run mapping and length <= 8.
            var data = new Span<byte>((byte*)&R->mmio.data, length);
            return new KvmMmioExit(mmio.phys_addr, mmio.is_write != 0, data);
        }
    }

    /// <summary>run-&gt;msr of the last Run, in place (ExitReason must be X86ReadMsr or X86WriteMsr).</summary>
    /// <summary>The vector of a KVM_EXIT_IOAPIC_EOI exit (split irqchip, level-triggered GSI routes).</summary>
    public byte IoapicEoiVector
    {
        get
        {
            var reason = ExitReason;
            if (reason != KvmExitReason.IoapicEoi) ThrowWrongExit(reason, KvmExitReason.IoapicEoi);
            return R->eoi.vector;
        }
    }

    /// <summary>The Xen hypercall of a KVM_EXIT_XEN exit (hosts with KVM_CAP_XEN_HVM only).</summary>
    public ref KvmXenHypercall XenHypercall
    {
        get
        {
            var reason = ExitReason;
            if (reason != KvmExitReason.Xen || R->xen.type != KVM_EXIT_XEN_HCALL) ThrowWrongExit(reason, KvmExitReason.Xen);
            // SAFETY: run->xen lies inside the run mapping, which lives as long as this object.
            return ref R->xen.u.hcall;
        }
    }

    public ref KvmMsrExit Msr
    {
        get
        {
            var reason = ExitReason;
            if (reason != KvmExitReason.X86ReadMsr && reason != KvmExitReason.X86WriteMsr) ThrowWrongExit(reason, KvmExitReason.X86ReadMsr);
            // SAFETY: run->msr lies inside the run mapping, which lives as long as this object.
            return ref R->msr;
        }
    }

    /// <summary>run-&gt;internal.suberror for KVM_EXIT_INTERNAL_ERROR (1 = emulation failure).</summary>
    public uint InternalErrorSubError => R->@internal.suberror;

    /// <summary>run-&gt;fail_entry.hardware_entry_failure_reason for KVM_EXIT_FAIL_ENTRY.</summary>
    public ulong FailEntryReason => R->fail_entry.hardware_entry_failure_reason;

    /// <summary>run-&gt;system_event.type for KVM_EXIT_SYSTEM_EVENT (see <see cref="KvmSystemEvent"/>).</summary>
    public uint SystemEventType => R->system_event.type;

    /// <summary>run-&gt;ready_for_interrupt_injection: KVM_INTERRUPT would be accepted now.</summary>
    public bool ReadyForInterruptInjection => R->ready_for_interrupt_injection != 0;

    /// <summary>run-&gt;if_flag: the guest's RFLAGS.IF at the exit.</summary>
    public bool InterruptFlag => R->if_flag != 0;

    /// <summary>run-&gt;request_interrupt_window: exit with IrqWindowOpen as soon as the guest can take an interrupt.</summary>
    public bool RequestInterruptWindow
    {
        get => R->request_interrupt_window != 0;
        set => R->request_interrupt_window = value ? (byte)1 : (byte)0;
    }

    /// <summary>run-&gt;immediate_exit: the next Run returns Interrupted without entering the guest.</summary>
    public bool ImmediateExit
    {
        get => Volatile.Read(ref R->immediate_exit) != 0;
        set => Volatile.Write(ref R->immediate_exit, value ? (byte)1 : (byte)0);
    }

    /// <summary>run-&gt;cr8 (TPR) as of the last exit.</summary>
    public ulong Cr8 => R->cr8;

    /// <summary>run-&gt;apic_base as of the last exit.</summary>
    public ulong ApicBase => R->apic_base;

    // The run page, or ObjectDisposedException once Dispose has unmapped it.
    // SAFETY: every accessor of the run page goes through R; the page stays mapped until Dispose, and
    // the class contract forbids Dispose concurrently with other members (Kick takes its own reference).
    private kvm_run* R
    {
        get
        {
            if (_runMap.IsClosed) ThrowDisposed();
            return _run;
        }
    }

    private void ThrowDisposed() => throw new ObjectDisposedException(nameof(KvmVcpu));

    private void ExpectExit(KvmExitReason expected)
    {
        var reason = ExitReason;
        if (reason != expected) ThrowWrongExit(reason, expected);
    }

    private static void ThrowWrongExit(KvmExitReason actual, KvmExitReason expected) =>
        throw new InvalidOperationException($"last exit was {actual}, not {expected}");

    /// <inheritdoc/>
    public void Dispose()
    {
        Volatile.Write(ref _boundTid, 0);
        _runMap.Dispose();
        _fd.Dispose();
    }
}
