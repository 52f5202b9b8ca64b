using System.Runtime.InteropServices;

namespace Disagg.Xen;

// Event-channel hypercall arguments (xen/event_channel.h). Identical for 64-bit and x86_32 guests.

/// <summary>struct evtchn_alloc_unbound</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnAllocUnbound
{
    /// <summary>IN: domain that allocates the port (DOMID_SELF for the caller).</summary>
    public ushort dom;
    /// <summary>IN: domain allowed to bind to it.</summary>
    public ushort remote_dom;
    /// <summary>OUT: the new unbound port.</summary>
    public uint port;
}

/// <summary>struct evtchn_bind_interdomain</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnBindInterdomain
{
    /// <summary>IN: remote domain.</summary>
    public ushort remote_dom;
    /// <summary>IN: unbound port in the remote domain.</summary>
    public uint remote_port;
    /// <summary>OUT: new local port.</summary>
    public uint local_port;
}

/// <summary>struct evtchn_bind_virq</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnBindVirq
{
    /// <summary>IN: VIRQ_* number.</summary>
    public uint virq;
    /// <summary>IN: vCPU to deliver on.</summary>
    public uint vcpu;
    /// <summary>OUT: bound port.</summary>
    public uint port;
}

/// <summary>struct evtchn_bind_pirq</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnBindPirq
{
    /// <summary>IN: physical IRQ.</summary>
    public uint pirq;
    /// <summary>IN: BIND_PIRQ__* flags.</summary>
    public uint flags;
    /// <summary>OUT: bound port.</summary>
    public uint port;
}

/// <summary>struct evtchn_bind_ipi</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnBindIpi
{
    /// <summary>IN: vCPU to deliver on.</summary>
    public uint vcpu;
    /// <summary>OUT: bound port.</summary>
    public uint port;
}

/// <summary>struct evtchn_close</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnClose
{
    /// <summary>IN: port to close.</summary>
    public uint port;
}

/// <summary>struct evtchn_send</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnSend
{
    /// <summary>IN: port to notify.</summary>
    public uint port;
}

/// <summary>struct evtchn_status</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnStatus
{
    /// <summary>IN: domain owning the port.</summary>
    public ushort dom;
    /// <summary>IN: port to query.</summary>
    public uint port;
    /// <summary>OUT: EVTCHNSTAT_* (see <see cref="EvtchnStatusKind"/>).</summary>
    public uint status;
    /// <summary>OUT: vCPU the port is bound to.</summary>
    public uint vcpu;
    /// <summary>OUT: binding details, selected by status.</summary>
    public Union u;

    /// <summary>struct evtchn_status.u</summary>
    [StructLayout(LayoutKind.Explicit)]
    public struct Union
    {
        /// <summary>EVTCHNSTAT_unbound.</summary>
        [FieldOffset(0)] public Unbound unbound;
        /// <summary>EVTCHNSTAT_interdomain.</summary>
        [FieldOffset(0)] public Interdomain interdomain;
        /// <summary>EVTCHNSTAT_pirq.</summary>
        [FieldOffset(0)] public uint pirq;
        /// <summary>EVTCHNSTAT_virq.</summary>
        [FieldOffset(0)] public uint virq;
    }

    /// <summary>struct evtchn_status.u.unbound</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Unbound
    {
        /// <summary>Domain allowed to bind.</summary>
        public ushort dom;
    }

    /// <summary>struct evtchn_status.u.interdomain</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Interdomain
    {
        /// <summary>Remote domain.</summary>
        public ushort dom;
        /// <summary>Remote port.</summary>
        public uint port;
    }
}

/// <summary>struct evtchn_bind_vcpu</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnBindVcpu
{
    /// <summary>IN: port to rebind.</summary>
    public uint port;
    /// <summary>IN: new target vCPU.</summary>
    public uint vcpu;
}

/// <summary>struct evtchn_unmask</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnUnmask
{
    /// <summary>IN: port to unmask.</summary>
    public uint port;
}

/// <summary>struct evtchn_reset</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnReset
{
    /// <summary>IN: domain whose ports are closed.</summary>
    public ushort dom;
}

/// <summary>struct evtchn_init_control</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnInitControl
{
    /// <summary>IN: gfn of the FIFO control block page.</summary>
    public ulong control_gfn;
    /// <summary>IN: offset of the control block in that page.</summary>
    public uint offset;
    /// <summary>IN: vCPU whose control block this is.</summary>
    public uint vcpu;
    /// <summary>OUT: number of bits in a link field.</summary>
    public byte link_bits;
    /// <summary>Padding.</summary>
    public Pad7 _pad;
}

/// <summary>struct evtchn_expand_array</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnExpandArray
{
    /// <summary>IN: gfn of the next event-array page.</summary>
    public ulong array_gfn;
}

/// <summary>struct evtchn_set_priority</summary>
[StructLayout(LayoutKind.Sequential)]
public struct EvtchnSetPriority
{
    /// <summary>IN: port.</summary>
    public uint port;
    /// <summary>IN: EVTCHN_FIFO_PRIORITY_* value.</summary>
    public uint priority;
}
