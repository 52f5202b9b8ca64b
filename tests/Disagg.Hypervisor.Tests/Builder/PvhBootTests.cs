using System.Runtime.InteropServices;
using Disagg.Actors.Hypervisor.Builder;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Builder;

public class PvhBootTests
{
    [Fact]
    public void Boot_vcpu_state_is_libxc_vcpu_hvm()
    {
        var s = BootVcpuState.ForPvh(0x1000000, 0x2000000);
        Assert.Equal(0x1000000u, s.Eip);
        Assert.Equal(0x2000000u, s.Ebx);
        Assert.Equal(0x11u, s.Cr0);
        Assert.Equal(0u, s.Cr4);
        Assert.Equal(0ul, s.Efer);
        Assert.Equal(0x2u, s.Eflags);
        Assert.Equal(new SegmentState(0, 0, 0xffffffff, 0xc9b), s.Cs);
        Assert.True(s.Cs is { Present: true, S: true, Db: true, G: true, L: false, Type: 0xb, Dpl: 0 });
        foreach (var d in new[] { s.Ds, s.Es, s.Ss })
            Assert.True(d is { Base: 0, Limit: 0xffffffff, Type: 0x3, S: true, Db: true, G: true, Present: true });
        Assert.True(s.Tr is { Base: 0, Limit: 0x67, Type: 0xb, S: false, Present: true });
        Assert.True(s.Fs.Unusable && s.Gs.Unusable && s.Ldtr.Unusable);
        Assert.Equal(new DescriptorTableState(0, 0), s.Gdtr);
        Assert.Equal(0x806ul, s.MtrrDefType);
        Assert.Equal(0xffff0ff0ul, s.Dr6);
        Assert.Equal(0x400ul, s.Dr7);

        var h = BootVcpuState.ForHvm(0x100003);
        Assert.Equal(0x100003u, h.Eip);
        Assert.Equal(0u, h.Ebx);
        Assert.Equal(0ul, h.MtrrDefType);
        Assert.Equal(s.Cs, h.Cs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Loads_a_real_kernel_and_everything_the_entry_needs(bool is64)
    {
        var kernel = ElfImage.Parse(is64 ? TestKernels.Kernel64 : TestKernels.Kernel32);
        var ramdisk = Enumerable.Range(0, 10000).Select(i => (byte)i).ToArray();
        var req = new PvhLayoutRequest(32 << 20, PvhLayout.XenPvhLowMemoryTop, kernel.PhysStart, kernel.PhysEnd, 4,
            (ulong)ramdisk.Length, "root=/dev/ram0", LegacyRsdp: kernel.Notes.NeedsLegacyRsdp);
        var layout = PvhLayout.Plan(req);
        var mem = new FakeGuestMemory(32 << 20);

        var vcpu = PvhBoot.Load(mem, kernel, layout, ramdisk, "root=/dev/ram0", 4, 4);

        Assert.Equal(kernel.PvhEntry, vcpu.Eip);
        Assert.Equal(0xf4, mem.Read(vcpu.Eip, 1)[0]);
        var si = MemoryMarshal.Read<hvm_start_info>(mem.Read(vcpu.Ebx, 56));
        Assert.Equal(HvmStartInfo.XEN_HVM_START_MAGIC_VALUE, si.magic);
        Assert.Equal(layout.RsdpAddress, si.rsdp_paddr);
        Assert.Equal("RSD PTR "u8.ToArray(), mem.Read(si.rsdp_paddr, 8).ToArray());
        var mod = MemoryMarshal.Read<hvm_modlist_entry>(mem.Read(si.modlist_paddr, 32));
        Assert.True(mem.Read(mod.paddr, (int)mod.size).SequenceEqual(ramdisk));
        Assert.Equal((uint)layout.MemoryMap.Regions.Count, si.memmap_entries);
    }

    [Fact]
    public void Refuses_a_layout_planned_for_something_else()
    {
        var kernel = ElfImage.Parse(TestKernels.Kernel32);
        var layout = PvhLayout.Plan(new PvhLayoutRequest(32 << 20, PvhLayout.XenPvhLowMemoryTop, kernel.PhysStart, kernel.PhysEnd, 1));
        var mem = new FakeGuestMemory(32 << 20);
        Assert.Throws<BuildException>(() => PvhBoot.Load(mem, kernel, layout, new byte[5], null, 1, 1));
        Assert.Throws<BuildException>(() => PvhBoot.Load(mem, kernel, layout, [], new string('y', 5000), 1, 1));
        Assert.Throws<BuildException>(() => PvhBoot.Load(mem, kernel, layout, [], null, 1, 2));
    }
}
