/* mode=suite: every hypercall family, success and error paths, with the values
 * Xen 4.17 gives an HVM/PVH domU. One TEST line per check. */
#include "guest.h"
#include "lib.h"
#include "hv.h"
#include "trap.h"
#include "events.h"

#define XEN_VERSION_4_17 0x00040011

#ifdef __x86_64__
#define BAD_PTR ((void *)0x0000100000000000UL)   /* not mapped: only 4 GiB is */
#define CAPS_WANT "hvm-3.0-x86_64"
#else
#define BAD_PTR ((void *)0xf0001000UL)           /* paging off: unbacked gfn in the MMIO hole */
#define CAPS_WANT "hvm-3.0-x86_32"
#endif

#define PAGE __attribute__((aligned(4096), section(".bss.page")))
static uint8_t gnttab_page[4096] PAGE;     /* grant table frame 0 gets mapped here */
static uint8_t scratch_page[4096] PAGE;    /* decrease_reservation + populate_physmap */
static uint8_t gnt_src_page[4096] PAGE;    /* granted to ourselves */
static uint8_t gnt_map_page[4096] PAGE;    /* ballooned out, then the grant mapping */
static uint8_t gnt_dst_page[4096] PAGE;    /* GNTTABOP_copy destination */
static uint8_t vcpu_info_page[4096] PAGE;  /* VCPUOP_register_vcpu_info */
static struct vcpu_runstate_info runstate_area;
static struct vcpu_time_info time_area;

static uint64_t store_pfn, store_evtchn;
static uint32_t p_unbound, p_loop;         /* loopback pair */

static long one_extent(unsigned op, void *page)
{
    xen_pfn_t gfn = PFN(page);
    struct xen_memory_reservation r = { .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF };
    set_xen_guest_handle(r.extent_start, &gfn);
    return HYPERVISOR_memory_op(op, &r);
}

static void t_cpuid(void)
{
    uint32_t r[4], b = xen_cpuid_base;
    cpuid_count(b, 0, r);
    check_true("cpuid-signature", r[0] >= b + 4,
               "XenVMMXenVMM at 0x%x but max leaf 0x%x < base+4", b, r[0]);
    cpuid_count(b + 1, 0, r);
    check_eq("cpuid-version", r[0], XEN_VERSION_4_17);
    cpuid_count(b + 2, 0, r);
    check_true("cpuid-hypercall-leaf", r[0] == 1 && (r[1] == 0x40000000 || r[1] == 0x40000200),
               "expected pages=1 msr=0x40000000 got pages=%u msr=0x%x", r[0], r[1]);
    cpuid_count(b + 4, 0, r);
    check_true("cpuid-hvm-vcpu-id", (r[0] & XEN_HVM_CPUID_VCPU_ID_PRESENT) && r[1] == 0,
               "expected VCPU_ID_PRESENT with ebx=0 got eax=0x%x ebx=%u", r[0], r[1]);
    check_true("cpuid-hvm-domid", (r[0] & XEN_HVM_CPUID_DOMID_PRESENT) != 0,
               "expected DOMID_PRESENT got eax=0x%x", r[0]);
    check_true("cpuid-hvm-upcall-vector", (r[0] & XEN_HVM_CPUID_UPCALL_VECTOR) != 0,
               "expected UPCALL_VECTOR got eax=0x%x", r[0]);
}

static void t_msr(void)
{
    pass("hcall-msr-page");   /* the boot-time write did not fault, or we would not be here */
    int v = safe_wrmsr(xen_msr, (ulong)hypercall_page | 1);
    check_true("hcall-msr-bad-index", v == 13, "expected #GP (13) got %s%d", v ? "vector " : "no fault ", v);
    v = safe_wrmsr(xen_msr, 1ULL << 40);
    check_true("hcall-msr-bad-gfn", v == 13, "expected #GP (13) got %s%d", v ? "vector " : "no fault ", v);
    safe_wrmsr(xen_msr, (ulong)hypercall_page);   /* in case a bad write was taken */
}

static void t_xen_version(void)
{
    static union {
        xen_extraversion_t ev;
        xen_compile_info_t ci;
        xen_capabilities_info_t caps;
        xen_changeset_info_t cs;
        xen_platform_parameters_t pp;
        xen_feature_info_t fi;
    } u;
    long rc;

    check_eq("xenver-version", HYPERVISOR_xen_version(XENVER_version, NULL), XEN_VERSION_4_17);
    memset(&u, 0xff, sizeof(u.ev));
    rc = HYPERVISOR_xen_version(XENVER_extraversion, u.ev);
    check_true("xenver-extraversion", rc == 0 && memchr_nul(u.ev, sizeof(u.ev)),
               "expected rc=0 and a terminated string got rc=%ld", rc);
    rc = HYPERVISOR_xen_version(XENVER_compile_info, &u.ci);
    check_true("xenver-compile-info", rc == 0 && memchr_nul(u.ci.compiler, sizeof(u.ci.compiler)),
               "expected rc=0 got rc=%ld", rc);
    rc = HYPERVISOR_xen_version(XENVER_capabilities, u.caps);
    check_true("xenver-capabilities", rc == 0 && strstr_n(u.caps, sizeof(u.caps), CAPS_WANT),
               "expected rc=0 and '%s' got rc=%ld '%.60s'", CAPS_WANT, rc, rc ? "" : u.caps);
    rc = HYPERVISOR_xen_version(XENVER_changeset, u.cs);
    check_eq("xenver-changeset", rc, 0);
    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &u.pp);
    check_eq("xenver-platform-parameters", rc, 0);
    memset(&u.fi, 0, sizeof(u.fi));
    u.fi.submap_idx = 0;
    rc = HYPERVISOR_xen_version(XENVER_get_features, &u.fi);
    uint32_t want = (1u << XENFEAT_hvm_callback_vector) | (1u << XENFEAT_hvm_safe_pvclock) |
                    (1u << XENFEAT_auto_translated_physmap);
    check_true("xenver-get-features",
               rc == 0 && (u.fi.submap & want) == want && !(u.fi.submap & (1u << XENFEAT_hvm_pirqs)),
               "expected rc=0 with bits 2,8,9 set and 10 clear got rc=%ld submap=0x%x", rc, u.fi.submap);
    check_eq("xenver-pagesize", HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
    check_eq("xenver-unknown-cmd", HYPERVISOR_xen_version(64, NULL), -XEN_ENOSYS);
    check_eq("xenver-bad-pointer", HYPERVISOR_xen_version(XENVER_extraversion, BAD_PTR), -XEN_EFAULT);
}

static void t_console(void)
{
    static const char probe[] = "console_io probe line\n";
    static char rbuf[16];
    check_eq("console-write", HYPERVISOR_console_io(CONSOLEIO_write, sizeof(probe) - 1, probe), 0);
    check_eq("console-read-denied", HYPERVISOR_console_io(CONSOLEIO_read, sizeof(rbuf), rbuf), -XEN_EPERM);
    check_eq("console-bad-pointer", HYPERVISOR_console_io(CONSOLEIO_write, 8, BAD_PTR), -XEN_EFAULT);
}

static void t_hvm_params(void)
{
    uint64_t cpfn = 0, cev = 0, v;
    long rc;
    rc = hv_get_param(HVM_PARAM_STORE_PFN, &store_pfn);
    check_true("hvm-get-store-pfn", rc == 0 && store_pfn, "rc=%ld value=0x%llx", rc, (unsigned long long)store_pfn);
    rc = hv_get_param(HVM_PARAM_STORE_EVTCHN, &store_evtchn);
    check_true("hvm-get-store-evtchn", rc == 0 && store_evtchn, "rc=%ld value=%llu", rc, (unsigned long long)store_evtchn);
    rc = hv_get_param(HVM_PARAM_CONSOLE_PFN, &cpfn);
    check_true("hvm-get-console-pfn", rc == 0 && cpfn && cpfn == console_pfn,
               "rc=%ld value=0x%llx (boot read 0x%llx)", rc, (unsigned long long)cpfn, (unsigned long long)console_pfn);
    rc = hv_get_param(HVM_PARAM_CONSOLE_EVTCHN, &cev);
    check_true("hvm-get-console-evtchn", rc == 0 && cev, "rc=%ld value=%llu", rc, (unsigned long long)cev);
    load_memmap();
    if (memmap_n)
        check_true("hvm-special-pfns-not-ram", !pfn_in_ram(store_pfn) && !pfn_in_ram(cpfn),
                   "store_pfn=0x%llx console_pfn=0x%llx inside RAM of the %s map",
                   (unsigned long long)store_pfn, (unsigned long long)cpfn, memmap_source);
    else
        fail("hvm-special-pfns-not-ram", "no memory map (start_info memmap or XENMEM_memory_map)");
    check_eq("hvm-get-param-bad-index", hv_get_param(HVM_NR_PARAMS, &v), -XEN_EINVAL);
    check_eq("hvm-set-store-pfn-denied", hv_set_param(HVM_PARAM_STORE_PFN, store_pfn), -XEN_EPERM);
    check_eq("hvm-set-callback-irq", set_callback_vector(), 0);

    struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = 0, .vector = 0x0f };
    check_eq("hvm-upcall-vector-too-low", HYPERVISOR_hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), -XEN_EINVAL);
    uv.vcpu = 1000;
    uv.vector = VEC_UPCALL;
    check_eq("hvm-upcall-vector-bad-vcpu", HYPERVISOR_hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), -XEN_ENOENT);
}

static void t_memory(void)
{
    long rc = map_shared_info();
    check_eq("mem-add-shared-info", rc, 0);
    if (!rc) {
        uint32_t ver = READ_ONCE(shinfo->wc_version), sec = READ_ONCE(shinfo->wc_sec);
        check_true("mem-wallclock", sec > 1600000000u && !(ver & 1),
                   "expected wc_sec > 1600000000 got %u (wc_version %u)", sec, ver);
        struct vcpu_time_info *t = &vcpu0_info->time;
        check_true("mem-vcpu-time-info", !(t->version & 1) && t->tsc_to_system_mul && t->system_time,
                   "version=%u mul=%u system_time=%llu", t->version, t->tsc_to_system_mul,
                   (unsigned long long)t->system_time);
    }

    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = 0, .gpfn = PFN(gnttab_page),
    };
    rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
    if (check_eq("mem-add-grant-table", rc, 0)) {
        grant_entry_v1_t *gt = (grant_entry_v1_t *)gnttab_page;
        check_true("mem-gnttab-reserved-console",
                   gt[GNTTAB_RESERVED_CONSOLE].flags == GTF_permit_access && gt[GNTTAB_RESERVED_CONSOLE].domid == 0 &&
                   gt[GNTTAB_RESERVED_CONSOLE].frame == console_pfn,
                   "expected flags=1 domid=0 frame=0x%llx got flags=0x%x domid=%u frame=0x%x",
                   (unsigned long long)console_pfn, gt[0].flags, gt[0].domid, gt[0].frame);
        check_true("mem-gnttab-reserved-xenstore",
                   gt[GNTTAB_RESERVED_XENSTORE].flags == GTF_permit_access && gt[GNTTAB_RESERVED_XENSTORE].domid == 0 &&
                   gt[GNTTAB_RESERVED_XENSTORE].frame == store_pfn,
                   "expected flags=1 domid=0 frame=0x%llx got flags=0x%x domid=%u frame=0x%x",
                   (unsigned long long)store_pfn, gt[1].flags, gt[1].domid, gt[1].frame);
    }

    domid_t self = DOMID_SELF;
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    check_true("mem-current-reservation", cur > 0, "expected > 0 pages got %ld", cur);
    long max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
    check_true("mem-maximum-reservation", max > 0 && max >= cur, "expected >= current (%ld) got %ld", cur, max);

    static struct e820entry e[MEMMAP_MAX];
    struct xen_memory_map mm = { .nr_entries = MEMMAP_MAX };
    set_xen_guest_handle(mm.buffer, e);
    rc = HYPERVISOR_memory_op(XENMEM_memory_map, &mm);
    int covers = 0;
    for (unsigned i = 0; !rc && i < mm.nr_entries && i < MEMMAP_MAX; i++)
        if (e[i].type == E820_RAM && e[i].addr <= 0x100000 && e[i].addr + e[i].size > 0x100000) covers = 1;
    check_true("mem-memory-map", rc == 0 && mm.nr_entries > 0 && covers,
               "expected rc=0 and a RAM entry covering 1 MiB got rc=%ld entries=%u", rc, mm.nr_entries);

    memset(scratch_page, 0xa5, 64);
    scratch_page[4095] = 0xa5;
    rc = one_extent(XENMEM_decrease_reservation, scratch_page);
    check_eq("mem-decrease-reservation", rc, 1);
    rc = one_extent(XENMEM_populate_physmap, scratch_page);
    if (check_eq("mem-populate-physmap", rc, 1)) {
        int zero = scratch_page[4095] == 0;
        for (int i = 0; i < 64; i++) zero &= scratch_page[i] == 0;
        check_true("mem-populated-page-zero", zero, "expected zeroes got 0x%02x..0x%02x", scratch_page[0], scratch_page[4095]);
    }

    domid_t bad = 0x7fee;
    check_eq("mem-bad-domid", HYPERVISOR_memory_op(XENMEM_current_reservation, &bad), -XEN_ESRCH);
    check_eq("mem-bad-handle", HYPERVISOR_memory_op(XENMEM_memory_map, BAD_PTR), -XEN_EFAULT);
    check_eq("mem-unknown-cmd", HYPERVISOR_memory_op(60, NULL), -XEN_ENOSYS);
}

static void t_evtchn(void)
{
    long rc;
    uint32_t port, old;

    rc = bind_virq_timer(&timer_port);
    check_true("ev-bind-virq-timer", rc == 0 && timer_port, "rc=%ld port=%u", rc, timer_port);
    rc = bind_virq_timer(&port);
    check_eq("ev-bind-virq-twice", rc, -XEN_EEXIST);

    rc = evtchn_alloc_unbound(DOMID_SELF, &p_unbound);
    check_true("ev-alloc-unbound", rc == 0 && p_unbound, "rc=%ld port=%u", rc, p_unbound);
    rc = evtchn_bind_interdomain(DOMID_SELF, p_unbound, &p_loop);
    check_true("ev-bind-interdomain-loopback", rc == 0 && p_loop, "rc=%ld port=%u", rc, p_loop);

    old = ev_count[p_unbound];
    rc = hv_evtchn_send(p_loop);
    int got = wait_change(&ev_count[p_unbound], old, 200000000ULL);
    check_true("ev-send-upcall", rc == 0 && got && upcalls_callback,
               "send rc=%ld, upcall for port %u %s (callback-vector upcalls %u)",
               rc, p_unbound, got ? "seen" : "not seen", upcalls_callback);

    struct evtchn_status st = { .dom = DOMID_SELF, .port = p_loop };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
    check_true("ev-status-interdomain",
               rc == 0 && st.status == EVTCHNSTAT_interdomain && st.u.interdomain.port == p_unbound &&
               (!have_domid || st.u.interdomain.dom == my_domid),
               "expected interdomain(%u) to port %u got rc=%ld status=%u dom=%u port=%u",
               EVTCHNSTAT_interdomain, p_unbound, rc, st.status, st.u.interdomain.dom, st.u.interdomain.port);

    evtchn_mask(p_unbound);
    old = ev_count[p_unbound];
    hv_evtchn_send(p_loop);
    got = wait_change(&ev_count[p_unbound], old, 5000000ULL);
    check_true("ev-masked-no-upcall", !got && evtchn_pending(p_unbound),
               "expected pending without upcall got upcall=%d pending=%d", got, evtchn_pending(p_unbound));
    struct evtchn_unmask um = { .port = p_unbound };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &um);
    got = wait_change(&ev_count[p_unbound], old, 200000000ULL);
    check_true("ev-unmask-reraises", rc == 0 && got, "unmask rc=%ld upcall %s", rc, got ? "seen" : "not seen");

    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi);
    if (check_true("ev-bind-ipi", rc == 0 && bi.port, "rc=%ld port=%u", rc, bi.port)) {
        wake_port = bi.port;
        old = ev_count[wake_port];
        rc = hv_evtchn_send(wake_port);
        got = wait_change(&ev_count[wake_port], old, 200000000ULL);
        check_true("ev-ipi-upcall", rc == 0 && got, "send rc=%ld upcall %s", rc, got ? "seen" : "not seen");
    }

    struct evtchn_bind_vcpu bv = { .port = p_unbound, .vcpu = 0 };
    check_eq("ev-bind-vcpu", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), 0);
    check_eq("ev-close", evtchn_close(p_loop), 0);
    check_eq("ev-send-closed-port", hv_evtchn_send(p_loop), -XEN_EINVAL);
    check_eq("ev-close-bad-port", evtchn_close(100000), -XEN_EINVAL);
}

static void t_grant(void)
{
    long rc;
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
    check_true("gnt-query-size", rc == 0 && q.status == GNTST_okay && q.nr_frames >= 1 && q.max_nr_frames >= q.nr_frames,
               "rc=%ld status=%d nr_frames=%u max=%u", rc, q.status, q.nr_frames, q.max_nr_frames);

    static xen_pfn_t frames[1];
    struct gnttab_setup_table su = { .dom = DOMID_SELF, .nr_frames = 1 };
    set_xen_guest_handle(su.frame_list, frames);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &su, 1);
    check_true("gnt-setup-table", rc == 0 && su.status == GNTST_okay && frames[0] == PFN(gnttab_page),
               "expected frame 0x%lx got rc=%ld status=%d frame=0x%lx", PFN(gnttab_page), rc, su.status,
               (ulong)frames[0]);

    struct gnttab_set_version sv = { .version = 1 };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1);
    check_true("gnt-set-version-1", rc == 0 && sv.version == 1, "rc=%ld version=%u", rc, sv.version);
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1);
    check_true("gnt-get-version", rc == 0 && gv.version == 1, "rc=%ld version=%u", rc, gv.version);

    /* Grant gnt_src_page to ourselves as ref 8. */
    const grant_ref_t ref = 8;
    domid_t me = have_domid ? my_domid : DOMID_SELF;
    grant_entry_v1_t *gt = (grant_entry_v1_t *)gnttab_page;
    memcpy(gnt_src_page, "grant-data-0123456789abcdefghijk", 32);
    gt[ref].frame = (uint32_t)PFN(gnt_src_page);
    gt[ref].domid = have_domid ? my_domid : 0;
    wmb();
    gt[ref].flags = GTF_permit_access;

    rc = one_extent(XENMEM_decrease_reservation, gnt_map_page);   /* a hole for the mapping */
    struct gnttab_map_grant_ref m = { .host_addr = (ulong)gnt_map_page, .flags = GNTMAP_host_map, .ref = ref, .dom = me };
    long mrc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    if (check_true("gnt-map-grant-ref", rc == 1 && mrc == 0 && m.status == GNTST_okay,
                   "balloon rc=%ld map rc=%ld status=%d", rc, mrc, m.status)) {
        check_true("gnt-map-read", !memcmp(gnt_map_page, gnt_src_page, 32),
                   "mapped page reads '%.8s'", (const char *)gnt_map_page);
        struct gnttab_unmap_grant_ref um = { .host_addr = (ulong)gnt_map_page, .handle = m.handle };
        rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &um, 1);
        check_true("gnt-unmap-grant-ref", rc == 0 && um.status == GNTST_okay, "rc=%ld status=%d", rc, um.status);
    }

    struct gnttab_copy c;
    memset(&c, 0, sizeof(c));
    c.source.u.ref = ref;
    c.source.domid = DOMID_SELF;
    c.dest.u.gmfn = PFN(gnt_dst_page);
    c.dest.domid = DOMID_SELF;
    c.dest.offset = 16;
    c.len = 32;
    c.flags = GNTCOPY_source_gref;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1);
    check_true("gnt-copy-gref-to-gmfn", rc == 0 && c.status == GNTST_okay && !memcmp(gnt_dst_page + 16, gnt_src_page, 32),
               "rc=%ld status=%d data '%.8s'", rc, c.status, (const char *)gnt_dst_page + 16);

    struct gnttab_map_grant_ref bad = { .host_addr = (ulong)gnt_map_page, .flags = GNTMAP_host_map, .ref = 1u << 20, .dom = me };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &bad, 1);
    check_true("gnt-bad-ref", rc == 0 && bad.status == GNTST_bad_gntref,
               "expected rc=0 status=%d got rc=%ld status=%d", GNTST_bad_gntref, rc, bad.status);
    check_eq("gnt-unknown-op", HYPERVISOR_grant_table_op(99, NULL, 1), -XEN_ENOSYS);
}

static void t_sched(void)
{
    long rc;
    check_eq("sched-yield", HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);

    uint32_t old = ev_count[timer_port];
    uint64_t deadline = now_ns() + 2000000ULL;
    rc = hv_set_timer(deadline);
    for (int i = 0; i < 50 && ev_count[timer_port] == old; i++) {
        sti();
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        cli();
        if (now_ns() > deadline + 500000000ULL) break;
    }
    irq_window();
    check_true("sched-block-timer", rc == 0 && timer_port && ev_count[timer_port] != old,
               "set_timer_op rc=%ld, VIRQ_TIMER (port %u) %s", rc, timer_port,
               ev_count[timer_port] != old ? "seen" : "not seen");

    uint32_t u;
    rc = evtchn_alloc_unbound(DOMID_SELF, &u);
    hv_set_timer(0);
    uint64_t t0 = now_ns(), due = t0 + 2000000ULL;
    long prc = sched_poll1(u, due);
    uint64_t t1 = now_ns();
    check_true("sched-poll-timeout", rc == 0 && prc == 0 && t1 + 100000 >= due,
               "alloc rc=%ld poll rc=%ld after %llu ns (timeout 2000000)", rc, prc,
               (unsigned long long)(t1 - t0));
    evtchn_close(u);

    check_eq("sched-shutdown-code", hv_shutdown_code(SHUTDOWN_poweroff), 0);
}

static void t_vcpu(void)
{
    long rc;
    check_eq("vcpu-is-up-0", HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    check_eq("vcpu-is-up-nonexistent", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1000, NULL), -XEN_ENOENT);

    struct vcpu_register_runstate_memory_area ra;
    memset(&ra, 0, sizeof(ra));
    ra.addr.v = &runstate_area;
    rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &ra);
    check_true("vcpu-register-runstate", rc == 0 && runstate_area.state == RUNSTATE_running && runstate_area.state_entry_time,
               "rc=%ld state=%d entry_time=%llu", rc, runstate_area.state,
               (unsigned long long)runstate_area.state_entry_time);
    struct vcpu_runstate_info ri;
    memset(&ri, 0xff, sizeof(ri));
    rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ri);
    check_true("vcpu-get-runstate-info", rc == 0 && ri.state == RUNSTATE_running, "rc=%ld state=%d", rc, ri.state);

    /* The registered area follows state changes: a 2 ms poll on a port nobody binds is time spent blocked. */
    uint64_t blocked0 = runstate_area.time[RUNSTATE_blocked];
    sched_poll1(1000, now_ns() + 2000000ULL);
    check_true("vcpu-runstate-area-follows", runstate_area.state == RUNSTATE_running &&
               runstate_area.time[RUNSTATE_blocked] > blocked0,
               "state=%d blocked %llu -> %llu ns", runstate_area.state, (unsigned long long)blocked0,
               (unsigned long long)runstate_area.time[RUNSTATE_blocked]);

    uint32_t nmis = nmi_count;
    rc = HYPERVISOR_vcpu_op(VCPUOP_send_nmi, 0, NULL);
    check_true("vcpu-send-nmi", rc == 0 && nmi_count == nmis + 1, "rc=%ld nmis %u -> %u", rc, nmis, nmi_count);
    check_eq("vcpu-send-nmi-bad-arg", HYPERVISOR_vcpu_op(VCPUOP_send_nmi, 0, &ri), -XEN_EINVAL);

    struct vcpu_register_time_memory_area ta;
    memset(&ta, 0, sizeof(ta));
    ta.addr.v = &time_area;
    rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &ta);
    check_true("vcpu-register-time-area", rc == 0 && !(time_area.version & 1) && time_area.tsc_to_system_mul,
               "rc=%ld version=%u mul=%u", rc, time_area.version, time_area.tsc_to_system_mul);

    /* From here on upcalls come through the LAPIC vector (with EOI). */
    struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = 0, .vector = VEC_UPCALL };
    check_eq("hvm-set-upcall-vector", HYPERVISOR_hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), 0);

    uint32_t old = ev_count[timer_port], lapic0 = upcalls_lapic;
    struct vcpu_set_singleshot_timer ss = { .timeout_abs_ns = now_ns() + 2000000ULL, .flags = 0 };
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    if (timer_port) sched_poll1(timer_port, now_ns() + 500000000ULL);
    /* The timer must have made the port pending within the poll; only then wait for the upcall itself,
     * with sti;hlt (a bare sti;nop;cli window does not deliver a LAPIC interrupt on nested PVM hosts). */
    int fired = timer_port && (evtchn_pending(timer_port) || ev_count[timer_port] != old);
    if (fired) wait_change(&ev_count[timer_port], old, 100000000ULL);
    check_true("vcpu-singleshot-timer", rc == 0 && fired && ev_count[timer_port] != old && upcalls_lapic != lapic0,
               "rc=%ld VIRQ_TIMER %s, LAPIC-vector upcalls %u", rc,
               ev_count[timer_port] != old ? "seen" : "not seen", upcalls_lapic - lapic0);
    check_eq("vcpu-stop-singleshot-timer", HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    struct vcpu_set_periodic_timer pt = { .period_ns = 100000 };
    check_eq("vcpu-periodic-timer-too-short", HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt), -XEN_EINVAL);
    check_eq("vcpu-stop-periodic-timer", HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);

    struct vcpu_register_vcpu_info vi = { .mfn = PFN(vcpu_info_page), .offset = 64 };
    rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi);
    if (check_eq("vcpu-register-vcpu-info", rc, 0))
        vcpu0_info = (struct vcpu_info *)(vcpu_info_page + 64);   /* interrupts are off here */
    if (wake_port) {
        old = ev_count[wake_port];
        rc = hv_evtchn_send(wake_port);
        int got = wait_change(&ev_count[wake_port], old, 200000000ULL);
        check_true("vcpu-info-events-arrive", rc == 0 && got, "send rc=%ld upcall %s", rc, got ? "seen" : "not seen");
    }

    if (nr_vcpus > 1) {
        struct vcpu_hvm_context ctx;
        memset(&ctx, 0, sizeof(ctx));
        ctx.mode = VCPU_HVM_MODE_32B;
        ctx.cpu_regs.x86_32.eip = (uint32_t)(ulong)ap_entry32;
        ctx.cpu_regs.x86_32.esp = (uint32_t)(ulong)stack1_top;
        ctx.cpu_regs.x86_32.eflags = 0x2;
        ctx.cpu_regs.x86_32.cr0 = 0x11;                         /* PE | ET */
        ctx.cpu_regs.x86_32.cs_limit = ctx.cpu_regs.x86_32.ds_limit = 0xffffffff;
        ctx.cpu_regs.x86_32.ss_limit = ctx.cpu_regs.x86_32.es_limit = 0xffffffff;
        ctx.cpu_regs.x86_32.cs_ar = 0xc9b;                      /* 32-bit code, present */
        ctx.cpu_regs.x86_32.ds_ar = ctx.cpu_regs.x86_32.ss_ar = ctx.cpu_regs.x86_32.es_ar = 0xc93;
        ctx.cpu_regs.x86_32.tr_limit = 0x67;
        ctx.cpu_regs.x86_32.tr_ar = 0x8b;                       /* busy 32-bit TSS */
        rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx);
        check_eq("vcpu1-initialise", rc, 0);
        rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
        check_eq("vcpu1-up", rc, 0);
        if (!wait_change(&vcpu1_alive, 0, 2000000000ULL)) {
            vcpu1_given_up = 1;
            fail("vcpu1-online", "vcpu 1 showed no sign of life within 2 s");
        }
    }
}

static void t_misc(void)
{
    long rc;
    check_eq("vmassist-runstate-update-flag", HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    check_eq("vmassist-unknown-type", HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL);

    static multicall_entry_t mc[2];
    for (int i = 0; i < 2; i++) {
        mc[i].op = __HYPERVISOR_xen_version;
        mc[i].result = 0x5a5a;
        mc[i].args[0] = XENVER_version;
        mc[i].args[1] = 0;
    }
    rc = HYPERVISOR_multicall(mc, 2);
    check_true("multicall-xen-version", rc == 0 && mc[0].result == XEN_VERSION_4_17 && mc[1].result == XEN_VERSION_4_17,
               "rc=%ld results 0x%lx 0x%lx", rc, (ulong)mc[0].result, (ulong)mc[1].result);

    struct physdev_set_iopl iopl = { .iopl = 3 };
    check_eq("physdev-set-iopl-denied", HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), -XEN_ENOSYS);

    static struct xen_platform_op pop;
    memset(&pop, 0, sizeof(pop));
    pop.cmd = XENPF_settime64;
    pop.interface_version = XENPF_INTERFACE_VERSION;
    check_eq("platform-op-denied", HYPERVISOR_platform_op(&pop), -XEN_EPERM);

    check_eq("hypercall-unknown-50", HC0(50), -XEN_ENOSYS);

    e9_puts("E9 hello\n");
    pass("e9-port");
    uint8_t b = inb(0x2f0);
    check_true("io-unclaimed-port", b == 0xff, "inb(0x2f0) expected 0xff got 0x%02x", b);
    uint32_t m = mmio_read32(0xf0000000UL);
    check_true("mmio-unclaimed", m == 0xffffffff, "read32(0xf0000000) expected 0xffffffff got 0x%08x", m);

    tss_init();
    struct user_result ur;
    run_user(user_hypercall, &ur);
    check_true("cpl3-hypercall-refused",
               (!ur.returned && ur.vector == 13) || (ur.returned && ur.rax == -XEN_EPERM && ur.vector == 13),
               "expected #GP in the stub or -EPERM, got vector %d at 0x%lx returned=%d rax=%ld",
               ur.vector, ur.ip, ur.returned, ur.rax);
}

static void t_reset(void)
{
    struct evtchn_reset rs = { .dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_reset, &rs);
    struct evtchn_status st = { .dom = DOMID_SELF, .port = timer_port };
    long src = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
    check_true("ev-reset-self", rc == 0 && src == 0 && st.status == EVTCHNSTAT_closed,
               "reset rc=%ld, then status of port %u rc=%ld status=%u (expected closed)", rc, timer_port, src, st.status);
    console_evtchn = 0;       /* closed by the reset */
    timer_port = 0;
    wake_port = 0;
}

void run_platform_tests(void);   /* platform.c: HVM's emulated RTC, IOAPIC and PIT */

void run_suite(void)
{
    lapic_enable();
    t_cpuid();
    t_msr();
    t_xen_version();
    t_console();
    t_hvm_params();
    t_memory();
    t_evtchn();
    t_grant();
    t_sched();
    t_vcpu();
    t_misc();
    if (boot_kind == BOOT_HVM) run_platform_tests();
    t_reset();
    done_and_exit(SHUTDOWN_poweroff);
}
