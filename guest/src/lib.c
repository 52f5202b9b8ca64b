#include "lib.h"
#include "hv.h"

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    if (p < q) { while (n--) *p++ = *q++; }
    else { p += n; q += n; while (n--) *--p = *--q; }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q) return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
        if (!*a) return 0;
    }
    return 0;
}

int strcmp(const char *a, const char *b) { return strncmp(a, b, (size_t)-1); }

const char *strstr_n(const char *hay, size_t haylen, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= haylen && hay[i]; i++)
        if (!strncmp(hay + i, needle, n)) return hay + i;
    return 0;
}

int memchr_nul(const void *p, size_t n)
{
    const char *c = p;
    for (size_t i = 0; i < n; i++)
        if (!c[i]) return 1;
    return 0;
}

/* ---- formatting: %[0][width][l|ll|z]{d,i,u,x,X,p,s,c,%} ---- */

struct outbuf { char *p; size_t left; int n; };

static void put(struct outbuf *o, char c)
{
    if (o->left > 1) { *o->p++ = c; o->left--; }
    o->n++;
}

static void put_num(struct outbuf *o, uint64_t v, unsigned base, int neg, int width, char pad, int upper)
{
    char tmp[24];
    int i = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        uint32_t r;
        if (base == 16) { r = (uint32_t)(v & 15); v >>= 4; }
        else v = udiv64(v, base, &r);
        tmp[i++] = digits[r];
    } while (v);
    if (neg) {
        if (pad == '0') { put(o, '-'); width--; }
        else tmp[i++] = '-';
    }
    while (width-- > i) put(o, pad);
    while (i) put(o, tmp[--i]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') { put(&o, *fmt); continue; }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') { pad = '0'; fmt++; }
        int prec = -1;
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            prec = 0;
            fmt++;
            while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
        }
        if (*fmt == 'z') { lng = 1; fmt++; }
        else if (*fmt == 'l') { lng = 1; fmt++; if (*fmt == 'l') { lng = 2; fmt++; } }
        uint64_t v;
        int64_t sv;
        switch (*fmt) {
        case 'd': case 'i':
            sv = lng == 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            put_num(&o, sv < 0 ? (uint64_t)-sv : (uint64_t)sv, 10, sv < 0, width, pad, 0);
            break;
        case 'u': case 'x': case 'X':
            v = lng == 2 ? va_arg(ap, unsigned long long) : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            put_num(&o, v, *fmt == 'u' ? 10 : 16, 0, width, pad, *fmt == 'X');
            break;
        case 'p':
            put(&o, '0'); put(&o, 'x');
            put_num(&o, (ulong)va_arg(ap, void *), 16, 0, width, pad, 0);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int len = 0;
            while (s[len] && (prec < 0 || len < prec)) len++;
            for (int i = len; i < width; i++) put(&o, ' ');
            for (int i = 0; i < len; i++) put(&o, s[i]);
            break;
        }
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case '%': put(&o, '%'); break;
        case 0: fmt--; break;
        default: put(&o, '%'); put(&o, *fmt); break;
        }
    }
    if (size) *o.p = 0;
    return o.n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* ---- output ---- */

uint64_t console_pfn, console_evtchn;
static volatile int out_lock;

static void lock(void)
{
    while (__atomic_exchange_n(&out_lock, 1, __ATOMIC_ACQUIRE)) cpu_relax();
}

static void unlock(void) { __atomic_store_n(&out_lock, 0, __ATOMIC_RELEASE); }

/* Best effort, never blocking: a full ring (no backend yet) drops the line. */
static void ring_write(const char *s, size_t n)
{
    if (!console_pfn || console_pfn >= (1ULL << 20)) return;   /* identity map covers 4 GiB */
    struct xencons_interface *c = (void *)(ulong)(console_pfn << 12);
    XENCONS_RING_IDX prod = READ_ONCE(c->out_prod), cons = READ_ONCE(c->out_cons);
    rmb();
    if ((XENCONS_RING_IDX)(prod - cons) > sizeof(c->out) ||
        sizeof(c->out) - (XENCONS_RING_IDX)(prod - cons) < n)
        return;
    for (size_t i = 0; i < n; i++)
        c->out[MASK_XENCONS_IDX(prod + i, c->out)] = s[i];
    wmb();
    WRITE_ONCE(c->out_prod, prod + (XENCONS_RING_IDX)n);
    if (console_evtchn) {
        evtchn_send_t send = { .port = (evtchn_port_t)console_evtchn };
        HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
    }
}

void line(const char *fmt, ...)
{
    char buf[320];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 2) n = sizeof(buf) - 2;
    buf[n++] = '\n';
    buf[n] = 0;
    lock();
    HYPERVISOR_console_io(CONSOLEIO_write, n, buf);
    ring_write(buf, n);
    unlock();
}

void e9_puts(const char *s)
{
    while (*s) outb(0xe9, (uint8_t)*s++);
}

/* ---- tests ---- */

volatile int tests_passed, tests_failed;

void pass(const char *name)
{
    __atomic_add_fetch(&tests_passed, 1, __ATOMIC_SEQ_CST);
    line("TEST %s ok", name);
}

static void vfail(const char *name, const char *fmt, va_list ap)
{
    char why[240];
    vsnprintf(why, sizeof(why), fmt, ap);
    __atomic_add_fetch(&tests_failed, 1, __ATOMIC_SEQ_CST);
    line("TEST %s FAIL %s", name, why);
}

void fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(name, fmt, ap);
    va_end(ap);
}

int check_eq(const char *name, long long got, long long want)
{
    if (got == want) { pass(name); return 1; }
    fail(name, "expected %lld got %lld", want, got);
    return 0;
}

int check_true(const char *name, int cond, const char *fmt, ...)
{
    if (cond) { pass(name); return 1; }
    va_list ap;
    va_start(ap, fmt);
    vfail(name, fmt, ap);
    va_end(ap);
    return 0;
}

void done_and_exit(unsigned reason)
{
    line("DONE passed=%d failed=%d", tests_passed, tests_failed);
    hv_shutdown(reason);
}

/* ---- command line ---- */

const char *cmdline = "";

/* Finds key=value as a whole word; copies the value. */
int arg_str(const char *key, char *out, size_t outlen)
{
    size_t kl = strlen(key);
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ' || *p == '\t') p++;
        if (!strncmp(p, key, kl) && p[kl] == '=') {
            p += kl + 1;
            size_t i = 0;
            while (*p && *p != ' ' && *p != '\t') {
                if (i + 1 < outlen) out[i++] = *p;
                p++;
            }
            if (outlen) out[i] = 0;
            return 1;
        }
        while (*p && *p != ' ' && *p != '\t') p++;
    }
    return 0;
}

uint64_t arg_u64(const char *key, uint64_t def)
{
    char v[32];
    if (!arg_str(key, v, sizeof(v)) || !v[0]) return def;
    uint64_t n = 0;
    const char *p = v;
    unsigned base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) { base = 16; p += 2; }
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9') d = *p - '0';
        else if (base == 16 && *p >= 'a' && *p <= 'f') d = *p - 'a' + 10;
        else if (base == 16 && *p >= 'A' && *p <= 'F') d = *p - 'A' + 10;
        else break;
        n = n * base + d;
    }
    return n;
}
