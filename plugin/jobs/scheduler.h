/* scheduler.h - the manager's timer queue, in (end time, slot) order, which
 * is (end time, job id) order. Jobs ending before SCHED_NEAR_LIMIT (2^40 ms,
 * ~34.8 years of game time) sit in a flat 4-ary min-heap of 8-byte keys
 * (end << 24 | slot); later ones in a small unsorted "far" list that is only
 * looked at once time gets there. Cancelled jobs leave stale entries that the
 * manager skips (lazy deletion). */
#ifndef PRODI_SCHEDULER_H
#define PRODI_SCHEDULER_H

#include <stdint.h>

#include "core/arena.h"

#define SCHED_NEAR_LIMIT ((int64_t)1 << 40)

typedef struct prodi_far_entry {
    int64_t end;
    uint32_t slot;
    uint32_t pad;
} prodi_far_entry;

typedef struct prodi_sched {
    uint64_t *k;            /* near heap */
    uint32_t len;
    size_t cap;
    prodi_far_entry *far;    /* ends >= SCHED_NEAR_LIMIT, unsorted */
    uint32_t far_len;
    size_t far_cap;
    uint32_t far_min;       /* index of the earliest far entry (valid when far_len > 0) */
} prodi_sched;

void prodi_sched_init(prodi_sched *s);
void prodi_sched_free(prodi_sched *s, prodi_arena *a);
/* Make room so that a push of an entry ending at `end` cannot fail.
 * 0, or -1 on OOM. */
int prodi_sched_reserve(prodi_sched *s, prodi_arena *a, int64_t end);
/* Push; the caller reserved room first. slot < 2^24. */
void prodi_sched_push(prodi_sched *s, int64_t end, uint32_t slot);
/* The earliest entry: 1 with *end and *slot, or 0 when empty. */
static inline int prodi_sched_top(const prodi_sched *s, int64_t *end, uint32_t *slot)
{
    if (s->len) {
        *end = (int64_t)(s->k[0] >> 24);
        *slot = (uint32_t)(s->k[0] & 0xFFFFFFu);
        return 1;
    }
    if (!s->far_len)
        return 0;
    *end = s->far[s->far_min].end;
    *slot = s->far[s->far_min].slot;
    return 1;
}
/* Remove the entry prodi_sched_top returned. */
void prodi_sched_pop(prodi_sched *s);
/* Entries queued (near + far). */
static inline uint32_t prodi_sched_len(const prodi_sched *s) { return s->len + s->far_len; }
/* Keep only entries for which keep(ctx, end, slot) is non-zero. */
void prodi_sched_filter(prodi_sched *s, int (*keep)(const void *ctx, int64_t end, uint32_t slot),
                        const void *ctx);
/* Bytes of queued entries (for memory reports). */
static inline size_t prodi_sched_bytes_used(const prodi_sched *s)
{
    return (size_t)s->len * sizeof *s->k + (size_t)s->far_len * sizeof *s->far;
}

#endif
