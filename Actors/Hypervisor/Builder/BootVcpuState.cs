namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>A segment register with its hidden part; <see cref="Attributes"/> uses Xen's packed "arbytes" layout.</summary>
/// <remarks>Attributes bits: type 3:0, S 4, DPL 6:5, P 7, AVL 8, L 9, D/B 10, G 11 (struct segment_register in Xen).</remarks>
public readonly record struct SegmentState(ushort Selector, ulong Base, uint Limit, ushort Attributes)
{
    public byte Type => (byte)(Attributes & 0xf);
    /// <summary>Code/data (true) or system (false) descriptor.</summary>
    public bool S => (Attributes & (1 << 4)) != 0;
    public byte Dpl => (byte)((Attributes >> 5) & 3);
    public bool Present => (Attributes & (1 << 7)) != 0;
    public bool Avl => (Attributes & (1 << 8)) != 0;
    public bool L => (Attributes & (1 << 9)) != 0;
    public bool Db => (Attributes & (1 << 10)) != 0;
    public bool G => (Attributes & (1 << 11)) != 0;
    /// <summary>A segment Xen leaves all zero: null and unusable (KVM's "unusable").</summary>
    public bool Unusable => !Present;
}

/// <summary>GDTR or IDTR.</summary>
public readonly record struct DescriptorTableState(ulong Base, ushort Limit);

/// <summary>
/// The register state the boot vCPU starts in, as Xen's libxc vcpu_hvm sets it for a PVH kernel and for
/// hvmloader: 32-bit flat protected mode, paging off (docs/misc/pvh.txt). Registers not listed are zero.
/// </summary>
public sealed record BootVcpuState(
    uint Eip,
    uint Ebx,
    uint Eflags,
    uint Cr0,
    uint Cr3,
    uint Cr4,
    ulong Efer,
    SegmentState Cs,
    SegmentState Ds,
    SegmentState Es,
    SegmentState Ss,
    SegmentState Fs,
    SegmentState Gs,
    SegmentState Tr,
    SegmentState Ldtr,
    DescriptorTableState Gdtr,
    DescriptorTableState Idtr,
    ulong Dr6,
    ulong Dr7,
    ulong MtrrDefType)
{
    /// <summary>CR0.PE | CR0.ET: protected mode, paging off (X86_CR0_PE | X86_CR0_ET in xg_dom_x86.c).</summary>
    public const uint BootCr0 = 0x11;

    /// <summary>EFLAGS with only the always-one bit 1 (IF, TF and VM clear, as pvh.txt requires).</summary>
    public const uint BootEflags = 0x2;

    /// <summary>X86_DR6_DEFAULT and X86_DR7_DEFAULT of xg_dom_x86.c.</summary>
    public const ulong Dr6Default = 0xffff0ff0, Dr7Default = 0x400;

    /// <summary>MSR_MTRRdefType for a domain without device model: MTRRs on, default write-back (MTRR_TYPE_WRBACK | MTRR_DEF_TYPE_ENABLE).</summary>
    public const ulong MtrrDefTypeWriteBack = 6 | (1 << 11);

    // The cached segment state of vcpu_hvm: flat 4 GiB code (arbytes 0xc9b: execute/read, accessed, S,
    // present, 32-bit, 4K granular) and data (0xc93: read/write, accessed), a busy 32-bit TSS (0x8b) of limit 0x67.
    static readonly SegmentState FlatCode = new(0, 0, 0xffffffff, 0xc9b);
    static readonly SegmentState FlatData = new(0, 0, 0xffffffff, 0xc93);
    static readonly SegmentState BusyTss = new(0, 0, 0x67, 0x8b);
    static readonly SegmentState Null = new(0, 0, 0, 0);

    /// <summary>
    /// A PVH boot: EIP = XEN_ELFNOTE_PHYS32_ENTRY, EBX = start_info gpa. MTRRs on with write-back default,
    /// as libxc sets them when there is no device model.
    /// </summary>
    public static BootVcpuState ForPvh(uint phys32Entry, uint startInfoGpa) =>
        Flat(phys32Entry, startInfoGpa, MtrrDefTypeWriteBack);

    /// <summary>
    /// An HVM boot (hvmloader, or a firmware_override kernel): EIP = e_entry, same mode. libxc loads EBX with the
    /// start_info address whenever it built one (hvmloader reads its modules from it); pass 0 when there is none.
    /// MTRRs are left to the firmware, as with a device model.
    /// </summary>
    public static BootVcpuState ForHvm(uint entry, uint startInfoGpa = 0) => Flat(entry, startInfoGpa, 0);

    static BootVcpuState Flat(uint eip, uint ebx, ulong mtrrDefType) => new(
        Eip: eip, Ebx: ebx, Eflags: BootEflags, Cr0: BootCr0, Cr3: 0, Cr4: 0, Efer: 0,
        Cs: FlatCode, Ds: FlatData, Es: FlatData, Ss: FlatData, Fs: Null, Gs: Null, Tr: BusyTss, Ldtr: Null,
        Gdtr: new(0, 0), Idtr: new(0, 0), Dr6: Dr6Default, Dr7: Dr7Default, MtrrDefType: mtrrDefType);
}
