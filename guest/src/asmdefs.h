/* Constants shared by the assembly files (keep in step with arch.h/trap.h). */
#ifndef TG_ASMDEFS_H
#define TG_ASMDEFS_H

#define SEL_KCODE   0x08
#define SEL_KDATA   0x10
#define SEL_KCODE32 0x18   /* 64-bit build: 32-bit kernel code for the mode switch */
#define SEL_UDATA   0x23
#define SEL_UCODE   0x2b   /* 64-bit build; the 32-bit build uses 0x1b (sysexit) */
#define SEL_TSS     0x30

#define VEC_CALLBACK 0xf3
#define VEC_UPCALL   0xf2

#define BOOT_PVH 0
#define BOOT_HVM 1
#define BOOT_AP  2

#define XEN_ELFNOTE_GUEST_OS      6
#define XEN_ELFNOTE_XEN_VERSION   5
#define XEN_ELFNOTE_PHYS32_ENTRY 18

#endif
