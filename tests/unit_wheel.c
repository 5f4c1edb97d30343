/* unit_wheel.c - unit tests of the timer wheel against a plain model: jobs
 * come out in (end, slot) order, next never passes the earliest end and
 * earliest finds it exactly, placement depends on how far away an end is
 * and not on the absolute time, large due buckets are sorted (and those
 * mixing the run's jobs and the lists' merged in order), a level
 * holding many jobs is widened into lanes while a small wheel stays small,
 * and every byte is given back. */
#include <stdlib.h>
#include <string.h>

#include "jobs/job_table.h"
#include "jobs/wheel.h"

#include "check.h"

#define MAXJ 20000u

typedef struct wf {
    prodi_arena a;
    prodi_jobtable t;
    prodi_wheel w;
    uint8_t queued[MAXJ];
    uint32_t n;     /* slots taken */
    uint64_t rng;
} wf;

static uint64_t rnd(wf *f)
{
    f->rng = f->rng * 6364136223846793005ull + 1442695040888963407ull;
    return f->rng >> 17;
}

static void wf_init(wf *f, int64_t cursor)
{
    memset(f, 0, sizeof *f);
    prodi_arena_init(&f->a, NULL);
    prodi_jt_init(&f->t);
    prodi_wheel_init(&f->w);
    f->w.cur = cursor;
    f->rng = 12345;
}

static void wf_free(wf *f)
{
    prodi_wheel_free(&f->w, &f->a);
    prodi_jt_free(&f->t, &f->a);
    prodi_arena_free_all(&f->a);
}

/* A new slot queued at `end`; 0 when a reserve failed. */
static int wf_add(wf *f, int64_t end)
{
    if (!CHECK(f->n < MAXJ && prodi_jt_reserve(&f->t, &f->a) == 0 &&
               prodi_wheel_reserve(&f->w, &f->a, &f->t, end) == 0))
        return 0;
    uint32_t s = prodi_jt_take(&f->t, 0);
    prodi_jt_at(&f->t, s)->end = (uint64_t)end;
    prodi_wheel_insert(&f->w, &f->t, s);
    f->queued[s] = 1;
    f->n = s + 1 > f->n ? s + 1 : f->n;
    return 1;
}

/* Unqueue a queued slot (its record stays, as after a cancel's removal). */
static void wf_remove(wf *f, uint32_t s)
{
    prodi_wheel_remove(&f->w, &f->t, s);
    f->queued[s] = 0;
}

/* The model's earliest queued end, or PRODI_WHEEL_NONE. */
static int64_t model_next(const wf *f)
{
    int64_t min = PRODI_WHEEL_NONE;
    for (uint32_t s = 0; s < f->n; s++)
        if (f->queued[s] && (int64_t)prodi_jt_at(&f->t, s)->end < min)
            min = (int64_t)prodi_jt_at(&f->t, s)->end;
    return min;
}

/* A delta of 1 ms .. 2^40 ms, spread over every level. */
static int64_t spread(wf *f) { return 1 + (int64_t)(rnd(f) % ((uint64_t)1 << (rnd(f) % 41))); }

/* Take every due bucket in turn; 1 when the order held and every job came out. */
static int drain_in_order(wf *f, uint32_t expect)
{
    uint32_t buf[256], got = 0, *due, n;
    int64_t prev_end = -1;
    int ok = 1;
    while (f->w.count) {
        int64_t end = prodi_wheel_earliest(&f->w, &f->t);
        ok &= CHECK(end > prev_end) && CHECK(end == model_next(f));
        if (!CHECK(prodi_wheel_settle(&f->w, &f->a, &f->t, end) == 1 &&
                   prodi_wheel_take_due(&f->w, &f->a, &f->t, buf, 256, &due, &n) == 0 && n > 0 &&
                   f->w.cur == end))
            return 0;
        for (uint32_t i = 0; i < n; i++) {
            ok &= (int64_t)prodi_jt_at(&f->t, due[i])->end == end && f->queued[due[i]] &&
                  (i == 0 || due[i - 1] < due[i]);
            f->queued[due[i]] = 0;
        }
        got += n;
        prev_end = end;
    }
    return ok && CHECK(got == expect) && CHECK(f->w.next == PRODI_WHEEL_NONE);
}

/* Levels whose lists were widened into lanes. */
static uint32_t wide_levels(const wf *f)
{
    uint32_t wide = 0;
    for (unsigned l = 0; l < PRODI_WHEEL_LEVELS; l++)
        wide |= (prodi_wheel_level(&f->w, l) && prodi_wheel_level(&f->w, l)->lanes > 1) << l;
    return wide;
}

static void wheel_gives_jobs_in_end_then_slot_order_across_every_level(void)
{
    wf f;
    wf_init(&f, 1000);
    for (uint32_t i = 0; i < 5000; i++)
        REQUIRE(wf_add(&f, 1000 + spread(&f) / (i % 2 ? 1 : 1000))); /* many equal small ends */
    CHECK(drain_in_order(&f, 5000));
    wf_free(&f);
}

/* 6,000 jobs within 4 s: level 1 passes PRODI_WHEEL_WIDE_AT and is widened
 * while jobs are being added; removals from its lanes and the due order
 * still hold. 100 jobs leave every level narrow and the wheel under 1 KB. */
static void wheel_widens_a_crowded_level_and_keeps_a_small_one_narrow(void)
{
    wf f;
    wf_init(&f, 0);
    for (uint32_t i = 0; i < 100; i++)
        REQUIRE(wf_add(&f, 64 + (int64_t)(rnd(&f) % 4000)));
    CHECK(wide_levels(&f) == 0 && prodi_wheel_bytes(&f.w) < 1024);
    for (uint32_t i = 100; i < 6000; i++)
        REQUIRE(wf_add(&f, 64 + (int64_t)(rnd(&f) % 4000)));
    CHECK(wide_levels(&f) == 2u); /* level 1 only: level 0 holds no job */
    uint32_t removed = 0;
    for (uint32_t s = 0; s < 6000; s += 3, removed++) /* every lane loses jobs */
        wf_remove(&f, s);
    CHECK(prodi_wheel_earliest(&f.w, &f.t) == model_next(&f));
    CHECK(drain_in_order(&f, 6000 - removed));
    wf_free(&f);
}

/* 2,000 jobs due within 64 ms widen level 0; 3,000 jobs 4 s to 4 min away
 * crowd level 2, which stays narrow (only levels 0 and 1 are widened).
 * With jobs removed from level 0's lanes and from the levels above between
 * settles, everything comes out in order. */
static void wheel_widens_level_0_too_but_no_level_above_1(void)
{
    wf f;
    wf_init(&f, 0);
    for (uint32_t i = 0; i < 2000; i++)
        REQUIRE(wf_add(&f, 1 + (int64_t)(rnd(&f) % 63)));
    for (uint32_t i = 0; i < 3000; i++)
        REQUIRE(wf_add(&f, 4096 + (int64_t)(rnd(&f) % 250000)));
    CHECK(wide_levels(&f) == 1u && f.w.count == 5000);
    uint32_t removed = 0;
    for (int64_t to = 0; to < 120000; to += 4096) {
        REQUIRE(prodi_wheel_settle(&f.w, &f.a, &f.t, to) >= 0);
        for (uint32_t s = (uint32_t)(to / 4096); s < 5000; s += 97)
            if (f.queued[s] && (int64_t)prodi_jt_at(&f.t, s)->end > to) {
                wf_remove(&f, s);
                removed++;
            }
    }
    CHECK(removed > 50 && prodi_wheel_earliest(&f.w, &f.t) == model_next(&f));
    CHECK(drain_in_order(&f, 5000 - removed));
    wf_free(&f);
}

/* Inserts, removals of random jobs (the earliest among them) and due
 * buckets taken, mixed: after each, next is no later than the model's
 * earliest end, exact when it says so, and earliest finds it. */
static void wheel_next_bounds_and_earliest_finds_the_earliest_after_every_change(void)
{
    wf f;
    wf_init(&f, 0);
    uint32_t bad = 0, live = 0;
    for (uint32_t op = 0; op < 20000; op++) {
        uint64_t r = rnd(&f) % 10;
        if (r < 5 || live == 0) {
            REQUIRE(wf_add(&f, f.w.cur + spread(&f) % 100000));
            live++;
        } else if (r < 8) {
            uint32_t s = (uint32_t)(rnd(&f) % f.n);
            if (r == 7) { /* the earliest one */
                int64_t first = prodi_wheel_earliest(&f.w, &f.t);
                for (s = 0; s < f.n && !(f.queued[s] && (int64_t)prodi_jt_at(&f.t, s)->end == first);
                     s++)
                    ;
            }
            if (s < f.n && f.queued[s]) {
                prodi_wheel_remove(&f.w, &f.t, s);
                f.queued[s] = 0;
                prodi_jt_release(&f.t, s);
                live--;
            }
        } else {
            uint32_t buf[512], *due, n;
            REQUIRE(prodi_wheel_settle(&f.w, &f.a, &f.t, model_next(&f)) == 1);
            REQUIRE(prodi_wheel_take_due(&f.w, &f.a, &f.t, buf, 512, &due, &n) == 0);
            for (uint32_t i = 0; i < n; i++) {
                f.queued[due[i]] = 0;
                prodi_jt_release(&f.t, due[i]);
            }
            live -= n;
        }
        int64_t truth = model_next(&f);
        bad += f.w.next > truth || (f.w.exact && f.w.next != truth) || f.w.count != live;
        bad += live && prodi_wheel_earliest(&f.w, &f.t) != truth;
    }
    CHECK(bad == 0);
    wf_free(&f);
}

/* The same deltas from cursor 0 and from cursor 2^40 (epoch-like times, both
 * aligned alike) use the same levels and drain the same way. */
static void wheel_placement_depends_on_the_delta_not_the_absolute_time(void)
{
    const int64_t base[2] = {0, (int64_t)1 << 40};
    uint32_t levels[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        wf f;
        wf_init(&f, base[k]);
        for (uint32_t i = 0; i < 3000; i++)
            REQUIRE(wf_add(&f, base[k] + 1 + (int64_t)(rnd(&f) % 4000)));
        for (unsigned l = 0; l < PRODI_WHEEL_LEVELS; l++)
            levels[k] |= (prodi_wheel_level(&f.w, l) != NULL) << l;
        CHECK(drain_in_order(&f, 3000));
        wf_free(&f);
    }
    CHECK(levels[0] == levels[1] && levels[0] == 3u); /* deltas < 4096: levels 0 and 1 only */
}

/* Settling at limits that grow in uneven steps, short of the earliest end,
 * moves buckets down across many boundaries, loses nothing, answers "not
 * due" and never moves the cursor past a queued end. */
static void wheel_settles_in_steps_over_long_gaps_and_keeps_every_job(void)
{
    wf f;
    wf_init(&f, 5);
    for (uint32_t i = 0; i < 2000; i++)
        REQUIRE(wf_add(&f, 5 + spread(&f)));
    int64_t first = model_next(&f);
    uint32_t bad = 0;
    for (int64_t to = 5; to < first; to += 1 + (to / 3))
        bad += prodi_wheel_settle(&f.w, &f.a, &f.t, to) != 0 || f.w.cur > first ||
               f.w.next > first;
    CHECK(bad == 0 && f.w.count == 2000);
    CHECK(drain_in_order(&f, 2000));
    wf_free(&f);
}

/* 5,000 jobs ending together at `end`, queued in a scrambled slot order,
 * come out sorted, beyond the caller's buffer (through the spill room). */
static int large_bucket_comes_out_sorted(int64_t end)
{
    wf f;
    wf_init(&f, 0);
    int ok = 1;
    for (uint32_t i = 0; i < 5000 && ok; i++)
        if ((ok = CHECK(prodi_jt_reserve(&f.t, &f.a) == 0)))
            prodi_jt_take(&f.t, 0);
    f.n = 5000;
    ok = ok && CHECK(prodi_wheel_reserve(&f.w, &f.a, &f.t, end) == 0);
    for (uint32_t i = 0; i < 5000 && ok; i++) {
        uint32_t s = (i * 761u) % 5000u; /* 761 is prime to 5000: a permutation */
        prodi_jt_at(&f.t, s)->end = (uint64_t)end;
        prodi_wheel_insert(&f.w, &f.t, s);
        f.queued[s] = 1;
    }
    ok = ok && drain_in_order(&f, 5000) && CHECK(f.w.spill_cap >= 10000);
    wf_free(&f);
    return ok;
}

/* At level 0 from the start (the lists), and after coming down from level 1
 * (the run). */
static void wheel_sorts_a_large_due_bucket_by_slot(void)
{
    CHECK(large_bucket_comes_out_sorted(5));
    CHECK(large_bucket_comes_out_sorted(77));
}

/* A due bucket holding both jobs moved down into the run and jobs queued
 * straight into level 0 after that move, their slots interleaved (the odd
 * ones cancelled from the run and taken again): it comes out as one
 * ascending list of every job. */
static void wheel_merges_a_due_bucket_of_run_and_list_jobs_in_slot_order(void)
{
    wf f;
    wf_init(&f, 0);
    for (uint32_t i = 0; i < 200; i++)
        wf_add(&f, 100);                             /* level 1: 100 and 0 differ above bit 5 */
    prodi_wheel_approach(&f.w, &f.a, &f.t, 64, 100); /* level 1's bucket moves into the run */
    CHECK(f.w.cur == 64 && f.w.run_len == 200);
    for (uint32_t s = 1; s < 200; s += 2) {
        wf_remove(&f, s); /* a tombstone in the run */
        prodi_jt_release(&f.t, s);
    }
    for (uint32_t i = 0; i < 100; i++)
        wf_add(&f, 100); /* the odd slots again, now into level 0's lists */
    CHECK(prodi_wheel_level(&f.w, 0)->count == 100);
    CHECK(drain_in_order(&f, 200));
    wf_free(&f);
}

static void wheel_free_returns_every_reserved_byte(void)
{
    wf f;
    wf_init(&f, 0);
    for (uint32_t i = 0; i < 1000; i++)
        REQUIRE(wf_add(&f, spread(&f)));
    wf_free(&f);
    CHECK(f.a.reserved == 0);
}

int main(void)
{
    RUN(wheel_gives_jobs_in_end_then_slot_order_across_every_level);
    RUN(wheel_next_bounds_and_earliest_finds_the_earliest_after_every_change);
    RUN(wheel_widens_a_crowded_level_and_keeps_a_small_one_narrow);
    RUN(wheel_widens_level_0_too_but_no_level_above_1);
    RUN(wheel_placement_depends_on_the_delta_not_the_absolute_time);
    RUN(wheel_settles_in_steps_over_long_gaps_and_keeps_every_job);
    RUN(wheel_sorts_a_large_due_bucket_by_slot);
    RUN(wheel_merges_a_due_bucket_of_run_and_list_jobs_in_slot_order);
    RUN(wheel_free_returns_every_reserved_byte);
    return check_finish("unit_wheel");
}
