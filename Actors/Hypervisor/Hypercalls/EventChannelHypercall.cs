namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_event_channel_op(cmd, arg): handled by the calling domain's event channel table.</summary>
public static class EventChannelHypercall
{
    public static long Handle(HypercallContext c, in HypercallArgs a) =>
        c.Domain.Events.Op(c.Caller, (int)a.A1, a.A2);
}

/// <summary>__HYPERVISOR_grant_table_op(cmd, uop, count): handled by the calling domain's grant table.</summary>
public static class GrantTableHypercall
{
    public static long Handle(HypercallContext c, in HypercallArgs a) =>
        c.Domain.Grants.Op(c.Caller, (int)a.A1, a.A2, (uint)a.A3);
}
