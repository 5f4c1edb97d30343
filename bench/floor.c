/* floor.c - the lean floor: W2/W3 and W5's work written as plainly as C
 * allows, with no plugin, no callbacks and no events, so the plugin's
 * figures can be given as ratios to what these machines do in the same run.
 * Per manager: 16-byte job records with a free list, a ring of 1 ms buckets
 * (1024 of them, more than the longest duration) of 8-byte keys
 * (end << 24 | slot), and array inventories: a start is one array
 * decrement, a record and a key; a completion is one array increment and a
 * freed record, its record fetched while the keys FL_AHEAD before it
 * complete. Same durations (the same seed) and inventories as W2/W5.
 * The ceiling is the same code making, instead of its array steps, the host
 * calls the ABI has the plugin make: inventory_consume and a STARTED (or
 * RESTARTED) event per start, inventory_add and a COMPLETED event per
 * completion, through bench_host_alone's callbacks; and it holds the manager
 * for each start and each tick as the ABI's threading rules have a call
 * do (a compare-and-swap in, so that another call meanwhile answers BUSY;
 * an exchange out, so that a destroy meanwhile is carried out). */
#include "bench.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define RING 1024u
#define FL_AHEAD 8u /* keys ahead whose records a tick fetches */

typedef struct fl_job {
    uint64_t inventory;
    uint32_t item;     /* what it makes */
    uint32_t duration; /* ms, for W5's next cycle */
} fl_job;

typedef struct fl_bucket {
    uint64_t *k;
    uint32_t len, cap;
} fl_bucket;

typedef struct fl_mgr {
    _Atomic uint32_t held; /* the ceiling's claim: 1 while a call holds the manager */
    fl_job *jobs;
    uint32_t *free;
    uint32_t nfree, njobs, cap;
    fl_bucket ring[RING];
} fl_mgr;

typedef struct fl_world {
    fl_mgr *m;
    uint32_t n;
    uint64_t *counts; /* inventory i's item j at i * 2 + j: 0 ore, 1 ingot (NULL in the ceiling) */
    uint64_t done;
    bench_host *calls; /* the ceiling's host, NULL for the floor itself */
} fl_world;

static void *fl_grow(void *p, size_t bytes)
{
    void *q = realloc(p, bytes);
    if (!q) {
        fprintf(stderr, "prodbench: floor: out of memory\n");
        exit(2);
    }
    return q;
}

static void fl_push(fl_bucket *b, uint64_t key)
{
    if (b->len == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->k = fl_grow(b->k, b->cap * sizeof *b->k);
    }
    b->k[b->len++] = key;
}

/* The ceiling's event of `type` for the job in `slot`, filled as the
 * plugin fills one (the recipe of a k ms job is r(k), index k - 1). */
static void fl_event(fl_world *w, uint32_t mgr, uint32_t type, uint32_t slot, int64_t t,
                     const prod_item_qty *items, uint32_t n)
{
    const fl_job *j = &w->m[mgr].jobs[slot];
    prod_event ev = {.struct_size = sizeof ev,
                     .type = type,
                     .recipe = j->duration - 1,
                     .job = (uint64_t)slot << 16,
                     .manager_tag = mgr + 1,
                     .owner = slot,
                     .inventory = j->inventory,
                     .time = t,
                     .recipe_id = "r",
                     .items = n ? items : NULL,
                     .item_count = n,
                     .repeat = type != PROD_EVENT_STARTED};
    w->calls->host.on_event(w->calls->host.user, &ev);
}

/* The atomic steps a call that changes a manager makes on its claim word. */
static int fl_claim(_Atomic uint32_t *held)
{
    uint32_t idle = 0;
    return atomic_compare_exchange_strong_explicit(held, &idle, 1, memory_order_acquire,
                                                   memory_order_relaxed);
}

static void fl_release(_Atomic uint32_t *held)
{
    atomic_exchange_explicit(held, 0, memory_order_acq_rel);
}

/* The ceiling's claim on manager mi for one call (the floor makes none). */
static void fl_enter(fl_world *w, uint32_t mi)
{
    if (w->calls && !fl_claim(&w->m[mi].held)) {
        fprintf(stderr, "prodbench: ceiling: manager %u held twice\n", mi);
        exit(2);
    }
}

static void fl_leave(fl_world *w, uint32_t mi)
{
    if (w->calls)
        fl_release(&w->m[mi].held);
}

double floor_claim_ns(uint32_t calls)
{
    _Atomic uint32_t held[8] = {0};
    unsigned failed = 0;
    double t0 = bench_now_ns();
    for (uint32_t i = 0; i < calls; i++) {
        failed += !fl_claim(&held[i & 7u]);
        fl_release(&held[i & 7u]);
    }
    double ns = (bench_now_ns() - t0) / calls;
    if (failed) { /* nothing else holds these words */
        fprintf(stderr, "prodbench: claim_floor: %u claims failed\n", failed);
        exit(2);
    }
    return ns;
}

/* Take one ore for inventory inv: 0 when there is none. */
static int fl_take_ore(fl_world *w, uint64_t inv)
{
    if (w->calls) {
        const prod_host *h = &w->calls->host;
        prod_requirement r = {w->calls->ore, 1, 1};
        return h->inventory_consume(h->user, inv, &r, 1) == PROD_HOST_OK;
    }
    uint64_t *ore = &w->counts[inv * 2];
    if (*ore == 0)
        return 0;
    (*ore)--;
    return 1;
}

/* A start in manager mi: one ore, a record and a key. */
static void fl_start_held(fl_world *w, uint32_t mi, uint64_t inv, uint32_t d, int64_t now)
{
    if (!fl_take_ore(w, inv))
        return;
    fl_mgr *m = &w->m[mi];
    uint32_t slot;
    if (m->nfree) {
        slot = m->free[--m->nfree];
    } else {
        if (m->njobs == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 16;
            m->jobs = fl_grow(m->jobs, m->cap * sizeof *m->jobs);
            m->free = fl_grow(m->free, m->cap * sizeof *m->free);
        }
        slot = m->njobs++;
    }
    m->jobs[slot] = (fl_job){inv, 1, d};
    uint64_t end = (uint64_t)now + d;
    fl_push(&m->ring[end % RING], end << 24 | slot);
    if (w->calls)
        fl_event(w, mi, PROD_EVENT_STARTED, slot, now, NULL, 0);
}

static void fl_start(fl_world *w, uint32_t mi, uint64_t inv, uint32_t d, int64_t now)
{
    fl_enter(w, mi);
    fl_start_held(w, mi, inv, d, now);
    fl_leave(w, mi);
}

/* One ingot for the job in `slot` of manager mi, done at t. */
static void fl_deliver(fl_world *w, uint32_t mi, uint32_t slot, int64_t t)
{
    const fl_job *j = &w->m[mi].jobs[slot];
    if (!w->calls) {
        w->counts[j->inventory * 2 + j->item]++;
        return;
    }
    const prod_host *h = &w->calls->host;
    prod_item_qty out = {w->calls->ingot, 1};
    h->inventory_add(h->user, j->inventory, &out, 1);
    fl_event(w, mi, PROD_EVENT_COMPLETED, slot, t, &out, 1);
}

/* A tick of manager mi at t: every key of t's bucket completes; a repeating
 * job (W5) starts its next cycle in the same record when there is ore. */
static void fl_tick_held(fl_world *w, uint32_t mi, int64_t t, int repeat)
{
    fl_mgr *m = &w->m[mi];
    fl_bucket *b = &m->ring[(uint64_t)t % RING];
    uint32_t n = b->len, keep = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i + FL_AHEAD < n) /* the record of a key FL_AHEAD on, as the plugin fetches ahead */
            BENCH_PREFETCH(&m->jobs[b->k[i + FL_AHEAD] & 0xFFFFFF]);
        uint64_t key = b->k[i];
        if ((int64_t)(key >> 24) != t) { /* a later lap of the ring */
            b->k[keep++] = key;
            continue;
        }
        uint32_t slot = (uint32_t)(key & 0xFFFFFF);
        fl_job *j = &m->jobs[slot];
        fl_deliver(w, mi, slot, t);
        w->done++;
        if (repeat && fl_take_ore(w, j->inventory)) {
            uint64_t end = (uint64_t)t + j->duration; /* never t's own bucket */
            fl_push(&m->ring[end % RING], end << 24 | slot);
            if (w->calls)
                fl_event(w, mi, PROD_EVENT_RESTARTED, slot, t, NULL, 0);
        } else {
            m->free[m->nfree++] = slot;
        }
    }
    b->len = keep;
}

static void fl_tick(fl_world *w, uint32_t mi, int64_t t, int repeat)
{
    fl_enter(w, mi);
    fl_tick_held(w, mi, t, repeat);
    fl_leave(w, mi);
}

static void fl_free(fl_world *w)
{
    for (uint32_t i = 0; i < w->n; i++) {
        for (uint32_t r = 0; r < RING; r++)
            free(w->m[i].ring[r].k);
        free(w->m[i].jobs);
        free(w->m[i].free);
    }
    free(w->m);
    free(w->counts);
    if (!w->calls)
        return;
    if (bench_events(w->calls, PROD_EVENT_COMPLETED) != w->done) { /* a call went wrong */
        fprintf(stderr, "prodbench: ceiling: %lu completion events for %lu completions\n",
                (unsigned long)bench_events(w->calls, PROD_EVENT_COMPLETED),
                (unsigned long)w->done);
        exit(2);
    }
    bench_free(w->calls);
}

/* The world: its own inventories, or with `calls` the ceiling's host (in
 * *host) holding the inventories the host calls reach. */
static void fl_world_init(fl_world *w, uint32_t managers, uint32_t invs, uint64_t ore,
                          bench_host *host, int calls)
{
    memset(w, 0, sizeof *w);
    w->n = managers;
    w->m = calloc(managers, sizeof *w->m);
    if (calls) {
        bench_host_alone(host, invs, ore);
        w->calls = host;
    } else if ((w->counts = calloc((size_t)invs * 2, sizeof *w->counts)) != NULL) {
        for (uint32_t i = 0; i < invs; i++)
            w->counts[i * 2] = ore;
    }
    if (!w->m || (!calls && !w->counts)) {
        fprintf(stderr, "prodbench: floor: out of memory\n");
        exit(2);
    }
}

/* Tick every manager at t = from+1, ... until `want` completions; the ns
 * spent in the ticks (timed per manager tick, as the plugin's are). */
static double fl_drain(fl_world *w, int64_t from, uint64_t want, int repeat)
{
    double ns = 0;
    for (int64_t t = from + 1; w->done < want; t++)
        for (uint32_t i = 0; i < w->n; i++) {
            double t0 = bench_now_ns();
            fl_tick(w, i, t, repeat);
            ns += bench_now_ns() - t0;
        }
    return ns;
}

void floor_w2(uint32_t managers, uint32_t per, int calls, double *starts_per_s,
              double *completions_per_s)
{
    fl_world w;
    bench_host host;
    fl_world_init(&w, managers, managers, BENCH_ORE_PLENTY, &host, calls);
    uint64_t seed = BENCH_SEED;
    double start_ns = 0;
    for (uint32_t i = 0; i < managers; i++) {
        double t0 = bench_now_ns();
        for (uint32_t j = 0; j < per; j++)
            fl_start(&w, i, i, (uint32_t)(bench_rand(&seed) % 1000) + 1, 0);
        start_ns += bench_now_ns() - t0;
    }
    uint64_t jobs = (uint64_t)managers * per;
    double ns = fl_drain(&w, 0, jobs, 0);
    *starts_per_s = jobs / start_ns * 1e9;
    *completions_per_s = jobs / ns * 1e9;
    fl_free(&w);
}

double floor_w5(uint32_t jobs, int calls)
{
    fl_world w;
    bench_host host;
    fl_world_init(&w, 1, jobs, 10, &host, calls);
    uint64_t seed = BENCH_SEED;
    for (uint32_t j = 0; j < jobs; j++)
        fl_start(&w, 0, j, (uint32_t)(bench_rand(&seed) % 100) + 1, 0);
    double ns = fl_drain(&w, 0, (uint64_t)jobs * 10, 1);
    double per_s = w.done / ns * 1e9;
    fl_free(&w);
    return per_s;
}
