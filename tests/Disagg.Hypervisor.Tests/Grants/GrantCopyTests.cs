using Disagg.Actors.Hypervisor.Grants;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Grants;

public sealed class GrantCopyTests : IDisposable
{
    readonly GrantTableDirectory _dir = new();
    readonly GntDomain _a, _b;

    public GrantCopyTests()
    {
        _a = new GntDomain(_dir, 1);
        _b = new GntDomain(_dir, 2);
        _a.Table.MapFrame(0, 1); // A's grant frame 0 at gfn 1
        _b.Table.MapFrame(0, 1);
    }

    public void Dispose() { _a.Dispose(); _b.Dispose(); }

    static GnttabCopy FromGref(uint gref, ushort dom, ulong destGmfn, ushort len, ushort srcOff = 0, ushort dstOff = 0) => new()
    {
        source = new() { u = new() { @ref = gref }, domid = dom, offset = srcOff },
        dest = new() { u = new() { gmfn = destGmfn }, domid = DomId.Self, offset = dstOff },
        len = len, flags = (ushort)GrantCopyFlags.SourceGref,
    };

    [Fact]
    public void CopyFromAGrant_IntoOwnFrame_AndBackIntoAWritableGrant()
    {
        _a.Memory.Page(10).Fill(0xAB);
        _a.Grant(5, to: 2, gfn: 10);
        var op = FromGref(5, 1, destGmfn: 20, len: 100, srcOff: 8, dstOff: 16);
        Assert.Equal(0, _b.Op(GrantTableOp.Copy, ref op));
        Assert.Equal((short)GrantStatus.Okay, op.status);
        Assert.True(_b.Memory.Page(20).Slice(16, 100).ToArray().All(x => x == 0xAB));
        Assert.Equal(0, _b.Memory.Page(20)[15]);
        Assert.Equal(0, _b.Memory.Page(20)[116]);
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(5)); // reading/writing cleared after the copy
        Assert.False(_a.Table.IsPinned(5));

        _b.Memory.Page(21).Fill(0x5A);
        var back = new GnttabCopy
        {
            source = new() { u = new() { gmfn = 21 }, domid = DomId.Self },
            dest = new() { u = new() { @ref = 5 }, domid = 1, offset = 4000 },
            len = 96, flags = (ushort)GrantCopyFlags.DestGref,
        };
        Assert.Equal(0, _b.Op(GrantTableOp.Copy, ref back));
        Assert.Equal((short)GrantStatus.Okay, back.status);
        Assert.Equal(0x5A, _a.Memory.Page(10)[4000]);
        Assert.Equal(0x5A, _a.Memory.Page(10)[4095]);
        Assert.Equal(0xAB, _a.Memory.Page(10)[3999]);
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(5));
    }

    [Fact]
    public void CopyErrors_PerSegmentStatus()
    {
        _a.Grant(5, to: 2, gfn: 10);
        _a.Grant(6, to: 3, gfn: 11);                                      // granted to someone else
        _a.Grant(7, to: 2, gfn: 12, GrantFlags.PermitAccess | GrantFlags.Readonly);
        _a.Grant(8, to: 2, gfn: 5000);                                   // not a frame of A
        var ops = new[]
        {
            FromGref(5, 1, 20, len: 100, srcOff: 4000),                  // beyond the page
            FromGref(5, 1, 20, len: 10, dstOff: 4090),
            FromGref(600, 1, 20, len: 10),                               // ref beyond the table
            FromGref(5, 9, 20, len: 10),                                 // no such domain
            FromGref(6, 1, 20, len: 10),
            FromGref(8, 1, 20, len: 10),
            FromGref(5, 1, 9999, len: 10),                               // own frame not backed
            FromGref(0, 1, 20, len: 10),                                 // invalid entry
            new GnttabCopy { source = new() { u = new() { gmfn = 10 }, domid = 1 }, dest = new() { u = new() { gmfn = 20 }, domid = DomId.Self }, len = 1 },
            new GnttabCopy { source = new() { u = new() { gmfn = 21 }, domid = DomId.Self }, dest = new() { u = new() { @ref = 7 }, domid = 1 }, len = 1, flags = (ushort)GrantCopyFlags.DestGref },
            FromGref(600, 1, 20, len: 10, srcOff: 4095),                 // the ref is checked before offsets, as Xen
            FromGref(7, 1, 20, len: 4096),                               // read-only grant as a source is fine
        };
        Assert.Equal(0, _b.Op(GrantTableOp.Copy, ops));
        Assert.Equal(new short[] { -10, -10, -3, -2, -1, -9, -9, -1, -8, -1, -3, 0 }, ops.Select(o => o.status).ToArray());
        foreach (var gref in new uint[] { 5, 6, 7, 8 })
        {
            Assert.False(_a.Table.IsPinned(gref));
            Assert.Equal((GrantFlags)0, _a.Flags(gref) & (GrantFlags.Reading | GrantFlags.Writing));
        }
    }

    [Fact]
    public void Copy_FaultOnAnElement_StopsWithEfault_AfterEarlierResultsAreWritten()
    {
        _a.Grant(5, to: 2, gfn: 10);
        var op = FromGref(5, 1, 20, len: 1);
        _b.Args.Put(op);
        Assert.Equal(-(long)XenErrno.EFAULT,
            _b.Table.Op(_b.Caller, (int)GrantTableOp.Copy, Disagg.Hypervisor.Tests.Events.ArrayGuestMemory.Base + 0x10000 - 40, 2));
    }

    [Fact]
    public void Copy_CompatGuest()
    {
        using var c = new GntDomain(_dir, 3, is32Bit: true);
        _a.Memory.Page(10).Fill(0x77);
        _a.Grant(9, to: 3, gfn: 10);
        var op = new GnttabCopy32
        {
            source = new() { u = new() { @ref = 9 }, domid = 1 },
            dest = new() { u = new() { gmfn = 30 }, domid = DomId.Self, offset = 1 },
            len = 2, flags = (ushort)GrantCopyFlags.SourceGref,
        };
        Assert.Equal(0, c.Op(GrantTableOp.Copy, ref op));
        Assert.Equal((short)0, op.status);
        Assert.Equal(new byte[] { 0, 0x77, 0x77, 0 }, c.Memory.Page(30).Slice(0, 4).ToArray());
    }

    [Fact]
    public void Swap()
    {
        _b.Grant(10, to: 1, gfn: 40);
        _b.Grant(11, to: 1, gfn: 41, GrantFlags.PermitAccess | GrantFlags.Readonly);
        var ops = new[]
        {
            new GnttabSwapGrantRef { ref_a = 10, ref_b = 11 },
            new GnttabSwapGrantRef { ref_a = 10, ref_b = 10 },
            new GnttabSwapGrantRef { ref_a = 10, ref_b = 512 },
        };
        Assert.Equal(0, _b.Op(GrantTableOp.SwapGrantRef, ops));
        Assert.Equal(new short[] { 0, 0, -3 }, ops.Select(o => o.status).ToArray());
        Assert.Equal(GrantFlags.PermitAccess | GrantFlags.Readonly, _b.Flags(10));
        Assert.Equal(41u, BitConverter.ToUInt32(_b.Memory.Page(1).Slice(10 * 8 + 4, 4)));

        Assert.Equal(GrantStatus.Okay, _a.Table.MapGrantForProcess(2, 11, readOnly: false, out var handle, out _));
        var busy = new GnttabSwapGrantRef { ref_a = 11, ref_b = 12 };
        Assert.Equal(0, _b.Op(GrantTableOp.SwapGrantRef, ref busy));
        Assert.Equal((short)GrantStatus.Eagain, busy.status);
        Assert.Equal(GrantStatus.Okay, _a.Table.UnmapGrantForProcess(handle));
    }
}
