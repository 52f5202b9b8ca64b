#include "hv.h"
#include "trap.h"

uint8_t hypercall_page[4096] __attribute__((aligned(4096), section(".bss.page")));
uint32_t xen_cpuid_base, xen_msr;

uint32_t xen_find_cpuid_base(void)
{
    uint32_t r[4];
    for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
        cpuid_count(base, 0, r);
        if (r[1] == XEN_CPUID_SIGNATURE_EBX && r[2] == XEN_CPUID_SIGNATURE_ECX &&
            r[3] == XEN_CPUID_SIGNATURE_EDX && r[0] - base >= 2)
            return base;
    }
    return 0;
}

int safe_wrmsr(uint32_t msr, uint64_t val)
{
    int v;
    fault_arm(2);
    __asm__ __volatile__("wrmsr" :: "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)) : "memory");
    v = fault_disarm();
    return v;
}

/* The stub for hypercall nr lives at hypercall_page + nr * 32; the hypervisor
 * wrote it, we only call it. Argument registers count as clobbered (Xen's debug
 * builds scribble over them). */
__attribute__((noinline)) long hcall(unsigned nr, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
{
    long ret;
    ulong stub = (ulong)hypercall_page + nr * 32;
#ifdef __x86_64__
    register ulong r10 __asm__("r10") = a4;
    register ulong r8 __asm__("r8") = a5;
    __asm__ __volatile__("call *%%rax"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                         : "0"(stub)
                         : "memory", "rcx", "r9", "r11", "cc");
#else
    __asm__ __volatile__("call *%%eax"
                         : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
                         : "0"(stub)
                         : "memory", "cc");
#endif
    return ret;
}

long hv_set_timer(uint64_t abs_ns)
{
#ifdef __x86_64__
    return HC1(__HYPERVISOR_set_timer_op, abs_ns);
#else
    return HC2(__HYPERVISOR_set_timer_op, (uint32_t)abs_ns, (uint32_t)(abs_ns >> 32));
#endif
}

long hv_get_param(uint32_t idx, uint64_t *val)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = idx };
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);
    *val = rc ? 0 : p.value;
    return rc;
}

long hv_set_param(uint32_t idx, uint64_t val)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = idx, .value = val };
    return HYPERVISOR_hvm_op(HVMOP_set_param, &p);
}

long hv_evtchn_send(uint32_t port)
{
    evtchn_send_t s = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

long hv_shutdown_code(unsigned code)
{
    struct sched_shutdown s = { .reason = code };
    return HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &s);
}

void hv_shutdown(unsigned reason)
{
    struct sched_shutdown s = { .reason = reason };
    for (;;) {
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
        cli();
        __asm__ __volatile__("hlt");
    }
}
