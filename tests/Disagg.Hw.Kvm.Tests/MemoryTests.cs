using Disagg.Tests;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>Dirty logging, KVM_TRANSLATE with paging, and foreign-page mapping seen by a running guest.</summary>
public sealed class MemoryTests
{
    [RequiresKvmFact]
    public void DirtyLogReportsExactlyThePagesTheGuestWrote()
    {
        const string guest = """
            _start:
                movl $1, 0x13000
                movl $2, 0x15008
                movb $3, 0x19fff
                out %eax, $0x10
                movl $4, 0x17000
                movl $5, 0x17004
                hlt
            """;
        using var m = TestMachine.Create(guest, slotFlags: KvmMemoryFlags.LogDirtyPages);
        var bitmap = new ulong[m.Vm.DirtyBitmapLength(0)];
        Assert.Equal((int)(TestMachine.DefaultMemory / 4096 / 64), bitmap.Length);
        m.Vm.GetDirtyLog(0, bitmap); // start clean
        m.Memory.GetSpan(0x20000, 4)[0] = 1; // host writes are not logged

        m.RunToOut(0x10);
        Array.Clear(bitmap);
        m.Vm.GetDirtyLog(0, bitmap);
        Assert.Equal(new[] { 0x13, 0x15, 0x19 }, SetBits(bitmap));

        m.RunExpect(KvmExitReason.Hlt);
        Array.Clear(bitmap);
        m.Vm.GetDirtyLog(0, bitmap);
        Assert.Equal(new[] { 0x17 }, SetBits(bitmap));

        Assert.Throws<ArgumentException>(() => m.Vm.GetDirtyLog(0, new ulong[bitmap.Length - 1]));
    }

    private static int[] SetBits(ulong[] bitmap) =>
        Enumerable.Range(0, bitmap.Length * 64).Where(i => (bitmap[i / 64] >> (i % 64) & 1) != 0).ToArray();

    [RequiresKvmFact]
    public void TranslateWalksGuestPageTables()
    {
        // 4-level long-mode paging (the mode the hypervisor's guests use; PVM, the host here, does
        // not do legacy 32-bit paging): PML4 0x20000 -> PDPT 0x21000 -> PD 0x22000;
        // PD[0] -> PT 0x23000 identity-maps 0-64 KiB; PD[2] -> PT 0x24000 maps virtual 4 MiB+.
        const ulong pml4 = 0x20000, pdpt = 0x21000, pd = 0x22000, pt0 = 0x23000, pt2 = 0x24000;
        // Encodes the same in 32- and 64-bit mode.
        const string guest = """
            _start:
                mov $0x405000, %ebx      # virtual 0x405000 -> physical 0x7000 (read-only)
                mov (%ebx), %eax
                out %eax, $0x10
                hlt
            """;
        using var m = TestMachine.Create(guest);
        var mem = m.Memory;
        void Pte(ulong table, int index, ulong value) => BitConverter.TryWriteBytes(mem.GetSpan(table + (ulong)index * 8, 8), value);
        Pte(pml4, 0, pdpt | 3);
        Pte(pdpt, 0, pd | 3);
        Pte(pd, 0, pt0 | 3);
        Pte(pd, 2, pt2 | 3);
        for (int i = 0; i < 16; i++) Pte(pt0, i, (ulong)i * 0x1000 | 3);
        Pte(pt2, 5, 0x7000 | 1);  // present, read-only
        Pte(pt2, 6, 0x8000 | 3);  // present, writeable
        BitConverter.TryWriteBytes(mem.GetSpan(0x7000, 4), 0x5eed1234u);

        m.Vcpu.GetSpecialRegisters(out var s);
        s.Cr3 = pml4;
        s.Cr4 = 0x20;        // PAE
        s.Efer = 0x500;      // LME | LMA
        s.Cr0 = 0x80000011;  // PG | ET | PE
        s.Cs.L = 1;
        s.Cs.Db = 0;
        m.Vcpu.SetSpecialRegisters(s);

        Assert.True(m.Vcpu.TryTranslate(0x405123, out ulong pa, out bool writeable));
        Assert.Equal(0x7123ul, pa);
        Assert.True(writeable); // x86 KVM_TRANSLATE always reports writeable = 1, even for a read-only PTE
        Assert.True(m.Vcpu.TryTranslate(0x406000, out pa, out writeable));
        Assert.Equal(0x8000ul, pa);
        Assert.True(m.Vcpu.TryTranslate(0x1000, out pa, out _));
        Assert.Equal(0x1000ul, pa);
        Assert.False(m.Vcpu.TryTranslate(0x407000, out _, out _)); // PTE not present
        Assert.False(m.Vcpu.TryTranslate(0x800000, out _, out _)); // PDE not present

        Assert.Equal(0x5eed1234u, m.RunToOut(0x10)); // the running guest agrees
        m.RunExpect(KvmExitReason.Hlt);
    }

    [RequiresKvmFact]
    public void MapForeignPageIsSeenByTheRunningGuestAndRestorePageUndoesIt()
    {
        const string guest = """
            _start:
            1:  mov 0x8000, %eax
                incl 0x8004
                out %eax, $0x10
                jmp 1b
            """;
        using var m = TestMachine.Create(guest);
        using var other = GuestMemory.Create("other", 0x10000);
        BitConverter.TryWriteBytes(m.Memory.GetSpan(0x8000, 4), 0xaaaa0000u);
        BitConverter.TryWriteBytes(other.GetSpan(0x3000, 4), 0xbbbb0000u);

        Assert.Equal(0xaaaa0000u, m.RunToOut(0x10));
        Assert.Equal(1u, BitConverter.ToUInt32(m.Memory.GetSpan(0x8004, 4)));

        m.Memory.MapForeignPage(0x8000, other, 0x3000);
        Assert.Equal(0xbbbb0000u, BitConverter.ToUInt32(m.Memory.GetSpan(0x8000, 4))); // host view
        Assert.Equal(0xbbbb0000u, m.RunToOut(0x10));                                    // guest view
        Assert.Equal(0xbbbb0000u, m.RunToOut(0x10));
        Assert.Equal(2u, BitConverter.ToUInt32(other.GetSpan(0x3004, 4)));  // guest writes land in the other memory

        m.Memory.RestorePage(0x8000);
        Assert.Equal(0xaaaa0000u, m.RunToOut(0x10));
        Assert.Equal(2u, BitConverter.ToUInt32(m.Memory.GetSpan(0x8004, 4)));
        Assert.Equal(2u, BitConverter.ToUInt32(other.GetSpan(0x3004, 4)));
    }

    [Fact]
    public void GuestMemorySpansAreBoundsChecked()
    {
        using var mem = GuestMemory.Create("bounds", 0x2000);
        Assert.Equal(0x2000ul, mem.Size);
        Assert.Equal(16, mem.GetSpan(0x1ff0, 16).Length);
        Assert.Equal(0, mem.GetSpan(0x2000, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.GetSpan(0x1ff1, 16));
        Assert.False(mem.TryGetSpan(ulong.MaxValue, 2, out _));
        Assert.False(mem.TryGetSpan(0, -1, out _));
        Assert.Throws<ArgumentException>(() => GuestMemory.Create("odd", 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.MapForeignPage(0x100, mem, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.RestorePage(0x2000));
        Assert.False(mem.MemFd.IsInvalid);
    }
}
