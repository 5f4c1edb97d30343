/* it_coord_persist.c - coord_serialize / coord_deserialize through the real
 * .so: exact round trips (the same bytes again), determinism (random worlds
 * run straight through and with save -> destroy -> load at random points
 * give the same events, the same final bytes and balanced accounts), the
 * checked-in fixture (tests/fixtures/coord_v1.msgpack, written by
 * --write-fixture), and hostile bytes (every truncation, damage at every
 * byte, forged references, unknown items, other versions). */
#include <string.h>

#include "testworld.h"

static const char *SO, *FIXTURE;

/* The world of three products (tw_products). */
static int world(tw *w, const prod_coord_config *cfg)
{
    if (!tw_open(w, SO, TW_SPACETRADERS, cfg, 0))
        return 0;
    tw_products(w);
    return 1;
}

static uint8_t *save(tw *w, size_t *len)
{
    uint8_t *b = NULL;
    if (!CHECK_OK(w->h.api->coord_serialize(w->c, &b, len)))
        fprintf(stderr, "coord_serialize: %s\n", w->h.api->coord_last_error(w->c));
    return b;
}

/* --- random worlds --------------------------------------------------------------- */

typedef struct xrng {
    uint64_t s;
} xrng;

static uint32_t xr(xrng *r, uint32_t n) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (uint32_t)((z ^ (z >> 31)) % n);
}

static const char *const PRODUCTS[] = {"MACHINERY", "ELECTRONICS", "COPPER"};

/* One random thing the host does. */
static void random_op(tw *w, xrng *r, uint64_t *next_worker)
{
    const prod_api *a = w->h.api;
    uint32_t op = xr(r, 20);
    if (op < 3) {
        (void)a->coord_plan(w->c, tw_item(w, PRODUCTS[xr(r, 3)]), w->now, NULL);
    } else if (op == 3 && *next_worker < TW_WORKERS) {
        tw_worker_add(w, (*next_worker)++, 1 + xr(r, 8), 20 + xr(r, 40));
    } else if (op == 4 && w->nw) {
        tw_worker *k = &w->w[xr(r, w->nw)];
        if (k->live && a->coord_worker_remove(w->c, k->id, w->now) == PROD_OK)
            k->live = 0;
    } else if (op == 5 && w->nw) {
        w->w[xr(r, w->nw)].fail_next = 1 + xr(r, 4);
    } else if (op == 6) {
        w->e[xr(r, w->n)].supply = 1 + xr(r, 5);
    } else if (op == 7) {
        uint64_t ids[64];
        uint32_t n = 0;
        (void)a->coord_pipelines(w->c, ids, 64, &n);
        if (n)
            (void)a->coord_cancel(w->c, ids[xr(r, n < 64 ? n : 64)], w->now);
    } else if (op == 8) {
        prod_coord_config u = tw_cfg(PROD_COORD_FIELD_PRESET, 1 + xr(r, 3));
        (void)a->coord_config_set(w->c, &u, w->now);
    }
}

/* `steps` random steps of up to 20 s; with reload_odds > 0 the coordinator
 * is saved, destroyed and loaded before a step with that chance in 1000.
 * Returns the final bytes (NULL after a failed check). */
static uint8_t *run_script(tw *w, uint64_t seed, int steps, uint32_t reload_odds, size_t *len,
                           int *reloads)
{
    prod_coord_config cfg = tw_cfg(PROD_COORD_FIELD_KEEP_FINISHED, 10000);
    cfg.fields |= PROD_COORD_F(PROD_COORD_FIELD_MAX_PIPELINES) |
                  PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY);
    cfg.max_pipelines = 6;
    cfg.scan_every_ms = 90000;
    if (!world(w, &cfg))
        return NULL;
    xrng r = {seed}, when = {seed * 31 + 7};
    uint64_t next_worker = 1;
    *reloads = 0;
    for (int i = 0; i < 4; i++)
        tw_worker_add(w, next_worker++, 1 + xr(&r, 8), 40);
    for (int i = 0; i < steps; i++) {
        if (reload_odds && xr(&when, 1000) < reload_odds) {
            if (!tw_reload(w))
                return NULL;
            (*reloads)++;
        }
        random_op(w, &r, &next_worker);
        tw_step(w, w->now + 1 + xr(&r, 20000));
    }
    return save(w, len);
}

static int same_events(const tw *x, const tw *y)
{
    for (size_t i = 0; i < x->nev && i < y->nev; i++)
        if (memcmp(&x->ev[i], &y->ev[i], sizeof x->ev[i]) != 0) {
            fprintf(stderr, "event %zu differs: type %u/%u task %llx/%llx time %lld/%lld\n", i,
                    x->ev[i].type, y->ev[i].type, (unsigned long long)x->ev[i].task,
                    (unsigned long long)y->ev[i].task, (long long)x->ev[i].time,
                    (long long)y->ev[i].time);
            return 0;
        }
    return x->nev == y->nev;
}

static void reloads_at_random_points_change_no_event_or_byte(void)
{
    for (uint64_t seed = 1; seed <= 8; seed++) {
        tw x, y;
        size_t lx = 0, ly = 0;
        int rx = 0, ry = 0; /* set by run_script once its world is open */
        uint8_t *bx = run_script(&x, seed, 600, 0, &lx, &rx);
        uint8_t *by = run_script(&y, seed, 600, 25, &ly, &ry);
        REQUIRE(bx && by);
        CHECK(ry > 0 && x.nev > 500);
        CHECK(same_events(&x, &y));
        CHECK(lx == ly && memcmp(bx, by, lx) == 0);
        x.h.api->free_buffer(bx);
        y.h.api->free_buffer(by);
        tw_close(&x);
        tw_close(&y);
    }
}

/* Cargo bought (or found) is delivered, sold, liquidated, lost or still
 * held, in every pipeline and in the coordinator's counters. */
static void random_worlds_keep_their_cargo_accounts(void)
{
    for (uint64_t seed = 11; seed <= 16; seed++) {
        tw w;
        size_t len = 0;
        int reloads;
        uint8_t *b = run_script(&w, seed, 600, 10, &len, &reloads);
        REQUIRE(b);
        w.h.api->free_buffer(b);
        uint64_t ids[4096];
        uint32_t n = 0, checked = 0;
        CHECK_OK(w.h.api->coord_pipelines(w.c, ids, 4096, &n));
        uint64_t held = 0;
        for (uint32_t i = 0; i < n && i < 4096; i++) {
            prod_pipeline_status *s = tw_status(&w, ids[i]);
            if (!s)
                continue;
            checked += s->units_bought > 0;
            CHECK(s->units_bought + s->units_found ==
                  s->units_delivered + s->units_sold + s->units_liquidated + s->units_lost +
                      s->units_held);
            held += s->units_held;
            w.h.api->free_buffer(s);
        }
        prod_coord_stats st = {.struct_size = sizeof st};
        CHECK_OK(w.h.api->coord_stats(w.c, &st));
        CHECK(st.units_bought + st.units_found == st.units_delivered + st.units_sold +
                                                      st.units_liquidated + st.units_lost + held);
        CHECK(checked > 3 && st.tasks_completed > 50);
        tw_close(&w);
    }
}

/* --- exact round trips ------------------------------------------------------------------- */

/* A coordinator in the middle of things: workers on their way and holding
 * cargo, factories polled, a pending update and a history, a cancelled
 * pipeline; its bytes into *b1. */
static int middle(tw *w, uint8_t **b1, size_t *l1)
{
    if (!world(w, NULL))
        return 0;
    for (uint64_t k = 1; k <= 5; k++)
        tw_worker_add(w, k, k, 40);
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_PRESET, PROD_COORD_PRESET_AGGRESSIVE);
    CHECK_OK(w->h.api->coord_config_set(w->c, &u, 0));
    tw_run(w, 150000, 3000);
    u = tw_cfg(PROD_COORD_FIELD_MAX_WORKERS, 4);
    CHECK_OK(w->h.api->coord_config_set(w->c, &u, w->now)); /* left pending */
    *b1 = save(w, l1);
    return *b1 != NULL;
}

static void a_loaded_coordinator_saves_the_same_bytes(void)
{
    tw w;
    uint8_t *b1 = NULL, *b2 = NULL;
    size_t l1 = 0, l2 = 0;
    REQUIRE(middle(&w, &b1, &l1));
    REQUIRE(tw_reload(&w));
    b2 = save(&w, &l2);
    CHECK(b2 && l1 == l2 && memcmp(b1, b2, l1) == 0);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(w.h.api->coord_stats(w.c, &st));
    CHECK(st.config_pending == 1 && st.time == w.now && st.workers == 5 && st.pipelines > 0);
    prod_coord_config_change h[PROD_COORD_HISTORY];
    uint32_t n = 0;
    CHECK_OK(w.h.api->coord_config_history(w.c, h, PROD_COORD_HISTORY, &n));
    CHECK(n == 3 && h[0].field == PROD_COORD_FIELD_COLLECT_START); /* the preset's changes */
    w.h.api->free_buffer(b1);
    w.h.api->free_buffer(b2);
    tw_close(&w);
}

static void a_loaded_coordinator_goes_on_as_the_original(void)
{
    tw x, y;
    uint8_t *bx = NULL, *by = NULL;
    size_t lx = 0, ly = 0;
    REQUIRE(middle(&x, &bx, &lx) && middle(&y, &by, &ly));
    REQUIRE(tw_reload(&y));
    size_t from = x.nev;
    tw_run(&x, 700000, 3000);
    tw_run(&y, 700000, 3000);
    CHECK(x.nev > from + 20 && same_events(&x, &y));
    x.h.api->free_buffer(bx);
    y.h.api->free_buffer(by);
    tw_close(&x);
    tw_close(&y);
}

/* --- the fixture ---------------------------------------------------------------------------- */

/* tests/fixtures/coord_v1.msgpack was written by plugin 0.4.0 (coordinator
 * format 1.0) from this sequence; it must keep loading. */
static int fixture_sequence(tw *w)
{
    prod_coord_config cfg = tw_cfg(PROD_COORD_FIELD_TAG, 4242);
    if (!world(w, &cfg))
        return 0;
    for (uint64_t k = 1; k <= 3; k++)
        tw_worker_add(w, 10 * k, k, 30);
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_COLLECT_START, PROD_SUPPLY_HIGH);
    CHECK_OK(w->h.api->coord_config_set(w->c, &u, 0));
    tw_run(w, 90000, 5000);
    return 1;
}

static void fixture_is_written(void)
{
    tw w;
    REQUIRE(fixture_sequence(&w));
    size_t len = 0;
    uint8_t *b = save(&w, &len);
    REQUIRE(b);
    FILE *f = fopen(FIXTURE, "wb");
    CHECK(f && fwrite(b, 1, len, f) == len && fclose(f) == 0);
    w.h.api->free_buffer(b);
    tw_close(&w);
}

static void fixture_loads_with_its_state(void)
{
    REQUIRE(FIXTURE);
    char *bytes = NULL;
    FILE *f = fopen(FIXTURE, "rb");
    uint8_t buf[65536];
    size_t len = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    REQUIRE(len > 200);
    (void)bytes;
    tw w;
    REQUIRE(world(&w, NULL));
    w.h.api->coord_destroy(w.c);
    w.c = NULL;
    REQUIRE_OK(w.h.api->coord_deserialize(w.h.ctx, buf, len, &w.c));
    prod_coord_config cfg = {.struct_size = sizeof cfg};
    CHECK_OK(w.h.api->coord_config_get(w.c, PROD_COORD_CONFIG_EFFECTIVE, &cfg));
    CHECK(cfg.tag == 4242 && cfg.collect_start_supply == PROD_SUPPLY_HIGH);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(w.h.api->coord_stats(w.c, &st));
    CHECK(st.time == 90000 && st.workers == 3 && st.pipelines >= 1 && st.tasks_completed >= 2);
    uint8_t *again = NULL;
    size_t alen = 0;
    CHECK_OK(w.h.api->coord_serialize(w.c, &again, &alen));
    CHECK(alen == len && again && memcmp(again, buf, len) == 0);
    w.h.api->free_buffer(again);
    w.now = 90000; /* it goes on: the fixture's workers are re-registered by the world */
    CHECK_OK(w.h.api->coord_tick(w.c, 200000));
    tw_close(&w);
}

/* --- hostile bytes ------------------------------------------------------------------------------ */

static prod_status load(tw *w, const uint8_t *b, size_t len, prod_coordinator **out)
{
    *out = NULL;
    prod_status st = w->h.api->coord_deserialize(w->h.ctx, b, len, out);
    if (st != PROD_OK)
        CHECK(!*out && w->h.api->last_error(w->h.ctx)[0]);
    return st;
}

static void every_truncation_is_refused_and_creates_nothing(void)
{
    tw w;
    uint8_t *b = NULL;
    size_t len = 0;
    REQUIRE(middle(&w, &b, &len));
    size_t events = w.nev;
    int refused = 1;
    for (size_t n = 0; n < len; n++) {
        prod_coordinator *c;
        refused &= load(&w, b, n, &c) == PROD_ERR_FORMAT;
        w.h.api->coord_destroy(c);
    }
    CHECK(refused && w.nev == events);
    w.h.api->free_buffer(b);
    tw_close(&w);
}

static void damage_at_every_byte_loads_or_fails_cleanly(void)
{
    tw w;
    uint8_t *b = NULL;
    size_t len = 0;
    REQUIRE(middle(&w, &b, &len));
    uint8_t *d = malloc(len);
    REQUIRE(d);
    int loads = 0, ok = 1;
    for (size_t i = 0; i < len; i++) {
        for (int v = 0; v < 3; v++) {
            static const uint8_t X[] = {0xff, 0x01, 0xc0};
            memcpy(d, b, len);
            d[i] ^= X[v];
            prod_coordinator *c;
            if (load(&w, d, len, &c) != PROD_OK)
                continue;
            loads++;
            uint8_t *again = NULL;
            size_t alen;
            ok &= w.h.api->coord_serialize(c, &again, &alen) == PROD_OK;
            w.h.api->free_buffer(again);
            ok &= w.h.api->coord_tick(c, PROD_TIME_MAX) >= 0;
            w.h.api->coord_destroy(c);
        }
    }
    CHECK(ok && loads > 0);
    free(d);
    w.h.api->free_buffer(b);
    tw_close(&w);
}

/* Bytes edited in place: the first occurrence of `from` (n bytes) becomes `to`. */
static int patch(uint8_t *b, size_t len, const uint8_t *from, const uint8_t *to, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(b + i, from, n) == 0) {
            memcpy(b + i, to, n);
            return 1;
        }
    return 0;
}

static void forged_and_foreign_saves_are_refused(void)
{
    tw w;
    uint8_t *b = NULL;
    size_t len = 0;
    REQUIRE(middle(&w, &b, &len));
    uint8_t *d = malloc(len + 1);
    REQUIRE(d);
    prod_coordinator *c;
    memcpy(d, b, len);
    CHECK(patch(d, len, (const uint8_t *)"PRODCOORD", (const uint8_t *)"PRODSAVE!", 9) &&
          load(&w, d, len, &c) == PROD_ERR_FORMAT);
    memcpy(d, b, len);
    d[11] = 2; /* format major 2 (the header: array, 10-byte magic, major) */
    CHECK(load(&w, d, len, &c) == PROD_ERR_VERSION);
    memcpy(d, b, len);
    d[len] = 0;
    CHECK(load(&w, d, len + 1, &c) == PROD_ERR_FORMAT &&
          strstr(w.h.api->last_error(w.h.ctx), "follow"));
    memcpy(d, b, len);
    CHECK(patch(d, len, (const uint8_t *)"\xa4IRON", (const uint8_t *)"\xa4IROX", 5) &&
          load(&w, d, len, &c) == PROD_ERR_NOT_FOUND &&
          strstr(w.h.api->last_error(w.h.ctx), "IROX"));
    CHECK(load(&w, NULL, 0, &c) == PROD_ERR_FORMAT);
    CHECK(w.h.api->coord_deserialize(w.h.ctx, NULL, 5, &c) == PROD_ERR_INVALID_ARGUMENT);
    free(d);
    w.h.api->free_buffer(b);
    tw_close(&w);
}

/* Offsets of cargo-accounts records `[bought, delivered, sold, liquidated,
 * lost, found]` of small values with something bought (msgpack: 0x96 and six
 * positive fixints); at most cap. */
static size_t units_records(const uint8_t *b, size_t len, size_t *at, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i + 7 <= len && n < cap; i++) {
        int small = b[i] == 0x96;
        for (size_t k = 1; small && k <= 6; k++)
            small = b[i + k] <= 0x7f;
        if (small && b[i + 1] > 0)
            at[n++] = i;
    }
    return n;
}

static int refused_unbalanced(tw *w, const uint8_t *d, size_t len)
{
    prod_coordinator *c;
    int no = load(w, d, len, &c) == PROD_ERR_FORMAT &&
             strstr(w->h.api->last_error(w->h.ctx), "cargo accounts do not balance");
    w->h.api->coord_destroy(c);
    return no;
}

/* One unit fewer bought, in a pipeline's accounts or the coordinator's, no
 * longer matches where the cargo went; nor does a sum past 2^64 - 1. */
static void saves_whose_cargo_accounts_do_not_balance_are_refused(void)
{
    tw w;
    uint8_t *b = NULL;
    size_t len = 0;
    REQUIRE(middle(&w, &b, &len));
    uint8_t *d = malloc(len + 8);
    REQUIRE(d);
    size_t at[64], n = units_records(b, len, at, 64);
    uint32_t refused = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(d, b, len);
        d[at[i] + 1]--;
        refused += (uint32_t)refused_unbalanced(&w, d, len);
    }
    CHECK(refused >= 2); /* at least a pipeline's and the coordinator's */
    REQUIRE(n > 0);
    size_t u = at[0]; /* bought becomes 2^64 - 1 (uint 64), found 1 */
    memcpy(d, b, u + 1);
    d[u + 1] = 0xcf;
    memset(d + u + 2, 0xff, 8);
    memcpy(d + u + 10, b + u + 2, len - u - 2);
    d[u + 6 + 8] = 1;
    CHECK(refused_unbalanced(&w, d, len + 8));
    free(d);
    w.h.api->free_buffer(b);
    tw_close(&w);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    FIXTURE = getenv("PROD_COORD_FIXTURE");
    if (argc > 2 && strcmp(argv[2], "--write-fixture") == 0 && FIXTURE) {
        RUN(fixture_is_written);
        return check_finish("it_coord_persist (fixture written)");
    }
    RUN(a_loaded_coordinator_saves_the_same_bytes);
    RUN(a_loaded_coordinator_goes_on_as_the_original);
    RUN(reloads_at_random_points_change_no_event_or_byte);
    RUN(random_worlds_keep_their_cargo_accounts);
    RUN(fixture_loads_with_its_state);
    RUN(every_truncation_is_refused_and_creates_nothing);
    RUN(damage_at_every_byte_loads_or_fails_cleanly);
    RUN(forged_and_foreign_saves_are_refused);
    RUN(saves_whose_cargo_accounts_do_not_balance_are_refused);
    return check_finish("it_coord_persist");
}
