using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Disagg.Actors.Hypervisor.Events;
using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Xen;

namespace Disagg.Hypervisor.Tests.Events;

/// <summary>A domain's shared_info and vcpu_info on plain (8-byte aligned) arrays, recording upcalls.</summary>
sealed class FakeDelivery : IEventDelivery
{
    readonly ulong[] _shared = new ulong[4096 / 8];
    readonly ulong[][] _vcpuInfo;

    public FakeDelivery(int vcpus = 2, bool is32Bit = false)
    {
        _vcpuInfo = Enumerable.Range(0, vcpus).Select(_ => new ulong[8]).ToArray();
        Is32Bit = is32Bit;
    }

    public Span<byte> SharedInfo => MemoryMarshal.AsBytes(_shared.AsSpan());
    public Span<byte> VcpuInfo(uint vcpu) => MemoryMarshal.AsBytes(_vcpuInfo[vcpu].AsSpan());
    public int MaxVcpus => _vcpuInfo.Length;
    public bool Is32Bit { get; set; }
    public ConcurrentQueue<uint> Upcalls { get; } = new();
    public ConcurrentQueue<(uint Vcpu, uint Port)> Polled { get; } = new();
    public void Upcall(uint vcpu) => Upcalls.Enqueue(vcpu);
    public void PortPending(uint vcpu, uint port) => Polled.Enqueue((vcpu, port));

    SharedInfoLayout Layout => Is32Bit ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
    VcpuInfoLayout VLayout => Is32Bit ? VcpuInfoLayout.X86_32 : VcpuInfoLayout.X64;

    public bool Pending(uint port) => Bit(SharedInfo, Layout.EvtchnPending, port);
    public bool Masked(uint port) => Bit(SharedInfo, Layout.EvtchnMask, port);
    public void SetMask(uint port, bool on) => SetBit(SharedInfo, Layout.EvtchnMask, port, on);
    public void ClearPending(uint port) => SetBit(SharedInfo, Layout.EvtchnPending, port, false);
    public bool Selector(uint vcpu, int bit) => Bit(VcpuInfo(vcpu), VLayout.EvtchnPendingSel, (uint)bit);
    public void ClearSelector(uint vcpu) => VcpuInfo(vcpu).Slice(VLayout.EvtchnPendingSel, VLayout.EvtchnPendingSelBytes).Clear();
    public byte UpcallPending(uint vcpu) => VcpuInfo(vcpu)[VLayout.EvtchnUpcallPending];
    public void ClearUpcallPending(uint vcpu) => VcpuInfo(vcpu)[VLayout.EvtchnUpcallPending] = 0;

    static bool Bit(Span<byte> s, int offset, uint bit) => (s[offset + (int)(bit / 8)] & (1 << (int)(bit % 8))) != 0;

    // Atomic, as a guest's sync_set_bit / sync_clear_bit: a plain byte store could drop the core's concurrent sets.
    static void SetBit(Span<byte> s, int offset, uint bit, bool on)
    {
        ref var word = ref MemoryMarshal.Cast<byte, uint>(s.Slice(offset))[(int)(bit / 32)];
        var m = 1u << (int)(bit % 32);
        if (on) Interlocked.Or(ref word, m); else Interlocked.And(ref word, ~m);
    }
}

/// <summary>Hypercall argument buffers on a byte array starting at address 0x1000; anything else faults.</summary>
sealed class ArrayGuestMemory : IGuestVirtualMemory
{
    public const ulong Base = 0x1000;
    readonly byte[] _bytes;

    public ArrayGuestMemory(int size = 0x4000) => _bytes = new byte[size];

    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (!InRange(address, destination.Length)) return false;
        _bytes.AsSpan((int)(address - Base), destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!InRange(address, source.Length)) return false;
        source.CopyTo(_bytes.AsSpan((int)(address - Base), source.Length));
        return true;
    }

    bool InRange(ulong address, int length) =>
        address >= Base && address - Base <= (ulong)_bytes.Length && (ulong)length <= (ulong)_bytes.Length - (address - Base);

    public void Put<T>(T value, ulong address = Base) where T : unmanaged =>
        MemoryMarshal.Write(_bytes.AsSpan((int)(address - Base)), in value);

    public T Get<T>(ulong address = Base) where T : unmanaged => MemoryMarshal.Read<T>(_bytes.AsSpan((int)(address - Base)));
}

/// <summary>One test domain: its event table, delivery fake and caller identity.</summary>
sealed class EvDomain
{
    public EvDomain(EventChannelDirectory dir, ushort id, bool privileged = false, int vcpus = 2, int maxPorts = 1023,
        Func<bool>? paused = null, bool is32Bit = false)
    {
        Delivery = new FakeDelivery(vcpus, is32Bit);
        Table = new EventChannelTable(id, Delivery, dir, maxPorts, paused);
        Caller = new HypercallCaller(id, 0, privileged, Memory, is32Bit);
    }

    public FakeDelivery Delivery { get; }
    public EventChannelTable Table { get; }
    public ArrayGuestMemory Memory { get; } = new();
    public HypercallCaller Caller { get; }

    /// <summary>Writes the argument at Base, runs the op, reads the argument back.</summary>
    public long Op<T>(EventChannelOp cmd, ref T arg) where T : unmanaged
    {
        Memory.Put(arg);
        var rc = Table.Op(Caller, (int)cmd, ArrayGuestMemory.Base);
        arg = Memory.Get<T>();
        return rc;
    }

    public uint AllocUnbound(ushort remote, ushort dom = DomId.Self)
    {
        var a = new EvtchnAllocUnbound { dom = dom, remote_dom = remote };
        var rc = Op(EventChannelOp.AllocUnbound, ref a);
        if (rc != 0) throw new InvalidOperationException($"alloc_unbound: {rc}");
        return a.port;
    }

    public long BindInterdomain(ushort remoteDom, uint remotePort, out uint local)
    {
        var a = new EvtchnBindInterdomain { remote_dom = remoteDom, remote_port = remotePort };
        var rc = Op(EventChannelOp.BindInterdomain, ref a);
        local = a.local_port;
        return rc;
    }

    public long Send(uint port)
    {
        var a = new EvtchnSend { port = port };
        return Op(EventChannelOp.Send, ref a);
    }

    public long Close(uint port)
    {
        var a = new EvtchnClose { port = port };
        return Op(EventChannelOp.Close, ref a);
    }

    public long Status(ushort dom, uint port, out EvtchnStatus status)
    {
        status = new EvtchnStatus { dom = dom, port = port };
        return Op(EventChannelOp.Status, ref status);
    }
}

static class Err
{
    public static long Of(XenErrno e) => -(long)e;
}
