using System.Buffers.Binary;
using Disagg.Actors.Hypervisor.Hypercalls;
using Xunit;

namespace Disagg.Hypervisor.Tests.Core;

public sealed class HypercallPageTests
{
    [Fact]
    public void Every_stub_loads_its_number_exits_through_the_port_and_returns()
    {
        var page = new byte[4096];
        HypercallPage.Fill(page);
        for (var nr = 0; nr < 128; nr++)
        {
            var stub = page.AsSpan(nr * 32, 32);
            if (nr == 23)
            {
                Assert.Equal([0x0F, 0x0B], stub[..2].ToArray());   // HYPERVISOR_iret: ud2, as Xen gives HVM guests
                continue;
            }
            Assert.Equal(0xB8, stub[0]);
            Assert.Equal(nr, BinaryPrimitives.ReadInt32LittleEndian(stub[1..]));
            Assert.Equal(0xE7, stub[5]);
            Assert.Equal(HypercallPage.Port, stub[6]);
            Assert.Equal(0xC3, stub[7]);
            Assert.All(stub[8..].ToArray(), b => Assert.Equal(0xCC, b));
        }
    }

    [Fact]
    public void A_page_of_the_wrong_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => HypercallPage.Fill(new byte[100]));
}
