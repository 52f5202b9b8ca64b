/* Small x86 helpers shared by the 64-bit and the 32-bit build. */
#ifndef TG_ARCH_H
#define TG_ARCH_H

#include <stdint.h>
#include <stddef.h>

typedef unsigned long ulong;

#ifdef __x86_64__
#define TG_BITS 64
#else
#define TG_BITS 32
#endif

/* GDT selectors (see entry*.S). The 32-bit build has its user code segment at
 * 0x18 (SYSENTER_CS + 16, it enters ring 3 with sysexit). */
#define SEL_KCODE   0x08   /* 64-bit code (64-bit build) / 32-bit code (32-bit build) */
#define SEL_KDATA   0x10
#define SEL_UDATA   0x23   /* DPL 3 data, RPL 3 */
#define SEL_TSS     0x30

#define PAGE_SIZE 4096UL
#define PFN(p) ((ulong)(p) >> 12)

#define barrier() __asm__ __volatile__("" ::: "memory")
#define rmb() barrier()
#define wmb() barrier()
#ifdef __x86_64__
#define mb() __asm__ __volatile__("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#else
#define mb() __asm__ __volatile__("lock; addl $0,-4(%%esp)" ::: "memory", "cc")
#endif

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ __volatile__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                         : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void outb(uint16_t port, uint8_t v) { __asm__ __volatile__("outb %0,%1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ __volatile__("inb %1,%0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ __volatile__("inl %1,%0" : "=a"(v) : "Nd"(port)); return v; }

static inline void cli(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void sti(void) { __asm__ __volatile__("sti" ::: "memory"); }
/* Let an already pending interrupt in, then close the window again. */
static inline void irq_window(void) { __asm__ __volatile__("sti; nop; cli" ::: "memory"); }
/* Sleep until an interrupt; race free because of the sti shadow. */
static inline void safe_halt(void) { __asm__ __volatile__("sti; hlt; cli" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }

static inline uint32_t mmio_read32(ulong addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write32(ulong addr, uint32_t v) { *(volatile uint32_t *)addr = v; }

/* 64-by-32 division without libgcc (the 32-bit build has no __udivdi3). */
static inline uint64_t udiv64(uint64_t n, uint32_t d, uint32_t *rem)
{
#ifdef __x86_64__
    if (rem) *rem = (uint32_t)(n % d);
    return n / d;
#else
    uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, qhi = hi / d, r = hi % d, qlo;
    __asm__("divl %4" : "=a"(qlo), "=d"(r) : "a"(lo), "d"(r), "rm"(d));
    if (rem) *rem = r;
    return ((uint64_t)qhi << 32) | qlo;
#endif
}

/* (a * mul) >> 32 for the pvclock scaling, 64x32 bit. */
static inline uint64_t mul_u64_u32_shr32(uint64_t a, uint32_t mul)
{
    uint64_t lo = (uint64_t)(uint32_t)a * mul;
    uint64_t hi = (uint64_t)(uint32_t)(a >> 32) * mul;
    return hi + (lo >> 32);
}

/* The trap frame pushed by the isr stubs (entry*.S). */
#ifdef __x86_64__
struct frame {
    ulong r15, r14, r13, r12, r11, r10, r9, r8, bp, di, si, dx, cx, bx, ax;
    ulong vec, err;
    ulong ip, cs, flags, sp, ss;
};
#else
struct frame {
    ulong di, si, bp, sp0, bx, dx, cx, ax;   /* pushal */
    ulong vec, err;
    ulong ip, cs, flags, sp, ss;             /* sp/ss only when coming from ring 3 */
};
#endif

#endif
