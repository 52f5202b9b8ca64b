/* HVM only (suite mode): the platform devices Xen emulates for an HVM domain and not for a PVH one:
 * the MC146818 RTC, the IOAPIC and the 8254 PIT delivering IRQ 0 through IOAPIC pin 2 (the MADT's
 * IRQ0 -> GSI2 override). One TEST line per check; when the core does not emulate the platform at all
 * (the IOAPIC reads all ones) it says so on a PLATFORM line and runs nothing. */
#include "guest.h"
#include "lib.h"
#include "hv.h"
#include "trap.h"
#include "events.h"

#define IOAPIC_BASE    0xfec00000UL
#define IOAPIC_PINS    48
#define VEC_PIT        0xe0           /* unused elsewhere in this guest */
#define PIT_GSI        2
#define PIT_HZ         1193182
#define PIT_COUNT      1193           /* ~1 kHz */

void run_platform_tests(void);

volatile uint32_t platform_pit_ticks;
void platform_isr_pit(void);

/* The PIT vector's handler: count, EOI at the LAPIC, return. Kept to a few instructions (guest CPL0 code is
 * emulated on the project's test hosts); the 32-bit one returns without iret as entry32.S does. */
#ifdef __x86_64__
__asm__(".text\n"
        ".globl platform_isr_pit\n"
        "platform_isr_pit:\n"
        "    lock incl platform_pit_ticks(%rip)\n"
        "    push %rax\n"
        "    mov $0xfee000b0, %eax\n"
        "    movl $0, (%rax)\n"
        "    pop %rax\n"
        "    iretq\n");
#else
__asm__(".text\n"
        ".globl platform_isr_pit\n"
        "platform_isr_pit:\n"
        "    lock incl platform_pit_ticks\n"
        "    movl $0, 0xfee000b0\n"
        "    push %eax\n"
        "    mov 4(%esp), %eax\n"          /* [eip][cs][eflags] -> [eflags][eip], popfl, ret */
        "    mov %eax, 8(%esp)\n"
        "    mov 12(%esp), %eax\n"
        "    mov %eax, 4(%esp)\n"
        "    pop %eax\n"
        "    popfl\n"
        "    ret $4\n");
#endif

static void set_idt_gate(int vec, void (*fn)(void))
{
    struct { uint16_t limit; ulong base; } __attribute__((packed)) d;
    __asm__ __volatile__("sidt %0" : "=m"(d));
    ulong a = (ulong)fn;
#ifdef __x86_64__
    uint32_t *g = (uint32_t *)(d.base + 16 * vec);
    g[0] = (a & 0xffff) | ((uint32_t)SEL_KCODE << 16);
    g[1] = (a & 0xffff0000) | 0x8e00;           /* present, DPL0, interrupt gate */
    g[2] = (uint32_t)((uint64_t)a >> 32);
    g[3] = 0;
#else
    uint32_t *g = (uint32_t *)(d.base + 8 * vec);
    g[0] = (a & 0xffff) | ((uint32_t)SEL_KCODE << 16);
    g[1] = (a & 0xffff0000) | 0x8e00;
#endif
}

static uint32_t ioapic_read(uint32_t reg)
{
    mmio_write32(IOAPIC_BASE, reg);
    return mmio_read32(IOAPIC_BASE + 0x10);
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
    mmio_write32(IOAPIC_BASE, reg);
    mmio_write32(IOAPIC_BASE + 0x10, v);
}

static uint8_t cmos(uint8_t idx)
{
    outb(0x70, idx);
    return inb(0x71);
}

struct rtc_time { int sec, min, hour, day, mon, year; };

static int rtc_val(uint8_t v, uint8_t regb) { return (regb & 4) ? v : (v >> 4) * 10 + (v & 0xf); }

/* As Linux's mc146818_get_time: wait for UIP to clear, read everything, retry if the seconds moved. */
static void rtc_read(struct rtc_time *t)
{
    uint8_t sec;
    do {
        for (int i = 0; i < 2000 && (cmos(0x0a) & 0x80); i++) cpu_relax();
        sec = cmos(0x00);
        uint8_t b = cmos(0x0b), h = cmos(0x04);
        t->min = rtc_val(cmos(0x02), b);
        t->day = rtc_val(cmos(0x07), b);
        t->mon = rtc_val(cmos(0x08), b);
        int century = rtc_val(cmos(0x32), b);
        t->year = (century >= 19 && century <= 99 ? century : 20) * 100 + rtc_val(cmos(0x09), b);
        t->hour = rtc_val(h & 0x7f, b);
        if (!(b & 2)) t->hour = t->hour % 12 + ((h & 0x80) ? 12 : 0);   /* 12-hour mode */
        t->sec = rtc_val(sec, b);
    } while (cmos(0x00) != sec);
}

static void t_rtc(void)
{
    struct rtc_time a, b;
    rtc_read(&a);
    check_true("hvm-rtc", a.year >= 2026 && a.mon >= 1 && a.mon <= 12 && a.day >= 1 && a.day <= 31 &&
               a.hour < 24 && a.min < 60 && a.sec < 60,
               "RTC reads %04d-%02d-%02d %02d:%02d:%02d, expected the host's date (year >= 2026)",
               a.year, a.mon, a.day, a.hour, a.min, a.sec);

    /* 1.1 s by the pvclock, sleeping in hlt until the VIRQ_TIMER deadline: never a busy loop. */
    uint64_t t0 = now_ns();
    static volatile uint32_t never;
    while (now_ns() - t0 < 1100000000ULL && timer_port)
        wait_change(&never, 0, 1100000000ULL - (now_ns() - t0));
    uint64_t waited = now_ns() - t0;
    rtc_read(&b);
    int d = ((b.hour * 3600 + b.min * 60 + b.sec) - (a.hour * 3600 + a.min * 60 + a.sec) + 86400) % 86400;
    check_true("hvm-rtc-advances", waited >= 1100000000ULL && (d == 1 || d == 2),
               "seconds went %02d:%02d:%02d -> %02d:%02d:%02d (+%d) over %llu ns of pvclock",
               a.hour, a.min, a.sec, b.hour, b.min, b.sec, d, (unsigned long long)waited);
}

static void t_ioapic(void)
{
    uint32_t v = ioapic_read(1);
    check_true("hvm-ioapic", (v & 0xff) == 0x11 && ((v >> 16) & 0xff) == IOAPIC_PINS - 1,
               "IOAPIC version register 0x%08x, expected version 0x11 with max redirection entry %d",
               v, IOAPIC_PINS - 1);
    uint32_t lo = ioapic_read(0x10 + 2 * PIT_GSI);
    check_true("hvm-ioapic-masked-at-reset", (lo & 0x10000) != 0, "GSI %d entry 0x%08x is not masked", PIT_GSI, lo);
}

static void t_pit(void)
{
    set_idt_gate(VEC_PIT, platform_isr_pit);
    ioapic_write(0x11 + 2 * PIT_GSI, 0);                     /* destination: APIC id 0 (vCPU 0) */
    ioapic_write(0x10 + 2 * PIT_GSI, VEC_PIT);               /* fixed, physical, edge, unmasked */
    uint32_t start = platform_pit_ticks;
    uint64_t t0 = now_ns();
    outb(0x43, 0x34);                                        /* channel 0, lobyte/hibyte, mode 2 */
    outb(0x40, PIT_COUNT & 0xff);
    outb(0x40, PIT_COUNT >> 8);
    while (platform_pit_ticks - start < 5 && now_ns() - t0 < 500000000ULL)
        wait_change(&platform_pit_ticks, platform_pit_ticks, 20000000ULL);
    uint32_t got = platform_pit_ticks - start;
    uint64_t took = now_ns() - t0;

    ioapic_write(0x10 + 2 * PIT_GSI, 0x10000 | VEC_PIT);     /* mask GSI 2 again */
    outb(0x43, 0x30);                                        /* and stop channel 0: a control word, no count */
    irq_window();
    check_true("hvm-pit", got >= 5, "%u ticks of PIT channel 0 (mode 2, %d Hz) at vector 0x%x in %llu ns",
               got, PIT_HZ / PIT_COUNT, VEC_PIT, (unsigned long long)took);

    uint32_t masked = platform_pit_ticks;
    static volatile uint32_t never;
    wait_change(&never, 0, 20000000ULL);
    check_true("hvm-pit-masked", platform_pit_ticks == masked, "%u ticks arrived after masking GSI %d",
               platform_pit_ticks - masked, PIT_GSI);
}

void run_platform_tests(void)
{
    uint32_t v = ioapic_read(1);
    if (v == 0xffffffffu) {
        line("PLATFORM not emulated (IOAPIC version reads 0x%08x): hvm-rtc, hvm-ioapic, hvm-pit not run", v);
        return;
    }
    t_ioapic();
    t_rtc();
    t_pit();
}
