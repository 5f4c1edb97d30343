/* check.h - the tests' one set of assertions and a tiny case runner.
 *
 *   CHECK(cond)        reports file:line and the expression when cond is
 *                      false, counts a failure and goes on. Its value is
 *                      cond's truth (1 or 0), so `if (!CHECK(p)) ...` works.
 *   CHECK_OK(expr)     the same for a prod_status that must be PROD_OK; the
 *                      report names the status it got.
 *   REQUIRE(cond)      as CHECK, then stops the current case: it returns
 *   REQUIRE_OK(expr)   from the enclosing function, so use it in the case
 *                      function itself (a helper returns a value the case
 *                      REQUIREs). For preconditions later checks depend on:
 *                      a NULL handle, a failed init, a failed start.
 *
 *   RUN(case_fn)       runs `static void case_fn(void)` as a case named
 *                      after the function; a case fails when any check in it
 *                      fails, and also when it ran no check at all (a case
 *                      that cannot fail is a defect).
 *   check_finish(name) prints the failed cases and returns 0 when every
 *                      case and check passed, 1 otherwise: main's status.
 *
 * Checks may run on several threads (the counters are atomic). Plain C11. */
#ifndef PROD_CHECK_H
#define PROD_CHECK_H

#include "production.h"

int check_(int ok, const char *kind, const char *expr, const char *file, int line);
int check_ok_(prod_status st, const char *kind, const char *expr, const char *file, int line);

#define CHECK(cond) check_((cond) != 0, "CHECK", #cond, __FILE__, __LINE__)
#define CHECK_OK(expr) check_ok_((expr), "CHECK_OK", #expr, __FILE__, __LINE__)
#define REQUIRE(cond)                                                                      \
    do {                                                                                   \
        if (!check_((cond) != 0, "REQUIRE", #cond, __FILE__, __LINE__))                    \
            return;                                                                        \
    } while (0)
#define REQUIRE_OK(expr)                                                                   \
    do {                                                                                   \
        if (!check_ok_((expr), "REQUIRE_OK", #expr, __FILE__, __LINE__))                   \
            return;                                                                        \
    } while (0)

/* Failed checks so far, in every case and outside them. */
int check_failures(void);

void check_run_(const char *name, void (*fn)(void));
#define RUN(case_fn) check_run_(#case_fn, case_fn)
int check_finish(const char *suite);

#endif
