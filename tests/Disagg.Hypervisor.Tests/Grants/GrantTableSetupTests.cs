using Disagg.Actors.Hypervisor.Grants;
using Disagg.Hypervisor.Tests.Events;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Grants;

public sealed class GrantTableSetupTests : IDisposable
{
    readonly GrantTableDirectory _dir = new();
    readonly GntDomain _dom0, _a;

    public GrantTableSetupTests()
    {
        _dom0 = new GntDomain(_dir, 0, privileged: true);
        _a = new GntDomain(_dir, 1);
    }

    public void Dispose() { _dom0.Dispose(); _a.Dispose(); }

    static long E(XenErrno e) => -(long)e;

    [Fact]
    public void QuerySize_SelfOthersAndPrivilege()
    {
        var q = new GnttabQuerySize { dom = DomId.Self };
        Assert.Equal(0, _a.Op(GrantTableOp.QuerySize, ref q));
        Assert.Equal((1u, 4u, (short)0), (q.nr_frames, q.max_nr_frames, q.status));
        q = new GnttabQuerySize { dom = 0 };
        Assert.Equal(0, _a.Op(GrantTableOp.QuerySize, ref q));
        Assert.Equal((short)GrantStatus.PermissionDenied, q.status);
        q = new GnttabQuerySize { dom = 1 };
        Assert.Equal(0, _dom0.Op(GrantTableOp.QuerySize, ref q));
        Assert.Equal((short)GrantStatus.Okay, q.status);
        q = new GnttabQuerySize { dom = 9 };
        Assert.Equal(0, _dom0.Op(GrantTableOp.QuerySize, ref q));
        Assert.Equal((short)GrantStatus.BadDomain, q.status);
        Assert.Equal(E(XenErrno.EINVAL), _a.Op(GrantTableOp.QuerySize, new[] { q, q }));
    }

    [Fact]
    public void SetupTable_GrowsAndReportsMappedGfnsOrInvalid()
    {
        Assert.Equal(0, _a.Table.MapFrame(1, 20));
        var listAt = ArrayGuestMemory.Base + 0x800;
        var s = new GnttabSetupTable { dom = DomId.Self, nr_frames = 3, frame_list = listAt };
        Assert.Equal(0, _a.Op(GrantTableOp.SetupTable, ref s));
        Assert.Equal((short)GrantStatus.Okay, s.status);
        Assert.Equal(3, _a.Table.NrFrames);
        Assert.Equal(ulong.MaxValue, _a.Args.Get<ulong>(listAt));
        Assert.Equal(20ul, _a.Args.Get<ulong>(listAt + 8));
        Assert.Equal(ulong.MaxValue, _a.Args.Get<ulong>(listAt + 16));

        s = new GnttabSetupTable { dom = DomId.Self, nr_frames = 5, frame_list = listAt };
        Assert.Equal(0, _a.Op(GrantTableOp.SetupTable, ref s));
        Assert.Equal((short)GrantStatus.GeneralError, s.status);
        s = new GnttabSetupTable { dom = 0, nr_frames = 1, frame_list = listAt };
        Assert.Equal(0, _a.Op(GrantTableOp.SetupTable, ref s));
        Assert.Equal((short)GrantStatus.PermissionDenied, s.status);
        s = new GnttabSetupTable { dom = 33, nr_frames = 1, frame_list = listAt };
        Assert.Equal(0, _a.Op(GrantTableOp.SetupTable, ref s));
        Assert.Equal((short)GrantStatus.BadDomain, s.status);
        s = new GnttabSetupTable { dom = DomId.Self, nr_frames = 1, frame_list = 0x10 };
        Assert.Equal(0, _a.Op(GrantTableOp.SetupTable, ref s));
        Assert.Equal((short)GrantStatus.BadVirtAddr, s.status);
        Assert.Equal(E(XenErrno.EINVAL), _a.Table.Op(_a.Caller, (int)GrantTableOp.SetupTable, ArrayGuestMemory.Base, 0));
        Assert.Equal(E(XenErrno.EFAULT), _a.Table.Op(_a.Caller, (int)GrantTableOp.SetupTable, 0x10, 1));
    }

    [Fact]
    public void SetupTable_CompatGuest_Gets32BitFrameList()
    {
        using var d = new GntDomain(_dir, 5, is32Bit: true);
        d.Table.MapFrame(0, 7);
        var listAt = ArrayGuestMemory.Base + 0x800;
        var s = new GnttabSetupTable32 { dom = DomId.Self, nr_frames = 2, frame_list = (uint)listAt };
        Assert.Equal(0, d.Op(GrantTableOp.SetupTable, ref s));
        Assert.Equal((short)0, s.status);
        Assert.Equal(7u, d.Args.Get<uint>(listAt));
        Assert.Equal(uint.MaxValue, d.Args.Get<uint>(listAt + 4));
    }

    [Fact]
    public void Versions_OnlyV1()
    {
        var v = new GnttabSetVersion { version = 1 };
        Assert.Equal(0, _a.Op(GrantTableOp.SetVersion, ref v));
        v.version = 2;
        Assert.Equal(E(XenErrno.ENOSYS), _a.Op(GrantTableOp.SetVersion, ref v));
        Assert.Equal(1u, v.version);
        v.version = 0;
        Assert.Equal(E(XenErrno.EINVAL), _a.Op(GrantTableOp.SetVersion, ref v));
        Assert.Equal(1u, v.version);

        var g = new GnttabGetVersion { dom = DomId.Self, version = 77 };
        Assert.Equal(0, _a.Op(GrantTableOp.GetVersion, ref g));
        Assert.Equal(1u, g.version);
        g = new GnttabGetVersion { dom = 0 };
        Assert.Equal(E(XenErrno.EPERM), _a.Op(GrantTableOp.GetVersion, ref g));
        g = new GnttabGetVersion { dom = 1 };
        Assert.Equal(0, _dom0.Op(GrantTableOp.GetVersion, ref g));
        g = new GnttabGetVersion { dom = 44 };
        Assert.Equal(E(XenErrno.ESRCH), _dom0.Op(GrantTableOp.GetVersion, ref g));
    }

    [Fact]
    public void UnauditedCommandsAndBadCounts()
    {
        foreach (var cmd in new[] { GrantTableOp.DumpTable, GrantTableOp.Transfer, GrantTableOp.UnmapAndReplace,
                     GrantTableOp.GetStatusFrames, GrantTableOp.CacheFlush })
            Assert.Equal(E(XenErrno.ENOSYS), _a.Table.Op(_a.Caller, (int)cmd, ArrayGuestMemory.Base, 1));
        Assert.Equal(E(XenErrno.ENOSYS), _a.Table.Op(_a.Caller, 0x1005, ArrayGuestMemory.Base, 1)); // continuation bits
        Assert.Equal(E(XenErrno.EINVAL), _a.Table.Op(_a.Caller, (int)GrantTableOp.Copy, ArrayGuestMemory.Base, 0x80000000));
        Assert.Equal(0, _a.Table.Op(_a.Caller, (int)GrantTableOp.Copy, ArrayGuestMemory.Base, 0));
        Assert.Equal(E(XenErrno.EPERM), _a.Table.Op(_dom0.Caller, (int)GrantTableOp.QuerySize, ArrayGuestMemory.Base, 1));
    }

    [Fact]
    public void MapFrame_LimitsAndMoves()
    {
        Assert.Equal(E(XenErrno.EINVAL), _a.Table.MapFrame(4, 5));
        Assert.Equal(E(XenErrno.EINVAL), _a.Table.MapFrame(0x80000000, 5)); // XENMAPIDX_grant_table_status: v1 has none
        Assert.Equal(E(XenErrno.EINVAL), _a.Table.MapFrame(0, 1000));       // not backed
        Assert.Equal(E(XenErrno.EINVAL), _a.Table.MapFrame(0, ulong.MaxValue));

        _a.Table.SeedReserved(0, 30, 0, 31);
        Assert.Equal(0, _a.Table.MapFrame(0, 3));
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(0, tableGfn: 3));
        Assert.Equal(0, _a.Table.MapFrame(0, 4)); // moving carries the contents
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(1, tableGfn: 4));
        Assert.Equal(4ul, _a.Table.FrameGfn(0));
        Assert.Equal(0, _a.Table.MapFrame(3, 5)); // grows to idx + 1
        Assert.Equal(4, _a.Table.NrFrames);
        Assert.Equal(0, _a.Table.MapFrame(3, 4)); // frame 0 lived there: it goes back to a private page
        Assert.Equal(ulong.MaxValue, _a.Table.FrameGfn(0));
        Assert.Equal(0, _a.Table.MapFrame(0, 6));
        Assert.Equal(GrantFlags.PermitAccess, _a.Flags(0, tableGfn: 6));
    }

    [Fact]
    public void SeedReserved_AsLibxc()
    {
        _a.Table.SeedReserved(0, 0xfeff7, 0, 0xfeff8);
        _a.Table.MapFrame(0, 2);
        var page = _a.Memory.Page(2);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0xf7, 0xef, 0x0f, 0 }, page.Slice(0, 8).ToArray());
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0xf8, 0xef, 0x0f, 0 }, page.Slice(8, 8).ToArray());

        using var self = new GntDomain(_dir, 7);
        self.Table.SeedReserved(7, 5, 0, ulong.MaxValue); // console served by itself, no xenstore page: nothing
        self.Table.MapFrame(0, 2);
        Assert.True(self.Memory.Page(2).Slice(0, 16).ToArray().All(b => b == 0));
    }
}
