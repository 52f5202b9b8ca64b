namespace Disagg.Hw.Kvm;

/// <summary>Memory slot flags (KVM_MEM_*).</summary>
[Flags]
public enum KvmMemoryFlags : uint { None = 0, LogDirtyPages = 1, ReadOnly = 2 }

/// <summary>vCPU multiprocessing state (KVM_MP_STATE_*).</summary>
public enum KvmMpState : uint
{
    Runnable = 0, Uninitialized = 1, InitReceived = 2, Halted = 3, SipiReceived = 4,
    Stopped = 5, CheckStop = 6, Operating = 7, Load = 8, ApResetHold = 9, Suspended = 10,
}

/// <summary>
/// One range of an MSR filter: <paramref name="Count"/> MSRs from <paramref name="BaseIndex"/>, one bit
/// each in <paramref name="Bitmap"/> (bit set = allow the access kinds selected by Read/Write; clear = exit
/// to user space with reason Filter, if enabled, else #GP).
/// </summary>
public readonly record struct KvmMsrFilterRange(bool Read, bool Write, uint BaseIndex, uint Count, byte[] Bitmap)
{
    /// <summary>A range that denies (sends to user space) both reads and writes of <paramref name="count"/> MSRs.</summary>
    public static KvmMsrFilterRange DenyAll(uint baseIndex, uint count) =>
        new(true, true, baseIndex, count, new byte[(count + 7) / 8]);
}

/// <summary>A GSI routed to an MSI (address/data as the guest's MSI capability would hold them).</summary>
public readonly record struct KvmMsiRoute(uint Gsi, ulong Address, uint Data);
