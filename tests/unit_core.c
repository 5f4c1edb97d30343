/* unit_core.c - unit tests of the manager's internals: modifier rounding,
 * the 4-ary heap, the u64 hash map, the PRNG, the job table's slot and
 * generation rules, and snapshot interning. */
#include <stdio.h>
#include <string.h>

#include "jobs/job_table.h"
#include "jobs/modifiers.h"
#include "core/rng.h"
#include "jobs/scheduler.h"
#include "jobs/snapshot.h"

#include "check.h"

static void test_rounding(void)
{
    CHECK(prodi_mods_input_qty(3, 0.9) == 3);
    CHECK(prodi_mods_input_qty(100, 0.9 * 0.8) == 72);
    CHECK(prodi_mods_input_qty(1, 0.1) == 1);
    CHECK(prodi_mods_input_qty(10, 0.0) == 1);
    CHECK(prodi_mods_output_qty(1, 1.2) == 1);
    CHECK(prodi_mods_output_qty(10, 1.25) == 12);
    CHECK(prodi_mods_output_qty(100, 0.7) == 70);
    CHECK(prodi_mods_output_qty(3, 0.0) == 0);
    CHECK(prodi_mods_duration(5000, 0.5) == 2500);
    CHECK(prodi_mods_duration(1, 0.1) == 1);
    CHECK(prodi_mods_duration(1000, 0.0) == 0);
    CHECK(prodi_mods_duration(0, 2.0) == 0);
    prod_modifiers ok = {0.0, 1000.0, 1.0}, nan = {0.0 / 0.0, 1, 1}, neg = {1, -0.5, 1},
                   big = {1, 1, 1001};
    CHECK(prodi_mods_valid(&ok) && !prodi_mods_valid(&nan) && !prodi_mods_valid(&neg) && !prodi_mods_valid(&big));
}

static void test_heap(void)
{
    prodi_arena a;
    prodi_sched s;
    prodi_arena_init(&a);
    prodi_sched_init(&s);
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 10000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        /* small ends collide (ties order by slot); every 16th is beyond the near range */
        int64_t end = (i % 16 == 0) ? SCHED_NEAR_LIMIT + (int64_t)(x >> 58) : (int64_t)(x >> 54);
        CHECK(prodi_sched_reserve(&s, &a, end) == 0);
        prodi_sched_push(&s, end, (uint32_t)(x >> 20) & 0xFFFFFFu);
    }
    CHECK(prodi_sched_len(&s) == 10000 && s.far_len == 625);
    int64_t prev_end = -1, end;
    uint32_t prev_slot = 0, slot, n = 0;
    while (prodi_sched_top(&s, &end, &slot)) {
        CHECK(end > prev_end || (end == prev_end && slot >= prev_slot));
        prev_end = end;
        prev_slot = slot;
        prodi_sched_pop(&s);
        n++;
    }
    CHECK(n == 10000 && prev_end >= SCHED_NEAR_LIMIT);
    prodi_sched_free(&s, &a);
    prodi_arena_free_all(&a);
    CHECK(a.reserved == 0);
}

static void test_u64map(void)
{
    prodi_u64map m;
    prodi_u64map_init(&m);
    for (uint64_t k = 0; k < 100000; k++)
        CHECK(prodi_u64map_put(&m, k * 7919, (uint32_t)k) == 0);
    for (uint64_t k = 0; k < 100000; k += 2)
        CHECK(prodi_u64map_del(&m, k * 7919) == 1);
    uint32_t v = 0, bad = 0;
    for (uint64_t k = 0; k < 100000; k++) {
        int found = prodi_u64map_get(&m, k * 7919, &v);
        bad += (k % 2) ? !(found && v == k) : found;
    }
    CHECK(bad == 0 && m.len == 50000);
    CHECK(prodi_u64map_del(&m, 0) == 0);
    prodi_u64map_free(&m);
}

static void test_rng(void)
{
    prodi_rng a, b, c;
    prodi_rng_seed(&a, 42);
    prodi_rng_seed(&b, 42);
    prodi_rng_seed(&c, 43);
    CHECK(prodi_rng_next(&a) == prodi_rng_next(&b) && prodi_rng_next(&a) != prodi_rng_next(&c));
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = prodi_rng_unit(&a);
        CHECK(u >= 0.0 && u < 1.0);
        sum += u;
    }
    CHECK(sum / 100000 > 0.49 && sum / 100000 < 0.51);
}

static void test_jobtable(void)
{
    prodi_arena a;
    prodi_jobtable t;
    prodi_arena_init(&a);
    prodi_jt_init(&t);
    uint32_t s[3];
    for (int i = 0; i < 3; i++) {
        CHECK(prodi_jt_reserve(&t, &a) == 0);
        s[i] = prodi_jt_take(&t, i == 1 ? 9 : 8);
    }
    CHECK(s[0] == 0 && s[1] == 1 && s[2] == 2);
    CHECK(prodi_jt_at(&t, 2)->owner == 8 && prodi_jt_at(&t, 1)->owner == 9 && t.live == 3);
    prodi_jt_release(&t, 1);
    CHECK(prodi_jt_lookup(&t, 1, 1) == NULL && t.live == 2);
    CHECK(prodi_jt_reserve(&t, &a) == 0);
    CHECK(prodi_jt_take(&t, 9) == 1 && prodi_jt_at(&t, 1)->gen == 2);
    prodi_jt_release(&t, 0);
    CHECK(prodi_jt_lookup(&t, 2, 1) != NULL && prodi_jt_lookup(&t, 0, 1) == NULL);
    /* Slot 0 is used until its generation runs out, then retired. */
    uint32_t other = 0;
    while (prodi_jt_at(&t, 0)->gen < JT_GEN_MAX && other == 0) {
        prodi_jt_reserve(&t, &a);
        uint32_t slot = prodi_jt_take(&t, 1);
        other = slot;
        prodi_jt_release(&t, slot);
    }
    CHECK(other == 0 && prodi_jt_at(&t, 0)->gen == JT_GEN_MAX);
    prodi_jt_reserve(&t, &a);
    CHECK(prodi_jt_take(&t, 1) == 3);
    prodi_jt_free(&t, &a);
    prodi_arena_free_all(&a);
    CHECK(a.reserved == 0);
}

static void test_snapshots(void)
{
    prod_requirement in[2] = {{1, 3, 1}, {2, 1, 0}};
    prod_output out[1] = {{3, 1, 1.0}};
    prodi_recipe r = {.id = "iron_sword", .duration_ms = 5000, .inputs = in, .outputs = out,
                     .input_count = 2, .output_count = 1};
    prodi_arena a;
    prodi_snaps s;
    prodi_arena_init(&a);
    prodi_snaps_init(&s);
    prod_modifiers m1 = {0.72, 1.0, 0.5}, m2 = {1.0, 1.0, 1.0};
    uint32_t x, y, z;
    CHECK(prodi_snaps_acquire(&s, &a, &r, 0, &m1, &x) == 0);
    CHECK(prodi_snaps_acquire(&s, &a, &r, 0, &m1, &y) == 0);
    CHECK(prodi_snaps_acquire(&s, &a, &r, 0, &m2, &z) == 0);
    CHECK(x == y && x != z && prodi_snaps_get(&s, x)->refs == 2);
    const prodi_snap *p = prodi_snaps_get(&s, x);
    CHECK(p->inputs[0].qty == 3 && p->inputs[1].qty == 1 && p->duration == 2500);
    prodi_snaps_release(&s, &a, x);
    prodi_snaps_release(&s, &a, x);
    CHECK(prodi_snaps_acquire(&s, &a, &r, 1, &m2, &y) == 0 && y == x); /* record reused */
    prodi_snaps_free(&s, &a);
    prodi_arena_free_all(&a);
    CHECK(a.reserved == 0);
}

int main(void)
{
    test_rounding();
    test_heap();
    test_u64map();
    test_rng();
    test_jobtable();
    test_snapshots();
    return check_finish("unit_core");
}
