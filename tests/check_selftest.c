/* check_selftest.c - check.h itself: CHECK counts and goes on, REQUIRE counts
 * and leaves the case, CHECK_OK/REQUIRE_OK judge a status, a case without
 * checks fails, and check_finish fails the run. Its cases fail on purpose:
 * ctest (expect_fail.cmake) wants a non-zero exit and stderr ending with
 * "runner behaved as specified", which main prints only when every count
 * and flag below came out as check.h promises. */
#include <stdio.h>

#include "check.h"

static int after_check, after_require, after_check_ok, after_require_ok;

static void check_fails_and_continues(void)
{
    CHECK(1 + 1 == 3);
    after_check = 1;
}

static void require_fails_and_stops(void)
{
    REQUIRE(0 != 0);
    after_require = 1;
}

static void check_ok_names_the_status(void)
{
    CHECK_OK(PROD_ERR_NOT_FOUND);
    after_check_ok = 1;
}

static void require_ok_stops(void)
{
    REQUIRE_OK(PROD_ERR_TIME);
    after_require_ok = 1;
}

static void passing_checks_pass(void)
{
    REQUIRE(1);
    REQUIRE_OK(PROD_OK);
    CHECK_OK(PROD_OK);
    CHECK(CHECK(2 > 1) == 1); /* CHECK's value is its condition's truth */
}

static void no_checks(void) {}

int main(void)
{
    RUN(check_fails_and_continues);
    int ok = check_failures() == 1 && after_check;
    RUN(require_fails_and_stops);
    ok = ok && check_failures() == 2 && !after_require;
    RUN(check_ok_names_the_status);
    ok = ok && check_failures() == 3 && after_check_ok;
    RUN(require_ok_stops);
    ok = ok && check_failures() == 4 && !after_require_ok;
    RUN(passing_checks_pass);
    ok = ok && check_failures() == 4;
    RUN(no_checks);
    ok = ok && check_failures() == 4;
    int rc = check_finish("check_selftest");
    fprintf(stderr, "%s\n", ok && rc != 0 ? "runner behaved as specified" : "runner misbehaved");
    return ok ? rc : 0;
}
