/* progress.h - the progress line a long prodhost run shows on stderr: none
 * for the first 2 s of wall time, then one at once and at most one a second
 * after it (rewritten in place on a terminal; one line every 10 s
 * otherwise), erased at the end on a terminal. */
#ifndef PRODHOST_PROGRESS_H
#define PRODHOST_PROGRESS_H

#include <stdint.h>
#include <time.h>

typedef struct progress {
    const char *cmd;
    struct timespec start, last;
    int tty, shown;
} progress;

void progress_init(progress *p, const char *cmd);
/* world_config.progress: game time now of end ms has been simulated. */
void progress_step(void *user, int64_t now, int64_t end);
/* End the line (on a terminal: erase it) if one was shown. */
void progress_done(progress *p);

#endif
