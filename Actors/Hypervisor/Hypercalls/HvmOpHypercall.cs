using Disagg.Actors.Hypervisor.Time;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Actors.Hypervisor.Logging;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_hvm_op(cmd, arg): HVM parameters, the per-vCPU upcall vector, time.</summary>
public static class HvmOpHypercall
{
    public static long Handle(HypercallContext c, in HypercallArgs a) => (HvmOpCmd)(int)a.A1 switch
    {
        HvmOpCmd.SetParam => SetParam(c, a.A2),
        HvmOpCmd.GetParam => GetParam(c, a.A2),
        HvmOpCmd.SetEvtchnUpcallVector => SetUpcallVector(c, a.A2),
        HvmOpCmd.GetTime => c.Memory.TryWrite(a.A2, (ulong)SystemClock.NowNs) ? 0 : -(long)XenErrno.EFAULT,
        HvmOpCmd.PagetableDying => 0,       // a hint for shadow paging; nothing to do with EPT/NPT
        _ => -(long)XenErrno.ENOSYS,
    };

    static long SetParam(HypercallContext c, ulong arg)
    {
        if (!c.Memory.TryRead<HvmParam>(arg, out var p)) return -(long)XenErrno.EFAULT;
        var rc = Target(c, p.domid, out var d);
        if (rc != 0) return rc;
        if (p.index >= HvmParam.Nr) return -(long)XenErrno.EINVAL;
        if (d == c.Domain && !GuestMaySet(p.index)) return -(long)XenErrno.EPERM;
        if (p.index == HvmParam.CallbackIrq)
        {
            var type = p.value >> HvmParam.CallbackTypeShift;
            if (type > HvmParam.CallbackTypeVector) return -(long)XenErrno.EINVAL;
            // hvm_latch_shinfo_size(): the shared_info layout follows the mode the guest sets its callback in.
            if (d == c.Domain) d.Is32Bit = c.Is32Bit;
            if (type != HvmParam.CallbackTypeVector && type != 0)
                d.Log.Core($"callback via type {type} (GSI/PCI INTx) is not delivered yet; use a vector", d.Id);
        }
        d.Params[(int)p.index] = p.value;
        if (p.index == HvmParam.CallbackIrq) d.KickAll();   // deliver anything already pending
        return 0;
    }

    static long GetParam(HypercallContext c, ulong arg)
    {
        if (!c.Memory.TryRead<HvmParam>(arg, out var p)) return -(long)XenErrno.EFAULT;
        var rc = Target(c, p.domid, out var d);
        if (rc != 0) return rc;
        if (p.index >= HvmParam.Nr) return -(long)XenErrno.EINVAL;
        if (d == c.Domain && !GuestMayGet(p.index)) return -(long)XenErrno.EPERM;
        p.value = d.Params[(int)p.index];
        return c.Memory.TryWrite(arg, p) ? 0 : -(long)XenErrno.EFAULT;
    }

    /// <summary>hvm_allow_set_param: what a guest may set on itself.</summary>
    static bool GuestMaySet(uint index) => index is HvmParam.CallbackIrq or HvmParam.Vm86Tss or HvmParam.Vm86TssSized
        or HvmParam.AcpiIoportsLocation or HvmParam.VmGenerationIdAddr or HvmParam.StoreEvtchn
        or HvmParam.ConsoleEvtchn or HvmParam.X87FipWidth;

    /// <summary>hvm_allow_get_param: what a guest may read of itself.</summary>
    static bool GuestMayGet(uint index) => index is HvmParam.CallbackIrq or HvmParam.Vm86Tss or HvmParam.Vm86TssSized
        or HvmParam.AcpiIoportsLocation or HvmParam.VmGenerationIdAddr or HvmParam.StorePfn
        or HvmParam.StoreEvtchn or HvmParam.ConsolePfn or HvmParam.ConsoleEvtchn or HvmParam.Altp2m
        or HvmParam.X87FipWidth;

    static long SetUpcallVector(HypercallContext c, ulong arg)
    {
        if (!c.Memory.TryRead<HvmEvtchnUpcallVector>(arg, out var op)) return -(long)XenErrno.EFAULT;
        if (op.vector < 0x10) return -(long)XenErrno.EINVAL;
        if (op.vcpu >= c.Domain.VcpuCount) return -(long)XenErrno.ENOENT;
        var v = c.Domain.GetVcpu(op.vcpu);
        v.UpcallVector = op.vector;
        if (v.UpcallPending()) v.NotifyUpcall();
        return 0;
    }

    /// <summary>Resolves the domid of an hvm_op: self, or another domain for a privileged caller (XSM_TARGET).</summary>
    internal static long Target(HypercallContext c, ushort domid, out Domain target)
    {
        target = c.Domain;
        if (domid == DomId.Self || domid == c.Domain.Id) return 0;
        if (!c.Domain.Host.TryGetDomain(domid, out var other)) return -(long)XenErrno.ESRCH;
        if (!c.Caller.IsPrivileged) return -(long)XenErrno.EPERM;
        target = other;
        return 0;
    }
}
