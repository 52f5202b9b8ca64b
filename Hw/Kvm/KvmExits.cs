using System.Runtime.InteropServices;

namespace Disagg.Hw.Kvm;

/// <summary>Why KVM_RUN returned: run-&gt;exit_reason (KVM_EXIT_* in &lt;linux/kvm.h&gt;).</summary>
public enum KvmExitReason : uint
{
    Unknown = 0, Exception = 1, Io = 2, Hypercall = 3, Debug = 4, Hlt = 5, Mmio = 6, IrqWindowOpen = 7,
    Shutdown = 8, FailEntry = 9,
    /// <summary>KVM_EXIT_INTR: a signal or ImmediateExit interrupted KVM_RUN (the ioctl returned EINTR).</summary>
    Interrupted = 10,
    SetTpr = 11, TprAccess = 12, Nmi = 16, InternalError = 17, Watchdog = 21, SystemEvent = 24,
    IoapicEoi = 26, HyperV = 27, X86ReadMsr = 29, X86WriteMsr = 30, DirtyRingFull = 31,
    ApResetHold = 32, X86BusLock = 33, Xen = 34, Notify = 37,
}

/// <summary>Direction of a port I/O exit (KVM_EXIT_IO_IN / KVM_EXIT_IO_OUT).</summary>
public enum KvmIoDirection : byte { In = 0, Out = 1 }

/// <summary>Why an MSR access exited to user space (KVM_MSR_EXIT_REASON_*); also the mask for enabling them.</summary>
[Flags]
public enum KvmMsrExitReasons : uint { None = 0, Invalid = 1, Unknown = 2, Filter = 4 }

/// <summary>Sub-type of KVM_EXIT_SYSTEM_EVENT (KVM_SYSTEM_EVENT_*).</summary>
public enum KvmSystemEvent : uint { Shutdown = 1, Reset = 2, Crash = 3, Wakeup = 4, Suspend = 5 }

/// <summary>
/// A port I/O exit. <see cref="Data"/> points into the vCPU's run page (Size * Count bytes): read it
/// for Out, fill it for In before the next Run. Valid until the next Run.
/// </summary>
public readonly ref struct KvmIoExit
{
    internal KvmIoExit(KvmIoDirection direction, byte size, ushort port, uint count, Span<byte> data)
    {
        Direction = direction; Size = size; Port = port; Count = count; Data = data;
    }

    public KvmIoDirection Direction { get; }
    /// <summary>Access width in bytes: 1, 2 or 4.</summary>
    public byte Size { get; }
    public ushort Port { get; }
    /// <summary>Repetitions (string I/O, rep ins/outs); 1 for a plain in/out.</summary>
    public uint Count { get; }
    public Span<byte> Data { get; }
}

/// <summary>An MMIO exit; <see cref="Data"/> (Length bytes, at most 8) lives in the run page.</summary>
public readonly ref struct KvmMmioExit
{
    internal KvmMmioExit(ulong physicalAddress, bool isWrite, Span<byte> data)
    {
        PhysicalAddress = physicalAddress; IsWrite = isWrite; Data = data;
    }

    public ulong PhysicalAddress { get; }
    public bool IsWrite { get; }
    /// <summary>Written value for a write; fill it for a read before the next Run.</summary>
    public Span<byte> Data { get; }
}

/// <summary>
/// run-&gt;msr for KVM_EXIT_X86_RDMSR / KVM_EXIT_X86_WRMSR, used in place in the run page.
/// Set <see cref="Error"/> to 1 to inject #GP; set <see cref="Data"/> to answer a rdmsr.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct KvmMsrExit
{
    [FieldOffset(0)] private byte error;
    [FieldOffset(1)] private Native.Array7<byte> pad;
    [FieldOffset(8)] private uint reason;
    [FieldOffset(12)] private uint index;
    [FieldOffset(16)] private ulong data;

    /// <summary>user -&gt; kernel: nonzero injects #GP into the guest.</summary>
    public byte Error { readonly get => error; set => error = value; }
    public readonly KvmMsrExitReasons Reason => (KvmMsrExitReasons)reason;
    public readonly uint Index => index;
    /// <summary>The value written (wrmsr), or the value to return (rdmsr).</summary>
    public ulong Data { readonly get => data; set => data = value; }
}

/// <summary>run-&gt;xen.u.hcall: a Xen hypercall (VMCALL/VMMCALL) the kernel handed to user space (KVM_EXIT_XEN).</summary>
/// <remarks>Only hosts with KVM_CAP_XEN_HVM produce this exit. Set <see cref="Result"/>; KVM puts it in rax on re-entry.</remarks>
[StructLayout(LayoutKind.Sequential)]
public struct KvmXenHypercall
{
#pragma warning disable IDE1006 // C names, checked against the header
    private uint longmode;
    private uint cpl;
    private ulong input;
    private ulong result;
    private Native.Array6<ulong> @params;
#pragma warning restore IDE1006

    /// <summary>The guest was in 64-bit mode (arguments rdi, rsi, rdx, r10, r8, r9; else ebx, ecx, edx, esi, edi, ebp).</summary>
    public readonly bool LongMode => longmode != 0;
    public readonly uint Cpl => cpl;
    /// <summary>The hypercall number (rax/eax).</summary>
    public readonly ulong Input => input;
    public ulong Result { readonly get => result; set => result = value; }
    /// <summary>Argument <paramref name="index"/> (0..5).</summary>
    public readonly ulong Param(int index) => (uint)index < 6 ? @params[index] : throw new ArgumentOutOfRangeException(nameof(index));
}
