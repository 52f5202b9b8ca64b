using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>
/// One VM, one guest RAM slot at gpa 0, one vCPU in 32-bit flat protected mode (paging off) at the
/// guest's _start. Guests load at 0x1000; the stack top is 0x7000.
/// </summary>
internal sealed class TestMachine : IDisposable
{
    public const ulong StackTop = 0x7000;
    public const ulong DefaultMemory = 2 << 20;

    public Kvm Kvm { get; }
    public KvmVm Vm { get; }
    public GuestMemory Memory { get; }
    public KvmVcpu Vcpu { get; }
    public GuestImage Guest { get; }

    private TestMachine(Kvm kvm, KvmVm vm, GuestMemory memory, KvmVcpu vcpu, GuestImage guest)
    {
        Kvm = kvm; Vm = vm; Memory = memory; Vcpu = vcpu; Guest = guest;
    }

    public static TestMachine Create(string asm, Action<KvmVm>? configureVm = null, ulong memorySize = DefaultMemory,
        KvmMemoryFlags slotFlags = KvmMemoryFlags.None, Func<KvmCpuidEntry[], KvmCpuidEntry[]>? cpuid = null)
    {
        var guest = GuestAssembler.Assemble(asm);
        var kvm = Kvm.Open();
        var vm = kvm.CreateVm();
        configureVm?.Invoke(vm);
        var memory = GuestMemory.Create("test-guest", memorySize);
        vm.SetUserMemoryRegion(0, slotFlags, 0, memorySize, memory.HostAddress);
        guest.Code.CopyTo(memory.GetSpan(guest.Origin, guest.Code.Length));
        var vcpu = vm.CreateVcpu(0);
        var leaves = kvm.GetSupportedCpuid();
        vcpu.SetCpuid(cpuid is null ? leaves : cpuid(leaves));
        EnterFlat32(vcpu, guest["_start"]);
        return new TestMachine(kvm, vm, memory, vcpu, guest);
    }

    public static void EnterFlat32(KvmVcpu vcpu, ulong rip)
    {
        vcpu.GetSpecialRegisters(out var s);
        var code = new KvmSegment { Base = 0, Limit = 0xffffffff, Selector = 8, Type = 11, Present = 1, Db = 1, S = 1, G = 1 };
        var data = code;
        data.Selector = 16;
        data.Type = 3;
        s.Cs = code;
        s.Ds = s.Es = s.Fs = s.Gs = s.Ss = data;
        s.Cr0 = 0x11; // PE | ET
        s.Cr4 = 0;
        s.Efer = 0;
        vcpu.SetSpecialRegisters(s);
        var r = new KvmRegisters { Rip = rip, Rsp = StackTop, Rflags = 2 };
        vcpu.SetRegisters(r);
    }

    /// <summary>Runs until an exit that is not Interrupted; fails with guest state if it is not <paramref name="expected"/>.</summary>
    public void RunExpect(KvmExitReason expected)
    {
        var reason = RunOnce();
        if (reason != expected) Assert.Fail($"expected {expected} exit, got {Describe(reason)}");
    }

    /// <summary>Runs to the next port-I/O exit on <paramref name="port"/> and returns its data as a little-endian value.</summary>
    public uint RunToOut(ushort port)
    {
        RunExpect(KvmExitReason.Io);
        var io = Vcpu.Io;
        Assert.True(io.Port == port && io.Direction == KvmIoDirection.Out,
            $"expected out to 0x{port:x}, got {io.Direction} 0x{io.Port:x} at {Rip()}");
        return Value(io.Data);
    }

    /// <summary>Runs to the next port-I/O read on <paramref name="port"/> and answers it.</summary>
    public void RunToIn(ushort port, uint value)
    {
        RunExpect(KvmExitReason.Io);
        var io = Vcpu.Io;
        Assert.True(io.Port == port && io.Direction == KvmIoDirection.In,
            $"expected in from 0x{port:x}, got {io.Direction} 0x{io.Port:x} at {Rip()}");
        BitConverter.TryWriteBytes(io.Data, value);
    }

    public KvmExitReason RunOnce()
    {
        KvmExitReason reason;
        do reason = Vcpu.Run(); while (reason == KvmExitReason.Interrupted);
        return reason;
    }

    public static uint Value(ReadOnlySpan<byte> data)
    {
        uint v = 0;
        for (int i = Math.Min(data.Length, 4) - 1; i >= 0; i--) v = v << 8 | data[i];
        return v;
    }

    public string Rip()
    {
        Vcpu.GetRegisters(out var r);
        return $"rip=0x{r.Rip:x}";
    }

    public string Describe(KvmExitReason reason) => reason switch
    {
        KvmExitReason.Io => $"Io {Vcpu.Io.Direction} port 0x{Vcpu.Io.Port:x} ({Rip()})",
        KvmExitReason.Mmio => $"Mmio 0x{Vcpu.Mmio.PhysicalAddress:x} ({Rip()})",
        KvmExitReason.InternalError => $"InternalError suberror {Vcpu.InternalErrorSubError} ({Rip()})",
        _ => $"{reason} ({Rip()})",
    };

    public void Dispose()
    {
        Vcpu.Dispose();
        Vm.Dispose();
        Memory.Dispose();
        Kvm.Dispose();
    }
}
