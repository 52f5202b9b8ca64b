namespace Disagg.Hw.Kvm.Tests;

/// <summary>Assembly shared by the test guests: a flat GDT, an IDT filled at run time, LAPIC helpers.</summary>
internal static class GuestSnippets
{
    /// <summary>Put before the guest code: macros.</summary>
    public const string Macros = """
        # 32-bit interrupt gate for vector \vec -> \handler (selector 8)
        .macro gate vec, handler
            mov $\handler, %eax
            mov %ax, idt+\vec*8
            movw $8, idt+\vec*8+2
            movw $0x8e00, idt+\vec*8+4
            shr $16, %eax
            mov %ax, idt+\vec*8+6
        .endm
        # load the GDT and the (empty until `gate`) IDT
        .macro tables
            lgdt gdtr
            lidt idtr
        .endm
        # software-enable the LAPIC (SVR = 0x1ff) at its default base; paging is off
        .macro lapic_on
            movl $0x1ff, 0xfee000f0
        .endm
        """;

    /// <summary>Put after the guest code: the tables.</summary>
    public const string Tables = """
            .align 8
        gdt:  .quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff
        gdtr: .word 23
              .long gdt
        idtr: .word 256*8-1
              .long idt
        count: .long 0
            .align 8
        idt:  .fill 256*8, 1, 0
        """;

    /// <summary>Guest code wrapped with the macros and tables.</summary>
    public static string Guest(string code) => Macros + "\n" + code + "\n" + Tables;
}
