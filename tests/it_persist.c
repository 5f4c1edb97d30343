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

static void load(th_host *h, const char *so, const char *json, uint32_t mods)
{
    char err[512];
    th_load(h, so);
    if (th_init(h, json, mods, err, sizeof err) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        exit(2);
    }
}

static uint8_t *save(th_host *h, prod_manager *m, size_t *len)
{
    uint8_t *b = NULL;
    prod_status st = h->api->serialize(m, &b, len);
    if (st != PROD_OK) {
        fprintf(stderr, "serialize: %s\n", h->api->manager_last_error(m));
        exit(2);
    }
    return b;
}

static prod_manager *restore(th_host *h, const uint8_t *b, size_t len)
{
    prod_manager *m = NULL;
    if (h->api->deserialize(h->ctx, b, len, NULL, &m) != PROD_OK) {
        fprintf(stderr, "deserialize: %s\n", h->api->last_error(h->ctx));
        exit(2);
    }
    return m;
}

/* Save, destroy, load: the manager continues from the bytes alone. */
static prod_manager *reload(th_host *h, prod_manager *m)
{
    size_t len;
    uint8_t *b = save(h, m, &len);
    h->api->manager_destroy(m);
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
    CHECK_OK(a->job_get(x, id, 5000, &p));
    CHECK_OK(a->job_get(y, id, 5000, &q));
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

static void test_round_trip(const char *so)
{
    th_host h;
    load(&h, so, RECIPES, 1);
    const prod_api *a = h.api;
    h.mods[0] = (prod_modifiers){0.5, 2.0, 0.8};
    fill(&h, 1);
    fill(&h, 2);
    h.capacity[2] = 60; /* inventory 2 fills up: its outputs block */
    prod_manager *m = th_manager(&h, 99, PROD_OUTPUT_HOLD);
    prod_job_id ids[6];
    CHECK_OK(a->start_repeating(m, th_recipe(&h, "mine"), 5, 1, 100, &ids[0]));
    CHECK_OK(a->start(m, th_recipe(&h, "smelt"), 5, 1, 100, &ids[1]));
    CHECK_OK(a->start(m, th_recipe(&h, "press"), 6, 1, 150, &ids[2]));
    CHECK_OK(a->start(m, th_recipe(&h, "press"), 6, 2, 150, &ids[3]));
    CHECK_OK(a->cancel(m, ids[2], PROD_REFUND_FULL, 200)); /* a free slot with a generation */
    CHECK_OK(a->start(m, th_recipe(&h, "smelt"), 7, 2, 200, &ids[4]));
    th_set(&h, 2, "plate", 55);  /* press in inventory 2 will not fit */
    CHECK_OK(a->tick(m, 600));
    CHECK(a->job_count(m) == 4);
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(a->job_get(m, ids[3], 600, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1);

    size_t len1, len2;
    uint8_t *b1 = save(&h, m, &len1);
    prod_manager *m2 = restore(&h, b1, len1);
    uint8_t *b2 = save(&h, m2, &len2);
    CHECK(len1 == len2 && memcmp(b1, b2, len1) == 0);
    CHECK(a->job_count(m2) == a->job_count(m));
    CHECK(a->manager_time(m2) == 600);
    prod_manager_config c1 = {.struct_size = sizeof c1}, c2 = {.struct_size = sizeof c2};
    CHECK_OK(a->manager_config(m, &c1));
    CHECK_OK(a->manager_config(m2, &c2));
    CHECK(c1.tag == c2.tag && c1.seed == 99 && c2.seed == 99 && c1.id_space == c2.id_space);
    CHECK(c2.output_policy == PROD_OUTPUT_HOLD);
    same_job(a, m, m2, ids[0]);
    same_job(a, m, m2, ids[1]);
    same_job(a, m, m2, ids[3]);
    same_job(a, m, m2, ids[4]);
    CHECK(a->job_get(m2, ids[2], 600, &info) == PROD_ERR_NOT_FOUND); /* cancelled stays gone */
    /* The next id is the same in both: the cancelled slot with its next generation. */
    prod_job_id n1, n2;
    CHECK_OK(a->start(m, th_recipe(&h, "gift"), 1, 1, 700, &n1));
    CHECK_OK(a->start(m2, th_recipe(&h, "gift"), 1, 1, 700, &n2));
    CHECK(n1 == n2 && n1 != ids[2]);

    prod_memory_stats ms = {.struct_size = sizeof ms};
    CHECK_OK(a->manager_memory(m2, &ms));
    CHECK(ms.job_count == 4 && ms.snapshot_count == 3); /* the two smelts share one */
    CHECK(ms.bytes_used > 0 && ms.bytes_used <= ms.bytes_reserved);
    ms.struct_size = 4;
    CHECK(a->manager_memory(m2, &ms) == PROD_ERR_VERSION);
    a->free_buffer(b1);
    a->free_buffer(b2);
    a->manager_destroy(m);
    a->manager_destroy(m2);
    th_close(&h);
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
 * Returns the final serialized state; the events stay in h. */
static uint8_t *run_script(th_host *h, uint64_t seed, int steps, uint32_t reload_odds,
                           size_t *len, int *reloads)
{
    const prod_api *a = h->api;
    xrng r = {seed}, when = {seed * 31 + 7}; /* reload points use their own stream */
    for (uint64_t inv = 0; inv < 4; inv++)
        fill(h, inv);
    h->capacity[3] = 80;
    prod_manager *m = th_manager(h, seed, xr(&r, 2));
    int64_t now = xr(&r, 1000);
    prod_job_id started[64];
    uint32_t n_started = 0;
    *reloads = 0;
    for (int i = 0; i < steps; i++) {
        if (reload_odds && xr(&when, 1000) < reload_odds) {
            m = reload(h, m);
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

static void test_determinism(const char *so)
{
    int total_reloads = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        th_host x, y;
        load(&x, so, RECIPES, 0);
        load(&y, so, RECIPES, 0);
        size_t lx, ly;
        int rx, ry;
        uint8_t *bx = run_script(&x, seed, 400, 0, &lx, &rx);
        uint8_t *by = run_script(&y, seed, 400, 30, &ly, &ry);
        CHECK(ry > 0);
        total_reloads += ry;
        CHECK(x.n_events > 100);
        CHECK(same_events(&x, &y));
        CHECK(lx == ly && memcmp(bx, by, lx) == 0);
        CHECK(memcmp(x.counts, y.counts, sizeof x.counts) == 0);
        x.api->free_buffer(bx);
        y.api->free_buffer(by);
        th_close(&x);
        th_close(&y);
    }
    CHECK(total_reloads > 50);
}

/* A loaded manager whose only job is a blocked repeating one has an empty
 * queue; delivering its outputs restarts it, which needs queue room the load
 * never made. (deserialize fuzzer, fuzz/regressions/deserialize/crash-236a...:
 * a NULL queue write before the fix.) */
static void test_blocked_repeat_after_load(const char *so)
{
    th_host h;
    load(&h, so, RECIPES, 0);
    const prod_api *a = h.api;
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    fill(&h, 1);
    h.capacity[1] = th_total(&h, 1); /* full: the first cycle's ore is held */
    CHECK_OK(a->start_repeating(m, th_recipe(&h, "mine"), 1, 1, 0, NULL));
    CHECK_OK(a->tick(m, 700));
    CHECK(th_count_events(&h, PROD_EVENT_OUTPUT_BLOCKED, -1) == 1);
    m = reload(&h, m);
    h.capacity[1] = 0;
    th_clear_events(&h);
    CHECK_OK(a->tick(m, 800)); /* delivered at 800, the next cycle starts then */
    CHECK(h.n_events == 2 && h.events[0].type == PROD_EVENT_COMPLETED);
    CHECK(h.events[1].type == PROD_EVENT_RESTARTED && h.events[1].time == 800);
    int64_t due = 0;
    CHECK_OK(a->next_due(m, &due));
    CHECK(due == 1500);
    CHECK_OK(a->tick(m, 1500));
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 2);
    a->manager_destroy(m);
    th_close(&h);
}

/* --- recipes that are gone ------------------------------------------------ */

static uint8_t *state_with_smelting(const char *so, size_t *len)
{
    th_host h;
    load(&h, so, RECIPES, 0);
    fill(&h, 1);
    prod_manager *m = th_manager(&h, 3, PROD_OUTPUT_HOLD);
    CHECK_OK(h.api->start(m, th_recipe(&h, "smelt"), 4, 1, 10, NULL));   /* takes 2 ore */
    CHECK_OK(h.api->start(m, th_recipe(&h, "press"), 4, 1, 10, NULL));   /* takes 1 ingot */
    CHECK_OK(h.api->start_repeating(m, th_recipe(&h, "smelt"), 4, 1, 20, NULL));
    uint8_t *b0 = save(&h, m, len);
    uint8_t *b = malloc(*len);
    memcpy(b, b0, *len);
    h.api->free_buffer(b0);
    h.api->manager_destroy(m);
    th_close(&h);
    return b;
}

static void test_missing_recipe(const char *so)
{
    size_t len;
    uint8_t *b = state_with_smelting(so, &len);
    th_host h;
    load(&h, so, RECIPES_NO_SMELT, 0);
    prod_manager *m = NULL;
    prod_load_options strict = {sizeof strict, PROD_LOAD_OPTIONS_VERSION,
                                PROD_MISSING_RECIPE_ERROR, 0};
    CHECK(h.api->deserialize(h.ctx, b, len, &strict, &m) == PROD_ERR_NOT_FOUND && !m);
    CHECK(strstr(h.api->last_error(h.ctx), "\"smelt\"") != NULL);
    CHECK(h.n_events == 0 && h.add_calls == 0);

    CHECK_OK(h.api->deserialize(h.ctx, b, len, NULL, &m)); /* default: refund */
    CHECK(h.api->job_count(m) == 1);                     /* only press is left */
    CHECK(th_count_events(&h, PROD_EVENT_CANCELLED, PROD_REASON_RECIPE_REMOVED) == 2);
    CHECK(th_count(&h, 1, "ore") == 4);                   /* 2 + 2 given back */
    CHECK(h.events[0].recipe == PROD_RECIPE_NONE && h.events[0].n == 1);
    CHECK(h.events[0].items[0].qty == 2 && h.events[0].items[0].item == th_item(&h, "ore"));
    h.api->manager_destroy(m);

    /* The inventory refuses the refund: FAILED with the items listed. */
    th_clear_events(&h);
    h.add_rc = PROD_HOST_FULL;
    CHECK_OK(h.api->deserialize(h.ctx, b, len, NULL, &m));
    CHECK(th_count_events(&h, PROD_EVENT_FAILED, PROD_REASON_RECIPE_REMOVED) == 2);
    CHECK(h.events[1].n == 1 && h.events[1].items[0].qty == 2);
    h.api->manager_destroy(m);
    h.add_rc = -1;

    prod_load_options bad = strict;
    bad.missing_recipe = 7;
    CHECK(h.api->deserialize(h.ctx, b, len, &bad, &m) == PROD_ERR_INVALID_ARGUMENT);
    bad = strict;
    bad.struct_size = 4;
    CHECK(h.api->deserialize(h.ctx, b, len, &bad, &m) == PROD_ERR_VERSION);
    free(b);
    th_close(&h);
}

/* --- the checked-in v1 fixture -------------------------------------------- */

/* tests/fixtures/v1_manager.msgpack was written by plugin 0.2.0 (format 1.0)
 * from exactly this sequence; if the format changes, this must keep loading. */
static prod_manager *fixture_sequence(th_host *h)
{
    const prod_api *a = h->api;
    fill(h, 1);
    fill(h, 2);
    h->capacity[2] = 60;
    prod_manager_config c = {sizeof c, PROD_MANAGER_CONFIG_VERSION, 42, 4242, 17,
                             PROD_OUTPUT_HOLD};
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

static void test_fixture(const char *so, const char *path, int write)
{
    th_host h;
    load(&h, so, RECIPES, 0);
    const prod_api *a = h.api;
    if (write) {
        prod_manager *m = fixture_sequence(&h);
        size_t len;
        uint8_t *b = save(&h, m, &len);
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(b, 1, len, f) == len && fclose(f) == 0);
        a->free_buffer(b);
        a->manager_destroy(m);
        th_close(&h);
        return;
    }
    FILE *f = fopen(path, "rb");
    uint8_t buf[4096];
    size_t len = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    CHECK(len > 100);
    prod_manager *m = restore(&h, buf, len);
    /* What the sequence above leaves, checked field by field. */
    prod_manager_config c = {.struct_size = sizeof c};
    CHECK_OK(a->manager_config(m, &c));
    CHECK(c.tag == 42 && c.seed == 4242 && c.id_space == 17);
    CHECK(a->manager_time(m) == 1000);
    CHECK(a->job_count(m) == 3); /* mine (repeating), smelt, and the blocked press */
    prod_job_id ids[4];
    uint32_t n = 0;
    CHECK_OK(a->jobs_all(m, ids, 4, &n)); /* slot order */
    CHECK(n == 3);
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(a->job_get(m, ids[0], 1000, &info));
    CHECK(info.recipe == th_recipe(&h, "mine") && info.repeat == 1 && info.cycles == 1);
    CHECK(info.start_time == 800 && info.end_time == 1500 && (ids[0] >> 40) == 17);
    CHECK_OK(a->job_get(m, ids[1], 1000, &info));
    CHECK(info.recipe == th_recipe(&h, "smelt") && info.end_time == 1400 && info.repeat == 0);
    CHECK_OK(a->job_get(m, ids[2], 1000, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1 && info.held[0].qty == 2);
    CHECK(info.held[0].item == th_item(&h, "plate"));
    /* And it runs on: smelt completes at 1400, the mine cycle at 1500 (and
     * cannot restart: this host's inventory 1 is empty); press stays held. */
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
    const char *fixture = getenv("PROD_FIXTURE");
    if (argc > 2 && strcmp(argv[2], "--write-fixture") == 0 && fixture) {
        test_fixture(argv[1], fixture, 1);
        return th_finish("it_persist (fixture written)");
    }
    test_round_trip(argv[1]);
    test_determinism(argv[1]);
    test_missing_recipe(argv[1]);
    test_blocked_repeat_after_load(argv[1]);
    if (fixture)
        test_fixture(argv[1], fixture, 0);
    else
        CHECK(!"PROD_FIXTURE is not set");
    return th_finish("it_persist");
}
