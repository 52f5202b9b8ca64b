/*
 * 32-bit test guest (compat ABI): same entry points as entry64.S but it stays in
 * 32-bit flat protected mode with paging off. DS/ES/FS/GS hold the DPL 3 flat
 * data segment (valid at CPL0 and CPL3), SS the kernel data segment.
 * kmain(kind, start_info) is called with the cdecl convention.
 */
#include "asmdefs.h"

#include "boot_entries.S"

common32:
    lgdt gdt_ptr
    ljmp $SEL_KCODE, $1f
1:  mov $SEL_KDATA, %eax
    mov %eax, %ss
    mov $SEL_UDATA, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %fs
    mov %eax, %gs
    xor %ebp, %ebp
    push %ebx                       /* start_info */
    push %esi                       /* kind */
    call kmain
2:  cli
    hlt
    jmp 2b

/* ---------------- interrupt stubs ---------------- */

    .text
.macro ISR_NOERR vec
isr_\vec:
    pushl $0
    pushl $\vec
    jmp isr_common
.endm
.macro ISR_ERR vec
isr_\vec:
    pushl $\vec
    jmp isr_common
.endm

#include "exception_stubs.S"

    .globl isr_callback, isr_upcall, isr_spurious
isr_callback:
    pushl $0
    pushl $VEC_CALLBACK
    jmp isr_common
isr_upcall:
    pushl $0
    pushl $VEC_UPCALL
    jmp isr_common
isr_spurious:
    pushl $0
    pushl $0xff
    jmp isr_common

isr_common:
    pushal
    cld
    push %esp
    call trap_entry_c
    add $4, %esp
    popal
    add $8, %esp
    /* Return without iret (which this project's nested PVM test hosts cannot
     * emulate in 32-bit mode; it is equivalent here since we only ever return
     * to CPL0): [eip][cs][eflags] -> [eflags][eip], popfl, ret. */
    push %eax
    mov 4(%esp), %eax
    mov %eax, 8(%esp)
    mov 12(%esp), %eax
    mov %eax, 4(%esp)
    pop %eax
    popfl
    ret $4

/* ---------------- ring 3 ---------------- */

    .globl enter_user, user_resume
enter_user:                         /* enter_user(ip, sp) */
    mov 4(%esp), %eax
    mov 8(%esp), %edx
    push %ebx
    push %esi
    push %edi
    push %ebp
    mov %esp, user_saved_ksp
    /* sysexit to CPL3: CS = SYSENTER_CS + 16 (user code, 0x1b), SS = +24
     * (user data, 0x23), EIP = EDX, ESP = ECX. iret/lret to an outer privilege
     * level cannot be emulated on this project's nested PVM hosts; sysexit is. */
    push %eax
    push %edx
    mov $0x174, %ecx                /* IA32_SYSENTER_CS */
    mov $SEL_KCODE, %eax
    xor %edx, %edx
    wrmsr
    pop %ecx                        /* user esp */
    pop %edx                        /* user eip */
    sysexit
user_resume:
    mov user_saved_ksp, %esp
    pop %ebp
    pop %edi
    pop %esi
    pop %ebx
    ret

    .globl user_hypercall
user_hypercall:
    xor %ebx, %ebx
    xor %ecx, %ecx
    call hypercall_page + 17 * 32
    mov %eax, user_hc_result
    movl $1, user_hc_returned
    hlt
1:  jmp 1b

/* ---------------- data ---------------- */

    .data
    .balign 4
    .globl isr_table
isr_table:
    .long isr_0, isr_1, isr_2, isr_3, isr_4, isr_5, isr_6, isr_7
    .long isr_8, isr_9, isr_10, isr_11, isr_12, isr_13, isr_14, isr_15
    .long isr_16, isr_17, isr_18, isr_19, isr_20, isr_21, isr_22, isr_23
    .long isr_24, isr_25, isr_26, isr_27, isr_28, isr_29, isr_30, isr_31

    .globl user_saved_ksp, user_hc_result, user_hc_returned
user_saved_ksp:   .long 0
user_hc_result:   .long 0
user_hc_returned: .long 0

    .balign 16
    .globl gdt
gdt:
    .quad 0                         /* 0x00 */
    .quad 0x00cf9a000000ffff        /* 0x08 kernel code, 32-bit */
    .quad 0x00cf92000000ffff        /* 0x10 kernel data */
    .quad 0x00cffa000000ffff        /* 0x18 user code, 32-bit (DPL 3): SYSENTER_CS + 16 */
    .quad 0x00cff2000000ffff        /* 0x20 user data (DPL 3): SYSENTER_CS + 24 */
    .quad 0x00cffa000000ffff        /* 0x28 user code, 32-bit (DPL 3) */
    .quad 0                         /* 0x30 TSS (filled by tss_init) */
gdt_end:
    .balign 8
    .word 0
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt

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

.macro ELFNOTE type, desc_start, desc_end
    .balign 4
    .long 4
    .long \desc_end - \desc_start
    .long \type
    .asciz "Xen"
    .balign 4
.endm

    .section .note.Xen, "a", @note
    ELFNOTE XEN_ELFNOTE_GUEST_OS, 1f, 2f
1:  .asciz "Disagg-testguest32"
2:  ELFNOTE XEN_ELFNOTE_XEN_VERSION, 1f, 2f
1:  .asciz "xen-3.0"
2:  ELFNOTE XEN_ELFNOTE_PHYS32_ENTRY, 1f, 2f
1:  .long pvh_entry
2:  .balign 4

    .section .note.GNU-stack, "", @progbits
