using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Core;

/// <summary>VCPUOP_initialise contexts are guest input: the core accepts what Xen accepts and nothing the CPU would reject.</summary>
public sealed class VcpuStartStateTests
{
    static VcpuHvmContext Flat32(uint eip)
    {
        var c = new VcpuHvmContext { mode = VcpuHvmContext.Mode32B };
        ref var r = ref c.cpu_regs.x86_32;
        r.eip = eip; r.cr0 = 0x11;
        r.cs_limit = r.ds_limit = r.es_limit = r.ss_limit = 0xFFFF_FFFF;
        r.cs_ar = 0xC9B; r.ds_ar = r.es_ar = r.ss_ar = 0xC93;
        return c;
    }

    [Fact]
    public void A_flat_32_bit_context_is_accepted()
    {
        var s = VcpuStartState.FromHvmContext(Flat32(0x1234));
        Assert.NotNull(s);
        Assert.Equal(0x1234ul, s.Rip);
        Assert.Equal(0xB, s.Tr.Type);   // a TR is supplied when the guest leaves it empty
    }

    [Fact]
    public void Bad_contexts_are_refused()
    {
        var c = Flat32(0); c.mode = 7;
        Assert.Null(VcpuStartState.FromHvmContext(c));
        c = Flat32(0); c.cpu_regs.x86_32.cs_ar = 0xC93;            // data segment as CS
        Assert.Null(VcpuStartState.FromHvmContext(c));
        c = Flat32(0); c.cpu_regs.x86_32.cs_limit = 0xFFFF_F000;   // 4K granular limit not ending in 0xfff
        Assert.Null(VcpuStartState.FromHvmContext(c));
        c = Flat32(0); c.cpu_regs.x86_32.cr0 = 0;                  // real mode is not a 32-bit context
        Assert.Null(VcpuStartState.FromHvmContext(c));
        var l = new VcpuHvmContext { mode = VcpuHvmContext.Mode64B };
        l.cpu_regs.x86_64.cr0 = 0x80000011;                        // long mode without PAE/LME
        Assert.Null(VcpuStartState.FromHvmContext(l));
        l.cpu_regs.x86_64.cr4 = 0x20; l.cpu_regs.x86_64.efer = 0x100;
        Assert.NotNull(VcpuStartState.FromHvmContext(l));
    }
}
