/* check.c - see check.h. */
#include "check.h"

#include <stdatomic.h>
#include <stdio.h>

#include "ph_status.h"

#define MAX_FAILED_CASES 256

static atomic_int failures;  /* failed checks, all cases */
static atomic_int evaluated; /* checks run, all cases */
static int cases, failed_cases;
static const char *failed_names[MAX_FAILED_CASES];

int check_(int ok, const char *kind, const char *expr, const char *file, int line)
{
    atomic_fetch_add_explicit(&evaluated, 1, memory_order_relaxed);
    if (!ok) {
        atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
        fflush(stdout);
        fprintf(stderr, "%s:%d: %s failed: %s\n", file, line, kind, expr);
    }
    return ok;
}

int check_ok_(prod_status st, const char *kind, const char *expr, const char *file, int line)
{
    atomic_fetch_add_explicit(&evaluated, 1, memory_order_relaxed);
    if (st != PROD_OK) {
        atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
        fflush(stdout);
        fprintf(stderr, "%s:%d: %s failed: %s gave %d (%s)\n", file, line, kind, expr, (int)st,
                ph_status_name(st));
    }
    return st == PROD_OK;
}

int check_failures(void) { return atomic_load(&failures); }

void check_run_(const char *name, void (*fn)(void))
{
    int f0 = atomic_load(&failures), e0 = atomic_load(&evaluated);
    fn();
    int f = atomic_load(&failures) - f0, e = atomic_load(&evaluated) - e0;
    cases++;
    if (f == 0 && e > 0) {
        printf("ok   %s\n", name);
        return;
    }
    fflush(stdout);
    if (f)
        fprintf(stderr, "FAIL %s: %d check(s) failed\n", name, f);
    else
        fprintf(stderr, "FAIL %s: ran no checks\n", name);
    if (failed_cases < MAX_FAILED_CASES)
        failed_names[failed_cases] = name;
    failed_cases++;
}

int check_finish(const char *suite)
{
    int f = atomic_load(&failures);
    fflush(stdout);
    if (f == 0 && failed_cases == 0) {
        printf("%s: %d case(s), all checks passed\n", suite, cases);
        return 0;
    }
    fprintf(stderr, "%s: %d check(s) failed; %d of %d case(s) failed:", suite, f, failed_cases,
            cases);
    for (int i = 0; i < failed_cases && i < MAX_FAILED_CASES; i++)
        fprintf(stderr, " %s", failed_names[i]);
    fprintf(stderr, "\n");
    return 1;
}
