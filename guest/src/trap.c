#include "trap.h"
#include "lib.h"
#include "hv.h"
#include "events.h"

#ifdef __x86_64__
struct gate { uint16_t off0, sel; uint8_t ist, type; uint16_t off1; uint32_t off2, rsv; };
struct tss {
    uint32_t rsv0; uint64_t rsp0, rsp1, rsp2, rsv1; uint64_t ist[7]; uint64_t rsv2;
    uint16_t rsv3, iomap;
} __attribute__((packed));
#else
struct gate { uint16_t off0, sel; uint8_t zero, type; uint16_t off1; };
struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi, es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap;
} __attribute__((packed));
#endif

static struct gate idt[256] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static uint8_t trap_stack[4096] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));

volatile uint32_t upcalls_callback, upcalls_lapic, nmi_count;
int int3_returns_ok;

static struct {
    volatile int armed, vector;
    ulong skip;
} fs;

static struct {
    volatile int active, vector;
    ulong ip;
} us;

static void set_gate(int vec, void (*fn)(void))
{
    ulong a = (ulong)fn;
    struct gate *g = &idt[vec];
    g->off0 = (uint16_t)a;
    g->sel = SEL_KCODE;
    g->type = 0x8e;                       /* present, DPL0, interrupt gate */
    g->off1 = (uint16_t)(a >> 16);
#ifdef __x86_64__
    g->ist = 0;
    g->off2 = (uint32_t)((uint64_t)a >> 32);
#endif
}

void trap_load(void)
{
    struct { uint16_t limit; ulong base; } __attribute__((packed)) d = { sizeof(idt) - 1, (ulong)idt };
    __asm__ __volatile__("lidt %0" :: "m"(d));
}

void trap_init(void)
{
    /* Only the vectors in use get a gate: the rest stay not-present, so a stray
     * interrupt becomes a #NP (error code = vector*8+2) that gets reported. */
    for (int v = 0; v < 32; v++) set_gate(v, (void (*)(void))isr_table[v]);
    set_gate(VEC_UPCALL, isr_upcall);
    set_gate(VEC_CALLBACK, isr_callback);
    set_gate(VEC_SPURIOUS, isr_spurious);
    trap_load();
}

void tss_init(void)
{
    ulong base = (ulong)&tss;
    uint32_t limit = sizeof(tss) - 1;
    uint32_t *d = (uint32_t *)(gdt + SEL_TSS);
#ifdef __x86_64__
    tss.rsp0 = (ulong)trap_stack + sizeof(trap_stack);
#else
    tss.esp0 = (ulong)trap_stack + sizeof(trap_stack);
    tss.ss0 = SEL_KDATA;
#endif
    tss.iomap = sizeof(tss);              /* no I/O bitmap: every port #GPs at CPL3 */
    d[0] = (limit & 0xffff) | ((uint32_t)(base & 0xffff) << 16);
    d[1] = ((uint32_t)(base >> 16) & 0xff) | (0x89u << 8) | (limit & 0xf0000) | ((uint32_t)base & 0xff000000);
#ifdef __x86_64__
    d[2] = (uint32_t)((uint64_t)base >> 32);
    d[3] = 0;
#endif
    __asm__ __volatile__("ltr %w0" :: "r"(SEL_TSS) : "memory");
}

void lapic_enable(void)
{
    /* Software-enable the LAPIC, spurious vector 0xff. */
    mmio_write32(LAPIC_BASE + 0xf0, 0x100 | VEC_SPURIOUS);
}

static void lapic_eoi(void) { mmio_write32(LAPIC_BASE + 0xb0, 0); }

void fault_arm(ulong skip)
{
    fs.vector = 0;
    fs.skip = skip;
    barrier();
    fs.armed = 1;
    barrier();
}

int fault_disarm(void)
{
    barrier();
    fs.armed = 0;
    return fs.vector;
}

int run_user(void (*fn)(void), struct user_result *out)
{
    user_hc_returned = 0;
    user_hc_result = 0;
    us.vector = -1;
    us.active = 1;
    enter_user((ulong)fn, (ulong)user_stack + sizeof(user_stack) - 64);
    us.active = 0;
    out->vector = us.vector;
    out->returned = user_hc_returned;
    out->rax = user_hc_result;
    out->ip = us.ip;
    return us.vector;
}

static ulong read_cr2(void)
{
    ulong v;
    __asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
    return v;
}

void trap_entry_c(struct frame *f)
{
    if (f->vec == VEC_CALLBACK) {
        upcalls_callback++;
        evtchn_do_upcall();
        return;
    }
    if (f->vec == VEC_UPCALL) {
        upcalls_lapic++;
        evtchn_do_upcall();
        lapic_eoi();
        return;
    }
    if (f->vec == VEC_SPURIOUS) return;
    if (f->vec == 2) { nmi_count++; return; }
    if (f->vec == 3 && int3_returns_ok) return;

    if ((f->cs & 3) == 3 && us.active) {
        /* Back from ring 3: resume the kernel after enter_user(). */
        us.vector = (int)f->vec;
        us.ip = f->ip;
        f->ip = (ulong)user_resume;
        f->cs = SEL_KCODE;
        f->flags = 0x2;
        f->sp = user_saved_ksp;
        f->ss = SEL_KDATA;
        return;
    }
    if (fs.armed && (f->cs & 3) == 0) {
        fs.vector = (int)f->vec;
        fs.armed = 0;
        f->ip += fs.skip;
        return;
    }
    tests_failed++;
    line("TEST exception FAIL unexpected vector %lu err=0x%lx ip=0x%lx cs=0x%lx cr2=0x%lx",
         (ulong)f->vec, (ulong)f->err, (ulong)f->ip, (ulong)f->cs, read_cr2());
    done_and_exit(SHUTDOWN_crash);
}
