/* The non-suite modes: hello, shutdown, crash, idle, benchmarks. */
#include "guest.h"
#include "lib.h"
#include "hv.h"
#include "trap.h"
#include "events.h"

void mode_hello(void)
{
    hv_shutdown(SHUTDOWN_poweroff);
}

static int parse_reason(const char *s)
{
    static const char *const names[] = { "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset" };
    for (int i = 0; i < 6; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

void mode_shutdown(void)
{
    char r[16] = "poweroff";
    arg_str("reason", r, sizeof(r));
    int reason = parse_reason(r);
    if (reason < 0) {
        fail("shutdown-reason", "unknown reason '%s'", r);
        done_and_exit(SHUTDOWN_poweroff);
    }
    hv_shutdown_code((unsigned)arg_u64("code", (uint64_t)reason));
    struct sched_shutdown s = { .reason = (unsigned)reason };
    long rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
    /* Only a suspend (resumed or cancelled) comes back. */
    line("RESUMED rc=%ld", rc);
    done_and_exit(SHUTDOWN_poweroff);
}

/* Physical address with no RAM behind it, below the 0xF0000000 MMIO area. */
static ulong offmem_target(void)
{
    load_memmap();
    uint64_t end = ram_end_below_4g();
    uint64_t t = (end + 0x3fffff) & ~0x1fffffULL;      /* >= 2 MiB past the end of RAM */
    if (!end || t >= 0xf0000000ULL) t = 0xefe00000ULL;
    return (ulong)t;
}

void mode_crash(void)
{
    char kind[16] = "triple";
    arg_str("kind", kind, sizeof(kind));
    line("CRASHING %s", kind);
    if (!strcmp(kind, "triple")) {
        struct { uint16_t limit; ulong base; } __attribute__((packed)) d = { 0, 0 };
        __asm__ __volatile__("lidt %0; ud2" :: "m"(d));
    } else if (!strcmp(kind, "emulation")) {
        /* On this platform int3 at CPL0 cannot be run by the hypervisor (the
         * domain should be crashed); on real hardware it traps into our IDT and
         * returns, which is reported before trying an unbacked fetch. */
        int3_returns_ok = 1;
        __asm__ __volatile__("int3" ::: "memory");
        line("INT3 returned");
        ((void (*)(void))offmem_target())();
    } else if (!strcmp(kind, "offmem")) {
        ((void (*)(void))offmem_target())();
    } else {
        fail("crash-kind", "unknown kind '%s'", kind);
        done_and_exit(SHUTDOWN_poweroff);
    }
    fail("crash", "still running after crash kind=%s", kind);
    done_and_exit(SHUTDOWN_crash);
}

void mode_idle(void)
{
    uint32_t beats = (uint32_t)arg_u64("beats", 5);
    uint64_t period = arg_u64("ms", 100) * 1000000ULL;
    if (map_shared_info() || set_callback_vector() || bind_virq_timer(&timer_port)) {
        fail("idle-setup", "shared_info/callback/VIRQ_TIMER setup failed");
        done_and_exit(SHUTDOWN_poweroff);
    }
    uint64_t start = now_ns();
    for (uint32_t i = 1; i <= beats; i++) {
        uint64_t deadline = start + period * i;
        hv_set_timer(deadline);
        for (;;) {
            uint64_t now = now_ns();
            if (now >= deadline) break;
            if (deadline - now < 200000) { irq_window(); continue; }  /* too close to block safely */
            sti();
            HYPERVISOR_sched_op(SCHEDOP_block, NULL);
            cli();
        }
        line("ALIVE %u", i);
    }
    tests_passed = (int)beats;
    done_and_exit(SHUTDOWN_poweroff);
}

void mode_bench_hypercall(void)
{
    uint32_t n = (uint32_t)arg_u64("n", 1000);
    uint32_t ok = 0;
    line("BENCH hc-start");
    for (uint32_t i = 0; i < n; i++)
        ok += HYPERVISOR_xen_version(XENVER_version, NULL) == 0x00040011;
    line("BENCH hc-end");
    for (uint32_t i = 0; i < n; i++)
        outb(0x80, 0);
    line("BENCH io-end");
    tests_passed = (int)ok;
    tests_failed = (int)(n - ok);
    done_and_exit(SHUTDOWN_poweroff);
}

/* The evtchn benchmarks work with SCHEDOP_poll and interrupts off: no upcalls. */
void mode_evtchn_server(void)
{
    domid_t peer = (domid_t)arg_u64("peer", 0);
    uint32_t count = (uint32_t)arg_u64("count", 1000), port, served = 0;
    long rc;
    if ((rc = map_shared_info()) || (rc = evtchn_alloc_unbound(peer, &port))) {
        fail("evtchn-server-setup", "rc=%ld", rc);
        done_and_exit(SHUTDOWN_poweroff);
    }
    line("EVTCHN-PORT %u", port);
    while (served < count) {
        if (!evtchn_pending(port)) {
            sched_poll1(port, 0);
            if (!evtchn_pending(port)) continue;
        }
        evtchn_clear(port);
        hv_evtchn_send(port);
        served++;
    }
    tests_passed = (int)served;
    done_and_exit(SHUTDOWN_poweroff);
}

void mode_evtchn_client(void)
{
    domid_t peer = (domid_t)arg_u64("peer", 0);
    uint32_t rport = (uint32_t)arg_u64("port", 0), n = (uint32_t)arg_u64("count", 1000), port;
    uint32_t ok = 0, lost = 0;
    long rc;
    if ((rc = map_shared_info()) || (rc = evtchn_bind_interdomain(peer, rport, &port))) {
        fail("evtchn-client-setup", "rc=%ld", rc);
        done_and_exit(SHUTDOWN_poweroff);
    }
    line("BENCH evtchn-start");
    for (uint32_t i = 0; i < n; i++) {
        hv_evtchn_send(port);
        uint64_t deadline = 0;
        while (!evtchn_pending(port)) {
            if (!deadline) deadline = now_ns() + 5000000000ULL;
            else if (now_ns() >= deadline) break;
            sched_poll1(port, deadline);
        }
        if (evtchn_pending(port)) { evtchn_clear(port); ok++; }
        else { lost++; break; }
    }
    line("BENCH evtchn-end");
    tests_passed = (int)ok;
    tests_failed = (int)lost;
    done_and_exit(SHUTDOWN_poweroff);
}
