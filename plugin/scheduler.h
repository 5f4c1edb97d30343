/* scheduler.h - the manager's timer queue: a flat 4-ary min-heap of 16-byte
 * (end time, job slot, generation) entries ordered by (end, generation, slot),
 * which is (end time, job id) order. Cancelled jobs leave stale entries that
 * the manager skips (lazy deletion). */
#ifndef PROD_SCHEDULER_H
#define PROD_SCHEDULER_H

#include <stdint.h>

#include "arena.h"

typedef struct prod_sched_entry {
    int64_t end;
    uint32_t slot;
    uint16_t gen;
    uint16_t pad;
} prod_sched_entry;

typedef struct prod_sched {
    prod_sched_entry *e;
    uint32_t len;
    uint32_t cap;
} prod_sched;

void sched_init(prod_sched *s);
void sched_free(prod_sched *s, prod_arena *a);
/* Make room for `extra` more pushes so they cannot fail. 0, or -1 on OOM. */
int sched_reserve(prod_sched *s, prod_arena *a, uint32_t extra);
/* Push; the caller reserved room first. */
void sched_push(prod_sched *s, prod_sched_entry x);
static inline const prod_sched_entry *sched_top(const prod_sched *s)
{
    return s->len ? &s->e[0] : 0;
}
void sched_pop(prod_sched *s);
/* Keep only entries for which keep(ctx, entry) is non-zero, then re-heapify. */
void sched_filter(prod_sched *s, int (*keep)(const void *ctx, const prod_sched_entry *e),
                  const void *ctx);

#endif
