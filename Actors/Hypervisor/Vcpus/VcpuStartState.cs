using Disagg.Actors.Hypervisor.Builder;
using Disagg.Hw.Kvm;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>Xen's start segments (libxc vcpu_hvm) and their conversion to KVM's segment registers.</summary>
internal static class StartSegments
{
    /// <summary>32-bit flat read/execute code (Xen's PVH/hvmloader start state: attr 0xc9b).</summary>
    public static readonly SegmentState FlatCode32 = new(0, 0, 0xFFFF_FFFF, 0xC9B);
    /// <summary>64-bit code (attr 0xa9b).</summary>
    public static readonly SegmentState Code64 = new(0, 0, 0xFFFF_FFFF, 0xA9B);
    /// <summary>Flat read/write data (attr 0xc93).</summary>
    public static readonly SegmentState FlatData = new(0, 0, 0xFFFF_FFFF, 0xC93);
    /// <summary>A busy 32-bit TSS (attr 0x8b, limit 0x67), the TR Xen starts vCPUs with.</summary>
    public static readonly SegmentState BusyTss = new(0, 0, 0x67, 0x8B);

    /// <summary>KVM's form of a segment in Xen's 12-bit attribute encoding.</summary>
    public static KvmSegment ToKvm(this SegmentState s, ushort selector) => new()
    {
        Base = s.Base, Limit = s.Limit, Selector = selector, Type = s.Type,
        S = B(s.S), Dpl = s.Dpl, Present = B(s.Present), Avl = B(s.Avl), L = B(s.L), Db = B(s.Db), G = B(s.G),
        Unusable = B(s.Unusable),
    };

    static byte B(bool v) => v ? (byte)1 : (byte)0;
}

/// <summary>The architectural state a vCPU starts in: the builder's boot state or a VCPUOP_initialise context.</summary>
public sealed record VcpuStartState(
    ulong Rip, ulong Rsp, ulong Rflags,
    ulong Rax, ulong Rbx, ulong Rcx, ulong Rdx, ulong Rsi, ulong Rdi, ulong Rbp,
    ulong Cr0, ulong Cr3, ulong Cr4, ulong Efer,
    SegmentState Cs, SegmentState Ds, SegmentState Es, SegmentState Ss, SegmentState Tr)
{
    const ulong Cr0Pe = 1, Cr0Et = 1 << 4, Cr0Pg = 1ul << 31, Cr4Pae = 1 << 5, EferLme = 1 << 8, EferLma = 1 << 10;

    /// <summary>32-bit flat protected mode, paging off, at <paramref name="entry"/> with EBX = <paramref name="ebx"/>:
    /// how Xen starts a PVH kernel (docs/misc/pvh.txt) and hvmloader.</summary>
    public static VcpuStartState Flat32(ulong entry, ulong ebx) => new(
        entry, 0, 0x2, 0, ebx, 0, 0, 0, 0, 0, Cr0Pe | Cr0Et, 0, 0, 0,
        StartSegments.FlatCode32, StartSegments.FlatData, StartSegments.FlatData, StartSegments.FlatData, StartSegments.BusyTss);

    /// <summary>The builder's boot state (PVH entry or HVM firmware entry).</summary>
    public static VcpuStartState FromBoot(BootVcpuState b)
    {
        return new VcpuStartState(b.Eip, 0, b.Eflags, 0, b.Ebx, 0, 0, 0, 0, 0, b.Cr0, b.Cr3, b.Cr4, b.Efer,
            b.Cs, b.Ds, b.Es, b.Ss, b.Tr);
    }

    /// <summary>Validates and converts a vcpu_hvm_context as Xen's arch_set_info_hvm_guest does; null = -EINVAL.</summary>
    public static VcpuStartState? FromHvmContext(in VcpuHvmContext ctx)
    {
        if (ctx.mode == VcpuHvmContext.Mode64B)
        {
            var r = ctx.cpu_regs.x86_64;
            // Long mode requires paging, PAE and EFER.LME; Xen refuses anything else.
            if ((r.cr0 & (Cr0Pe | Cr0Pg)) != (Cr0Pe | Cr0Pg) || (r.cr4 & Cr4Pae) == 0 || (r.efer & EferLme) == 0)
                return null;
            return new VcpuStartState(r.rip, r.rsp, r.rflags | 2, r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp,
                r.cr0, r.cr3, r.cr4, r.efer | EferLma,
                StartSegments.Code64, StartSegments.FlatData, StartSegments.FlatData, StartSegments.FlatData, StartSegments.BusyTss);
        }
        if (ctx.mode != VcpuHvmContext.Mode32B) return null;
        var c = ctx.cpu_regs.x86_32;
        var cs = new SegmentState(0, c.cs_base, c.cs_limit, c.cs_ar);
        var ds = new SegmentState(0, c.ds_base, c.ds_limit, c.ds_ar);
        var es = new SegmentState(0, c.es_base, c.es_limit, c.es_ar);
        var ss = new SegmentState(0, c.ss_base, c.ss_limit, c.ss_ar);
        var tr = c.tr_ar == 0 ? StartSegments.BusyTss : new SegmentState(0, c.tr_base, c.tr_limit, c.tr_ar);
        if (!ValidCode(cs) || !ValidData(ds) || !ValidData(es) || !ValidData(ss) || !ValidTss(tr)) return null;
        if ((c.cr0 & Cr0Pe) == 0 || ((c.cr0 & Cr0Pg) != 0 && (c.efer & EferLme) != 0)) return null;
        return new VcpuStartState(c.eip, c.esp, c.eflags | 2, c.eax, c.ebx, c.ecx, c.edx, c.esi, c.edi, c.ebp,
            c.cr0, c.cr3, c.cr4, c.efer, cs, ds, es, ss, tr);
    }

    // check_segment() of xen/arch/x86/hvm/domain.c, reduced to what protects the core and KVM's entry checks.
    static bool ValidCode(SegmentState s) => s.Present && s.S && (s.Type & 0x8) != 0 && GranularityOk(s);
    static bool ValidData(SegmentState s) => !s.Present || (s.S && (s.Type & 0x8) == 0 && (s.Type & 0x2) != 0 && GranularityOk(s));
    static bool ValidTss(SegmentState s) => s.Present && !s.S && s.Type is 0xB or 0x3;
    static bool GranularityOk(SegmentState s) => (s.Attributes & 0x800) == 0 ? s.Limit <= 0xF_FFFF : (s.Limit & 0xFFF) == 0xFFF;

    /// <summary>Loads the state into a KVM vCPU (on its own thread, outside KVM_RUN).</summary>
    internal void Apply(KvmVcpu vcpu)
    {
        vcpu.GetSpecialRegisters(out var s);
        s.Cs = Cs.ToKvm(0x08);
        s.Ds = Ds.ToKvm(0x10);
        s.Es = Es.ToKvm(0x10);
        s.Fs = Ds.ToKvm(0x10);
        s.Gs = Ds.ToKvm(0x10);
        s.Ss = Ss.ToKvm(0x10);
        s.Tr = Tr.ToKvm(0x18);
        s.Ldt = new KvmSegment { Unusable = 1, Type = 2 };
        s.Gdt = default;
        s.Idt = default;
        s.Cr0 = Cr0;
        s.Cr3 = Cr3;
        s.Cr4 = Cr4;
        s.Efer = Efer;
        vcpu.SetSpecialRegisters(s);
        var r = new KvmRegisters
        {
            Rip = Rip, Rsp = Rsp, Rflags = Rflags, Rax = Rax, Rbx = Rbx, Rcx = Rcx, Rdx = Rdx,
            Rsi = Rsi, Rdi = Rdi, Rbp = Rbp,
        };
        vcpu.SetRegisters(r);
    }
}
