namespace Disagg.Hypervisor.Tests.Builder;

/// <summary>Small PVH test kernels assembled and linked at test time, as ELF64 (linked high like Linux) and ELF32.</summary>
static class TestKernels
{
    public const ulong LoadAddress = 0x100000;
    public const ulong VirtOffset64 = 0xffffffff80000000;

    static readonly Lazy<byte[]> Elf64 = new(() => Build(true));
    static readonly Lazy<byte[]> Elf32 = new(() => Build(false));

    public static byte[] Kernel64 => (byte[])Elf64.Value.Clone();
    public static byte[] Kernel32 => (byte[])Elf32.Value.Clone();

    // The ELFNOTE macro in the style of Linux's include/linux/elfnote.h: namesz, descsz, type, name, desc, 4-byte padded.
    const string Source = """
        #include <xen/elfnote.h>

        .macro ELFNOTE name, type, desctype, descdata:vararg
        .pushsection .note.\name, "a", @note
          .balign 4
          .long 2f - 1f
          .long 4f - 3f
          .long \type
        1:.asciz "\name"
        2:.balign 4
        3:\desctype \descdata
        4:.balign 4
        .popsection
        .endm

          .code32
          .text
          .globl pvh_start
        pvh_start:
          hlt
          jmp pvh_start
          .globl _start
        _start:
          hlt
          .balign 4096
          .globl hypercall_page
        hypercall_page:
          .skip 4096, 0xc3

          .data
          .globl data_start
        data_start:
          .long 0x11223344, 0x55667788
          .bss
          .skip 3 * 4096

        ELFNOTE Xen, XEN_ELFNOTE_PHYS32_ENTRY, .long, pvh_start - KOFFSET
        ELFNOTE Xen, XEN_ELFNOTE_GUEST_OS, .asciz, "linux"
        ELFNOTE Xen, XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
        ELFNOTE Xen, XEN_ELFNOTE_LOADER, .asciz, "generic"
        ELFNOTE Xen, XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables|hvm_callback_vector"
        ELFNOTE Xen, XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << 15) | (1 << 11)
        ELFNOTE Xen, XEN_ELFNOTE_ENTRY, WORD, _start
        ELFNOTE Xen, XEN_ELFNOTE_HYPERCALL_PAGE, WORD, hypercall_page
        ELFNOTE Xen, XEN_ELFNOTE_VIRT_BASE, WORD, KOFFSET
        ELFNOTE Xen, XEN_ELFNOTE_BSD_SYMTAB, .asciz, "yes"
        ELFNOTE GNU, 3, .long, 0x12345678
        """;

    static string LinkerScript(ulong offset) => $$"""
        ENTRY(_start)
        SECTIONS
        {
          . = 0x{{LoadAddress + offset:x}};
          .text : AT(ADDR(.text) - 0x{{offset:x}}) { *(.text) }
          .notes : AT(ADDR(.notes) - 0x{{offset:x}}) { *(.note.*) }
          . = ALIGN(4096);
          .data : AT(ADDR(.data) - 0x{{offset:x}}) { *(.data) }
          .bss : AT(ADDR(.bss) - 0x{{offset:x}}) { *(.bss) }
          /DISCARD/ : { *(.note.gnu.property) *(.comment) }
        }
        """;

    static byte[] Build(bool is64)
    {
        var dir = Toolchain.TempDir(is64 ? "k64" : "k32");
        try
        {
            ulong offset = is64 ? VirtOffset64 : 0;
            File.WriteAllText(Path.Combine(dir, "k.S"), Source);
            File.WriteAllText(Path.Combine(dir, "k.ld"), LinkerScript(offset));
            Toolchain.Run(dir, "gcc", is64 ? "-m64" : "-m32", "-c", $"-DKOFFSET=0x{offset:x}",
                $"-DWORD={(is64 ? ".quad" : ".long")}", "-o", "k.o", "k.S");
            Toolchain.Run(dir, "ld", "-m", is64 ? "elf_x86_64" : "elf_i386", "-nostdlib", "--build-id=none",
                "-T", "k.ld", "-o", "k.elf", "k.o");
            return File.ReadAllBytes(Path.Combine(dir, "k.elf"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>readelf's view of the kernel, to compare the parser with binutils.</summary>
    public static string ReadElf(byte[] image, string flags)
    {
        var dir = Toolchain.TempDir("readelf");
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "k.elf"), image);
            return Toolchain.Run(dir, "readelf", "-W", flags, "k.elf");
        }
        finally { Directory.Delete(dir, true); }
    }
}
