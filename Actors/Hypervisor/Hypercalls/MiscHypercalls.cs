using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_vm_assist(cmd, type): an HVM guest may only toggle runstate_update_flag.</summary>
public static class VmAssistHypercall
{
    /// <summary>HVM_VM_ASSIST_MASK of Xen 4.17.</summary>
    const ulong HvmMask = 1ul << (int)VmAssistType.RunstateUpdateFlag;

    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        var type = a.A2;
        if (type >= 64 || (HvmMask & (1ul << (int)type)) == 0) return -(long)XenErrno.EINVAL;
        switch ((VmAssistCmd)(int)a.A1)
        {
            case VmAssistCmd.Enable: c.Domain.VmAssist |= 1ul << (int)type; return 0;
            case VmAssistCmd.Disable: c.Domain.VmAssist &= ~(1ul << (int)type); return 0;
            default: return -(long)XenErrno.ENOSYS;
        }
    }
}

/// <summary>__HYPERVISOR_multicall(call_list, nr_calls): each entry dispatched through the hypercall table.</summary>
public static class MulticallHypercall
{
    const int Entry64 = 64, Entry32 = 32;

    /// <summary>Bound on one multicall's length so a guest cannot hold its vCPU here indefinitely.</summary>
    const uint MaxCalls = 4096;

    [ThreadStatic] static bool _inMulticall;

    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        // Xen: "Multicall reentry is disallowed."
        if (_inMulticall) return -(long)XenErrno.EINVAL;
        var list = a.A1;
        var count = (uint)a.A2;
        if (count > MaxCalls) return -(long)XenErrno.EINVAL;
        var size = c.Is32Bit ? Entry32 : Entry64;
        var wordSize = c.Is32Bit ? 4 : 8;
        Span<byte> entry = stackalloc byte[Entry64];
        Span<byte> resultBytes = stackalloc byte[8];
        _inMulticall = true;
        try
        {
            for (var i = 0u; i < count; i++)
            {
                var address = list + i * (ulong)size;
                var e = entry[..size];
                if (!c.Memory.TryRead(address, e)) return -(long)XenErrno.EFAULT;
                var op = Word(e, 0, wordSize);
                var args = new HypercallArgs(Word(e, 2, wordSize), Word(e, 3, wordSize), Word(e, 4, wordSize),
                    Word(e, 5, wordSize), Word(e, 6, wordSize));
                var result = HypercallTable.Dispatch(c, op, args);
                BitConverter.TryWriteBytes(resultBytes, result);
                if (!c.Memory.TryWrite(address + (ulong)wordSize, resultBytes[..wordSize])) return -(long)XenErrno.EFAULT;
            }
            return 0;
        }
        finally { _inMulticall = false; }
    }

    /// <summary>xen_ulong_t number <paramref name="index"/> of a multicall_entry (op, result, args[6]).</summary>
    static ulong Word(ReadOnlySpan<byte> entry, int index, int wordSize) => wordSize == 8
        ? BitConverter.ToUInt64(entry[(index * 8)..])
        : BitConverter.ToUInt32(entry[(index * 4)..]);
}

/// <summary>The hypercalls of the hardware and control domains, as a domU sees them.</summary>
/// <remarks>
/// physdev_op: an HVM domU without emulated PIRQs gets -ENOSYS for everything (hvm_physdev_op).
/// platform_op, domctl, sysctl: Xen copies the argument (-EFAULT), checks the interface version (-EACCES),
/// then XSM refuses a domU (-EPERM). Dom0's privileged operations reach the core through the hypercall
/// socket and <see cref="Disagg.Actors.Hypervisor.Domains.DomainControl"/>, never through a guest vCPU.
/// </remarks>
public static class PrivilegedHypercalls
{
    public static long PhysdevOp(HypercallContext c, in HypercallArgs a) => -(long)XenErrno.ENOSYS;

    public static long PlatformOp(HypercallContext c, in HypercallArgs a) =>
        Refuse(c, a.A1, size: 136, versionOffset: 4, Disagg.Xen.PlatformOp.InterfaceVersion);

    public static long Domctl(HypercallContext c, in HypercallArgs a) =>
        Refuse(c, a.A1, size: 144, versionOffset: 4, XenInterfaceVersions.Domctl);

    public static long Sysctl(HypercallContext c, in HypercallArgs a) =>
        Refuse(c, a.A1, size: 136, versionOffset: 4, XenInterfaceVersions.Sysctl);

    // Sizes: sizeof(struct xen_platform_op) = 136, xen_domctl = 144, xen_sysctl = 136 (Xen 4.17, x86_64).
    static long Refuse(HypercallContext c, ulong arg, int size, int versionOffset, uint expectedVersion)
    {
        Span<byte> op = stackalloc byte[size];
        if (!c.Memory.TryRead(arg, op)) return -(long)XenErrno.EFAULT;
        if (BitConverter.ToUInt32(op[versionOffset..]) != expectedVersion) return -(long)XenErrno.EACCES;
        return -(long)XenErrno.EPERM;
    }
}
