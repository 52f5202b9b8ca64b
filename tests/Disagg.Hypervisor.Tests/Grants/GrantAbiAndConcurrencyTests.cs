using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Disagg.Actors.Hypervisor.Grants;
using Disagg.Hypervisor.Tests.Events;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Grants;

public class GrantAbiAndConcurrencyTests
{
    // Offsets of the fields written back alone, as gcc lays out grant_table.h (x86_64 and -m32).
    [Fact]
    public void StatusFieldOffsets_MatchTheStructs()
    {
        Assert.Equal(GrantTable.UnmapStatusOffset, (int)Marshal.OffsetOf<GnttabUnmapGrantRef>(nameof(GnttabUnmapGrantRef.status)));
        Assert.Equal(GrantTable.SwapStatusOffset, (int)Marshal.OffsetOf<GnttabSwapGrantRef>(nameof(GnttabSwapGrantRef.status)));
        Assert.Equal(GrantTable.SetupStatusOffset, (int)Marshal.OffsetOf<GnttabSetupTable>(nameof(GnttabSetupTable.status)));
        Assert.Equal(GrantTable.SetupStatusOffset, (int)Marshal.OffsetOf<GnttabSetupTable32>(nameof(GnttabSetupTable32.status)));
        Assert.Equal(GrantTable.CopyStatusOffset, (int)Marshal.OffsetOf<GnttabCopy>(nameof(GnttabCopy.status)));
        Assert.Equal(GrantTable.Copy32StatusOffset, (int)Marshal.OffsetOf<GnttabCopy32>(nameof(GnttabCopy32.status)));
        Assert.Equal(GrantTable.GetVersionVersionOffset, (int)Marshal.OffsetOf<GnttabGetVersion>(nameof(GnttabGetVersion.version)));
        // Element strides of the batched ops (sizeof in C): 32, 24, 40, 24, 12.
        Assert.Equal((32, 24, 40, 24, 12), (Unsafe.SizeOf<GnttabMapGrantRef>(), Unsafe.SizeOf<GnttabUnmapGrantRef>(),
            Unsafe.SizeOf<GnttabCopy>(), Unsafe.SizeOf<GnttabCopy32>(), Unsafe.SizeOf<GnttabSwapGrantRef>()));
    }

    [Fact]
    public void MapsUnmapsAndCopiesFromManyThreads_LeaveNoPinsOrFlags()
    {
        var dir = new GrantTableDirectory();
        using var a = new GntDomain(dir, 1, pages: 128);
        using var b = new GntDomain(dir, 2, pages: 128);
        a.Table.MapFrame(0, 1);
        for (var g = 0u; g < 8; g++) a.Grant(g + 8, to: 2, gfn: 16 + g);
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            try
            {
                var args = new ArrayGuestMemory(0x1000);
                var caller = b.Caller with { Memory = args };
                for (var i = 0; i < 2000; i++)
                {
                    var gref = 8u + (uint)Random.Shared.Next(8);
                    var host = 40ul + (ulong)(t * 8) + (ulong)Random.Shared.Next(8);
                    args.Put(new GnttabMapGrantRef { host_addr = host << 12, flags = (uint)GrantMapFlags.HostMap, @ref = gref, dom = 1 });
                    b.Table.Op(caller, (int)GrantTableOp.MapGrantRef, ArrayGuestMemory.Base, 1);
                    var map = args.Get<GnttabMapGrantRef>();
                    args.Put(new GnttabCopy
                    {
                        source = new() { u = new() { @ref = gref }, domid = 1 },
                        dest = new() { u = new() { gmfn = 100 + (ulong)t }, domid = DomId.Self },
                        len = 64, flags = (ushort)GrantCopyFlags.SourceGref,
                    });
                    b.Table.Op(caller, (int)GrantTableOp.Copy, ArrayGuestMemory.Base, 1);
                    Assert.Equal((short)0, args.Get<GnttabCopy>().status);
                    if (map.status != 0) continue;
                    args.Put(new GnttabUnmapGrantRef { host_addr = host << 12, handle = map.handle });
                    b.Table.Op(caller, (int)GrantTableOp.UnmapGrantRef, ArrayGuestMemory.Base, 1);
                    Assert.Equal((short)0, args.Get<GnttabUnmapGrantRef>().status);
                }
            }
            catch (Exception e) { lock (errors) errors.Add(e); }
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Assert.Empty(errors);
        for (var g = 8u; g < 16; g++)
        {
            Assert.False(a.Table.IsPinned(g));
            Assert.Equal(GrantFlags.PermitAccess, a.Flags(g));
        }
    }
}
