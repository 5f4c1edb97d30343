/* wheel.h - the manager's timer queue: a hierarchical timing wheel threaded
 * through the job table's links. Level l has 64 buckets of 64^l ms each; a
 * job sits at the level of the highest bit in which its end differs from
 * the cursor (a time no later than any queued end), so insert and remove
 * cost the same whatever the absolute time, and a job moves down one level
 * at most once per level as the cursor reaches its bucket. A level-0
 * bucket holds the jobs of one end time; they are taken in slot order,
 * which is job-id order. Jobs that come down to level 0 together (the
 * cursor entering a level-1 bucket) go into one sorted array, the run,
 * rather than the lists, so taking them later reads memory in order; a
 * job cancelled there is found by binary search and left as a tombstone.
 * `next` is a bound no queued end is below, kept in O(1) by every change;
 * the exact earliest end is found from it on demand (one bucket read, then
 * kept). Levels are allocated when first needed. Level 0 or 1, once its
 * lists hold many jobs, is widened: each bucket becomes PRODI_WHEEL_LANES
 * lists (a slot's lane is its low bits), walked side by side so that their
 * dependent loads overlap instead of forming one chain of cache misses.
 * Higher levels stay narrow: their buckets move down once in a long while,
 * and lanes there only cost instructions (W8's catch-up, all in cache). */
#ifndef PRODI_WHEEL_H
#define PRODI_WHEEL_H

#include <stdint.h>

#include "core/arena.h"
#include "core/bits.h"
#include "jobs/job_table.h"

#define PRODI_WHEEL_LEVELS 9 /* 9 x 6 bits cover every time up to PROD_TIME_MAX */
#define PRODI_WHEEL_NONE INT64_MAX
#define PRODI_WHEEL_LANES 8      /* lists per bucket of a widened level */
#define PRODI_WHEEL_WIDE_AT 1024 /* level 0 or 1 holding this many jobs in lists is widened */

typedef struct prodi_wlevel {
    uint64_t bits;      /* bucket b holds jobs */
    int64_t first_min;  /* the earliest end in bucket ctz(bits), or -1 when not known */
    uint32_t count;     /* jobs in its lists (not level 0's run) */
    uint32_t lanes;     /* lists per bucket: 1, or PRODI_WHEEL_LANES once widened */
    uint8_t head[];     /* bucket b, lane k: its list's first slot, 24 bits at 3 (b lanes + k)
                           (JT_NIL when the list is empty) */
} prodi_wlevel;

/* A run entry: bucket (6 bits) << 24 | slot, PRODI_RUN_DEAD set once cancelled. */
#define PRODI_RUN_DEAD 0x80000000u

typedef struct prodi_wheel {
    int64_t next;       /* no queued end is earlier; PRODI_WHEEL_NONE when empty */
    uint32_t count;     /* queued jobs */
    uint16_t exact;     /* next is the earliest queued end itself */
    uint16_t pad;
    int64_t cur;        /* the cursor: no queued end is earlier */
    prodi_wlevel **lvp; /* the levels allocated so far, in the order they were */
    uint8_t lvi[PRODI_WHEEL_LEVELS]; /* level -> 1 + its index in lvp, 0 when not allocated */
    uint8_t lv_count;
    uint32_t *run;      /* level 0's sorted entries, [run_pos, run_len) still queued or dead */
    uint32_t run_pos, run_len;
    uint32_t run_cap;
    uint32_t spill_cap; /* entries of spill */
    uint32_t *spill;    /* room for a due bucket too large for the caller's buffer */
} prodi_wheel;

void prodi_wheel_init(prodi_wheel *w);
/* Level l, or NULL when it has not been needed yet. */
static inline prodi_wlevel *prodi_wheel_level(const prodi_wheel *w, unsigned l)
{
    return w->lvi[l] ? w->lvp[w->lvi[l] - 1] : NULL;
}
void prodi_wheel_free(prodi_wheel *w, prodi_arena *a);
/* The level of a job ending at `end` (>= cur): where end first differs from cur. */
static inline unsigned prodi_wheel_level_of(int64_t cur, int64_t end)
{
    uint64_t x = (uint64_t)(end ^ cur);
    return x < 64 ? 0 : prodi_msb64(x) / 6;
}
/* Whether level l (allocated) is to be widened before its next job. */
static inline int prodi_wheel_widen_due(const prodi_wlevel *v, unsigned l)
{
    return l <= 1 && v->lanes == 1 && v->count >= PRODI_WHEEL_WIDE_AT;
}
/* prodi_wheel_reserve's work once it is needed: allocate level l, widen it. */
int prodi_wheel_reserve_level(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, unsigned l);
/* Make room so that inserting a job ending at `end` (>= the cursor) cannot
 * fail; widens its level when that is due. 0, or -1 on OOM. Inline: every
 * start and every repeating cycle asks, and the level is nearly always
 * there already. */
static inline int prodi_wheel_reserve(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t,
                                      int64_t end)
{
    unsigned l = prodi_wheel_level_of(w->cur, end);
    const prodi_wlevel *v = prodi_wheel_level(w, l);
    if (v && !prodi_wheel_widen_due(v, l))
        return 0;
    return prodi_wheel_reserve_level(w, a, t, l);
}
/* Queue the job in `slot` at its record's end (room reserved). */
void prodi_wheel_insert(prodi_wheel *w, const prodi_jobtable *t, uint32_t slot);
/* Unqueue a queued job. O(1). */
void prodi_wheel_remove(prodi_wheel *w, const prodi_jobtable *t, uint32_t slot);
/* The earliest queued end (the wheel not empty): next when exact, else read
 * from the first bucket of the lowest level, which holds it, and kept.
 * Changes no job's place. */
int64_t prodi_wheel_earliest(prodi_wheel *w, const prodi_jobtable *t);
/* Move the cursor to `to` (no queued end is earlier), moving down what it
 * passes; best effort: on OOM the cursor stays behind. */
void prodi_wheel_approach_to(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, int64_t to);
/* Move the cursor toward `now` when that lowers the level a job ending at
 * `end` would take (fewer moves later); best effort, never fails. Inline:
 * every start asks, and the cursor is nearly always near enough. */
static inline void prodi_wheel_approach(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t,
                                        int64_t now, int64_t end)
{
    int64_t to = w->next < now ? w->next : now; /* no queued end is earlier */
    if (prodi_wheel_level_of(w->cur, end) > prodi_wheel_level_of(to, end))
        prodi_wheel_approach_to(w, a, t, to);
}
/* Whether a job ends at or before `limit` (<= the manager's time): moves
 * the jobs of every bucket that starts by then down until the earliest are
 * in a level-0 bucket or none is due. 1 due, 0 not, -1 on OOM (nothing
 * lost). */
int prodi_wheel_settle(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, int64_t limit);
/* After prodi_wheel_settle answered 1: unqueue every job of the earliest
 * end (the cursor moves there) and return their slots in increasing order
 * in *out (in buf when 2n entries fit in its cap, else in the wheel's spill
 * room). 0, or -1 on OOM (nothing taken). */
int prodi_wheel_take_due(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, uint32_t *buf,
                         uint32_t cap, uint32_t **out, uint32_t *n);
/* Start fetching the records of the run's next due jobs (at most 64), so
 * that the next tick, after the host has ticked other managers, finds them
 * in a nearer cache. A hint; changes nothing. */
void prodi_wheel_prefetch_next(const prodi_wheel *w, const prodi_jobtable *t);
/* Bytes of the levels, the run and the spill room (for memory reports). */
size_t prodi_wheel_bytes(const prodi_wheel *w);

#endif
