using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>Routes a hypercall number to its handler: the hypercall table of an HVM/PVH domain.</summary>
/// <remarks>Anything not in the table answers -ENOSYS, as Xen's hvm_hypercall_table does for unset entries.</remarks>
public static class HypercallTable
{
    public delegate long Handler(HypercallContext context, in HypercallArgs args);

    /// <summary>Hypercall numbers are below 64 (NR_hypercalls).</summary>
    public const int Size = 64;

    static readonly Handler?[] Handlers = Build();

    static Handler?[] Build()
    {
        var table = new Handler?[Size];
        table[(int)HypercallNumber.XenVersion] = XenVersionHypercall.Handle;
        table[(int)HypercallNumber.ConsoleIo] = ConsoleIoHypercall.Handle;
        table[(int)HypercallNumber.HvmOp] = HvmOpHypercall.Handle;
        table[(int)HypercallNumber.MemoryOp] = MemoryOpHypercall.Handle;
        table[(int)HypercallNumber.EventChannelOp] = EventChannelHypercall.Handle;
        table[(int)HypercallNumber.GrantTableOp] = GrantTableHypercall.Handle;
        table[(int)HypercallNumber.SchedOp] = SchedOpHypercall.Handle;
        table[(int)HypercallNumber.SetTimerOp] = SchedOpHypercall.SetTimerOp;
        table[(int)HypercallNumber.VcpuOp] = VcpuOpHypercall.Handle;
        table[(int)HypercallNumber.VmAssist] = VmAssistHypercall.Handle;
        table[(int)HypercallNumber.Multicall] = MulticallHypercall.Handle;
        table[(int)HypercallNumber.PhysdevOp] = PrivilegedHypercalls.PhysdevOp;
        table[(int)HypercallNumber.PlatformOp] = PrivilegedHypercalls.PlatformOp;
        table[(int)HypercallNumber.Domctl] = PrivilegedHypercalls.Domctl;
        table[(int)HypercallNumber.Sysctl] = PrivilegedHypercalls.Sysctl;
        return table;
    }

    /// <summary>Runs one hypercall; never throws for guest input (a handler bug becomes -EFAULT plus a log line).</summary>
    public static long Dispatch(HypercallContext context, ulong number, in HypercallArgs args)
    {
        if (number >= Size || Handlers[number] is not { } handler) return -(long)XenErrno.ENOSYS;
        return handler(context, args);
    }

    /// <summary>Whether a number is implemented (multicall refuses to nest itself through this).</summary>
    public static bool IsImplemented(ulong number) => number < Size && Handlers[number] is not null;
}
