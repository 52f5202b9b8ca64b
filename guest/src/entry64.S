/*
 * 64-bit test guest: entry points, GDT, identity page tables, interrupt stubs,
 * ring 3 helpers.
 *
 *  pvh_entry   (XEN_ELFNOTE_PHYS32_ENTRY): 32-bit flat protected mode, paging
 *              off, EBX = struct hvm_start_info physical address.
 *  hvm_entry   (e_entry, hvmloader-style): 32-bit flat protected mode, no
 *              start_info.
 *  ap_entry32  secondary vCPUs (VCPUOP_initialise with a 32-bit flat context).
 *
 * All three load our GDT, switch to long mode with the static page tables below
 * (4 GiB identity mapped with 2 MiB pages; 0xF0000000+ uncached; the 2 MiB
 * page holding the LAPIC and the special pages split into 4 KiB pages with only
 * the LAPIC page uncached), then call kmain(kind, start_info).
 */
#include "asmdefs.h"

#include "boot_entries.S"

common32:
    lgdt gdt_ptr
    ljmp $SEL_KCODE32, $1f
1:  mov $SEL_KDATA, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov %cr4, %eax
    or $0x20, %eax                  /* PAE */
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx           /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax            /* PG | PE */
    mov %eax, %cr0
    ljmp $SEL_KCODE, $long64

    .code64
long64:
    mov $SEL_KDATA, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %esp, %esp                  /* zero-extend the stack pointer */
    mov %esi, %edi                  /* kind */
    mov %ebx, %esi                  /* start_info (32-bit physical) */
    xor %ebp, %ebp
    call kmain
2:  cli
    hlt
    jmp 2b

/* ---------------- interrupt stubs ---------------- */

    .text
.macro ISR_NOERR vec
isr_\vec:
    pushq $0
    pushq $\vec
    jmp isr_common
.endm
.macro ISR_ERR vec
isr_\vec:
    pushq $\vec
    jmp isr_common
.endm

#include "exception_stubs.S"

    .globl isr_callback, isr_upcall, isr_spurious
isr_callback:
    pushq $0
    pushq $VEC_CALLBACK
    jmp isr_common
isr_upcall:
    pushq $0
    pushq $VEC_UPCALL
    jmp isr_common
isr_spurious:
    iretq

isr_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    call trap_entry_c
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    iretq

/* ---------------- ring 3 ---------------- */

/* enter_user(ip, sp): iretq to CPL3; comes back through user_resume when the
 * user code faults (trap_entry_c redirects the frame). */
    .globl enter_user, user_resume
enter_user:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, user_saved_ksp(%rip)
    pushq $SEL_UDATA
    push %rsi
    pushq $0x2
    pushq $SEL_UCODE
    push %rdi
    iretq
user_resume:
    mov user_saved_ksp(%rip), %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* Runs at CPL3: xen_version(XENVER_version, NULL) through the hypercall page,
 * records what came back, then executes a privileged instruction (#GP) to get
 * back to ring 0. If the stub itself faults (port I/O at CPL3), the #GP comes
 * from inside the stub instead. */
    .globl user_hypercall
user_hypercall:
    xor %edi, %edi
    xor %esi, %esi
    call hypercall_page + 17 * 32
    mov %rax, user_hc_result(%rip)
    movl $1, user_hc_returned(%rip)
    hlt
1:  jmp 1b

/* ---------------- data ---------------- */

    .data
    .balign 8
    .globl isr_table
isr_table:
    .quad isr_0, isr_1, isr_2, isr_3, isr_4, isr_5, isr_6, isr_7
    .quad isr_8, isr_9, isr_10, isr_11, isr_12, isr_13, isr_14, isr_15
    .quad isr_16, isr_17, isr_18, isr_19, isr_20, isr_21, isr_22, isr_23
    .quad isr_24, isr_25, isr_26, isr_27, isr_28, isr_29, isr_30, isr_31

    .globl user_saved_ksp, user_hc_result, user_hc_returned
user_saved_ksp:   .quad 0
user_hc_result:   .quad 0
user_hc_returned: .long 0

    .balign 16
    .globl gdt
gdt:
    .quad 0                         /* 0x00 */
    .quad 0x00af9a000000ffff        /* 0x08 kernel code, 64-bit */
    .quad 0x00cf92000000ffff        /* 0x10 kernel data */
    .quad 0x00cf9a000000ffff        /* 0x18 kernel code, 32-bit */
    .quad 0x00cff2000000ffff        /* 0x20 user data (DPL 3) */
    .quad 0x00affa000000ffff        /* 0x28 user code, 64-bit (DPL 3) */
    .quad 0, 0                      /* 0x30 TSS (filled by tss_init) */
gdt_end:
    .balign 8
    .word 0, 0, 0
gdt_ptr:
    .word gdt_end - gdt - 1
    .quad gdt

/* Static identity page tables: nothing to build at run time. */
#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_U   0x004
#define PTE_PWT 0x008
#define PTE_PCD 0x010
#define PTE_PS  0x080
#define PTE_NX_NONE 0
#define PT_FLAGS (PTE_P | PTE_W | PTE_U)

    .section .data.pagetables, "aw"
    .balign 4096
pml4:
    .quad pdpt + PT_FLAGS
    .fill 511, 8, 0
pdpt:
    .quad pd0 + PT_FLAGS
    .quad pd1 + PT_FLAGS
    .quad pd2 + PT_FLAGS
    .quad pd3 + PT_FLAGS
    .fill 508, 8, 0

.macro PD base
    .set pdi, 0
    .rept 512
    .set addr, \base + pdi * 0x200000
    .if addr == 0xfee00000
        .quad pt_lapic + PT_FLAGS
    .elseif addr >= 0xf0000000
        .quad addr + PT_FLAGS + PTE_PS + PTE_PCD + PTE_PWT
    .else
        .quad addr + PT_FLAGS + PTE_PS
    .endif
    .set pdi, pdi + 1
    .endr
.endm
pd0: PD 0x00000000
pd1: PD 0x40000000
pd2: PD 0x80000000
pd3: PD 0xc0000000

/* 0xFEE00000-0xFEFFFFFF in 4 KiB pages: the LAPIC page uncached, the rest
 * (special pages at 0xFEFF8000+ are RAM) write-back. */
pt_lapic:
    .set pti, 0
    .rept 512
    .if pti == 0
        .quad 0xfee00000 + PT_FLAGS + PTE_PCD + PTE_PWT
    .else
        .quad 0xfee00000 + pti * 0x1000 + PT_FLAGS
    .endif
    .set pti, pti + 1
    .endr

/* ---------------- stacks ---------------- */

    .section .bss.stack, "aw", @nobits
    .balign 4096
stack0:
    .skip 16384
    .globl stack0_top
stack0_top:
stack1:
    .skip 8192
    .globl stack1_top
stack1_top:

/* ---------------- Xen ELF notes ---------------- */

.macro ELFNOTE type, desc_start, desc_end
    .balign 4
    .long 4                         /* namesz: "Xen\0" */
    .long \desc_end - \desc_start
    .long \type
    .asciz "Xen"
    .balign 4
.endm

    .section .note.Xen, "a", @note
    ELFNOTE XEN_ELFNOTE_GUEST_OS, 1f, 2f
1:  .asciz "Disagg-testguest"
2:  ELFNOTE XEN_ELFNOTE_XEN_VERSION, 1f, 2f
1:  .asciz "xen-3.0"
2:  ELFNOTE XEN_ELFNOTE_PHYS32_ENTRY, 1f, 2f
1:  .long pvh_entry
2:  .balign 4

    .section .note.GNU-stack, "", @progbits
