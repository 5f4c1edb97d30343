/* wheel.c - bucket placement, the doubly linked buckets and their lanes,
 * level 0's sorted run, moving buckets down a level, the bound and the
 * exact earliest end, and taking due jobs in slot order. */
#include "jobs/wheel.h"

#include <string.h>

#include "core/bits.h"
#include "core/sort.h"
#include "core/vec.h"

void prodi_wheel_init(prodi_wheel *w)
{
    memset(w, 0, sizeof *w);
    w->next = PRODI_WHEEL_NONE;
    w->exact = 1;
}

/* Bytes of a level with `lanes` lists per bucket. */
static size_t level_bytes(uint32_t lanes) { return sizeof(prodi_wlevel) + 64u * 3u * lanes; }

void prodi_wheel_free(prodi_wheel *w, prodi_arena *a)
{
    for (unsigned i = 0; i < w->lv_count; i++)
        prodi_arena_release(a, w->lvp[i], level_bytes(w->lvp[i]->lanes));
    prodi_arena_release(a, w->lvp, (size_t)w->lv_count * sizeof *w->lvp);
    prodi_arena_release(a, w->run, (size_t)w->run_cap * sizeof *w->run);
    prodi_arena_release(a, w->spill, (size_t)w->spill_cap * sizeof *w->spill);
    prodi_wheel_init(w);
}

size_t prodi_wheel_bytes(const prodi_wheel *w)
{
    size_t n = ((size_t)w->run_cap + w->spill_cap) * sizeof(uint32_t);
    for (unsigned i = 0; i < w->lv_count; i++)
        n += level_bytes(w->lvp[i]->lanes) + sizeof *w->lvp;
    return n;
}

/* --- placement ------------------------------------------------------------ */

static unsigned bucket_of(int64_t end, unsigned l)
{
    return (unsigned)((uint64_t)end >> (6 * l)) & 63u;
}

/* The first time bucket b of level l covers, given the cursor. */
static int64_t bucket_start(int64_t cur, unsigned l, unsigned b)
{
    unsigned above = 6 * (l + 1);
    uint64_t hi = ((uint64_t)cur >> above) << above;
    return (int64_t)(hi | (uint64_t)b << (6 * l));
}

/* Level l, which the caller knows has been allocated. */
static prodi_wlevel *held(const prodi_wheel *w, unsigned l) { return w->lvp[w->lvi[l] - 1]; }

/* The first slot of bucket b's list in lane k. */
static uint32_t head_get(const prodi_wlevel *v, unsigned b, uint32_t k)
{
    const uint8_t *h = v->head + 3 * (b * v->lanes + k);
    return h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16;
}

static void head_set(prodi_wlevel *v, unsigned b, uint32_t k, uint32_t s)
{
    uint8_t *h = v->head + 3 * (b * v->lanes + k);
    h[0] = (uint8_t)s;
    h[1] = (uint8_t)(s >> 8);
    h[2] = (uint8_t)(s >> 16);
}

static uint32_t lane_of(const prodi_wlevel *v, uint32_t slot) { return slot & (v->lanes - 1); }

/* Whether every list of bucket b is empty. */
static int lists_empty(const prodi_wlevel *v, unsigned b)
{
    const uint8_t *h = v->head + 3 * b * v->lanes;
    if (v->lanes == 1)
        return (h[0] & h[1] & h[2]) == 0xFF; /* no slot is 0xFFFFFF (JT_NIL) */
    uint64_t x[3];                           /* a widened bucket's 8 heads */
    memcpy(x, h, sizeof x);
    return (x[0] & x[1] & x[2]) == UINT64_MAX;
}

/* Empty bucket b's lists (their jobs are being taken out). */
static void lists_clear(prodi_wlevel *v, unsigned b)
{
    memset(v->head + 3 * b * v->lanes, 0xFF, 3 * v->lanes);
}

static int level_get(prodi_wheel *w, prodi_arena *a, unsigned l)
{
    if (w->lvi[l])
        return 0;
    size_t n = w->lv_count;
    prodi_wlevel *v = prodi_arena_resize(a, NULL, 0, level_bytes(1));
    prodi_wlevel **lvp =
        v ? prodi_arena_resize(a, w->lvp, n * sizeof *lvp, (n + 1) * sizeof *lvp) : NULL;
    if (!lvp) {
        prodi_arena_release(a, v, level_bytes(1));
        return -1;
    }
    v->bits = 0;
    v->first_min = -1;
    v->count = 0;
    v->lanes = 1;
    memset(v->head, 0xFF, 64 * 3); /* every bucket JT_NIL */
    lvp[n] = v;
    w->lvp = lvp;
    w->lv_count = (uint8_t)(n + 1);
    w->lvi[l] = (uint8_t)(n + 1);
    return 0;
}

/* The lowest level holding jobs, or PRODI_WHEEL_LEVELS. */
static unsigned lowest_level(const prodi_wheel *w)
{
    for (unsigned l = 0; l < PRODI_WHEEL_LEVELS; l++)
        if (prodi_wheel_level(w, l) && prodi_wheel_level(w, l)->bits)
            return l;
    return PRODI_WHEEL_LEVELS;
}

/* --- the run -------------------------------------------------------------- */

static unsigned run_bucket(uint32_t e) { return (e & ~PRODI_RUN_DEAD) >> 24; }
static uint32_t run_slot(uint32_t e) { return e & 0xFFFFFFu; }

/* The first run index at or after run_pos whose key (dead or not) is not
 * below `key`. */
static uint32_t run_lower(const prodi_wheel *w, uint32_t key)
{
    uint32_t lo = w->run_pos, hi = w->run_len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((w->run[mid] & ~PRODI_RUN_DEAD) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether level-0 bucket b has entries (dead or not) in the run. */
static int run_has_bucket(const prodi_wheel *w, unsigned b)
{
    uint32_t i = run_lower(w, (uint32_t)b << 24);
    return i < w->run_len && run_bucket(w->run[i]) == b;
}

/* Past dead entries at run_pos; clear level-0 buckets left with nothing
 * live. 1 when that emptied level 0. */
static int prune_dead(prodi_wheel *w)
{
    prodi_wlevel *v = prodi_wheel_level(w, 0);
    if (!v || !v->bits)
        return 0;
    while (v->bits) {
        unsigned b = prodi_ctz64(v->bits);
        while (w->run_pos < w->run_len && (w->run[w->run_pos] & PRODI_RUN_DEAD) &&
               run_bucket(w->run[w->run_pos]) <= b)
            w->run_pos++;
        if (!lists_empty(v, b) || (w->run_pos < w->run_len && run_bucket(w->run[w->run_pos]) == b))
            return 0;
        v->bits &= ~((uint64_t)1 << b);
    }
    return 1;
}

/* Room for one more run entry. 0, or -1 on OOM. */
static int run_room(prodi_wheel *w, prodi_arena *a)
{
    return PRODI_VEC_RESERVE32(a, w->run, w->run_cap, (size_t)w->run_len + 1, 16);
}

/* --- lists ---------------------------------------------------------------- */

/* A narrow level's links are job_table.h's (next and prev, 24 bits each).
 * In a widened level every list holds one lane, so its slots share their
 * low 3 bits and a link keeps the rest, 21 bits each, with a slot's own
 * value standing for "none"; the 6 bits left over hold the job's bucket one
 * level down (its end's digit there), so moving level 1 down builds the run
 * from the links alone, without reading a record. */
_Static_assert(PRODI_WHEEL_LANES == 8, "a widened level's links drop 3 bits of each slot");
#define WIDE_MASK 0x1FFFFFull
#define WIDE_NEXT 0 /* bit offsets in a wide link: next, prev, the bucket one level down */
#define WIDE_PREV 21
#define WIDE_DOWN 42

static uint64_t wide_get(const prodi_jlink *l)
{
    return l->w[0] | (uint64_t)l->w[1] << 16 | (uint64_t)l->w[2] << 32;
}

static void wide_put(prodi_jlink *l, uint64_t x)
{
    l->w[0] = (uint16_t)x;
    l->w[1] = (uint16_t)(x >> 16);
    l->w[2] = (uint16_t)(x >> 32);
}

/* Field `shift` (WIDE_NEXT, WIDE_PREV) of slot s's wide link as a slot, or JT_NIL. */
static uint32_t wide_slot(uint64_t x, unsigned shift, uint32_t s)
{
    uint32_t hi = (uint32_t)(x >> shift & WIDE_MASK);
    return hi == s >> 3 ? JT_NIL : hi << 3 | (s & 7u);
}

static void wide_set(prodi_jlink *l, unsigned shift, uint32_t s, uint32_t to)
{
    uint64_t hi = (to == JT_NIL ? s : to) >> 3;
    wide_put(l, (wide_get(l) & ~(WIDE_MASK << shift)) | hi << shift);
}

static inline uint32_t link_next(const prodi_wlevel *v, const prodi_jobtable *t, uint32_t s)
{
    const prodi_jlink *l = prodi_jt_link(t, s);
    return v->lanes > 1 ? wide_slot(wide_get(l), WIDE_NEXT, s) : prodi_jl_next(l);
}

static inline uint32_t link_prev(const prodi_wlevel *v, const prodi_jobtable *t, uint32_t s)
{
    const prodi_jlink *l = prodi_jt_link(t, s);
    return v->lanes > 1 ? wide_slot(wide_get(l), WIDE_PREV, s) : prodi_jl_prev(l);
}

static inline void set_next(const prodi_wlevel *v, const prodi_jobtable *t, uint32_t s, uint32_t to)
{
    if (v->lanes > 1)
        wide_set(prodi_jt_link(t, s), WIDE_NEXT, s, to);
    else
        prodi_jl_set_next(prodi_jt_link(t, s), to);
}

static inline void set_prev(const prodi_wlevel *v, const prodi_jobtable *t, uint32_t s, uint32_t to)
{
    if (v->lanes > 1)
        wide_set(prodi_jt_link(t, s), WIDE_PREV, s, to);
    else
        prodi_jl_set_prev(prodi_jt_link(t, s), to);
}

/* Push slot onto bucket b's list in its lane; `down` is its bucket one
 * level lower (kept by a widened level). */
static inline void push(prodi_wlevel *v, const prodi_jobtable *t, unsigned b, uint32_t slot,
                        unsigned down)
{
    uint32_t k = lane_of(v, slot), head = head_get(v, b, k);
    if (v->lanes > 1) {
        uint64_t self = slot >> 3, next = (head == JT_NIL ? slot : head) >> 3;
        wide_put(prodi_jt_link(t, slot),
                 next << WIDE_NEXT | self << WIDE_PREV | (uint64_t)down << WIDE_DOWN);
    } else {
        prodi_jlink *l = prodi_jt_link(t, slot);
        prodi_jl_set_prev(l, JT_NIL);
        prodi_jl_set_next(l, head);
    }
    if (head != JT_NIL)
        set_prev(v, t, head, slot);
    head_set(v, b, k, slot);
    v->bits |= (uint64_t)1 << b;
    v->count++;
}

static inline void unlink_slot(prodi_wlevel *v, const prodi_jobtable *t, unsigned b, uint32_t slot)
{
    uint32_t next = link_next(v, t, slot), prev = link_prev(v, t, slot);
    if (prev != JT_NIL)
        set_next(v, t, prev, next);
    else
        head_set(v, b, lane_of(v, slot), next);
    if (next != JT_NIL)
        set_prev(v, t, next, prev);
    v->count--;
}

/* Reading a bucket's lists: one slot from each lane in turn, so the next
 * link of every lane is being fetched at once. */
typedef struct lane_walk {
    uint32_t at[PRODI_WHEEL_LANES]; /* each unfinished lane's next slot */
    uint32_t n, i;                  /* unfinished lanes (at[0..n)), the one read next */
    uint32_t wide;                  /* the level was widened */
} lane_walk;

static void walk_begin(lane_walk *k, const prodi_wlevel *v, unsigned b)
{
    k->n = k->i = 0;
    k->wide = v->lanes > 1;
    for (uint32_t j = 0; j < v->lanes; j++)
        if ((k->at[k->n] = head_get(v, b, j)) != JT_NIL)
            k->n++;
}

/* The bucket's next slot (its link already read, so the caller may relink
 * it), or JT_NIL once every list was read. */
static inline uint32_t walk_next(lane_walk *k, const prodi_jobtable *t)
{
    if (k->n == 0)
        return JT_NIL;
    if (k->i >= k->n)
        k->i = 0;
    uint32_t s = k->at[k->i];
    const prodi_jlink *l = prodi_jt_link(t, s);
    uint32_t next = k->wide ? wide_slot(wide_get(l), WIDE_NEXT, s) : prodi_jl_next(l);
    if (next == JT_NIL)
        k->at[k->i] = k->at[--k->n]; /* the lane is done; the last one takes its place */
    else
        k->at[k->i++] = next;
    return s;
}

/* Level l's buckets as PRODI_WHEEL_LANES lists each, its jobs dealt out to
 * their lanes. Best effort: on OOM the level stays as it is. */
static void widen(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, unsigned l)
{
    prodi_wlevel *v = held(w, l);
    prodi_wlevel *n = prodi_arena_resize(a, NULL, 0, level_bytes(PRODI_WHEEL_LANES));
    if (!n)
        return;
    n->bits = v->bits; /* level 0: also the buckets only the run holds */
    n->first_min = v->first_min;
    n->count = 0;
    n->lanes = PRODI_WHEEL_LANES;
    memset(n->head, 0xFF, 64 * 3 * PRODI_WHEEL_LANES);
    for (uint64_t bits = v->bits; bits; bits &= bits - 1) {
        unsigned b = prodi_ctz64(bits);
        lane_walk k;
        walk_begin(&k, v, b);
        for (uint32_t s; (s = walk_next(&k, t)) != JT_NIL;)
            push(n, t, b, s, l ? bucket_of((int64_t)prodi_jt_at(t, s)->end, l - 1) : 0);
    }
    w->lvp[w->lvi[l] - 1] = n;
    prodi_arena_release(a, v, level_bytes(v->lanes));
}

int prodi_wheel_reserve_level(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, unsigned l)
{
    if (level_get(w, a, l) != 0)
        return -1;
    if (prodi_wheel_widen_due(held(w, l), l))
        widen(w, a, t, l);
    return 0;
}

/* Put a job into the bucket its end takes, keeping that level's first_min. */
static inline void place(prodi_wheel *w, const prodi_jobtable *t, uint32_t slot, int64_t end)
{
    unsigned l = prodi_wheel_level_of(w->cur, end), b = bucket_of(end, l);
    prodi_wlevel *v = held(w, l);
    if (l > 0) {
        unsigned first = v->bits ? prodi_ctz64(v->bits) : 64u;
        if (b < first)
            v->first_min = end; /* a new first bucket, holding this job alone */
        else if (b == first && v->first_min >= 0 && end < v->first_min)
            v->first_min = end;
    }
    push(v, t, b, slot, l ? bucket_of(end, l - 1) : 0);
}

/* The earliest end in the lists of bucket b. */
static int64_t bucket_min(const prodi_wlevel *v, const prodi_jobtable *t, unsigned b)
{
    int64_t min = PRODI_WHEEL_NONE;
    lane_walk k;
    walk_begin(&k, v, b);
    for (uint32_t s; (s = walk_next(&k, t)) != JT_NIL;) {
        int64_t e = (int64_t)prodi_jt_at(t, s)->end;
        min = e < min ? e : min;
    }
    return min;
}

/* --- next ----------------------------------------------------------------- */

/* next from the first bucket of the lowest level, in O(levels): at level 0
 * the bucket's time (exact unless the run's first entries may be dead),
 * above it that level's first_min when known, else the bucket's start. */
static void find_bound(prodi_wheel *w)
{
    unsigned l = lowest_level(w);
    if (l == PRODI_WHEEL_LEVELS) {
        w->next = PRODI_WHEEL_NONE;
        w->exact = 1;
        return;
    }
    const prodi_wlevel *v = held(w, l);
    unsigned b = prodi_ctz64(v->bits);
    if (l == 0) {
        w->next = bucket_start(w->cur, 0, b);
        w->exact = !lists_empty(v, b) ||
                   (w->run_pos < w->run_len && !(w->run[w->run_pos] & PRODI_RUN_DEAD) &&
                    run_bucket(w->run[w->run_pos]) == b);
        return;
    }
    w->exact = v->first_min >= 0;
    w->next = w->exact ? v->first_min : bucket_start(w->cur, l, b);
}

int64_t prodi_wheel_earliest(prodi_wheel *w, const prodi_jobtable *t)
{
    if (w->exact)
        return w->next;
    unsigned l = lowest_level(w);
    if (l == 0) {
        prune_dead(w);
        l = lowest_level(w);
    }
    if (l > 0 && l < PRODI_WHEEL_LEVELS) {
        prodi_wlevel *v = held(w, l);
        v->first_min = bucket_min(v, t, prodi_ctz64(v->bits));
    }
    find_bound(w);
    return w->next;
}

void prodi_wheel_insert(prodi_wheel *w, const prodi_jobtable *t, uint32_t slot)
{
    int64_t end = (int64_t)prodi_jt_at(t, slot)->end;
    place(w, t, slot, end);
    w->count++;
    if (end < w->next) { /* earlier than any queued end: the earliest */
        w->next = end;
        w->exact = 1;
    }
}

void prodi_wheel_remove(prodi_wheel *w, const prodi_jobtable *t, uint32_t slot)
{
    int64_t end = (int64_t)prodi_jt_at(t, slot)->end;
    unsigned l = prodi_wheel_level_of(w->cur, end), b = bucket_of(end, l);
    prodi_wlevel *v = held(w, l);
    w->count--;
    if (l == 0) {
        uint32_t key = (uint32_t)b << 24 | slot, i = run_lower(w, key);
        if (i < w->run_len && w->run[i] == key) {
            w->run[i] |= PRODI_RUN_DEAD; /* a tombstone, passed when its time comes */
        } else {
            unlink_slot(v, t, b, slot);
            if (lists_empty(v, b) && !run_has_bucket(w, b))
                v->bits &= ~((uint64_t)1 << b);
        }
    } else {
        if (b == prodi_ctz64(v->bits) && end == v->first_min)
            v->first_min = -1;
        unlink_slot(v, t, b, slot);
        if (lists_empty(v, b))
            v->bits &= ~((uint64_t)1 << b);
    }
    if (end == w->next)
        find_bound(w);
}

/* --- the cursor ----------------------------------------------------------- */

/* Where a job moved down goes: the run when it reaches level 0 and there
 * is room, else the list of its new bucket. */
static void move_down(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, uint32_t s)
{
    int64_t end = (int64_t)prodi_jt_at(t, s)->end;
    if (prodi_wheel_level_of(w->cur, end) == 0 && run_room(w, a) == 0) {
        unsigned d = bucket_of(end, 0);
        w->run[w->run_len++] = (uint32_t)d << 24 | s;
        held(w, 0)->bits |= (uint64_t)1 << d;
    } else {
        place(w, t, s, end);
    }
}

/* Move the jobs of a bucket's lists down; how many. The lists are read
 * into the spill room first so the records can then be fetched ahead, many
 * at once; what does not fit (out of memory) is moved as the rest is read. */
static uint32_t move_lists(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, lane_walk *k)
{
    uint32_t n = 0, s;
    while ((s = walk_next(k, t)) != JT_NIL) {
        if (PRODI_VEC_RESERVE32(a, w->spill, w->spill_cap, (size_t)n + 1, 256) != 0)
            break;
        w->spill[n++] = s;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (i + 8 < n)
            prodi_prefetch(prodi_jt_at(t, w->spill[i + 8]));
        move_down(w, a, t, w->spill[i]);
    }
    for (; s != JT_NIL; s = walk_next(k, t), n++)
        move_down(w, a, t, s);
    return n;
}

/* Move a widened level-1 bucket down: every job goes to level 0, in the
 * bucket its link names, so the run is built without reading a record.
 * The lanes are read in rounds, one slot of each, in a loop small enough
 * that all eight links are being fetched at once; when the run cannot grow
 * (out of memory) the rest go to the lists. How many moved. */
static uint32_t run_from_links(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t,
                               lane_walk *k)
{
    prodi_wlevel *z = held(w, 0);
    uint32_t n = 0;
    while (k->n > 0) {
        if (PRODI_VEC_RESERVE32(a, w->run, w->run_cap, (size_t)w->run_len + k->n, 16) != 0) {
            for (uint32_t s; (s = walk_next(k, t)) != JT_NIL; n++)
                place(w, t, s, (int64_t)prodi_jt_at(t, s)->end);
            break;
        }
        uint32_t *out = w->run + w->run_len, m = 0;
        uint64_t bits = 0;
        for (uint32_t j = 0; j < k->n;) {
            uint32_t s = k->at[j];
            uint64_t x = wide_get(prodi_jt_link(t, s));
            uint32_t down = (uint32_t)(x >> WIDE_DOWN), next = wide_slot(x, WIDE_NEXT, s);
            out[m++] = down << 24 | s;
            bits |= (uint64_t)1 << down;
            if (next == JT_NIL)
                k->at[j] = k->at[--k->n]; /* not yet read this round: read it now */
            else
                k->at[j++] = next;
        }
        w->run_len += m;
        z->bits |= bits;
        n += m;
    }
    return n;
}

/* The cursor enters bucket b of level l (its start): its jobs go lower, the
 * ones reaching level 0 into a new sorted run (level 0 is empty: this is
 * only done to the lowest level's first bucket). 0, or -1 on OOM with
 * nothing moved. */
static int cascade(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, unsigned l, unsigned b)
{
    for (unsigned k = 0; k < l; k++)
        if (level_get(w, a, k) != 0)
            return -1;
    prodi_wlevel *v = held(w, l);
    lane_walk k;
    walk_begin(&k, v, b);
    lists_clear(v, b);
    v->bits &= ~((uint64_t)1 << b);
    v->first_min = -1;
    w->cur = bucket_start(w->cur, l, b);
    w->run_pos = w->run_len = 0;
    v->count -= l == 1 && k.wide ? run_from_links(w, a, t, &k) : move_lists(w, a, t, &k);
    int room = PRODI_VEC_RESERVE32(a, w->spill, w->spill_cap, w->run_len, 256) == 0;
    prodi_sort_u32(w->run, w->run_len, room ? w->spill : NULL);
    return 0;
}

/* Cascade the first bucket of the lowest level while it is above level 0
 * and starts by `to`. 0, or -1 on OOM. */
static int cascade_until(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, int64_t to)
{
    for (;;) {
        unsigned l = lowest_level(w);
        if (l == 0 || l == PRODI_WHEEL_LEVELS)
            return 0;
        unsigned b = prodi_ctz64(held(w, l)->bits);
        if (bucket_start(w->cur, l, b) > to)
            return 0;
        if (cascade(w, a, t, l, b) != 0)
            return -1;
    }
}

void prodi_wheel_approach_to(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, int64_t to)
{
    if (cascade_until(w, a, t, to) == 0) /* on OOM the cursor just stays behind */
        w->cur = to;
    find_bound(w);
}

int prodi_wheel_settle(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, int64_t limit)
{
    if (w->next > limit)
        return 0;
    int rc;
    do
        rc = cascade_until(w, a, t, limit);
    while (rc == 0 && prune_dead(w));
    find_bound(w);
    if (rc != 0)
        return -1;
    return w->next <= limit && lowest_level(w) == 0;
}

/* --- due jobs in slot order ----------------------------------------------- */

/* Room for 2n slots: buf, or the spill room grown to it. NULL on OOM. */
static uint32_t *due_room(prodi_wheel *w, prodi_arena *a, uint32_t *buf, uint32_t cap, size_t n)
{
    if (2 * n <= cap)
        return buf;
    if (PRODI_VEC_RESERVE32(a, w->spill, w->spill_cap, 2 * n, 256) != 0)
        return NULL;
    return w->spill;
}

/* The lists of level-0 bucket b appended to room[0..*i) (of *cap entries,
 * half of them scratch), growing into the spill room when they do not fit.
 * The room now used, or NULL on OOM. */
static uint32_t *take_list(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, unsigned b,
                           uint32_t *room, size_t *cap, uint32_t *i)
{
    lane_walk k;
    walk_begin(&k, held(w, 0), b);
    for (uint32_t s; (s = walk_next(&k, t)) != JT_NIL;) {
        if (2 * ((size_t)*i + 1) > *cap) {
            size_t need = (size_t)*i + 1;
            for (lane_walk rest = k; walk_next(&rest, t) != JT_NIL;)
                need++;
            int was_spill = room == w->spill;
            if (PRODI_VEC_RESERVE32(a, w->spill, w->spill_cap, 2 * need, 256) != 0)
                return NULL;
            if (!was_spill)
                memcpy(w->spill, room, (size_t)*i * sizeof *room);
            room = w->spill;
            *cap = w->spill_cap;
        }
        prodi_prefetch(prodi_jt_at(t, s));
        room[(*i)++] = s;
    }
    return room;
}

int prodi_wheel_take_due(prodi_wheel *w, prodi_arena *a, const prodi_jobtable *t, uint32_t *buf,
                         uint32_t cap, uint32_t **out, uint32_t *n)
{
    prodi_wlevel *v = held(w, 0);
    unsigned b = prodi_ctz64(v->bits);
    uint32_t r0 = w->run_pos, r1, live = 0;
    while (r0 < w->run_len && run_bucket(w->run[r0]) < b) /* dead leftovers */
        r0++;
    for (r1 = r0; r1 < w->run_len && run_bucket(w->run[r1]) == b; r1++)
        live += !(w->run[r1] & PRODI_RUN_DEAD);
    uint32_t *room = due_room(w, a, buf, cap, live), i = 0;
    if (!room)
        return -1;
    for (uint32_t r = r0; r < r1; r++)
        if (!(w->run[r] & PRODI_RUN_DEAD)) {
            prodi_prefetch(prodi_jt_at(t, run_slot(w->run[r])));
            room[i++] = run_slot(w->run[r]);
        }
    size_t room_cap = room == buf ? cap : (size_t)w->spill_cap;
    uint32_t from_run = i;
    room = take_list(w, a, t, b, room, &room_cap, &i);
    if (!room)
        return -1;
    v->count -= i - from_run;
    w->run_pos = r1;
    if (w->run_pos == w->run_len)
        w->run_pos = w->run_len = 0;
    w->cur = bucket_start(w->cur, 0, b);
    lists_clear(v, b);
    v->bits &= ~((uint64_t)1 << b);
    w->count -= i;
    find_bound(w);
    prodi_sort_after_u32(room, from_run, i, room + i); /* the run's part is in slot order */
    *out = room;
    *n = i;
    return 0;
}

void prodi_wheel_prefetch_next(const prodi_wheel *w, const prodi_jobtable *t)
{
    uint32_t r = w->run_pos, stop = w->run_len - w->run_pos > 64 ? w->run_pos + 64 : w->run_len;
    if (r == stop)
        return;
    unsigned b = run_bucket(w->run[r]);
    for (; r < stop && run_bucket(w->run[r]) == b; r++)
        prodi_prefetch(prodi_jt_at(t, run_slot(w->run[r])));
}
