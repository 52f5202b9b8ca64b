#include "events.h"
#include "hv.h"
#include "lib.h"
#include "trap.h"

#define WORD_BITS (sizeof(xen_ulong_t) * 8)

uint8_t shinfo_page[4096] __attribute__((aligned(4096), section(".bss.page")));
shared_info_t *shinfo;
struct vcpu_info *vcpu0_info;
volatile uint32_t ev_count[EV_TRACKED];
volatile uint32_t ev_total;
uint32_t timer_port;

long map_shared_info(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0, .gpfn = PFN(shinfo_page),
    };
    long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
    if (!rc) {
        shinfo = (shared_info_t *)shinfo_page;
        if (!vcpu0_info) vcpu0_info = &shinfo->vcpu_info[0];
    }
    return rc;
}

long set_callback_vector(void)
{
    return hv_set_param(HVM_PARAM_CALLBACK_IRQ,
                        ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | VEC_CALLBACK);
}

long bind_virq_timer(uint32_t *port)
{
    struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);
    *port = rc ? 0 : b.port;
    return rc;
}

void evtchn_do_upcall(void)
{
    struct vcpu_info *vi = vcpu0_info;
    if (!shinfo || !vi) return;
    do {
        WRITE_ONCE(vi->evtchn_upcall_pending, 0);
        xen_ulong_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned w = __builtin_ctzl(sel);
            sel &= sel - 1;
            xen_ulong_t pend = READ_ONCE(shinfo->evtchn_pending[w]) & ~READ_ONCE(shinfo->evtchn_mask[w]);
            while (pend) {
                unsigned b = __builtin_ctzl(pend);
                pend &= pend - 1;
                __atomic_fetch_and(&shinfo->evtchn_pending[w], ~((xen_ulong_t)1 << b), __ATOMIC_SEQ_CST);
                uint32_t port = w * WORD_BITS + b;
                if (port < EV_TRACKED) ev_count[port]++;
                ev_total++;
            }
        }
    } while (READ_ONCE(vi->evtchn_upcall_pending));
}

uint64_t now_ns(void)
{
    if (!vcpu0_info) return 0;
    volatile struct vcpu_time_info *t = &vcpu0_info->time;
    uint32_t ver, mul;
    int8_t shift;
    uint64_t tsc_ts, sys, tsc;
    do {
        ver = t->version;
        rmb();
        tsc_ts = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = rdtsc();
        rmb();
    } while ((ver & 1) || ver != t->version);
    uint64_t delta = tsc - tsc_ts;
    if (shift < 0) delta >>= -shift;
    else delta <<= shift;
    return sys + mul_u64_u32_shr32(delta, mul);
}

int wait_change(volatile uint32_t *ctr, uint32_t old, uint64_t timeout_ns)
{
    if (!timer_port || !shinfo) {
        /* No timer to wake us: only let pending interrupts in. */
        for (int i = 0; i < 64 && *ctr == old; i++) irq_window();
        return *ctr != old;
    }
    uint64_t deadline = now_ns() + timeout_ns;
    hv_set_timer(deadline);
    while (*ctr == old && now_ns() < deadline)
        safe_halt();
    irq_window();
    return *ctr != old;
}

int evtchn_pending(uint32_t port)
{
    return (READ_ONCE(shinfo->evtchn_pending[port / WORD_BITS]) >> (port % WORD_BITS)) & 1;
}

void evtchn_clear(uint32_t port)
{
    __atomic_fetch_and(&shinfo->evtchn_pending[port / WORD_BITS],
                       ~((xen_ulong_t)1 << (port % WORD_BITS)), __ATOMIC_SEQ_CST);
}

void evtchn_mask(uint32_t port)
{
    __atomic_fetch_or(&shinfo->evtchn_mask[port / WORD_BITS],
                      (xen_ulong_t)1 << (port % WORD_BITS), __ATOMIC_SEQ_CST);
}

long evtchn_alloc_unbound(domid_t remote, uint32_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
    *port = rc ? 0 : a.port;
    return rc;
}

long evtchn_bind_interdomain(domid_t remote, uint32_t rport, uint32_t *port)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = rport };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);
    *port = rc ? 0 : b.local_port;
    return rc;
}

long evtchn_close(uint32_t port)
{
    struct evtchn_close c = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

long sched_poll1(uint32_t port, uint64_t timeout_abs)
{
    evtchn_port_t p = port;
    struct sched_poll sp = { .nr_ports = 1, .timeout = timeout_abs };
    set_xen_guest_handle(sp.ports, &p);
    return HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
}
