/*
 * mode=fuzz seed=<s> count=<n>: seeded random hypercalls. Numbers 0..63, biased
 * towards the ones Xen 4.17 implements for HVM guests; random sub-ops and
 * arguments; pointer arguments aimed at a scratch buffer of random content, at
 * NULL or at unmapped addresses. Anything that would end or cripple this guest
 * is steered away (see sanitize()): no shutdown/block/poll/watchdog, no vCPU
 * up/down/initialise or area registration, no physmap changes outside a
 * dedicated scratch gfn range, no reset/close of our own console/store ports,
 * no set_param of guest-writable params (callback among them), no multicall.
 * Numbers Xen does not implement for HVM must return -ENOSYS; any other answer
 * for them is counted as failed.
 */
#include "guest.h"
#include "lib.h"
#include "hv.h"

#define SCRATCH_BYTES 16384
#define FUZZ_GFNS 16
static uint8_t scratch[SCRATCH_BYTES] __attribute__((aligned(4096), section(".bss.page")));
static uint8_t gfn_area[FUZZ_GFNS * 4096] __attribute__((aligned(4096), section(".bss.page")));
#define NESTED (scratch + 8192)        /* where sanitized nested handles point */

static uint64_t rs;

static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static uint32_t rnd32(void) { return (uint32_t)(rnd() >> 16); }
static uint32_t below(uint32_t n) { return n ? rnd32() % n : 0; }

static ulong scratch_gfn(void) { return PFN(gfn_area) + below(FUZZ_GFNS); }

#ifdef __x86_64__
static const ulong bad_ptrs[] = { 0x0000100000000000UL, 0x8000000000000000UL, 0xffff800000000000UL, 0xfffffffffffff000UL };
#else
static const ulong bad_ptrs[] = { 0xf0001000UL, 0xf4000000UL, 0xfd000000UL, 0xe0000000UL };
#endif

/* A pointer argument: mostly the scratch buffer. `safe_only` = never scratch. */
static ulong rnd_ptr(int safe_only)
{
    uint32_t r = below(10);
    if (!safe_only && r < 6) return (ulong)scratch + below(8) * 8;
    if (r < 8) return bad_ptrs[below(4)];
    return 0;
}

static ulong rnd_raw(void)
{
    switch (below(4)) {
    case 0: return below(16);
    case 1: return (ulong)rnd();
    case 2: return (ulong)-1 - below(4);
    default: return below(1u << 16);
    }
}

/* Xen 4.17's HVM hypercall table (x86). */
static const uint8_t implemented[] = { 7, 12, 13, 15, 17, 18, 20, 21, 24, 26, 27, 29, 32, 33, 34, 35, 36, 39, 40, 41, 42, 49 };
static int is_implemented(unsigned nr)
{
    for (unsigned i = 0; i < sizeof(implemented); i++)
        if (implemented[i] == nr) return 1;
    return 0;
}
/* Config-dependent (kexec, argo, hypfs): not counted either way. */
static int is_maybe(unsigned nr) { return nr == 37 || nr == 39 || nr == 42; }

static void fill_scratch(void)
{
    /* 192 random bytes per call: covers the structs that matter (CPL0 code
     * is emulated instruction by instruction on the project's test hosts). */
    uint64_t *q = (uint64_t *)scratch;
    for (int i = 0; i < 24; i++) q[i] = (i & 3) == 0 ? below(64) : rnd();
}

static void put_gfn_list(unsigned n)
{
    xen_pfn_t *l = (xen_pfn_t *)NESTED;
    for (unsigned i = 0; i < n; i++) l[i] = scratch_gfn();
}

/* Makes (nr, a[]) harmless to this guest; may change the sub-op. */
static void sanitize(unsigned *nr, ulong a[5])
{
    uint8_t *s = (uint8_t *)a[1];
    int in_scratch = a[1] >= (ulong)scratch && a[1] < (ulong)scratch + 64;

    switch (*nr) {
    case __HYPERVISOR_iret:               /* HVM guests find ud2 in this slot on Xen too: it would fault us */
        *nr = __HYPERVISOR_xen_version;
        a[0] = below(12);
        break;
    case __HYPERVISOR_multicall:          /* nested calls cannot be vetted: use xen_version */
        *nr = __HYPERVISOR_xen_version;
        a[0] = below(12);
        break;
    case __HYPERVISOR_memory_op: {
        unsigned cmd = a[0] & 63;
        static const uint8_t ok[] = { 0, 1, 2, 3, 4, 6, 7, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19 };
        int allowed = cmd >= 30;
        for (unsigned i = 0; i < sizeof(ok); i++) allowed |= ok[i] == cmd;
        if (!allowed) cmd = XENMEM_current_reservation;
        a[0] = cmd;                        /* no continuation bits */
        if (!in_scratch) break;
        if (cmd == XENMEM_increase_reservation || cmd == XENMEM_decrease_reservation || cmd == XENMEM_populate_physmap) {
            struct xen_memory_reservation *r = (void *)s;
            unsigned n = 1 + below(4);
            put_gfn_list(n);
            set_xen_guest_handle(r->extent_start, (xen_pfn_t *)NESTED);
            r->nr_extents = n;
            r->extent_order = 0;
            r->mem_flags = 0;
            if (below(4)) r->domid = DOMID_SELF;
        } else if (cmd == XENMEM_add_to_physmap) {
            struct xen_add_to_physmap *x = (void *)s;
            x->space = below(6);
            x->gpfn = scratch_gfn();
            if (x->space == XENMAPSPACE_gmfn || x->space == XENMAPSPACE_gmfn_range) {
                x->size = 1 + below(2);
                x->idx = PFN(gfn_area) + below(FUZZ_GFNS - 2);
                x->gpfn = PFN(gfn_area) + below(FUZZ_GFNS - 2);
            }
            if (below(4)) x->domid = DOMID_SELF;
        } else if (cmd == XENMEM_remove_from_physmap) {
            struct xen_remove_from_physmap *x = (void *)s;
            x->gpfn = scratch_gfn();
            if (below(4)) x->domid = DOMID_SELF;
        } else if (cmd == XENMEM_memory_map || cmd == XENMEM_machine_memory_map || cmd == XENMEM_set_memory_map) {
            struct xen_memory_map *m = (void *)s;
            m->nr_entries = below(64);
            set_xen_guest_handle(m->buffer, NESTED);
        }
        break;
    }
    case __HYPERVISOR_grant_table_op:
        a[2] = 1;
        if (!in_scratch) break;
        switch (a[0]) {
        case GNTTABOP_map_grant_ref: {
            struct gnttab_map_grant_ref *m = (void *)s;
            m->host_addr = (uint64_t)scratch_gfn() << 12;
            m->flags = GNTMAP_host_map | (m->flags & GNTMAP_readonly);
            break;
        }
        case GNTTABOP_unmap_grant_ref: {
            struct gnttab_unmap_grant_ref *u = (void *)s;
            u->host_addr = (uint64_t)scratch_gfn() << 12;
            break;
        }
        case GNTTABOP_unmap_and_replace: {
            struct gnttab_unmap_and_replace *u = (void *)s;
            u->host_addr = (uint64_t)scratch_gfn() << 12;
            u->new_addr = (uint64_t)scratch_gfn() << 12;
            break;
        }
        case GNTTABOP_setup_table: {
            struct gnttab_setup_table *t = (void *)s;
            t->nr_frames = below(8);
            set_xen_guest_handle(t->frame_list, (xen_pfn_t *)NESTED);
            break;
        }
        case GNTTABOP_copy: {
            struct gnttab_copy *c = (void *)s;
            c->flags &= ~GNTCOPY_dest_gref;
            c->dest.u.gmfn = scratch_gfn();
            c->dest.domid = DOMID_SELF;
            c->dest.offset = (uint16_t)below(4096);
            c->len = (uint16_t)below(4097);
            break;
        }
        }
        break;
    case __HYPERVISOR_vcpu_op:
        switch (a[0]) {
        case VCPUOP_initialise: case VCPUOP_up: case VCPUOP_down:
        case VCPUOP_register_runstate_memory_area: case VCPUOP_register_vcpu_info:
        case VCPUOP_send_nmi: case VCPUOP_register_vcpu_time_memory_area:
            a[0] = VCPUOP_is_up;
            break;
        }
        a[1] = below(3) ? below(4) : (ulong)rnd32();
        a[2] = rnd_ptr(0);
        break;
    case __HYPERVISOR_sched_op:
        if (a[0] != SCHEDOP_yield && a[0] != SCHEDOP_pin_override && a[0] < 8) a[0] = SCHEDOP_yield;
        break;
    case __HYPERVISOR_event_channel_op:
        if (!in_scratch) break;
        switch (a[0]) {
        case EVTCHNOP_close: {
            struct evtchn_close *c = (void *)s;
            if (c->port == console_evtchn || c->port == 0 || below(2)) c->port = 0x7fff;
            break;
        }
        case EVTCHNOP_reset: case 14 /* EVTCHNOP_reset_cont */: {
            struct evtchn_reset *r = (void *)s;
            r->dom = DOMID_FIRST_RESERVED;    /* never ourselves */
            break;
        }
        case EVTCHNOP_init_control: case EVTCHNOP_expand_array:
            a[0] = EVTCHNOP_status;
            break;
        }
        break;
    case __HYPERVISOR_hvm_op:
        if (a[0] == HVMOP_set_param && in_scratch) {
            struct xen_hvm_param *p = (void *)s;
            switch (p->index) {
            case HVM_PARAM_CALLBACK_IRQ: case HVM_PARAM_STORE_EVTCHN: case HVM_PARAM_CONSOLE_EVTCHN:
            case HVM_PARAM_VM86_TSS: case HVM_PARAM_VM86_TSS_SIZED: case HVM_PARAM_ACPI_IOPORTS_LOCATION:
            case HVM_PARAM_VM_GENERATION_ID_ADDR: case HVM_PARAM_X87_FIP_WIDTH:
                p->index = HVM_PARAM_STORE_PFN;   /* -EPERM for a domU */
                break;
            }
        } else if (a[0] == HVMOP_set_param) {
            a[1] = rnd_ptr(1);
        }
        break;
    case __HYPERVISOR_console_io:
        if (a[0] == CONSOLEIO_write) a[0] = CONSOLEIO_read;   /* keep the log parseable */
        a[1] = below(2048);
        break;
    case __HYPERVISOR_mmuext_op:
        a[1] = below(4);
        a[2] = rnd_ptr(0);
        break;
    case __HYPERVISOR_argo_op: case __HYPERVISOR_xenpmu_op: case __HYPERVISOR_dm_op:
    case __HYPERVISOR_hypfs_op:
        /* these may map or write guest frames named inside their buffers */
        for (int i = 0; i < 5; i++) if (a[i] >= (ulong)scratch && a[i] < (ulong)scratch + SCRATCH_BYTES) a[i] = 0;
        break;
    }
}

static void gen(unsigned *nr, ulong a[5])
{
    *nr = below(10) < 7 ? implemented[below(sizeof(implemented))] : below(64);
    for (int i = 0; i < 5; i++) a[i] = rnd_raw();
    switch (*nr) {
    case __HYPERVISOR_platform_op: case __HYPERVISOR_sysctl: case __HYPERVISOR_domctl:
    case __HYPERVISOR_xsm_op: case __HYPERVISOR_arch_1:
        a[0] = rnd_ptr(0);
        break;
    case __HYPERVISOR_memory_op: case __HYPERVISOR_xen_version: case __HYPERVISOR_sched_op:
    case __HYPERVISOR_event_channel_op: case __HYPERVISOR_physdev_op: case __HYPERVISOR_hvm_op:
    case __HYPERVISOR_xenpmu_op:
        a[0] = below(4) ? below(32) : rnd_raw();
        a[1] = rnd_ptr(0);
        break;
    case __HYPERVISOR_grant_table_op:
        a[0] = below(16);
        a[1] = rnd_ptr(0);
        break;
    case __HYPERVISOR_console_io:
        a[0] = below(4);
        a[2] = rnd_ptr(0);
        break;
    case __HYPERVISOR_vcpu_op:
        a[0] = below(16);
        break;
    case __HYPERVISOR_mmuext_op:
        a[0] = rnd_ptr(0);
        break;
    case __HYPERVISOR_vm_assist:
        a[0] = below(3);
        a[1] = below(40);
        break;
    case __HYPERVISOR_dm_op:
        a[2] = rnd_ptr(1);
        break;
    case __HYPERVISOR_argo_op: case __HYPERVISOR_hypfs_op:
        a[1] = rnd_ptr(1);
        a[2] = rnd_ptr(1);
        a[3] = rnd_ptr(1);
        break;
    case __HYPERVISOR_multicall:
        a[0] = rnd_ptr(0);
        a[1] = below(4);
        break;
    }
}

void run_fuzz(void)
{
    uint64_t seed = arg_u64("seed", 1);
    uint32_t count = (uint32_t)arg_u64("count", 10000);
    uint32_t unimpl = 0, enosys = 0, unexpected = 0;
    rs = seed ? seed * 0x9e3779b97f4a7c15ULL : 0x2545f4914f6cdd1dULL;

    for (uint32_t i = 1; i <= count; i++) {
        unsigned nr;
        ulong a[5];
        fill_scratch();
        gen(&nr, a);
        sanitize(&nr, a);
        long rc = hcall(nr, a[0], a[1], a[2], a[3], a[4]);
        if (!is_implemented(nr) && !is_maybe(nr)) {
            unimpl++;
            if (rc == -XEN_ENOSYS) enosys++;
            else if (unexpected++ < 5)
                line("FUZZ-UNEXPECTED call %u: hypercall %u returned %ld, expected -ENOSYS", i, nr, rc);
        }
        if (i % 1000 == 0) line("FUZZ %u", i);
    }
    line("FUZZ-ENOSYS %u of %u unimplemented", enosys, unimpl);
    tests_passed = (int)count;
    tests_failed = (int)unexpected;
    done_and_exit(SHUTDOWN_poweroff);
}
