using Disagg.Actors.Hypervisor.Platform;
using Xunit;

namespace Disagg.Hypervisor.Tests.Platform;

public class Pic8259Tests
{
    readonly Pic8259Pair _pic = new();

    byte In(ushort port)
    {
        Span<byte> b = stackalloc byte[1];
        _pic.Read(port, b);
        return b[0];
    }

    void Out(ushort port, byte value) => _pic.Write(port, [value]);

    [Fact]
    public void Linux_init_sequence_remaps_and_masks_both_chips()
    {
        // init_8259A: mask all, ICW1-4 on each chip (vectors 0x30 and 0x38, cascade on IR2, 8086 mode), restore masks.
        Out(0x21, 0xff); Out(0xA1, 0xff);
        Out(0x20, 0x11); Out(0x21, 0x30); Out(0x21, 0x04); Out(0x21, 0x01);
        Assert.False(_pic.State(master: true).Initialising);
        Out(0xA0, 0x11); Out(0xA1, 0x38); Out(0xA1, 0x02);
        Assert.True(_pic.State(master: false).Initialising);        // ICW4 still expected
        Out(0xA1, 0x01);
        Out(0x21, 0xfb); Out(0xA1, 0xff);
        Assert.Equal((0xfb, 0x30, false, false), _pic.State(master: true));
        Assert.Equal((0xff, 0x38, false, false), _pic.State(master: false));
        Assert.Equal(0xfb, In(0x21));
        Assert.Equal(0xff, In(0xA1));
    }

    [Fact]
    public void Icw1_clears_the_mask_and_icw4_sets_auto_eoi()
    {
        Out(0x21, 0x5a);
        Out(0x20, 0x11);
        Assert.Equal(0, In(0x21));
        Out(0x21, 0x08); Out(0x21, 0x04); Out(0x21, 0x03);          // ICW4: AEOI, 8086
        Assert.True(_pic.State(master: true).AutoEoi);
        Out(0x20, 0x10);                                           // ICW1 without ICW4: its features cleared
        Out(0x21, 0x08); Out(0x21, 0x04);
        Assert.Equal((0, 0x08, false, false), _pic.State(master: true));
        Out(0x20, 0x12);                                           // single: no ICW3 either
        Out(0x21, 0x20);
        Assert.False(_pic.State(master: true).Initialising);
    }

    [Fact]
    public void Ocw3_selects_irr_or_isr_and_poll_reads_nothing_pending()
    {
        Out(0x20, 0x0b);                                           // read ISR
        Assert.Equal(0, In(0x20));
        Out(0x20, 0x0a);                                           // read IRR
        Assert.Equal(0, In(0x20));
        Out(0x20, 0x0c);                                           // poll
        Assert.Equal(0, In(0x20));
        Out(0x20, 0x20);                                           // non-specific EOI with nothing in service
        Out(0x20, 0x60);                                           // specific EOI
        Assert.Equal(0, In(0x20));
    }

    [Fact]
    public void Elcr_keeps_only_the_bits_that_can_be_level()
    {
        Assert.Equal(0, In(0x4d0));                                // the cascade bit is hidden
        Out(0x4d0, 0xff);
        Out(0x4d1, 0xff);
        Assert.Equal(0xd8, In(0x4d0));
        Assert.Equal(0xfe, In(0x4d1));
        Out(0x4d0, 0x20);                                          // IRQ 5 (Xen's vpic keeps it edge)
        Assert.Equal(0, In(0x4d0));
    }
}
