using System.Buffers.Binary;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>The hypercall page the core writes into guest memory when the guest writes the Xen MSR.</summary>
/// <remarks>
/// Xen's stubs are `mov $nr,%eax; vmcall; ret` (vmx_init_hypercall_page). Without KVM_CAP_XEN_HVM a vmcall
/// never reaches user space here, so each stub exits with port I/O instead: `mov $nr,%eax; out %eax,$port; ret`.
/// The arguments stay in the registers Xen's ABI puts them in, and `out %eax,imm8` clobbers none of them.
/// The encoding is the same in 32-bit and 64-bit mode; the core reads the mode at the exit.
/// </remarks>
public static class HypercallPage
{
    /// <summary>The I/O port the stubs exit through (unused by PC platform devices).</summary>
    public const ushort Port = 0x99;

    /// <summary>32-byte stubs, one per hypercall number (Xen: PAGE_SIZE / 32).</summary>
    public const int StubSize = 32;

    /// <summary>__HYPERVISOR_iret: HVM guests get ud2 there, as on Xen.</summary>
    const int IretHypercall = 23;

    /// <summary>Writes the stubs into a 4 KiB page.</summary>
    public static void Fill(Span<byte> page)
    {
        if (page.Length != 4096) throw new ArgumentException("hypercall page must be 4096 bytes", nameof(page));
        page.Fill(0xCC);                                   // int3 filler, as Xen
        for (var nr = 0; nr < page.Length / StubSize; nr++)
        {
            var stub = page.Slice(nr * StubSize, StubSize);
            if (nr == IretHypercall) { stub[0] = 0x0F; stub[1] = 0x0B; continue; } // ud2
            stub[0] = 0xB8;                                // mov imm32, %eax
            BinaryPrimitives.WriteInt32LittleEndian(stub[1..], nr);
            stub[5] = 0xE7;                                // out %eax, imm8
            stub[6] = (byte)Port;
            stub[7] = 0xC3;                                // ret
        }
    }
}
