using Disagg.Actors.Hypervisor.Events;
using Xunit;

namespace Disagg.Hypervisor.Tests.Events;

public class EventChannelConcurrencyTests
{
    [Fact]
    public async Task SendsFromManyThreads_WhileBindingAndClosing_LoseNoPendingBit()
    {
        var dir = new EventChannelDirectory();
        var a = new EvDomain(dir, 1, maxPorts: 4096);
        var b = new EvDomain(dir, 2, maxPorts: 4096);
        var stableRemote = b.Table.TryAllocateUnboundForBuilder(1, out var r) ? r : throw new InvalidOperationException();
        Assert.Equal(0, a.BindInterdomain(2, stableRemote, out var stableLocal));

        using var stop = new CancellationTokenSource();
        var errors = new List<Exception>();
        void Guard(Action body)
        {
            try { body(); }
            catch (Exception e) { lock (errors) errors.Add(e); }
        }

        // Churn: both sides bind and close channels to each other (opposite lock orders if unordered).
        var churn = new[] { (a, b, (ushort)2), (b, a, (ushort)1) }.Select(t => Dedicated(() => Guard(() =>
        {
            var (self, peer, peerId) = t;
            while (!stop.IsCancellationRequested)
            {
                if (!peer.Table.TryAllocateUnboundForBuilder(self.Table.DomId, out var offer)) continue;
                var rc = self.Table.Op(self.Caller, 0, 0); // EFAULT path under load too
                Assert.True(rc < 0);
                if (BindRaw(self, peerId, offer, out var mine) == 0)
                {
                    self.Table.Send(mine);
                    if (Random.Shared.Next(2) == 0) CloseRaw(self, mine);
                    CloseRaw(peer, offer);
                    CloseRaw(self, mine);
                }
                else CloseRaw(peer, offer);
            }
        }))).ToArray();

        // Senders on the stable channel and on whatever ports happen to exist.
        var senders = Enumerable.Range(0, 4).Select(_ => Dedicated(() => Guard(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                b.Table.Send(stableRemote);
                a.Table.Send((uint)Random.Shared.Next(1, 200));
                b.Table.Send((uint)Random.Shared.Next(1, 200));
            }
        }))).ToArray();

        // The guest side of a: consume the stable port; after each consume a later send must latch again.
        var rounds = 0;
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            a.Delivery.ClearPending(stableLocal);
            var sawAgain = SpinWait.SpinUntil(() => a.Delivery.Pending(stableLocal), TimeSpan.FromSeconds(2));
            Assert.True(sawAgain, "a send after the guest consumed the port must set it pending again: " + string.Join("; ", errors)
                + $" a1={a.Table.Describe().FirstOrDefault(i => i.Port == stableLocal)} b1={b.Table.Describe().FirstOrDefault(i => i.Port == stableRemote)} senders={string.Join(",", senders.Select(t => t.Status))}");
            rounds++;
        }
        stop.Cancel();
        await Task.WhenAll(churn.Concat(senders));
        Assert.Empty(errors);
        Assert.True(rounds > 10);

        // Quiescent: every free port of both domains has no stale pending bit.
        foreach (var d in new[] { a, b })
        {
            var used = d.Table.Describe().Select(i => i.Port).ToHashSet();
            for (var port = 1u; port < 4096; port++)
                if (!used.Contains(port)) Assert.False(d.Delivery.Pending(port), $"dom{d.Table.DomId} port {port} stale");
        }
        b.Table.Send(stableRemote);
        Assert.True(a.Delivery.Pending(stableLocal));
    }

    // Own threads, not the pool: the test thread spins and a small machine's pool would starve the senders.
    static Task Dedicated(Action body) => Task.Factory.StartNew(body, TaskCreationOptions.LongRunning);

    static long BindRaw(EvDomain d, ushort remoteDom, uint remotePort, out uint local)
    {
        // Through the hypercall entry with a private buffer, as each vCPU has its own argument memory.
        var mem = new ArrayGuestMemory();
        mem.Put(new Disagg.Xen.EvtchnBindInterdomain { remote_dom = remoteDom, remote_port = remotePort });
        var rc = d.Table.Op(d.Caller with { Memory = mem }, 0, ArrayGuestMemory.Base);
        local = mem.Get<Disagg.Xen.EvtchnBindInterdomain>().local_port;
        return rc;
    }

    static void CloseRaw(EvDomain d, uint port)
    {
        var mem = new ArrayGuestMemory();
        mem.Put(new Disagg.Xen.EvtchnClose { port = port });
        d.Table.Op(d.Caller with { Memory = mem }, 3, ArrayGuestMemory.Base);
    }
}
