/* The Xen public ABI as this guest uses it: the real Xen public headers
 * (XEN_INC, normally /usr/include/xen), compiled freestanding. Built -m64 they
 * give the native x86_64 layouts, built -m32 the x86_32 (compat) layouts. */
#ifndef TG_XENABI_H
#define TG_XENABI_H

#define __XEN_INTERFACE_VERSION__ 0x00040e00
#include <stdint.h>
#include <stddef.h>

#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/memory.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/physdev.h>
#include <xen/platform.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/hvm/hvm_vcpu.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/io/console.h>

/* One E820 entry as XENMEM_memory_map returns it (packed, 20 bytes). */
struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));
#define E820_RAM      1
#define E820_RESERVED 2

#endif
