using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>ioeventfd: guest port writes signal an eventfd in the kernel instead of exiting.</summary>
public sealed class EventfdTests
{
    [RequiresKvmFact]
    public void IoeventfdSignalsInsteadOfExiting()
    {
        const string guest = """
            _start:
                mov $0x01, %al
                out %al, $0x30           # eventfd a (any value)
                out %al, $0x30
                mov $0x5a, %al
                out %al, $0x32           # eventfd b (matches 0x5a)
                mov $0x11, %al
                out %al, $0x32           # does not match: exits
                out %al, $0x31           # not registered: exits
                out %al, $0x30           # unregistered by then: exits
                hlt
            """;
        using var m = TestMachine.Create(guest);
        using var a = EventFd.Create();
        using var b = EventFd.Create();
        m.Vm.AddIoeventfd(a.Handle, 0x30, 1, portIo: true, dataMatch: null);
        m.Vm.AddIoeventfd(b.Handle, 0x32, 1, portIo: true, dataMatch: 0x5a);

        Assert.Equal(0x11u, m.RunToOut(0x32));
        Assert.True(a.TryRead(out ulong count));
        Assert.Equal(2ul, count);
        Assert.True(b.TryRead(out count));
        Assert.Equal(1ul, count);

        m.Vm.RemoveIoeventfd(a.Handle, 0x30, 1, portIo: true, dataMatch: null);
        Assert.Equal(0x11u, m.RunToOut(0x31));
        Assert.Equal(0x11u, m.RunToOut(0x30));
        Assert.False(a.TryRead(out _));
        m.RunExpect(KvmExitReason.Hlt);
    }
}
