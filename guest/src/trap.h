/* IDT, exception and upcall handling, ring 3 excursions. */
#ifndef TG_TRAP_H
#define TG_TRAP_H

#include "arch.h"

#define VEC_CALLBACK   0xf3   /* HVM_PARAM_CALLBACK_IRQ vector type: no EOI */
#define VEC_UPCALL     0xf2   /* HVMOP_set_evtchn_upcall_vector: LAPIC, EOI */
#define VEC_SPURIOUS   0xff
#define LAPIC_BASE     0xfee00000UL

void trap_init(void);          /* builds the IDT (once) and loads it */
void trap_load(void);          /* loads the IDT (other vCPUs) */
void tss_init(void);           /* TSS for ring 3 -> ring 0 */
void lapic_enable(void);

/* Expected faults: arm, run the instruction, disarm; a fault skips `skip` bytes. */
void fault_arm(ulong skip);
int fault_disarm(void);        /* 0 or the vector that fired */

/* Upcall counters. */
extern volatile uint32_t upcalls_callback, upcalls_lapic;
extern volatile uint32_t nmi_count;
extern int int3_returns_ok;    /* crash kind=emulation: #BP returns quietly */

/* Ring 3: runs fn at CPL3 on its own stack until it faults; returns the vector. */
struct user_result { int vector; int returned; long rax; ulong ip; };
int run_user(void (*fn)(void), struct user_result *out);
void user_hypercall(void);     /* entry*.S: xen_version from CPL3, then faults */
extern volatile long user_hc_result;
extern volatile int user_hc_returned;

/* entry*.S */
void enter_user(ulong ip, ulong sp);
extern ulong user_saved_ksp;
void user_resume(void);
extern ulong isr_table[32];
void isr_callback(void);
void isr_upcall(void);
void isr_spurious(void);
extern uint8_t gdt[];
extern uint8_t stack1_top[];
void ap_entry32(void);

#endif
