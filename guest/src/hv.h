/* Hypercalls through the hypercall page (CPUID leaves + MSR), and their wrappers. */
#ifndef TG_HV_H
#define TG_HV_H

#include "arch.h"
#include "xenabi.h"

extern uint8_t hypercall_page[4096];
extern uint32_t xen_cpuid_base, xen_msr;

/* Finds Xen's CPUID leaves; 0 when absent. */
uint32_t xen_find_cpuid_base(void);
/* wrmsr that survives a #GP: returns the fault vector or 0. */
int safe_wrmsr(uint32_t msr, uint64_t val);

long hcall(unsigned nr, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5);

#define HC0(nr)                hcall(nr, 0, 0, 0, 0, 0)
#define HC1(nr, a)             hcall(nr, (ulong)(a), 0, 0, 0, 0)
#define HC2(nr, a, b)          hcall(nr, (ulong)(a), (ulong)(b), 0, 0, 0)
#define HC3(nr, a, b, c)       hcall(nr, (ulong)(a), (ulong)(b), (ulong)(c), 0, 0)

#define HYPERVISOR_xen_version(c, p)        HC2(__HYPERVISOR_xen_version, c, p)
#define HYPERVISOR_console_io(c, n, p)      HC3(__HYPERVISOR_console_io, c, n, p)
#define HYPERVISOR_event_channel_op(c, p)   HC2(__HYPERVISOR_event_channel_op, c, p)
#define HYPERVISOR_memory_op(c, p)          HC2(__HYPERVISOR_memory_op, c, p)
#define HYPERVISOR_hvm_op(c, p)             HC2(__HYPERVISOR_hvm_op, c, p)
#define HYPERVISOR_sched_op(c, p)           HC2(__HYPERVISOR_sched_op, c, p)
#define HYPERVISOR_vcpu_op(c, v, p)         HC3(__HYPERVISOR_vcpu_op, c, v, p)
#define HYPERVISOR_grant_table_op(c, p, n)  HC3(__HYPERVISOR_grant_table_op, c, p, n)
#define HYPERVISOR_vm_assist(c, t)          HC2(__HYPERVISOR_vm_assist, c, t)
#define HYPERVISOR_multicall(p, n)          HC2(__HYPERVISOR_multicall, p, n)
#define HYPERVISOR_physdev_op(c, p)         HC2(__HYPERVISOR_physdev_op, c, p)
#define HYPERVISOR_platform_op(p)           HC1(__HYPERVISOR_platform_op, p)

long hv_set_timer(uint64_t abs_ns);
long hv_get_param(uint32_t idx, uint64_t *val);
long hv_set_param(uint32_t idx, uint64_t val);
long hv_evtchn_send(uint32_t port);
long hv_shutdown_code(unsigned code);
void hv_shutdown(unsigned reason) __attribute__((noreturn));

#endif
