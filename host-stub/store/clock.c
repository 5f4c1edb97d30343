/* clock.c - the clock leases are timed by on this side (monotonic, so a
 * wall-clock step never stretches a lease) and the sleep of a server that
 * waits for one. */
#include <errno.h>
#include <time.h>

#include "store.h"

int64_t store_clock_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void store_sleep_ms(int64_t ms)
{
    struct timespec ts = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}
