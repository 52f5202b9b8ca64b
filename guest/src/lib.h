/* The guest's tiny runtime: strings, formatting, output lines, test accounting. */
#ifndef TG_LIB_H
#define TG_LIB_H

#include <stdarg.h>
#include "arch.h"
#include "xenabi.h"

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
int strcmp(const char *a, const char *b);
const char *strstr_n(const char *hay, size_t haylen, const char *needle);
int memchr_nul(const void *p, size_t n);   /* 1 if a NUL byte is within n */

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One output line (a newline is appended): console_io and the PV console ring. */
void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void e9_puts(const char *s);

/* Test accounting: TEST <name> ok / TEST <name> FAIL <why>. */
extern volatile int tests_passed, tests_failed;
void pass(const char *name);
void fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns 1 when got == want, printing the TEST line either way. */
int check_eq(const char *name, long long got, long long want);
int check_true(const char *name, int cond, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void done_and_exit(unsigned reason);

/* Command line: mode=<name> key=value ... */
extern const char *cmdline;
int arg_str(const char *key, char *out, size_t outlen);
uint64_t arg_u64(const char *key, uint64_t def);

/* Console ring (HVM_PARAM_CONSOLE_PFN / _EVTCHN); 0 when unknown. */
extern uint64_t console_pfn, console_evtchn;

#endif
