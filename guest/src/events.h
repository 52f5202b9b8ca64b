/* Shared info, event channels (2-level ABI), pvclock, waiting. */
#ifndef TG_EVENTS_H
#define TG_EVENTS_H

#include "arch.h"
#include "xenabi.h"

#define EV_TRACKED 1024
extern shared_info_t *shinfo;                 /* NULL until mapped */
extern struct vcpu_info *vcpu0_info;         /* vcpu 0's vcpu_info (moves on register) */
extern volatile uint32_t ev_count[EV_TRACKED];/* events seen per port by the upcall */
extern volatile uint32_t ev_total;
extern uint32_t timer_port;                   /* VIRQ_TIMER on vcpu 0, 0 = not bound */

extern uint8_t shinfo_page[4096];

/* add_to_physmap(shared_info) at shinfo_page; returns the hypercall's rc. */
long map_shared_info(void);
/* HVM_PARAM_CALLBACK_IRQ = vector VEC_CALLBACK. */
long set_callback_vector(void);
long bind_virq_timer(uint32_t *port);

void evtchn_do_upcall(void);

uint64_t now_ns(void);
/* Waits (interrupts enabled only while halted) until *ctr != old or timeout.
 * Returns 1 if it changed. Needs VIRQ_TIMER bound for the timeout. */
int wait_change(volatile uint32_t *ctr, uint32_t old, uint64_t timeout_ns);

int evtchn_pending(uint32_t port);
void evtchn_clear(uint32_t port);
void evtchn_mask(uint32_t port);
long evtchn_alloc_unbound(domid_t remote, uint32_t *port);
long evtchn_bind_interdomain(domid_t remote, uint32_t rport, uint32_t *port);
long evtchn_close(uint32_t port);
/* SCHEDOP_poll on one port; timeout_abs 0 = none. */
long sched_poll1(uint32_t port, uint64_t timeout_abs);

#endif
