/* The three ways a vCPU enters the test guest, the same for the 32-bit and the 64-bit image: all start in
 * 32-bit flat protected mode with paging off and go on at common32 (in the including file) with
 * ESI = how it booted, EBX = start_info (PVH) or 0, and its own stack.
 *   hvm_entry   e_entry, as Xen's HVM builder starts hvmloader: no start_info.
 *   pvh_entry   XEN_ELFNOTE_PHYS32_ENTRY: EBX = struct hvm_start_info physical address.
 *   ap_entry32  secondary vCPUs, from VCPUOP_initialise with a 32-bit flat context. */
    .section .text.entry, "ax"
    .code32
    .globl hvm_entry
hvm_entry:
    cli
    cld
    xor %ebx, %ebx
    mov $BOOT_HVM, %esi
    mov $stack0_top, %esp
    jmp common32

    .globl pvh_entry
pvh_entry:
    cli
    cld
    mov $BOOT_PVH, %esi
    mov $stack0_top, %esp
    jmp common32

    .globl ap_entry32
ap_entry32:
    cli
    cld
    xor %ebx, %ebx
    mov $BOOT_AP, %esi
    mov $stack1_top, %esp
    jmp common32
