/* kmain: common start for both boot paths, then the mode the command line asks for. */
#include "guest.h"
#include "lib.h"
#include "hv.h"
#include "trap.h"
#include "events.h"

int boot_kind;
struct hvm_start_info *start_info;
int have_domid;
domid_t my_domid;
unsigned nr_vcpus = 1;
char mode_name[32] = "suite";

struct e820entry memmap[MEMMAP_MAX];
int memmap_n;
const char *memmap_source = "none";

volatile uint32_t vcpu1_alive;
volatile int vcpu1_given_up;
uint32_t wake_port;

static char cmdline_buf[1024];

static void fatal_early(const char *msg)
{
    /* No hypercalls yet: only the 0xE9 debug port can tell. */
    e9_puts(msg);
    for (;;) __asm__ __volatile__("cli; hlt");
}

void load_memmap(void)
{
    if (memmap_n) return;
    if (start_info && start_info->version >= 1 && start_info->memmap_paddr &&
        start_info->memmap_paddr < (1ULL << 32)) {
        struct hvm_memmap_table_entry *e = (void *)(ulong)start_info->memmap_paddr;
        for (uint32_t i = 0; i < start_info->memmap_entries && memmap_n < MEMMAP_MAX; i++, memmap_n++) {
            memmap[memmap_n].addr = e[i].addr;
            memmap[memmap_n].size = e[i].size;
            memmap[memmap_n].type = e[i].type;
        }
        memmap_source = "start_info";
        return;
    }
    struct xen_memory_map mm = { .nr_entries = MEMMAP_MAX };
    set_xen_guest_handle(mm.buffer, memmap);
    if (!HYPERVISOR_memory_op(XENMEM_memory_map, &mm)) {
        memmap_n = (int)mm.nr_entries;
        memmap_source = "XENMEM_memory_map";
    }
}

int pfn_in_ram(uint64_t pfn)
{
    uint64_t a = pfn << 12;
    for (int i = 0; i < memmap_n; i++)
        if (memmap[i].type == E820_RAM && a >= memmap[i].addr && a - memmap[i].addr < memmap[i].size)
            return 1;
    return 0;
}

uint64_t ram_end_below_4g(void)
{
    uint64_t end = 0;
    for (int i = 0; i < memmap_n; i++) {
        uint64_t e = memmap[i].addr + memmap[i].size;
        if (memmap[i].type == E820_RAM && memmap[i].addr < (1ULL << 32) && e > end)
            end = e;
    }
    return end;
}

static unsigned count_vcpus(void)
{
    unsigned n = 1;
    while (n < 128 && HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) != -XEN_ENOENT) n++;
    return n;
}

static void ap_main(void) __attribute__((noreturn));
static void ap_main(void)
{
    trap_load();
    if (!vcpu1_given_up) pass("vcpu1-online");
    __atomic_store_n(&vcpu1_alive, 1, __ATOMIC_SEQ_CST);
    if (wake_port) hv_evtchn_send(wake_port);
    HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
    for (;;) __asm__ __volatile__("cli; hlt");
}

void kmain(ulong kind, ulong si)
{
    uint32_t r[4];

    if (kind == BOOT_AP) ap_main();
    trap_init();
    boot_kind = (int)kind;

    if (kind == BOOT_PVH && si) {
        struct hvm_start_info *s = (void *)si;
        if (s->magic == XEN_HVM_START_MAGIC_VALUE) {
            start_info = s;
            if (s->cmdline_paddr && s->cmdline_paddr < (1ULL << 32)) {
                const char *c = (const char *)(ulong)s->cmdline_paddr;
                size_t i = 0;
                for (; c[i] && i + 1 < sizeof(cmdline_buf); i++) cmdline_buf[i] = c[i];
                cmdline_buf[i] = 0;
                cmdline = cmdline_buf;
            }
        }
    }

    xen_cpuid_base = xen_find_cpuid_base();
    if (!xen_cpuid_base) fatal_early("TESTGUEST FATAL no Xen CPUID leaves\n");
    cpuid_count(xen_cpuid_base + 2, 0, r);
    xen_msr = r[1];
    if (safe_wrmsr(xen_msr, (ulong)hypercall_page))
        fatal_early("TESTGUEST FATAL hypercall page MSR write faulted\n");
    cpuid_count(xen_cpuid_base + 4, 0, r);
    if (r[0] & XEN_HVM_CPUID_DOMID_PRESENT) { have_domid = 1; my_domid = (domid_t)r[2]; }

    hv_get_param(HVM_PARAM_CONSOLE_PFN, &console_pfn);
    if (console_pfn) hv_get_param(HVM_PARAM_CONSOLE_EVTCHN, &console_evtchn);

    if (!arg_str("mode", mode_name, sizeof(mode_name)) || !mode_name[0])
        memcpy(mode_name, "suite", 6);
    nr_vcpus = count_vcpus();
    line("TESTGUEST %s %s %d vcpus=%u", mode_name, boot_kind == BOOT_PVH ? "pvh" : "hvm", TG_BITS, nr_vcpus);

    if (!strcmp(mode_name, "suite")) run_suite();
    else if (!strcmp(mode_name, "hello")) mode_hello();
    else if (!strcmp(mode_name, "shutdown")) mode_shutdown();
    else if (!strcmp(mode_name, "crash")) mode_crash();
    else if (!strcmp(mode_name, "idle")) mode_idle();
    else if (!strcmp(mode_name, "fuzz")) run_fuzz();
    else if (!strcmp(mode_name, "bench-hypercall")) mode_bench_hypercall();
    else if (!strcmp(mode_name, "evtchn-server")) mode_evtchn_server();
    else if (!strcmp(mode_name, "evtchn-client")) mode_evtchn_client();
    else fail("mode", "unknown mode '%s'", mode_name);
    done_and_exit(SHUTDOWN_poweroff);
}
