using Akka.Actor;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Xen;
using static Disagg.Actors.Hypervisor.Control.Domains;

namespace Disagg.Actors.Hypervisor.Control;

/// <summary>Serialises privileged domain operations and fans out domain state changes.</summary>
internal sealed class DomainsActor : ReceiveActor
{
    readonly DomainControl _control;
    readonly Hypervisor _hv;
    readonly HashSet<IActorRef> _subscribers = new();
    readonly Action<Domain> _onChanged;

    sealed record DomainChanged(DomainInfo Info);

    public DomainsActor(DomainControl control, Hypervisor hv)
    {
        _control = control;
        _hv = hv;
        var self = Self;
        // Domain events arrive on vCPU and timer threads: hop into the mailbox before touching actor state.
        _onChanged = d => self.Tell(new DomainChanged(DomainInfo.Of(d)));

        Receive<Create>(c => Reply(c, _control.CreateDomain(c.Caller, c.Config, out var id), () => new Created(id)));
        Receive<Destroy>(c => Reply(c, _control.Destroy(c.Caller, c.DomId)));
        Receive<Pause>(c => Reply(c, _control.Pause(c.Caller, c.DomId)));
        Receive<Unpause>(c => Reply(c, _control.Unpause(c.Caller, c.DomId)));
        Receive<SetMaxMemory>(c => Reply(c, _control.SetMaxMemory(c.Caller, c.DomId, c.MaxKiB)));
        Receive<SetVcpuAffinity>(c => Reply(c, _control.SetVcpuAffinity(c.Caller, c.DomId, c.Vcpu, c.Cpus)));
        Receive<GetInfo>(c => Reply(c, _control.GetInfo(c.Caller, c.DomId, out var info), () => new Info(info!)));
        Receive<List>(c => Reply(c, _control.List(c.Caller, out var list), () => new DomainList(list)));
        Receive<Subscribe>(Subscribe);
        Receive<Unsubscribe>(_ => { _subscribers.Remove(Sender); Context.Unwatch(Sender); });
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<DomainChanged>(c => { foreach (var s in _subscribers) s.Tell(new StateChanged(c.Info)); });
    }

    void Subscribe(Subscribe c)
    {
        if (!c.Caller.IsPrivileged)
        {
            Sender.Tell(new Failed(c, -(long)XenErrno.EPERM, "only the control domain may watch every domain"));
            return;
        }
        _subscribers.Add(Sender);
        Context.Watch(Sender);
        Sender.Tell(new Done(c));
    }

    void Reply(Command c, ControlResult result, Func<object>? success = null) =>
        Sender.Tell(result.Ok ? success?.Invoke() ?? new Done(c) : new Failed(c, result.Code, result.Message ?? "failed"));

    protected override void PreStart() => _hv.DomainChanged += _onChanged;

    protected override void PostStop() => _hv.DomainChanged -= _onChanged;
}
