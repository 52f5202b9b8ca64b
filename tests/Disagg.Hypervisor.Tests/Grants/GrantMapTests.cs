using Disagg.Actors.Hypervisor.Grants;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Grants;

public sealed class GrantMapTests : IDisposable
{
    readonly GrantTableDirectory _dir = new();
    readonly GntDomain _a, _b;

    public GrantMapTests()
    {
        _a = new GntDomain(_dir, 1);
        _b = new GntDomain(_dir, 2);
        _a.Table.MapFrame(0, 1);
        _b.Table.MapFrame(0, 1);
    }

    public void Dispose() { _a.Dispose(); _b.Dispose(); }

    static GnttabMapGrantRef MapOp(uint gref, ushort dom, ulong hostGfn, GrantMapFlags flags = GrantMapFlags.HostMap) =>
        new() { host_addr = hostGfn << 12, flags = (uint)flags, @ref = gref, dom = dom };

    [Fact]
    public void HostMap_SharesThePage_SetsFlags_AndUnmapRestores()
    {
        _a.Memory.Page(10).Fill(0x11);
        _a.Grant(3, to: 2, gfn: 10);
        _b.Memory.Page(30).Fill(0x99);
        var map = MapOp(3, 1, 30);
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, ref map));
        Assert.Equal((short)GrantStatus.Okay, map.status);
        Assert.Equal(0u, map.handle);
        Assert.Equal(10ul << 12, map.dev_bus_addr);
        Assert.Equal(GrantFlags.PermitAccess | GrantFlags.Reading | GrantFlags.Writing, _a.Flags(3));
        Assert.Equal(0x11, _b.Memory.Page(30)[0]);
        _b.Memory.Page(30)[5] = 0x42;                       // the grantee writes the granter's page
        Assert.Equal(0x42, _a.Memory.Page(10)[5]);

        var unmap = new GnttabUnmapGrantRef { host_addr = 30ul << 12, handle = map.handle };
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ref unmap));
        Assert.Equal((short)GrantStatus.Okay, unmap.status);
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(3));
        Assert.Equal(0x99, _b.Memory.Page(30)[0]);           // our own page is back
        Assert.False(_a.Table.IsPinned(3));
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ref unmap));
        Assert.Equal((short)GrantStatus.BadHandle, unmap.status);
    }

    [Fact]
    public void ReadOnlyMap_SetsReadingOnly_AndTwoMappingsKeepFlagsUntilTheLast()
    {
        _a.Grant(3, to: 2, gfn: 10);
        var ro = MapOp(3, 1, 30, GrantMapFlags.HostMap | GrantMapFlags.Readonly);
        var rw = MapOp(3, 1, 31);
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, new[] { ro }));
        Assert.Equal(GrantFlags.PermitAccess | GrantFlags.Reading, _a.Flags(3));
        var maps = new[] { rw };
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, maps));
        Assert.Equal(1u, maps[0].handle);
        Assert.Equal(GrantFlags.PermitAccess | GrantFlags.Reading | GrantFlags.Writing, _a.Flags(3));

        var unmapRw = new GnttabUnmapGrantRef { host_addr = 31ul << 12, handle = 1 };
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ref unmapRw));
        Assert.Equal(GrantFlags.PermitAccess | GrantFlags.Reading, _a.Flags(3));
        var unmapRo = new GnttabUnmapGrantRef { host_addr = 30ul << 12, handle = 0 };
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ref unmapRo));
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(3));
    }

    [Fact]
    public void MapErrors()
    {
        _a.Grant(3, to: 2, gfn: 10);
        _a.Grant(4, to: 2, gfn: 11, GrantFlags.PermitAccess | GrantFlags.Readonly);
        _a.Grant(5, to: 2, gfn: 12, GrantFlags.PermitAccess | GrantFlags.SubPage);
        _a.Grant(6, to: 2, gfn: 9000);
        var ops = new[]
        {
            MapOp(3, 1, 30, 0),                                               // neither host nor device map
            MapOp(3, 1, 30, GrantMapFlags.HostMap | GrantMapFlags.DeviceMap),  // no device maps in HVM
            MapOp(3, 1, 30, GrantMapFlags.HostMap | GrantMapFlags.ContainsPte),
            MapOp(3, 9, 30),                                                  // no such domain
            MapOp(3, DomId.Self, 30),                                          // by_id: DOMID_SELF is not a domain here
            MapOp(512, 1, 30),                                                // beyond the table
            MapOp(7, 1, 30),                                                  // invalid entry
            MapOp(4, 1, 30),                                                  // writable map of a r/o grant
            MapOp(4, 1, 30, GrantMapFlags.HostMap | GrantMapFlags.Readonly),  // refused: physmap can't map r/o
            MapOp(5, 1, 30),                                                  // sub-page grants are not mappable
            MapOp(6, 1, 30),                                                  // granted frame not backed
            MapOp(3, 1, 5000),                                                // host gfn not RAM
            MapOp(3, 1, 30, GrantMapFlags.HostMap | (GrantMapFlags)0x10000),  // create_grant_p2m_mapping wants exactly host_map
        };
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, ops));
        Assert.Equal(new short[] { -3, -1, -1, -2, -2, -3, -1, -1, -1, -1, -9, -1, -1 }, ops.Select(o => o.status).ToArray());
        foreach (var gref in new uint[] { 3, 4, 5, 6 })
        {
            Assert.False(_a.Table.IsPinned(gref));
            Assert.Equal((GrantFlags)0, _a.Flags(gref) & (GrantFlags.Reading | GrantFlags.Writing));
        }
        // Failed maps gave their handles back: the next good map gets handle 0.
        var good = MapOp(3, 1, 30);
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, ref good));
        Assert.Equal((0u, (short)0), (good.handle, good.status));
    }

    [Fact]
    public void PinnedByAnotherDomain_IsGeneralError()
    {
        using var c = new GntDomain(_dir, 3);
        _a.Grant(3, to: 2, gfn: 10);
        var map = MapOp(3, 1, 30);
        _b.Op(GrantTableOp.MapGrantRef, ref map);
        _a.Grant(3, to: 3, gfn: 10); // the granter re-targets the entry while it is mapped
        var steal = MapOp(3, 1, 30);
        Assert.Equal(0, c.Op(GrantTableOp.MapGrantRef, ref steal));
        Assert.Equal((short)GrantStatus.GeneralError, steal.status);
    }

    [Fact]
    public void UnmapErrors()
    {
        _a.Grant(3, to: 2, gfn: 10);
        var map = MapOp(3, 1, 30);
        _b.Op(GrantTableOp.MapGrantRef, ref map);
        var ops = new[]
        {
            new GnttabUnmapGrantRef { host_addr = 30ul << 12, handle = 77 },
            new GnttabUnmapGrantRef { host_addr = 31ul << 12, handle = 0 },                          // not where it is mapped
            new GnttabUnmapGrantRef { host_addr = 30ul << 12, dev_bus_addr = 0x1000, handle = 0 },  // bus address mismatch
            new GnttabUnmapGrantRef { host_addr = 0, handle = 0 },                                   // nothing to undo: okay, still mapped
        };
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ops));
        Assert.Equal(new short[] { -4, -1, -1, 0 }, ops.Select(o => o.status).ToArray());
        Assert.True(_a.Table.IsPinned(3));
        Assert.True(_b.Memory.IsForeign(30));
        var ok = new GnttabUnmapGrantRef { host_addr = 30ul << 12, dev_bus_addr = 10ul << 12, handle = 0 };
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ref ok));
        Assert.Equal((short)0, ok.status);
        Assert.False(_b.Memory.IsForeign(30));
    }

    [Fact]
    public void ProcessDomainMap_KeepsMaptrack_AndGivesTheBacking()
    {
        _a.Grant(3, to: 2, gfn: 10);
        Assert.Equal(GrantStatus.BadDomain, _b.Table.MapGrantForProcess(9, 3, false, out _, out _));
        Assert.Equal(GrantStatus.BadGntref, _b.Table.MapGrantForProcess(1, 4096, false, out _, out _));
        Assert.Equal(GrantStatus.Okay, _b.Table.MapGrantForProcess(1, 3, readOnly: true, out var handle, out var backing));
        Assert.Same(_a.Memory.Backing, backing.Memory);
        Assert.Equal(10ul << 12, backing.Offset);
        Assert.Equal(GrantFlags.PermitAccess | GrantFlags.Reading, _a.Flags(3));
        var hvmUnmap = new GnttabUnmapGrantRef { host_addr = 30ul << 12, handle = handle };
        Assert.Equal(0, _b.Op(GrantTableOp.UnmapGrantRef, ref hvmUnmap));
        Assert.Equal((short)GrantStatus.GeneralError, hvmUnmap.status);
        Assert.Equal(GrantStatus.Okay, _b.Table.UnmapGrantForProcess(handle));
        Assert.Equal(GrantStatus.BadHandle, _b.Table.UnmapGrantForProcess(handle));
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(3));
    }

    [Fact]
    public void ReleaseAll_OfTheMapper_UnpinsAndRestores_OfTheGranter_MakesItUnreachable()
    {
        _a.Grant(3, to: 2, gfn: 10);
        _a.Grant(4, to: 2, gfn: 11);
        var map = MapOp(3, 1, 30);
        _b.Op(GrantTableOp.MapGrantRef, ref map);
        Assert.Equal(GrantStatus.Okay, _b.Table.MapGrantForProcess(1, 4, false, out _, out _));
        _b.Table.ReleaseAll();
        Assert.False(_b.Memory.IsForeign(30));
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(3));
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(4));
        Assert.False(_dir.TryGet(2, out _));

        using var c = new GntDomain(_dir, 3);
        _a.Grant(5, to: 3, gfn: 12);
        var m = MapOp(5, 1, 40);
        c.Op(GrantTableOp.MapGrantRef, ref m);
        _a.Table.ReleaseAll();
        var again = MapOp(5, 1, 41);
        Assert.Equal(0, c.Op(GrantTableOp.MapGrantRef, ref again));
        Assert.Equal((short)GrantStatus.BadDomain, again.status);
        var unmap = new GnttabUnmapGrantRef { host_addr = 40ul << 12, handle = m.handle };
        Assert.Equal(0, c.Op(GrantTableOp.UnmapGrantRef, ref unmap)); // the dead granter's grant still unmaps
        Assert.Equal((short)0, unmap.status);
    }

    [Fact]
    public void GrantFramesAndForeignMappings_NeverShareAGfn()
    {
        _a.Grant(3, to: 2, gfn: 10);
        var overFrame = MapOp(3, 1, 1); // B's grant frame 0 lives at gfn 1
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, ref overFrame));
        Assert.Equal((short)GrantStatus.GeneralError, overFrame.status);
        var map = MapOp(3, 1, 30);
        Assert.Equal(0, _b.Op(GrantTableOp.MapGrantRef, ref map));
        // A table placed in a page another domain controls would let that domain forge our grants.
        Assert.Equal(-(long)XenErrno.EINVAL, _b.Table.MapFrame(1, 30));
        var unmap = new GnttabUnmapGrantRef { host_addr = 30ul << 12, handle = map.handle };
        _b.Op(GrantTableOp.UnmapGrantRef, ref unmap);
        Assert.Equal(0, _b.Table.MapFrame(1, 30));
    }
}
