namespace Disagg.Xen;

/// <summary>EVTCHNOP_* sub-commands of __HYPERVISOR_event_channel_op.</summary>
public enum EventChannelOp : int
{
    /// <summary>EVTCHNOP_bind_interdomain</summary>
    BindInterdomain = 0,
    /// <summary>EVTCHNOP_bind_virq</summary>
    BindVirq = 1,
    /// <summary>EVTCHNOP_bind_pirq</summary>
    BindPirq = 2,
    /// <summary>EVTCHNOP_close</summary>
    Close = 3,
    /// <summary>EVTCHNOP_send</summary>
    Send = 4,
    /// <summary>EVTCHNOP_status</summary>
    Status = 5,
    /// <summary>EVTCHNOP_alloc_unbound</summary>
    AllocUnbound = 6,
    /// <summary>EVTCHNOP_bind_ipi</summary>
    BindIpi = 7,
    /// <summary>EVTCHNOP_bind_vcpu</summary>
    BindVcpu = 8,
    /// <summary>EVTCHNOP_unmask</summary>
    Unmask = 9,
    /// <summary>EVTCHNOP_reset</summary>
    Reset = 10,
    /// <summary>EVTCHNOP_init_control</summary>
    InitControl = 11,
    /// <summary>EVTCHNOP_expand_array</summary>
    ExpandArray = 12,
    /// <summary>EVTCHNOP_set_priority</summary>
    SetPriority = 13,
    /// <summary>EVTCHNOP_reset_cont</summary>
    /// <remarks>Defined only under __XEN__: Xen's own continuation of EVTCHNOP_reset.</remarks>
    ResetCont = 14,
}

/// <summary>EVTCHNSTAT_* values of evtchn_status.status.</summary>
public enum EvtchnStatusKind : uint
{
    /// <summary>EVTCHNSTAT_closed</summary>
    Closed = 0,
    /// <summary>EVTCHNSTAT_unbound</summary>
    Unbound = 1,
    /// <summary>EVTCHNSTAT_interdomain</summary>
    Interdomain = 2,
    /// <summary>EVTCHNSTAT_pirq</summary>
    Pirq = 3,
    /// <summary>EVTCHNSTAT_virq</summary>
    Virq = 4,
    /// <summary>EVTCHNSTAT_ipi</summary>
    Ipi = 5,
}

/// <summary>VIRQ_* virtual IRQs bindable with EVTCHNOP_bind_virq.</summary>
public enum Virq : uint
{
    /// <summary>VIRQ_TIMER</summary>
    Timer = 0,
    /// <summary>VIRQ_DEBUG</summary>
    Debug = 1,
    /// <summary>VIRQ_CONSOLE</summary>
    Console = 2,
    /// <summary>VIRQ_DOM_EXC</summary>
    DomExc = 3,
    /// <summary>VIRQ_TBUF</summary>
    Tbuf = 4,
    /// <summary>VIRQ_DEBUGGER</summary>
    Debugger = 6,
    /// <summary>VIRQ_XENOPROF</summary>
    Xenoprof = 7,
    /// <summary>VIRQ_CON_RING</summary>
    ConRing = 8,
    /// <summary>VIRQ_PCPU_STATE</summary>
    PcpuState = 9,
    /// <summary>VIRQ_MEM_EVENT</summary>
    MemEvent = 10,
    /// <summary>VIRQ_ARGO</summary>
    Argo = 11,
    /// <summary>VIRQ_ENOMEM</summary>
    Enomem = 12,
    /// <summary>VIRQ_XENPMU</summary>
    Xenpmu = 13,
    /// <summary>VIRQ_ARCH_0</summary>
    Arch0 = 16,
    /// <summary>VIRQ_ARCH_1</summary>
    Arch1 = 17,
    /// <summary>VIRQ_ARCH_2</summary>
    Arch2 = 18,
    /// <summary>VIRQ_ARCH_3</summary>
    Arch3 = 19,
    /// <summary>VIRQ_ARCH_4</summary>
    Arch4 = 20,
    /// <summary>VIRQ_ARCH_5</summary>
    Arch5 = 21,
    /// <summary>VIRQ_ARCH_6</summary>
    Arch6 = 22,
    /// <summary>VIRQ_ARCH_7</summary>
    Arch7 = 23,
}

/// <summary>Event-channel limits and FIFO-ABI constants (64-bit guest values; the *32 twins are for x86_32 guests).</summary>
public static class EvtchnLimits
{
    /// <summary>NR_VIRQS</summary>
    public const int NrVirqs = 24;
    /// <summary>EVTCHN_2L_NR_CHANNELS</summary>
    public const int NrChannels2L = 0x1000;
    /// <summary>BIND_PIRQ__WILL_SHARE</summary>
    public const uint BindPirqWillShare = 1U;
    /// <summary>EVTCHN_FIFO_PRIORITY_MAX</summary>
    public const uint FifoPriorityMax = 0U;
    /// <summary>EVTCHN_FIFO_PRIORITY_DEFAULT</summary>
    public const uint FifoPriorityDefault = 7U;
    /// <summary>EVTCHN_FIFO_PRIORITY_MIN</summary>
    public const uint FifoPriorityMin = 15U;
    /// <summary>EVTCHN_FIFO_MAX_QUEUES</summary>
    public const int FifoMaxQueues = 16;
    /// <summary>EVTCHN_FIFO_PENDING</summary>
    public const int FifoPending = 31;
    /// <summary>EVTCHN_FIFO_MASKED</summary>
    public const int FifoMasked = 30;
    /// <summary>EVTCHN_FIFO_LINKED</summary>
    public const int FifoLinked = 29;
    /// <summary>EVTCHN_FIFO_BUSY</summary>
    public const int FifoBusy = 28;
    /// <summary>EVTCHN_FIFO_LINK_BITS</summary>
    public const int FifoLinkBits = 17;
    /// <summary>EVTCHN_FIFO_LINK_MASK</summary>
    public const uint FifoLinkMask = 0x1FFFFU;
    /// <summary>EVTCHN_FIFO_NR_CHANNELS</summary>
    public const int FifoNrChannels = 0x20000;
    /// <summary>EVTCHN_2L_NR_CHANNELS</summary>
    public const int NrChannels2L32 = 1024;
}
