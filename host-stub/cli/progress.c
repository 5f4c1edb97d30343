/* progress.c - the progress line of long runs (progress.h), from the host's
 * own wall clock (the plugin never reads one; the host may). */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#define QUIET_FOR_S 2.0   /* runs shorter than this show nothing */
#define TTY_EVERY_S 1.0
#define LOG_EVERY_S 10.0  /* stderr is a file or a pipe: fewer lines */

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_init(progress *p, const char *cmd)
{
    *p = (progress){.cmd = cmd, .tty = isatty(STDERR_FILENO)};
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
}

void progress_step(void *user, int64_t now, int64_t end)
{
    progress *p = user;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double elapsed = since(&p->start, &t);
    double every = p->tty ? TTY_EVERY_S : LOG_EVERY_S;
    if (elapsed < QUIET_FOR_S || (p->shown && since(&p->last, &t) < every) || end <= 0)
        return;
    p->last = t;
    double done = (double)now / (double)end;
    double left = done > 0 ? elapsed * (1 - done) / done : 0;
    fprintf(stderr, "%sprodhost %s: game minute %lld of %lld (%.0f%%), %.0f s so far, about %.0f s left%s",
            p->tty ? "\r" : "", p->cmd, (long long)(now / 60000), (long long)(end / 60000),
            100 * done, elapsed, left, p->tty ? "\033[K" : "\n");
    fflush(stderr);
    p->shown = 1;
}

void progress_done(progress *p)
{
    if (p->shown && p->tty)
        fprintf(stderr, "\r\033[K");
}
