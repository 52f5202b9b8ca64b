namespace Disagg.Actors.Hypervisor.Platform;

/// <summary>
/// One 64-bit IOAPIC redirection table entry (82093AA datasheet, 3.2.4) and its translation to an MSI
/// (Intel SDM vol. 3, 11.11), the way QEMU's split-irqchip IOAPIC hands them to KVM_SIGNAL_MSI.
/// </summary>
internal readonly record struct IoApicEntry(ulong Bits)
{
    public const ulong MaskBit = 1ul << 16;
    public const ulong RemoteIrrBit = 1ul << 14;
    public const ulong DeliveryStatusBit = 1ul << 12;

    /// <summary>The reset value: masked, everything else zero (vioapic_reset).</summary>
    public static readonly IoApicEntry Reset = new(MaskBit);

    public byte Vector => (byte)Bits;
    /// <summary>000 fixed, 001 lowest priority, 010 SMI, 100 NMI, 101 INIT, 111 ExtINT.</summary>
    public int DeliveryMode => (int)(Bits >> 8) & 7;
    public bool LogicalDestination => (Bits & (1ul << 11)) != 0;
    public bool RemoteIrr => (Bits & RemoteIrrBit) != 0;
    public bool LevelTriggered => (Bits & (1ul << 15)) != 0;
    public bool Masked => (Bits & MaskBit) != 0;
    public byte Destination => (byte)(Bits >> 56);

    public const int Fixed = 0, LowestPriority = 1, Nmi = 4;

    /// <summary>
    /// The MSI address: 0xFEE00000 | destination &lt;&lt; 12 | destination mode &lt;&lt; 2 (no redirection hint,
    /// as QEMU's ioapic_entry_parse).
    /// </summary>
    public ulong MsiAddress => 0xFEE0_0000ul | ((ulong)Destination << 12) | (LogicalDestination ? 1ul << 2 : 0);

    /// <summary>The MSI data: vector, delivery mode &lt;&lt; 8, level assert (bit 14) and trigger mode (bit 15) for level entries.</summary>
    public uint MsiData => Vector | ((uint)DeliveryMode << 8) | (LevelTriggered ? (1u << 14) | (1u << 15) : 0);

    public IoApicEntry With(ulong bit, bool set) => new(set ? Bits | bit : Bits & ~bit);
}
