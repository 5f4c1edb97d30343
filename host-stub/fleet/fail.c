/* fail.c - owns the fleet world's error text: what failed, for the
 * command to print. */
#include <stdarg.h>
#include <stdio.h>

#include "fleet.h"

int fleet_fail(fleet_world *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->error, sizeof w->error, fmt, ap);
    va_end(ap);
    return -1;
}
