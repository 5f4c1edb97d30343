/* unit_core.c - unit tests of the manager's internals: modifier rounding,
 * the 4-ary heap, the u64 hash map, the PRNG, the job table's slot and
 * generation rules, and snapshot interning. */
#include <stdio.h>
#include <string.h>

#include "jobtable.h"
#include "modifiers.h"
#include "rng.h"
#include "scheduler.h"
#include "snapshot.h"

static int failures;
#define CHECK(c)                                                                   \
    do {                                                                           \
        if (!(c)) {                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                            \
        }                                                                          \
    } while (0)

static void test_rounding(void)
{
    CHECK(mods_input_qty(3, 0.9) == 3);
    CHECK(mods_input_qty(100, 0.9 * 0.8) == 72);
    CHECK(mods_input_qty(1, 0.1) == 1);
    CHECK(mods_input_qty(10, 0.0) == 1);
    CHECK(mods_output_qty(1, 1.2) == 1);
    CHECK(mods_output_qty(10, 1.25) == 12);
    CHECK(mods_output_qty(100, 0.7) == 70);
    CHECK(mods_output_qty(3, 0.0) == 0);
    CHECK(mods_duration(5000, 0.5) == 2500);
    CHECK(mods_duration(1, 0.1) == 1);
    CHECK(mods_duration(1000, 0.0) == 0);
    CHECK(mods_duration(0, 2.0) == 0);
    prod_modifiers ok = {0.0, 1000.0, 1.0}, nan = {0.0 / 0.0, 1, 1}, neg = {1, -0.5, 1},
                   big = {1, 1, 1001};
    CHECK(mods_valid(&ok) && !mods_valid(&nan) && !mods_valid(&neg) && !mods_valid(&big));
}

static void test_heap(void)
{
    prod_arena a;
    prod_sched s;
    arena_init(&a);
    sched_init(&s);
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 10000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        /* small ends collide (ties order by slot); every 16th is beyond the near range */
        int64_t end = (i % 16 == 0) ? SCHED_NEAR_LIMIT + (int64_t)(x >> 58) : (int64_t)(x >> 54);
        CHECK(sched_reserve(&s, &a, end) == 0);
        sched_push(&s, end, (uint32_t)(x >> 20) & 0xFFFFFFu);
    }
    CHECK(sched_len(&s) == 10000 && s.far_len == 625);
    int64_t prev_end = -1, end;
    uint32_t prev_slot = 0, slot, n = 0;
    while (sched_top(&s, &end, &slot)) {
        CHECK(end > prev_end || (end == prev_end && slot >= prev_slot));
        prev_end = end;
        prev_slot = slot;
        sched_pop(&s);
        n++;
    }
    CHECK(n == 10000 && prev_end >= SCHED_NEAR_LIMIT);
    sched_free(&s, &a);
    arena_free_all(&a);
    CHECK(a.reserved == 0);
}

static void test_u64map(void)
{
    prod_u64map m;
    u64map_init(&m);
    for (uint64_t k = 0; k < 100000; k++)
        CHECK(u64map_put(&m, k * 7919, (uint32_t)k) == 0);
    for (uint64_t k = 0; k < 100000; k += 2)
        CHECK(u64map_del(&m, k * 7919) == 1);
    uint32_t v = 0, bad = 0;
    for (uint64_t k = 0; k < 100000; k++) {
        int found = u64map_get(&m, k * 7919, &v);
        bad += (k % 2) ? !(found && v == k) : found;
    }
    CHECK(bad == 0 && m.len == 50000);
    CHECK(u64map_del(&m, 0) == 0);
    u64map_free(&m);
}

static void test_rng(void)
{
    prod_rng a, b, c;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    rng_seed(&c, 43);
    CHECK(rng_next(&a) == rng_next(&b) && rng_next(&a) != rng_next(&c));
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = rng_unit(&a);
        CHECK(u >= 0.0 && u < 1.0);
        sum += u;
    }
    CHECK(sum / 100000 > 0.49 && sum / 100000 < 0.51);
}

static void test_jobtable(void)
{
    prod_arena a;
    prod_jobtable t;
    arena_init(&a);
    jt_init(&t);
    uint32_t s[3];
    for (int i = 0; i < 3; i++) {
        CHECK(jt_reserve(&t, &a) == 0);
        s[i] = jt_take(&t, i == 1 ? 9 : 8);
    }
    CHECK(s[0] == 0 && s[1] == 1 && s[2] == 2);
    CHECK(jt_at(&t, 2)->owner == 8 && jt_at(&t, 1)->owner == 9 && t.live == 3);
    jt_release(&t, 1);
    CHECK(jt_lookup(&t, 1, 1) == NULL && t.live == 2);
    CHECK(jt_reserve(&t, &a) == 0);
    CHECK(jt_take(&t, 9) == 1 && jt_at(&t, 1)->gen == 2);
    jt_release(&t, 0);
    CHECK(jt_lookup(&t, 2, 1) != NULL && jt_lookup(&t, 0, 1) == NULL);
    /* Slot 0 is used until its generation runs out, then retired. */
    uint32_t other = 0;
    while (jt_at(&t, 0)->gen < JT_GEN_MAX && other == 0) {
        jt_reserve(&t, &a);
        uint32_t slot = jt_take(&t, 1);
        other = slot;
        jt_release(&t, slot);
    }
    CHECK(other == 0 && jt_at(&t, 0)->gen == JT_GEN_MAX);
    jt_reserve(&t, &a);
    CHECK(jt_take(&t, 1) == 3);
    jt_free(&t, &a);
    arena_free_all(&a);
    CHECK(a.reserved == 0);
}

static void test_snapshots(void)
{
    prod_requirement in[2] = {{1, 3, 1}, {2, 1, 0}};
    prod_output out[1] = {{3, 1, 1.0}};
    prod_recipe r = {.id = "iron_sword", .duration_ms = 5000, .inputs = in, .outputs = out,
                     .input_count = 2, .output_count = 1};
    prod_arena a;
    prod_snaps s;
    arena_init(&a);
    snaps_init(&s);
    prod_modifiers m1 = {0.72, 1.0, 0.5}, m2 = {1.0, 1.0, 1.0};
    uint32_t x, y, z;
    CHECK(snaps_acquire(&s, &a, &r, 0, &m1, &x) == 0);
    CHECK(snaps_acquire(&s, &a, &r, 0, &m1, &y) == 0);
    CHECK(snaps_acquire(&s, &a, &r, 0, &m2, &z) == 0);
    CHECK(x == y && x != z && snaps_get(&s, x)->refs == 2);
    const prod_snap *p = snaps_get(&s, x);
    CHECK(p->inputs[0].qty == 3 && p->inputs[1].qty == 1 && p->duration == 2500);
    snaps_release(&s, &a, x);
    snaps_release(&s, &a, x);
    CHECK(snaps_acquire(&s, &a, &r, 1, &m2, &y) == 0 && y == x); /* record reused */
    snaps_free(&s, &a);
    arena_free_all(&a);
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
    if (failures)
        fprintf(stderr, "unit_core: %d check(s) failed\n", failures);
    else
        printf("unit_core: all checks passed\n");
    return failures != 0;
}
