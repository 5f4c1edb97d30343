/* it_persist.c - serialize/deserialize through the real .so: exact round
 * trips, the determinism test (random operations run straight through and
 * with save -> destroy -> load at random points give the same events and the
 * same final bytes), missing-recipe policies, memory stats, and the checked-in
 * v1 fixture. Hostile bytes are in it_persist_hostile.c. */
#include <string.h>

#include "testhost.h"

static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"mine\",\"inputs\":[{\"item\":\"energy\",\"qty\":2},"
    "{\"item\":\"pick\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"ore\",\"qty\":3}],\"duration_ms\":700},"
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1},{\"item\":\"slag\",\"qty\":1,"
    "\"probability\":0.4}],\"duration_ms\":1300},"
    "{\"id\":\"press\",\"inputs\":[{\"item\":\"ingot\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"plate\",\"qty\":2}],\"duration_ms\":450},"
    "{\"id\":\"gift\",\"outputs\":[{\"item\":\"energy\",\"qty\":5}],\"duration_ms\":0}"
    "]}";

/* The same world without "smelt" (a recipe removed by an update), and so
 * without the item "slag" that only smelt made. */
static const char *RECIPES_NO_SMELT =
    "{\"recipes\":["
    "{\"id\":\"mine\",\"inputs\":[{\"item\":\"energy\",\"qty\":2},"
    "{\"item\":\"pick\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"ore\",\"qty\":3}],\"duration_ms\":700},"
    "{\"id\":\"press\",\"inputs\":[{\"item\":\"ingot\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"plate\",\"qty\":2}],\"duration_ms\":450},"
    "{\"id\":\"gift\",\"outputs\":[{\"item\":\"energy\",\"qty\":5}],\"duration_ms\":0}"
    "]}";

static const char *SO; /* the plugin under test (argv[1]) */

static int load(th_host *h, const char *json, uint32_t mods)
{
    char err[512] = "";
    th_load(h, SO);
    if (CHECK_OK(th_init(h, json, mods, err, sizeof err)))
        return 1;
    fprintf(stderr, "init: %s\n", err);
    return 0;
}

/* serialize m; NULL (after a failed check) on failure. */
static uint8_t *save(th_host *h, prod_manager *m, size_t *len)
{
    uint8_t *b = NULL;
    if (!CHECK_OK(h->api->serialize(m, &b, len)))
        fprintf(stderr, "serialize: %s\n", h->api->manager_last_error(m));
    return b;
}

/* deserialize b with the default options; NULL (after a failed check) on failure. */
static prod_manager *restore(th_host *h, const uint8_t *b, size_t len)
{
    prod_manager *m = NULL;
    if (!CHECK_OK(h->api->deserialize(h->ctx, b, len, NULL, &m)))
        fprintf(stderr, "deserialize: %s\n", h->api->last_error(h->ctx));
    return m;
}

/* Save, destroy, load: the manager continues from the bytes alone. NULL if
 * the save or the load failed (m is destroyed either way). */
static prod_manager *reload(th_host *h, prod_manager *m)
{
    size_t len;
    uint8_t *b = save(h, m, &len);
    h->api->manager_destroy(m);
    if (!b)
        return NULL;
    m = restore(h, b, len);
    h->api->free_buffer(b);
    return m;
}

static void fill(th_host *h, uint64_t inv)
{
    th_set(h, inv, "energy", 40);
    th_set(h, inv, "pick", 1);
    th_set(h, inv, "ore", 9);
    th_set(h, inv, "ingot", 3);
}

/* --- exact round trip ----------------------------------------------------- */

static void same_job(const prod_api *a, prod_manager *x, prod_manager *y, prod_job_id id)
{
    prod_job_info p = {.struct_size = sizeof p}, q = {.struct_size = sizeof q};
    if (!CHECK_OK(a->job_get(x, id, 5000, &p)) || !CHECK_OK(a->job_get(y, id, 5000, &q)))
        return;
    CHECK(p.state == q.state && p.owner == q.owner && p.inventory == q.inventory);
    CHECK(p.recipe == q.recipe && p.repeat == q.repeat && p.cycles == q.cycles);
    CHECK(p.start_time == q.start_time && p.end_time == q.end_time && p.duration == q.duration);
    CHECK(memcmp(&p.modifiers, &q.modifiers, sizeof p.modifiers) == 0);
    CHECK(p.input_count == q.input_count && p.output_count == q.output_count);
    CHECK(memcmp(p.inputs, q.inputs, p.input_count * sizeof *p.inputs) == 0);
    CHECK(memcmp(p.outputs, q.outputs, p.output_count * sizeof *p.outputs) == 0);
    CHECK(p.held_count == q.held_count);
    CHECK(p.held_count == 0 || memcmp(p.held, q.held, p.held_count * sizeof *p.held) == 0);
}

/* A manager m (seed 99, modifiers 0.5 / 2.0 / 0.8) at 600 with a repeating
 * mine, two smelts, a press blocked in the full inventory 2 and a cancelled
 * press (a free slot with a generation); b1 its bytes, m2 loaded from them,
 * b2 the bytes of m2. */
typedef struct rt {
    th_host h;
    prod_manager *m, *m2;
    prod_job_id ids[6];
    uint8_t *b1, *b2;
    size_t len1, len2;
} rt;

static int rt_open(rt *f)
{
    f->m = f->m2 = NULL;
    f->b1 = f->b2 = NULL;
    if (!load(&f->h, RECIPES, 1))
        return 0;
    const prod_api *a = f->h.api;
    th_host *h = &f->h;
    prod_job_id *ids = f->ids;
    h->mods[0] = (prod_modifiers){0.5, 2.0, 0.8};
    fill(h, 1);
    fill(h, 2);
    h->capacity[2] = 60; /* inventory 2 fills up: its outputs block */
    f->m = th_manager(h, 99, PROD_OUTPUT_HOLD);
    prod_manager *m = f->m;
    if (!m || !CHECK_OK(a->start_repeating(m, th_recipe(h, "mine"), 5, 1, 100, &ids[0])) ||
        !CHECK_OK(a->start(m, th_recipe(h, "smelt"), 5, 1, 100, &ids[1])) ||
        !CHECK_OK(a->start(m, th_recipe(h, "press"), 6, 1, 150, &ids[2])) ||
        !CHECK_OK(a->start(m, th_recipe(h, "press"), 6, 2, 150, &ids[3])) ||
        /* ids[2] cancelled: a free slot with a generation */
        !CHECK_OK(a->cancel(m, ids[2], PROD_REFUND_FULL, 200)) ||
        !CHECK_OK(a->start(m, th_recipe(h, "smelt"), 7, 2, 200, &ids[4])))
        return 0;
    th_set(h, 2, "plate", 55); /* press in inventory 2 will not fit */
    if (!CHECK_OK(a->tick(m, 600)))
        return 0;
    f->b1 = save(h, m, &f->len1);
    f->m2 = f->b1 ? restore(h, f->b1, f->len1) : NULL;
    f->b2 = f->m2 ? save(h, f->m2, &f->len2) : NULL;
    return f->b2 != NULL;
}

static void rt_close(rt *f)
{
    const prod_api *a = f->h.api;
    a->free_buffer(f->b1);
    a->free_buffer(f->b2);
    a->manager_destroy(f->m);
    a->manager_destroy(f->m2);
    th_close(&f->h);
}

/* What is compared below: running, repeating and blocked jobs. */
static void saved_manager_holds_running_and_blocked_jobs(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    const prod_api *a = f.h.api;
    CHECK(a->job_count(f.m) == 4);
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(a->job_get(f.m, f.ids[3], 600, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1);
    rt_close(&f);
}

static void save_of_a_loaded_manager_gives_the_same_bytes(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    CHECK(f.len1 == f.len2 && memcmp(f.b1, f.b2, f.len1) == 0);
    rt_close(&f);
}

static void loaded_manager_has_the_saved_job_count_and_time(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    const prod_api *a = f.h.api;
    CHECK(a->job_count(f.m2) == a->job_count(f.m));
    CHECK(a->manager_time(f.m2) == 600);
    rt_close(&f);
}

static void loaded_manager_keeps_its_config(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    const prod_api *a = f.h.api;
    prod_manager_config c1 = {.struct_size = sizeof c1}, c2 = {.struct_size = sizeof c2};
    CHECK_OK(a->manager_config(f.m, &c1));
    CHECK_OK(a->manager_config(f.m2, &c2));
    CHECK(c1.tag == c2.tag && c1.seed == 99 && c2.seed == 99 && c1.id_space == c2.id_space);
    CHECK(c2.output_policy == PROD_OUTPUT_HOLD);
    rt_close(&f);
}

static void loaded_jobs_equal_the_saved_ones_field_by_field(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    const prod_api *a = f.h.api;
    same_job(a, f.m, f.m2, f.ids[0]);
    same_job(a, f.m, f.m2, f.ids[1]);
    same_job(a, f.m, f.m2, f.ids[3]);
    same_job(a, f.m, f.m2, f.ids[4]);
    rt_close(&f);
}

static void cancelled_job_stays_gone_after_a_load(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    prod_job_info info = {.struct_size = sizeof info};
    CHECK(f.h.api->job_get(f.m2, f.ids[2], 600, &info) == PROD_ERR_NOT_FOUND);
    rt_close(&f);
}

/* The next id is the same in both: the cancelled slot with its next generation. */
static void loaded_manager_hands_out_the_same_next_id(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    const prod_api *a = f.h.api;
    prod_job_id n1, n2;
    CHECK_OK(a->start(f.m, th_recipe(&f.h, "gift"), 1, 1, 700, &n1));
    CHECK_OK(a->start(f.m2, th_recipe(&f.h, "gift"), 1, 1, 700, &n2));
    CHECK(n1 == n2 && n1 != f.ids[2]);
    rt_close(&f);
}

static void loaded_jobs_share_snapshots_and_memory_counts_them(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    prod_memory_stats ms = {.struct_size = sizeof ms};
    CHECK_OK(f.h.api->manager_memory(f.m2, &ms));
    CHECK(ms.job_count == 4 && ms.snapshot_count == 3); /* the two smelts share one */
    CHECK(ms.bytes_used > 0 && ms.bytes_used <= ms.bytes_reserved);
    rt_close(&f);
}

static void manager_memory_refuses_a_too_small_struct(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    prod_memory_stats ms = {.struct_size = 4};
    CHECK(f.h.api->manager_memory(f.m2, &ms) == PROD_ERR_VERSION);
    rt_close(&f);
}

/* An older host's smaller struct gets the members that fit, and no more. */
static void manager_memory_writes_only_what_an_older_struct_holds(void)
{
    rt f;
    REQUIRE(rt_open(&f));
    prod_memory_stats ms;
    memset(&ms, 0xAB, sizeof ms);
    uint32_t old = (uint32_t)offsetof(prod_memory_stats, job_count); /* without the counts */
    ms.struct_size = old;
    REQUIRE_OK(f.h.api->manager_memory(f.m2, &ms));
    CHECK(ms.struct_size == old);
    CHECK(ms.bytes_reserved > 0 && ms.bytes_used > 0 && ms.bytes_used <= ms.bytes_reserved);
    uint8_t tail[sizeof ms - offsetof(prod_memory_stats, job_count)];
    memset(tail, 0xAB, sizeof tail);
    CHECK(memcmp(&ms.job_count, tail, sizeof tail) == 0);
    prod_memory_stats full = {.struct_size = sizeof full};
    REQUIRE_OK(f.h.api->manager_memory(f.m2, &full));
    CHECK(full.struct_size == sizeof full && full.job_count == f.h.api->job_count(f.m2));
    rt_close(&f);
}

/* --- determinism ---------------------------------------------------------- */

typedef struct xrng {
    uint64_t s;
} xrng;

static uint32_t xr(xrng *r, uint32_t n) /* splitmix64, uniform-enough in [0, n) */
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (uint32_t)((z ^ (z >> 31)) % n);
}

static const char *const ITEMS[] = {"energy", "ore", "ingot", "pick"};
static const char *const NAMES[] = {"mine", "smelt", "press", "gift"};

/* Runs `steps` random operations; with `reload_odds` > 0 the manager is saved,
 * destroyed and loaded again before an operation with that chance in 1000.
 * Returns the final serialized state (NULL after a failed check); the events
 * stay in h. */
static uint8_t *run_script(th_host *h, uint64_t seed, int steps, uint32_t reload_odds,
                           size_t *len, int *reloads)
{
    const prod_api *a = h->api;
    xrng r = {seed}, when = {seed * 31 + 7}; /* reload points use their own stream */
    for (uint64_t inv = 0; inv < 4; inv++)
        fill(h, inv);
    h->capacity[3] = 80;
    *reloads = 0;
    prod_manager *m = th_manager(h, seed, xr(&r, 2));
    if (!m)
        return NULL;
    int64_t now = xr(&r, 1000);
    prod_job_id started[64];
    uint32_t n_started = 0;
    for (int i = 0; i < steps; i++) {
        if (reload_odds && xr(&when, 1000) < reload_odds) {
            if (!(m = reload(h, m)))
                return NULL;
            (*reloads)++;
        }
        uint32_t op = xr(&r, 10);
        uint64_t inv = xr(&r, 4);
        prod_recipe_ix rec = th_recipe(h, NAMES[xr(&r, 4)]);
        prod_job_id id = 0;
        if (op < 3 && a->start(m, rec, xr(&r, 5), inv, now, &id) == PROD_OK && id)
            started[n_started++ % 64] = id;
        else if (op == 3 && a->start_repeating(m, rec, xr(&r, 5), inv, now, &id) == PROD_OK)
            started[n_started++ % 64] = id;
        else if (op == 4 && n_started)
            a->cancel(m, started[xr(&r, n_started < 64 ? n_started : 64)], xr(&r, 3), now);
        else if (op == 5)
            th_set(h, inv, ITEMS[xr(&r, 4)], xr(&r, 30));
        now += xr(&r, 4) == 0 ? xr(&r, 20000) : xr(&r, 500);
        CHECK_OK(a->tick(m, now));
    }
    uint8_t *b = save(h, m, len);
    a->manager_destroy(m);
    return b;
}

static int same_events(const th_host *x, const th_host *y)
{
    for (size_t i = 0; i < x->n_events && i < y->n_events; i++)
        if (memcmp(&x->events[i], &y->events[i], sizeof x->events[i]) != 0) {
            fprintf(stderr, "event %zu differs: type %u/%u job %llx/%llx time %lld/%lld\n", i,
                    x->events[i].type, y->events[i].type, (unsigned long long)x->events[i].job,
                    (unsigned long long)y->events[i].job, (long long)x->events[i].time,
                    (long long)y->events[i].time);
            return 0;
        }
    return x->n_events == y->n_events;
}

/* The script of `seed` run straight through (x) and with reloads (y). */
typedef struct script_pair {
    th_host x, y;
    uint8_t *bx, *by;
    size_t lx, ly;
    int rx, ry;
} script_pair;

static int pair_run(script_pair *p, uint64_t seed)
{
    p->bx = p->by = NULL;
    if (!load(&p->x, RECIPES, 0) || !load(&p->y, RECIPES, 0))
        return 0;
    p->bx = run_script(&p->x, seed, 400, 0, &p->lx, &p->rx);
    p->by = run_script(&p->y, seed, 400, 30, &p->ly, &p->ry);
    return p->bx && p->by;
}

static void pair_close(script_pair *p)
{
    p->x.api->free_buffer(p->bx);
    p->y.api->free_buffer(p->by);
    th_close(&p->x);
    th_close(&p->y);
}

static void reloads_at_random_points_change_no_event_byte_or_item(void)
{
    for (uint64_t seed = 1; seed <= 12; seed++) {
        script_pair p;
        REQUIRE(pair_run(&p, seed));
        CHECK(same_events(&p.x, &p.y));
        CHECK(p.lx == p.ly && memcmp(p.bx, p.by, p.lx) == 0);
        CHECK(memcmp(p.x.counts, p.y.counts, sizeof p.x.counts) == 0);
        pair_close(&p);
    }
}

/* The comparison above is worth making: long scripts, many reloads. */
static void random_scripts_make_many_events_and_reload_often(void)
{
    int total_reloads = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        script_pair p;
        REQUIRE(pair_run(&p, seed));
        CHECK(p.ry > 0);
        total_reloads += p.ry;
        CHECK(p.x.n_events > 100);
        pair_close(&p);
    }
    CHECK(total_reloads > 50);
}

/* A loaded manager whose only job is a blocked repeating one has an empty
 * queue; delivering its outputs restarts it, which needs queue room the load
 * never made. (deserialize fuzzer, fuzz/regressions/deserialize/crash-236a...:
 * a NULL queue write before the fix.) A repeating mine in the full inventory
 * 1 is blocked at 700, saved and loaded, and the inventory emptied. */
static int blocked_repeat_open(th_host *h, prod_manager **m)
{
    if (!load(h, RECIPES, 0))
        return 0;
    const prod_api *a = h->api;
    *m = th_manager(h, 1, PROD_OUTPUT_HOLD);
    if (!*m)
        return 0;
    fill(h, 1);
    h->capacity[1] = th_total(h, 1); /* full: the first cycle's ore is held */
    if (!CHECK_OK(a->start_repeating(*m, th_recipe(h, "mine"), 1, 1, 0, NULL)) ||
        !CHECK_OK(a->tick(*m, 700)))
        return 0;
    CHECK(th_count_events(h, PROD_EVENT_OUTPUT_BLOCKED, -1) == 1);
    if (!(*m = reload(h, *m)))
        return 0;
    h->capacity[1] = 0;
    th_clear_events(h);
    return 1;
}

static void blocked_repeating_job_loaded_restarts_when_its_outputs_fit(void)
{
    th_host h;
    prod_manager *m;
    REQUIRE(blocked_repeat_open(&h, &m));
    CHECK_OK(h.api->tick(m, 800)); /* delivered at 800, the next cycle starts then */
    CHECK(h.n_events == 2 && h.events[0].type == PROD_EVENT_COMPLETED);
    CHECK(h.events[1].type == PROD_EVENT_RESTARTED && h.events[1].time == 800);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void restarted_cycle_after_a_load_is_due_and_completes(void)
{
    th_host h;
    prod_manager *m;
    REQUIRE(blocked_repeat_open(&h, &m));
    const prod_api *a = h.api;
    REQUIRE_OK(a->tick(m, 800));
    int64_t due = 0;
    CHECK_OK(a->next_due(m, &due));
    CHECK(due == 1500);
    CHECK_OK(a->tick(m, 1500));
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 2);
    a->manager_destroy(m);
    th_close(&h);
}

/* --- recipes that are gone ------------------------------------------------ */

/* Saved bytes (malloc'd) of a manager with a smelt, a press and a repeating
 * smelt in inventory 1; NULL after a failed check. */
static uint8_t *state_with_smelting(size_t *len)
{
    th_host h;
    if (!load(&h, RECIPES, 0))
        return NULL;
    fill(&h, 1);
    prod_manager *m = th_manager(&h, 3, PROD_OUTPUT_HOLD);
    if (!m)
        return NULL;
    uint8_t *b = NULL;
    if (CHECK_OK(h.api->start(m, th_recipe(&h, "smelt"), 4, 1, 10, NULL)) && /* takes 2 ore */
        CHECK_OK(h.api->start(m, th_recipe(&h, "press"), 4, 1, 10, NULL)) && /* takes 1 ingot */
        CHECK_OK(h.api->start_repeating(m, th_recipe(&h, "smelt"), 4, 1, 20, NULL))) {
        uint8_t *b0 = save(&h, m, len);
        if (b0) {
            b = malloc(*len);
            memcpy(b, b0, *len);
        }
        h.api->free_buffer(b0);
    }
    h.api->manager_destroy(m);
    th_close(&h);
    return b;
}

/* The smelting state and a host loaded with RECIPES_NO_SMELT. */
static uint8_t *no_smelt_open(th_host *h, size_t *len)
{
    uint8_t *b = state_with_smelting(len);
    if (b && load(h, RECIPES_NO_SMELT, 0))
        return b;
    free(b);
    return NULL;
}

static const prod_load_options STRICT = {.struct_size = sizeof STRICT,
                                         .version = PROD_LOAD_OPTIONS_VERSION,
                                         .missing_recipe = PROD_MISSING_RECIPE_ERROR};

static void strict_load_refuses_a_removed_recipe_naming_it(void)
{
    th_host h;
    size_t len;
    uint8_t *b = no_smelt_open(&h, &len);
    REQUIRE(b);
    prod_manager *m = NULL;
    CHECK(h.api->deserialize(h.ctx, b, len, &STRICT, &m) == PROD_ERR_NOT_FOUND && !m);
    CHECK(strstr(h.api->last_error(h.ctx), "\"smelt\"") != NULL);
    CHECK(h.n_events == 0 && h.add_calls == 0);
    free(b);
    th_close(&h);
}

static void default_load_cancels_the_jobs_of_a_removed_recipe(void)
{
    th_host h;
    size_t len;
    uint8_t *b = no_smelt_open(&h, &len);
    REQUIRE(b);
    prod_manager *m = NULL;
    CHECK_OK(h.api->deserialize(h.ctx, b, len, NULL, &m)); /* default: refund */
    CHECK(h.api->job_count(m) == 1);                       /* only press is left */
    CHECK(th_count_events(&h, PROD_EVENT_CANCELLED, PROD_REASON_RECIPE_REMOVED) == 2);
    REQUIRE(h.n_events > 0);
    CHECK(h.events[0].recipe == PROD_RECIPE_NONE && h.events[0].n == 1);
    h.api->manager_destroy(m);
    free(b);
    th_close(&h);
}

static void removed_recipes_jobs_give_their_inputs_back(void)
{
    th_host h;
    size_t len;
    uint8_t *b = no_smelt_open(&h, &len);
    REQUIRE(b);
    prod_manager *m = NULL;
    REQUIRE_OK(h.api->deserialize(h.ctx, b, len, NULL, &m));
    CHECK(th_count(&h, 1, "ore") == 4); /* 2 + 2 given back */
    REQUIRE(h.n_events > 0);
    CHECK(h.events[0].items[0].qty == 2 && h.events[0].items[0].item == th_item(&h, "ore"));
    h.api->manager_destroy(m);
    free(b);
    th_close(&h);
}

/* The inventory refuses the refund: FAILED with the items listed. */
static void refused_refund_of_a_removed_recipe_fails_the_job_listing_its_items(void)
{
    th_host h;
    size_t len;
    uint8_t *b = no_smelt_open(&h, &len);
    REQUIRE(b);
    prod_manager *m = NULL;
    h.add_rc = PROD_HOST_FULL;
    CHECK_OK(h.api->deserialize(h.ctx, b, len, NULL, &m));
    CHECK(th_count_events(&h, PROD_EVENT_FAILED, PROD_REASON_RECIPE_REMOVED) == 2);
    REQUIRE(h.n_events > 1);
    CHECK(h.events[1].n == 1 && h.events[1].items[0].qty == 2);
    h.api->manager_destroy(m);
    free(b);
    th_close(&h);
}

static void unknown_missing_recipe_policy_is_invalid(void)
{
    th_host h;
    size_t len;
    uint8_t *b = no_smelt_open(&h, &len);
    REQUIRE(b);
    prod_manager *m = NULL;
    prod_load_options bad = STRICT;
    bad.missing_recipe = 7;
    CHECK(h.api->deserialize(h.ctx, b, len, &bad, &m) == PROD_ERR_INVALID_ARGUMENT);
    free(b);
    th_close(&h);
}

static void load_options_too_small_are_a_version_error(void)
{
    th_host h;
    size_t len;
    uint8_t *b = no_smelt_open(&h, &len);
    REQUIRE(b);
    prod_manager *m = NULL;
    prod_load_options bad = STRICT;
    bad.struct_size = 4;
    CHECK(h.api->deserialize(h.ctx, b, len, &bad, &m) == PROD_ERR_VERSION);
    free(b);
    th_close(&h);
}

/* --- the checked-in v1 fixture -------------------------------------------- */

static const char *FIXTURE; /* PROD_FIXTURE */

/* tests/fixtures/v1_manager.msgpack was written by plugin 0.2.0 (format 1.0)
 * from exactly this sequence; if the format changes, this must keep loading. */
static prod_manager *fixture_sequence(th_host *h)
{
    const prod_api *a = h->api;
    fill(h, 1);
    fill(h, 2);
    h->capacity[2] = 60;
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = 42, .seed = 4242, .id_space = 17,
                             .output_policy = PROD_OUTPUT_HOLD};
    prod_manager *m = NULL;
    CHECK_OK(a->manager_create(h->ctx, &c, &m));
    prod_job_id cancelled;
    CHECK_OK(a->start_repeating(m, th_recipe(h, "mine"), 5, 1, 100, NULL));
    CHECK_OK(a->start(m, th_recipe(h, "smelt"), 5, 1, 100, NULL));
    CHECK_OK(a->start(m, th_recipe(h, "press"), 6, 1, 150, &cancelled));
    CHECK_OK(a->start(m, th_recipe(h, "press"), 6, 2, 150, NULL));
    CHECK_OK(a->cancel(m, cancelled, PROD_REFUND_NONE, 200));
    th_set(h, 2, "plate", 55);
    CHECK_OK(a->tick(m, 1000));
    return m;
}

/* Run with --write-fixture: writes FIXTURE from the sequence above. */
static void fixture_is_written(void)
{
    th_host h;
    REQUIRE(load(&h, RECIPES, 0));
    prod_manager *m = fixture_sequence(&h);
    REQUIRE(m);
    size_t len;
    uint8_t *b = save(&h, m, &len);
    REQUIRE(b);
    FILE *f = fopen(FIXTURE, "wb");
    CHECK(f && fwrite(b, 1, len, f) == len && fclose(f) == 0);
    h.api->free_buffer(b);
    h.api->manager_destroy(m);
    th_close(&h);
}

/* The fixture loaded into h; NULL after a failed check. */
static prod_manager *fixture_open(th_host *h)
{
    if (!FIXTURE) {
        CHECK(!"PROD_FIXTURE is not set");
        return NULL;
    }
    if (!load(h, RECIPES, 0))
        return NULL;
    FILE *f = fopen(FIXTURE, "rb");
    uint8_t buf[4096];
    size_t len = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    if (!CHECK(len > 100))
        return NULL;
    return restore(h, buf, len);
}

/* What the sequence above leaves, checked field by field. */
static void v1_fixture_keeps_its_config_and_time(void)
{
    th_host h;
    prod_manager *m = fixture_open(&h);
    REQUIRE(m);
    const prod_api *a = h.api;
    prod_manager_config c = {.struct_size = sizeof c};
    CHECK_OK(a->manager_config(m, &c));
    CHECK(c.tag == 42 && c.seed == 4242 && c.id_space == 17);
    CHECK(a->manager_time(m) == 1000);
    a->manager_destroy(m);
    th_close(&h);
}

/* ids[0..2] of the fixture's jobs in slot order; 0 after a failed check. */
static int fixture_jobs(th_host *h, prod_manager *m, prod_job_id ids[4])
{
    uint32_t n = 0;
    CHECK(h->api->job_count(m) == 3); /* mine (repeating), smelt, and the blocked press */
    return CHECK_OK(h->api->jobs_all(m, ids, 4, &n)) && CHECK(n == 3); /* slot order */
}

static void v1_fixture_mine_repeats_in_its_second_cycle(void)
{
    th_host h;
    prod_manager *m = fixture_open(&h);
    REQUIRE(m);
    prod_job_id ids[4];
    REQUIRE(fixture_jobs(&h, m, ids));
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(h.api->job_get(m, ids[0], 1000, &info));
    CHECK(info.recipe == th_recipe(&h, "mine") && info.repeat == 1 && info.cycles == 1);
    CHECK(info.start_time == 800 && info.end_time == 1500 && (ids[0] >> 40) == 17);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void v1_fixture_smelt_ends_at_1400(void)
{
    th_host h;
    prod_manager *m = fixture_open(&h);
    REQUIRE(m);
    prod_job_id ids[4];
    REQUIRE(fixture_jobs(&h, m, ids));
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(h.api->job_get(m, ids[1], 1000, &info));
    CHECK(info.recipe == th_recipe(&h, "smelt") && info.end_time == 1400 && info.repeat == 0);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void v1_fixture_press_holds_its_plates(void)
{
    th_host h;
    prod_manager *m = fixture_open(&h);
    REQUIRE(m);
    prod_job_id ids[4];
    REQUIRE(fixture_jobs(&h, m, ids));
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(h.api->job_get(m, ids[2], 1000, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1 && info.held[0].qty == 2);
    CHECK(info.held[0].item == th_item(&h, "plate"));
    h.api->manager_destroy(m);
    th_close(&h);
}

/* And it runs on: smelt completes at 1400, the mine cycle at 1500 (and
 * cannot restart: this host's inventory 1 is empty); press stays held. */
static void v1_fixture_runs_on_after_loading(void)
{
    th_host h;
    prod_manager *m = fixture_open(&h);
    REQUIRE(m);
    const prod_api *a = h.api;
    th_clear_events(&h);
    h.capacity[2] = 1;
    CHECK_OK(a->tick(m, 1500));
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 2);
    CHECK(h.n_events == 3 && h.events[0].time == 1400 && h.events[1].time == 1500);
    CHECK(th_count_events(&h, PROD_EVENT_FAILED, PROD_REASON_FAILED_TO_RESTART) == 1);
    CHECK(a->job_count(m) == 1);
    a->manager_destroy(m);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    FIXTURE = getenv("PROD_FIXTURE");
    if (argc > 2 && strcmp(argv[2], "--write-fixture") == 0 && FIXTURE) {
        RUN(fixture_is_written);
        return check_finish("it_persist (fixture written)");
    }
    RUN(saved_manager_holds_running_and_blocked_jobs);
    RUN(save_of_a_loaded_manager_gives_the_same_bytes);
    RUN(loaded_manager_has_the_saved_job_count_and_time);
    RUN(loaded_manager_keeps_its_config);
    RUN(loaded_jobs_equal_the_saved_ones_field_by_field);
    RUN(cancelled_job_stays_gone_after_a_load);
    RUN(loaded_manager_hands_out_the_same_next_id);
    RUN(loaded_jobs_share_snapshots_and_memory_counts_them);
    RUN(manager_memory_refuses_a_too_small_struct);
    RUN(manager_memory_writes_only_what_an_older_struct_holds);
    RUN(reloads_at_random_points_change_no_event_byte_or_item);
    RUN(random_scripts_make_many_events_and_reload_often);
    RUN(blocked_repeating_job_loaded_restarts_when_its_outputs_fit);
    RUN(restarted_cycle_after_a_load_is_due_and_completes);
    RUN(strict_load_refuses_a_removed_recipe_naming_it);
    RUN(default_load_cancels_the_jobs_of_a_removed_recipe);
    RUN(removed_recipes_jobs_give_their_inputs_back);
    RUN(refused_refund_of_a_removed_recipe_fails_the_job_listing_its_items);
    RUN(unknown_missing_recipe_policy_is_invalid);
    RUN(load_options_too_small_are_a_version_error);
    RUN(v1_fixture_keeps_its_config_and_time);
    RUN(v1_fixture_mine_repeats_in_its_second_cycle);
    RUN(v1_fixture_smelt_ends_at_1400);
    RUN(v1_fixture_press_holds_its_plates);
    RUN(v1_fixture_runs_on_after_loading);
    return check_finish("it_persist");
}
