/* Boot state shared by the suite and the modes. */
#ifndef TG_GUEST_H
#define TG_GUEST_H

#include "arch.h"
#include "xenabi.h"
#include "asmdefs.h"

extern int boot_kind;                       /* BOOT_PVH / BOOT_HVM */
extern struct hvm_start_info *start_info;   /* PVH only, else NULL */
extern int have_domid;
extern domid_t my_domid;
extern unsigned nr_vcpus;
extern char mode_name[32];

/* Guest memory map: start_info's memmap (PVH) or XENMEM_memory_map. */
#define MEMMAP_MAX 64
extern struct e820entry memmap[MEMMAP_MAX];
extern int memmap_n;
extern const char *memmap_source;
void load_memmap(void);
int pfn_in_ram(uint64_t pfn);
uint64_t ram_end_below_4g(void);

/* vCPU 1 bring-up handshake. */
extern volatile uint32_t vcpu1_alive;
extern volatile int vcpu1_given_up;
extern uint32_t wake_port;                  /* IPI port on vcpu 0, vcpu 1 kicks it */

void run_suite(void);
void run_fuzz(void);
void mode_hello(void);
void mode_shutdown(void);
void mode_crash(void);
void mode_idle(void);
void mode_bench_hypercall(void);
void mode_evtchn_server(void);
void mode_evtchn_client(void);

#endif
