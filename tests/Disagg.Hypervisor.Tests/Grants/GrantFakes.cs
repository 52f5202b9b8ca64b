using Disagg.Actors.Hypervisor.Grants;
using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Hw.Kvm;
using Disagg.Hypervisor.Tests.Events;
using Disagg.Xen;

namespace Disagg.Hypervisor.Tests.Grants;

/// <summary>Guest-physical memory on a real memfd (GuestMemory, no /dev/kvm): gfn g is memfd page g, all RAM.</summary>
sealed class MemfdPhysicalMemory : IGuestPhysicalMemory, IDisposable
{
    readonly HashSet<ulong> _foreign = new();

    public MemfdPhysicalMemory(string name, int pages)
    {
        Pages = (ulong)pages;
        Backing = GuestMemory.Create(name, Pages * 4096);
    }

    public GuestMemory Backing { get; }
    public ulong Pages { get; }

    public bool TryGetSpan(ulong gpa, int length, out Span<byte> span)
    {
        span = default;
        return length >= 0 && gpa < Pages * 4096 && Backing.TryGetSpan(gpa, length, out span);
    }

    public bool IsBacked(ulong gfn) => gfn < Pages;

    public bool TryGetPageBacking(ulong gfn, out PageBacking backing)
    {
        backing = IsBacked(gfn) ? new PageBacking(Backing, gfn * 4096) : default;
        return IsBacked(gfn);
    }

    public bool TryMapForeignPage(ulong gfn, PageBacking foreign)
    {
        lock (_foreign)
        {
            if (!IsBacked(gfn) || !_foreign.Add(gfn)) return false;
            Backing.MapForeignPage(gfn * 4096, foreign.Memory, foreign.Offset);
            return true;
        }
    }

    public bool TryRestorePage(ulong gfn)
    {
        lock (_foreign)
        {
            if (!_foreign.Remove(gfn)) return false;
            Backing.RestorePage(gfn * 4096);
            return true;
        }
    }

    public bool IsForeign(ulong gfn) { lock (_foreign) return _foreign.Contains(gfn); }

    public Span<byte> Page(ulong gfn) => Backing.GetSpan(gfn * 4096, 4096);

    public void Dispose() => Backing.Dispose();
}

/// <summary>One test domain: memory, grant table, caller and hypercall buffers.</summary>
sealed class GntDomain : IDisposable
{
    public GntDomain(GrantTableDirectory dir, ushort id, bool privileged = false, int pages = 64, int maxFrames = 4, bool is32Bit = false)
    {
        Memory = new MemfdPhysicalMemory($"gnt-test-d{id}", pages);
        Table = new GrantTable(id, Memory, dir, maxFrames);
        Caller = new HypercallCaller(id, 0, privileged, Args, is32Bit);
    }

    public MemfdPhysicalMemory Memory { get; }
    public GrantTable Table { get; }
    public ArrayGuestMemory Args { get; } = new(0x10000);
    public HypercallCaller Caller { get; }

    /// <summary>Puts entry <paramref name="gref"/> in frame 0 (which the test has mapped at <paramref name="tableGfn"/>).</summary>
    public void Grant(uint gref, ushort to, uint gfn, GrantFlags flags = GrantFlags.PermitAccess, ulong tableGfn = 1)
    {
        var entry = Memory.Page(tableGfn).Slice((int)gref * 8, 8);
        BitConverter.TryWriteBytes(entry.Slice(4), gfn);
        BitConverter.TryWriteBytes(entry.Slice(2), to);
        BitConverter.TryWriteBytes(entry, (ushort)flags);
    }

    public GrantFlags Flags(uint gref, ulong tableGfn = 1) =>
        (GrantFlags)BitConverter.ToUInt16(Memory.Page(tableGfn).Slice((int)gref * 8, 2));

    /// <summary>Runs a batched op on elements written at Base, reading them back.</summary>
    public long Op<T>(GrantTableOp cmd, T[] ops) where T : unmanaged
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (var i = 0; i < ops.Length; i++) Args.Put(ops[i], ArrayGuestMemory.Base + (ulong)(i * size));
        var rc = Table.Op(Caller, (int)cmd, ArrayGuestMemory.Base, (uint)ops.Length);
        for (var i = 0; i < ops.Length; i++) ops[i] = Args.Get<T>(ArrayGuestMemory.Base + (ulong)(i * size));
        return rc;
    }

    public long Op<T>(GrantTableOp cmd, ref T op) where T : unmanaged
    {
        var one = new[] { op };
        var rc = Op(cmd, one);
        op = one[0];
        return rc;
    }

    public void Dispose() => Memory.Dispose();
}
