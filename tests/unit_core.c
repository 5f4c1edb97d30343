/* unit_core.c - unit tests of the manager's internals: modifier rounding,
 * the u64 hash map, the PRNG, the job table's slot, block and generation
 * rules, snapshot interning and the slot sort (the timer wheel:
 * unit_wheel.c). */
#include <stdio.h>
#include <string.h>

#include "jobs/job_table.h"
#include "jobs/modifiers.h"
#include "core/rng.h"
#include "core/sort.h"
#include "jobs/snapshot.h"

#include "check.h"

/* ---- the slot sort --------------------------------------------------------- */

/* n keys from the PRNG masked to `mask`, sorted with scratch room (radix) or
 * without (heapsort), or when `sorted` > 0 the first `sorted` of them put in
 * order first and the rest sorted after them: ascending, and a permutation
 * (the same sum and xor). */
static int sort_orders_keys_after(uint32_t n, uint32_t mask, int scratch, uint32_t sorted)
{
    static uint32_t v[4096], tmp[4096];
    prodi_rng r;
    prodi_rng_seed(&r, n ^ mask);
    uint64_t sum = 0, x = 0;
    for (uint32_t i = 0; i < n; i++) {
        v[i] = (uint32_t)prodi_rng_next(&r) & mask;
        sum += v[i];
        x ^= v[i];
    }
    if (sorted > 0) {
        prodi_sort_u32(v, sorted, tmp);
        prodi_sort_after_u32(v, sorted, n, tmp);
    } else {
        prodi_sort_u32(v, n, scratch ? tmp : NULL);
    }
    for (uint32_t i = 0; i < n; i++) {
        sum -= v[i];
        x ^= v[i];
        if (i > 0 && v[i - 1] > v[i])
            return 0;
    }
    return sum == 0 && x == 0;
}

static int sort_orders_keys(uint32_t n, uint32_t mask, int scratch)
{
    return sort_orders_keys_after(n, mask, scratch, 0);
}

static void sort_orders_keys_whatever_bytes_they_share(void)
{
    CHECK(sort_orders_keys(4096, UINT32_MAX, 1));  /* four varying bytes */
    CHECK(sort_orders_keys(4096, 0x3F00FFFFu, 1)); /* a run entry's: byte 2 alike */
    CHECK(sort_orders_keys(4096, 0xFF0000FFu, 1)); /* two alike bytes in the middle */
    CHECK(sort_orders_keys(4096, 0x0000000Fu, 1)); /* many duplicates */
    CHECK(sort_orders_keys(4096, 0x12345678u, 1)); /* only some bits vary */
    CHECK(sort_orders_keys(1000, UINT32_MAX, 0));  /* no scratch: heapsort */
    CHECK(sort_orders_keys(50, UINT32_MAX, 1));    /* small: insertion */
}

static void sort_after_a_sorted_prefix_merges_the_rest_into_it(void)
{
    CHECK(sort_orders_keys_after(4096, UINT32_MAX, 1, 3000)); /* interleaved */
    CHECK(sort_orders_keys_after(4096, 0xFFu, 1, 1));         /* duplicates, a 1-key prefix */
    CHECK(sort_orders_keys_after(100, UINT32_MAX, 1, 99));    /* a 1-key rest */
    CHECK(sort_orders_keys_after(100, UINT32_MAX, 1, 100));   /* nothing after it */
    uint32_t v[6] = {1, 2, 3, 9, 8, 7}, tmp[6];               /* the rest all above */
    prodi_sort_after_u32(v, 3, 6, tmp);
    CHECK(v[0] == 1 && v[2] == 3 && v[3] == 7 && v[5] == 9);
    uint32_t w[6] = {7, 8, 9, 3, 1, 2}; /* the rest all below */
    prodi_sort_after_u32(w, 3, 6, tmp);
    CHECK(w[0] == 1 && w[2] == 3 && w[3] == 7 && w[5] == 9);
}

/* ---- modifier rounding ---------------------------------------------------- */

static void input_qty_rounds_up_and_is_at_least_one(void)
{
    CHECK(prodi_mods_input_qty(3, 0.9) == 3);
    CHECK(prodi_mods_input_qty(100, 0.9 * 0.8) == 72);
    CHECK(prodi_mods_input_qty(1, 0.1) == 1);
    CHECK(prodi_mods_input_qty(10, 0.0) == 1);
}

static void output_qty_rounds_down(void)
{
    CHECK(prodi_mods_output_qty(1, 1.2) == 1);
    CHECK(prodi_mods_output_qty(10, 1.25) == 12);
    CHECK(prodi_mods_output_qty(100, 0.7) == 70);
    CHECK(prodi_mods_output_qty(3, 0.0) == 0);
}

/* round(d x speed); a timed recipe stays >= 1 ms at any speed, 0 included
 * (README: "a timed recipe stays at least 1 ms"); an instant one stays 0. */
static void duration_rounds_and_a_sped_up_timed_recipe_keeps_1ms(void)
{
    CHECK(prodi_mods_duration(5000, 0.5) == 2500);
    CHECK(prodi_mods_duration(1, 0.1) == 1);
    CHECK(prodi_mods_duration(1000, 0.0) == 1);
    CHECK(prodi_mods_duration(0, 2.0) == 0);
}

static void modifiers_must_be_finite_and_within_0_to_1000(void)
{
    prod_modifiers ok = {0.0, 1000.0, 1.0}, nan = {0.0 / 0.0, 1, 1}, neg = {1, -0.5, 1},
                   big = {1, 1, 1001};
    CHECK(prodi_mods_valid(&ok) && !prodi_mods_valid(&nan) && !prodi_mods_valid(&neg) &&
          !prodi_mods_valid(&big));
}

/* ---- the u64 hash map ------------------------------------------------------ */

/* Keys k x 7919 for k < 100,000 put, the even k deleted again. */
static int fill_map(prodi_u64map *m)
{
    prodi_u64map_init(m, NULL);
    for (uint64_t k = 0; k < 100000; k++)
        if (!CHECK(prodi_u64map_put(m, k * 7919, (uint32_t)k) == 0))
            return 0;
    for (uint64_t k = 0; k < 100000; k += 2)
        if (!CHECK(prodi_u64map_del(m, k * 7919) == 1))
            return 0;
    return 1;
}

static void u64map_finds_what_was_put_and_not_what_was_deleted(void)
{
    prodi_u64map m;
    REQUIRE(fill_map(&m));
    uint32_t v = 0, bad = 0;
    for (uint64_t k = 0; k < 100000; k++) {
        int found = prodi_u64map_get(&m, k * 7919, &v);
        bad += (k % 2) ? !(found && v == k) : found;
    }
    CHECK(bad == 0 && m.len == 50000);
    prodi_u64map_free(&m);
}

static void u64map_deleting_an_absent_key_deletes_nothing(void)
{
    prodi_u64map m;
    REQUIRE(fill_map(&m));
    CHECK(prodi_u64map_del(&m, 0) == 0);
    prodi_u64map_free(&m);
}

/* ---- the PRNG --------------------------------------------------------------- */

static void rng_same_seed_repeats_the_stream_another_seed_does_not(void)
{
    prodi_rng a, b, c;
    prodi_rng_seed(&a, 42);
    prodi_rng_seed(&b, 42);
    prodi_rng_seed(&c, 43);
    CHECK(prodi_rng_next(&a) == prodi_rng_next(&b) && prodi_rng_next(&a) != prodi_rng_next(&c));
}

/* The 100,000 unit draws after the two above, as in a manager's life. */
static void rng_unit_draws_lie_in_0_1_and_average_one_half(void)
{
    prodi_rng a;
    prodi_rng_seed(&a, 42);
    prodi_rng_next(&a);
    prodi_rng_next(&a);
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = prodi_rng_unit(&a);
        CHECK(u >= 0.0 && u < 1.0);
        sum += u;
    }
    CHECK(sum / 100000 > 0.49 && sum / 100000 < 0.51);
}

/* ---- the job table ---------------------------------------------------------- */

typedef struct jt_fixture {
    prodi_arena a;
    prodi_jobtable t;
    uint32_t s[3];
} jt_fixture;

/* A table after the first `steps` of: 1 take three slots (owners 8, 9, 8);
 * 2 release slot 1; 3 take one (owner 9); 4 release slot 0; 5 take and
 * release (owner 1) until slot 0 retires. 0 when a reserve failed. */
static int jt_after(jt_fixture *f, int steps)
{
    prodi_arena_init(&f->a, NULL);
    prodi_jt_init(&f->t);
    for (int i = 0; i < 3; i++) {
        if (!CHECK(prodi_jt_reserve(&f->t, &f->a) == 0))
            return 0;
        f->s[i] = prodi_jt_take(&f->t, i == 1 ? 9 : 8);
    }
    if (steps >= 2)
        prodi_jt_release(&f->t, 1);
    if (steps >= 3) {
        if (!CHECK(prodi_jt_reserve(&f->t, &f->a) == 0))
            return 0;
        prodi_jt_take(&f->t, 9);
    }
    if (steps >= 4)
        prodi_jt_release(&f->t, 0);
    if (steps >= 5) {
        uint32_t other = 0;
        while (prodi_jt_at(&f->t, 0)->gen < JT_GEN_MAX && other == 0) {
            if (!CHECK(prodi_jt_reserve(&f->t, &f->a) == 0))
                return 0;
            uint32_t slot = prodi_jt_take(&f->t, 1);
            other = slot;
            prodi_jt_release(&f->t, slot);
        }
    }
    return 1;
}

static void jt_free(jt_fixture *f)
{
    prodi_jt_free(&f->t, &f->a);
    prodi_arena_free_all(&f->a);
}

static void jt_takes_the_lowest_slots_for_their_owners(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 1));
    CHECK(f.s[0] == 0 && f.s[1] == 1 && f.s[2] == 2);
    CHECK(prodi_jt_at(&f.t, 2)->owner == 8 && prodi_jt_at(&f.t, 1)->owner == 9 && f.t.live == 3);
    jt_free(&f);
}

static void jt_released_slot_is_no_longer_found(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 2));
    CHECK(prodi_jt_lookup(&f.t, 1, 1) == NULL && f.t.live == 2);
    jt_free(&f);
}

static void jt_reuses_the_lowest_free_slot_with_the_next_generation(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 2));
    CHECK(prodi_jt_reserve(&f.t, &f.a) == 0);
    CHECK(prodi_jt_take(&f.t, 9) == 1 && prodi_jt_at(&f.t, 1)->gen == 2);
    jt_free(&f);
}

static void jt_release_leaves_the_other_slots_found(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 4));
    CHECK(prodi_jt_lookup(&f.t, 2, 1) != NULL && prodi_jt_lookup(&f.t, 0, 1) == NULL);
    jt_free(&f);
}

/* Slot 0 is used until its generation runs out, then retired. */
static void jt_slot_is_reused_until_its_generation_runs_out(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 4));
    uint32_t other = 0;
    while (prodi_jt_at(&f.t, 0)->gen < JT_GEN_MAX && other == 0) {
        REQUIRE(prodi_jt_reserve(&f.t, &f.a) == 0);
        uint32_t slot = prodi_jt_take(&f.t, 1);
        other = slot;
        prodi_jt_release(&f.t, slot);
    }
    CHECK(other == 0 && prodi_jt_at(&f.t, 0)->gen == JT_GEN_MAX);
    jt_free(&f);
}

static void jt_retired_slot_is_never_taken_again(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 5));
    REQUIRE(prodi_jt_reserve(&f.t, &f.a) == 0);
    CHECK(prodi_jt_take(&f.t, 1) == 3);
    jt_free(&f);
}

static void jt_free_returns_every_reserved_byte(void)
{
    jt_fixture f;
    REQUIRE(jt_after(&f, 5));
    REQUIRE(prodi_jt_reserve(&f.t, &f.a) == 0);
    prodi_jt_take(&f.t, 1);
    jt_free(&f);
    CHECK(f.a.reserved == 0);
}

/* n slots taken (owner = slot), then every third released. 0 on a failed reserve. */
static int jt_many(jt_fixture *f, uint32_t n)
{
    prodi_arena_init(&f->a, NULL);
    prodi_jt_init(&f->t);
    for (uint32_t i = 0; i < n; i++) {
        if (!CHECK(prodi_jt_reserve(&f->t, &f->a) == 0))
            return 0;
        if (!CHECK(prodi_jt_take(&f->t, i) == i))
            return 0;
    }
    for (uint32_t i = 0; i < n; i += 3)
        prodi_jt_release(&f->t, i);
    return 1;
}

/* Blocks hold 16, 16, 32, 64, 128, then 256 slots: writing every slot's
 * links leaves every record (and every other link) as it was. */
static void jt_records_and_links_of_all_slots_are_disjoint(void)
{
    jt_fixture f;
    REQUIRE(jt_many(&f, 1000));
    for (uint32_t s = 0; s < 1000; s++) {
        prodi_jl_set_next(prodi_jt_link(&f.t, s), s);
        prodi_jl_set_prev(prodi_jt_link(&f.t, s), 0xFFFFFEu - s);
    }
    uint32_t bad = 0;
    for (uint32_t s = 0; s < 1000; s++) {
        const prodi_jlink *l = prodi_jt_link(&f.t, s);
        bad += prodi_jl_next(l) != s || prodi_jl_prev(l) != 0xFFFFFEu - s;
        bad += (s % 3 != 0) && prodi_jt_at(&f.t, s)->owner != s;
    }
    CHECK(bad == 0 && f.t.live == 666 && f.t.block_count == 8);
    jt_free(&f);
}

/* The four-level free bitmap gives the lowest free slot, over 100,000 slots. */
static void jt_takes_the_lowest_of_many_free_slots_in_order(void)
{
    jt_fixture f;
    REQUIRE(jt_many(&f, 100000));
    uint32_t bad = 0;
    for (uint32_t i = 0; i < 100000; i += 3) {
        REQUIRE(prodi_jt_reserve(&f.t, &f.a) == 0);
        bad += prodi_jt_take(&f.t, 7) != i;
    }
    REQUIRE(prodi_jt_reserve(&f.t, &f.a) == 0);
    CHECK(bad == 0 && prodi_jt_take(&f.t, 7) == 100000);
    jt_free(&f);
}

/* A link holds two 24-bit slots side by side without disturbing the other. */
static void jt_links_hold_two_24_bit_slots(void)
{
    prodi_jlink l = {{0, 0, 0}};
    prodi_jl_set_next(&l, 0xABCDEFu);
    prodi_jl_set_prev(&l, 0x123456u);
    CHECK(prodi_jl_next(&l) == 0xABCDEFu && prodi_jl_prev(&l) == 0x123456u);
    prodi_jl_set_next(&l, JT_NIL);
    CHECK(prodi_jl_next(&l) == JT_NIL && prodi_jl_prev(&l) == 0x123456u);
}

/* ---- snapshots -------------------------------------------------------------- */

typedef struct snap_fixture {
    prod_requirement in[2];
    prod_output out[1];
    prodi_recipe r;
    prodi_arena a;
    prodi_snaps s;
    uint32_t x, y, z; /* iron_sword at m1 twice, at m2 once */
} snap_fixture;

static const prod_modifiers M1 = {0.72, 1.0, 0.5}, M2 = {1.0, 1.5, 1.0}, ID = {1.0, 1.0, 1.0};

static int snap_setup(snap_fixture *f)
{
    *f = (snap_fixture){.in = {{1, 3, 1}, {2, 1, 0}}, .out = {{3, 1, 1.0}}};
    f->r = (prodi_recipe){.id = "iron_sword", .duration_ms = 5000, .inputs = f->in,
                          .outputs = f->out, .input_count = 2, .output_count = 1};
    prodi_arena_init(&f->a, NULL);
    prodi_snaps_init(&f->s, NULL);
    return CHECK(prodi_snaps_acquire(&f->s, &f->a, &f->r, 0, &M1, &f->x) == 0) &&
           CHECK(prodi_snaps_acquire(&f->s, &f->a, &f->r, 0, &M1, &f->y) == 0) &&
           CHECK(prodi_snaps_acquire(&f->s, &f->a, &f->r, 0, &M2, &f->z) == 0);
}

static void snap_free(snap_fixture *f)
{
    prodi_snaps_free(&f->s, &f->a);
    prodi_arena_free_all(&f->a);
}

static void snaps_share_one_record_per_recipe_and_modifiers(void)
{
    snap_fixture f;
    REQUIRE(snap_setup(&f));
    CHECK(f.x == f.y && f.x != f.z && f.s.v[f.x].refs == 2);
    snap_free(&f);
}

/* 3 x 0.72 -> 3, the tool stays 1, 5000 ms x 0.5 -> 2500. */
static void snaps_hold_the_effective_inputs_and_duration(void)
{
    snap_fixture f;
    REQUIRE(snap_setup(&f));
    const prodi_eff *p = &f.s.v[f.x].eff;
    CHECK(p->inputs[0].qty == 3 && p->inputs[1].qty == 1 && p->duration == 2500);
    snap_free(&f);
}

/* Identity modifiers need no record: the reference is the recipe's index,
 * and it stands for the recipe's own values. */
static void snaps_under_identity_modifiers_refer_to_the_recipe(void)
{
    snap_fixture f;
    REQUIRE(snap_setup(&f));
    uint32_t ref, len = f.s.len;
    REQUIRE(prodi_snaps_acquire(&f.s, &f.a, &f.r, 7, &ID, &ref) == 0);
    prodi_recipe recipes[8] = {{0}};
    recipes[7].base = (prodi_eff){.duration = 5000, .recipe = 7, .mods = ID};
    CHECK(ref == (PRODI_SNAP_BASE | 7u) && f.s.len == len);
    CHECK(prodi_snaps_eff(&f.s, recipes, ref) == &recipes[7].base);
    prodi_snaps_release(&f.s, &f.a, ref); /* a no-op */
    snap_free(&f);
}

static void snaps_reuse_a_record_whose_last_reference_went(void)
{
    snap_fixture f;
    REQUIRE(snap_setup(&f));
    prodi_snaps_release(&f.s, &f.a, f.x);
    prodi_snaps_release(&f.s, &f.a, f.x);
    /* the record is reused */
    CHECK(prodi_snaps_acquire(&f.s, &f.a, &f.r, 1, &M2, &f.y) == 0 && f.y == f.x);
    snap_free(&f);
}

static void snaps_free_returns_every_reserved_byte(void)
{
    snap_fixture f;
    REQUIRE(snap_setup(&f));
    prodi_snaps_release(&f.s, &f.a, f.x);
    prodi_snaps_release(&f.s, &f.a, f.x);
    REQUIRE(prodi_snaps_acquire(&f.s, &f.a, &f.r, 1, &M2, &f.y) == 0);
    snap_free(&f);
    CHECK(f.a.reserved == 0);
}

int main(void)
{
    RUN(sort_orders_keys_whatever_bytes_they_share);
    RUN(sort_after_a_sorted_prefix_merges_the_rest_into_it);
    RUN(input_qty_rounds_up_and_is_at_least_one);
    RUN(output_qty_rounds_down);
    RUN(duration_rounds_and_a_sped_up_timed_recipe_keeps_1ms);
    RUN(modifiers_must_be_finite_and_within_0_to_1000);
    RUN(u64map_finds_what_was_put_and_not_what_was_deleted);
    RUN(u64map_deleting_an_absent_key_deletes_nothing);
    RUN(rng_same_seed_repeats_the_stream_another_seed_does_not);
    RUN(rng_unit_draws_lie_in_0_1_and_average_one_half);
    RUN(jt_takes_the_lowest_slots_for_their_owners);
    RUN(jt_released_slot_is_no_longer_found);
    RUN(jt_reuses_the_lowest_free_slot_with_the_next_generation);
    RUN(jt_release_leaves_the_other_slots_found);
    RUN(jt_slot_is_reused_until_its_generation_runs_out);
    RUN(jt_retired_slot_is_never_taken_again);
    RUN(jt_free_returns_every_reserved_byte);
    RUN(jt_records_and_links_of_all_slots_are_disjoint);
    RUN(jt_takes_the_lowest_of_many_free_slots_in_order);
    RUN(jt_links_hold_two_24_bit_slots);
    RUN(snaps_share_one_record_per_recipe_and_modifiers);
    RUN(snaps_hold_the_effective_inputs_and_duration);
    RUN(snaps_under_identity_modifiers_refer_to_the_recipe);
    RUN(snaps_reuse_a_record_whose_last_reference_went);
    RUN(snaps_free_returns_every_reserved_byte);
    return check_finish("unit_core");
}
