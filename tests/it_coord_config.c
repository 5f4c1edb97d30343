/* it_coord_config.c - runtime configuration (seed 004) through the real
 * .so: the design's defaults, MeetsOrExceeds for every ordering of supply
 * levels (through the START threshold of an ACQUIRE), partial updates,
 * validation (a clear error and nothing changed), presets, a live update
 * changing behaviour at the next tick, the bounded history, persistence of
 * the effective and pending configuration, and context-wide defaults that
 * a coordinator overrides. */
#include <math.h>
#include <string.h>

#include "testworld.h"

static const char *SO;
static tw W;

/* IRON sold at 11 (supply given), a factory at 12, MACHINERY bought at 13. */
static int iron_world(uint32_t supply, const prod_coord_config *cfg)
{
    if (!tw_open(&W, SO, TW_SPACETRADERS, cfg, 0))
        return 0;
    tw_add(&W, 11, "IRON", PROD_QUOTE_SELLS, 10, 0, supply, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 12, "IRON", PROD_QUOTE_BUYS, 0, 12, 2, PROD_ACTIVITY_STRONG, 30);
    tw_factory(&W, tw_add(&W, 12, "MACHINERY", PROD_QUOTE_SELLS, 50, 0, 0, PROD_ACTIVITY_STRONG, 30),
               60000, "IRON", NULL);
    tw_add(&W, 13, "MACHINERY", PROD_QUOTE_BUYS, 0, 100, 2, PROD_ACTIVITY_WEAK, 30);
    return 1;
}

static prod_coord_config get(uint32_t which)
{
    prod_coord_config c = {.struct_size = sizeof c};
    CHECK_OK(W.h.api->coord_config_get(W.c, which, &c));
    return c;
}

static prod_status set(uint32_t field, double v)
{
    prod_coord_config u = tw_cfg(field, v);
    return W.h.api->coord_config_set(W.c, &u, W.now);
}

static void defaults_are_the_designs(void)
{
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    prod_coord_config c = get(PROD_COORD_CONFIG_EFFECTIVE);
    CHECK(c.struct_size == sizeof c && c.fields == PROD_COORD_F_ALL);
    CHECK(c.max_pipelines == 3 && c.max_workers == 5);
    CHECK(c.collect_start_supply == PROD_SUPPLY_ABUNDANT &&
          c.collect_execute_supply == PROD_SUPPLY_HIGH);
    CHECK(c.acquire_start_supply == PROD_SUPPLY_MODERATE &&
          c.acquire_execute_supply == PROD_SUPPLY_LIMITED);
    CHECK(c.strategy == PROD_STRATEGY_ADAPTIVE && c.max_retries == 3 && c.min_purchase_price == 0);
    CHECK(c.poll_first_ms == 30000 && c.poll_every_ms == 60000 && c.long_wait_polls == 20);
    CHECK(c.scan_every_ms == 120000 && c.retry_backoff_ms == 5000 && c.tick_budget == 10000);
    CHECK(c.margin_drop_pct == 20 && c.keep_finished == 16);
    CHECK(c.preset == PROD_COORD_PRESET_BALANCED);
    tw_close(&W);
}

/* MeetsOrExceeds: a source at supply s meets a START threshold t exactly
 * when s >= t (SCARCE 1 < LIMITED < MODERATE < HIGH < ABUNDANT 5); an
 * unknown supply (0) meets none. Every pair, one coordinator each. */
static void supply_levels_meet_or_exceed_in_every_ordering(void)
{
    int right = 1, pairs = 0;
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    const prod_api *a = W.h.api;
    for (uint32_t s = PROD_SUPPLY_UNKNOWN; s <= PROD_SUPPLY_ABUNDANT; s++) {
        for (uint32_t t = PROD_SUPPLY_SCARCE; t <= PROD_SUPPLY_ABUNDANT; t++) {
            prod_coord_config c = tw_cfg(PROD_COORD_FIELD_ACQUIRE_START, t);
            c.fields |= PROD_COORD_F(PROD_COORD_FIELD_ACQUIRE_EXECUTE);
            c.acquire_execute_supply = PROD_SUPPLY_SCARCE;
            a->coord_destroy(W.c);
            REQUIRE_OK(a->coord_create(W.h.ctx, &c, &W.c));
            W.e[0].supply = s;
            W.nev = 0;
            W.nw = 0;
            tw_worker_add(&W, 1, 11, 40);
            W.w[0].hold = 1;
            W.e[0].supply = PROD_SUPPLY_HIGH; /* planned with a source bought at HIGH */
            REQUIRE_OK(a->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
            W.e[0].supply = s;
            REQUIRE_OK(a->coord_tick(W.c, 0));
            int assigned = tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 1;
            right &= assigned == (s >= t && s != PROD_SUPPLY_UNKNOWN);
            pairs++;
        }
    }
    CHECK(right && pairs == 30);
    tw_close(&W);
}

static void partial_update_changes_only_the_given_field(void)
{
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    prod_coord_config before = get(PROD_COORD_CONFIG_EFFECTIVE);
    REQUIRE_OK(set(PROD_COORD_FIELD_MAX_WORKERS, 8));
    prod_coord_config after = get(PROD_COORD_CONFIG_PENDING);
    CHECK(after.max_workers == 8);
    after.max_workers = before.max_workers;
    CHECK(memcmp(&before, &after, sizeof before) == 0);
    CHECK(get(PROD_COORD_CONFIG_EFFECTIVE).max_workers == 5); /* until the next tick */
    REQUIRE_OK(set(PROD_COORD_FIELD_MAX_PIPELINES, 7)); /* over the pending one */
    CHECK(get(PROD_COORD_CONFIG_PENDING).max_workers == 8 &&
          get(PROD_COORD_CONFIG_PENDING).max_pipelines == 7);
    tw_close(&W);
}

typedef struct bad_update {
    uint32_t field;
    double value;
    const char *named;
} bad_update;

static void invalid_updates_are_refused_naming_the_field_and_change_nothing(void)
{
    static const bad_update BAD[] = {
        {PROD_COORD_FIELD_COLLECT_START, 0, "collect_start_supply"},
        {PROD_COORD_FIELD_ACQUIRE_EXECUTE, 6, "acquire_execute_supply"},
        {PROD_COORD_FIELD_COLLECT_START, PROD_SUPPLY_MODERATE, "below collect_execute_supply"},
        {PROD_COORD_FIELD_ACQUIRE_EXECUTE, PROD_SUPPLY_HIGH, "acquire_start_supply MODERATE is below"},
        {PROD_COORD_FIELD_MAX_WORKERS, 0, "max_workers"},
        {PROD_COORD_FIELD_MAX_PIPELINES, 100001, "max_pipelines"},
        {PROD_COORD_FIELD_STRATEGY, PROD_STRATEGY_MIN_COST, "strategy"},
        {PROD_COORD_FIELD_PRESET, 9, "preset"},
        {PROD_COORD_FIELD_POLL_EVERY, 0, "poll_every_ms"},
        {PROD_COORD_FIELD_RETRY_BACKOFF, -1, "retry_backoff_ms"},
        {PROD_COORD_FIELD_MARGIN_DROP, 101, "margin_drop_pct"},
        {PROD_COORD_FIELD_MIN_PURCHASE_PRICE, -1, "min_purchase_price"},
        {PROD_COORD_FIELD_TAG, 5, "tag"},
    };
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    prod_coord_config before = get(PROD_COORD_CONFIG_PENDING);
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        prod_status st = set(BAD[i].field, BAD[i].value);
        const char *why = W.h.api->coord_last_error(W.c);
        if (!CHECK(st == PROD_ERR_INVALID_ARGUMENT && strstr(why, BAD[i].named)))
            fprintf(stderr, "  update %zu: %d \"%s\"\n", i, st, why);
    }
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_MIN_PURCHASE_PRICE, NAN);
    CHECK(W.h.api->coord_config_set(W.c, &u, 0) == PROD_ERR_INVALID_ARGUMENT);
    u.fields = (uint64_t)1 << 40;
    CHECK(W.h.api->coord_config_set(W.c, &u, 0) == PROD_ERR_INVALID_ARGUMENT);
    u = tw_cfg(PROD_COORD_FIELD_MAX_WORKERS, 2);
    u.struct_size = 16;
    CHECK(W.h.api->coord_config_set(W.c, &u, 0) == PROD_ERR_VERSION);
    prod_coord_config after = get(PROD_COORD_CONFIG_PENDING);
    CHECK(memcmp(&before, &after, sizeof before) == 0);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.config_pending == 0);
    tw_close(&W);
}

/* min_purchase_price has no upper bound: a price past every integer type
 * (found by fuzz_coordinator in a save's settings) is kept as it is, in an
 * update, in effect and across a save and load (under UBSan: converted to
 * no integer on the way). */
static void a_huge_min_purchase_price_is_kept_exactly(void)
{
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_MIN_PURCHASE_PRICE, 1e34);
    CHECK_OK(W.h.api->coord_config_set(W.c, &u, 0));
    CHECK(get(PROD_COORD_CONFIG_PENDING).min_purchase_price == 1e34);
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    REQUIRE(tw_reload(&W));
    CHECK(get(PROD_COORD_CONFIG_EFFECTIVE).min_purchase_price == 1e34);
    tw_close(&W);
}

static void start_and_execute_move_together_in_one_update(void)
{
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_ACQUIRE_START, PROD_SUPPLY_ABUNDANT);
    u.fields |= PROD_COORD_F(PROD_COORD_FIELD_ACQUIRE_EXECUTE);
    u.acquire_execute_supply = PROD_SUPPLY_HIGH;
    CHECK_OK(W.h.api->coord_config_set(W.c, &u, 0));
    prod_coord_config c = get(PROD_COORD_CONFIG_PENDING);
    CHECK(c.acquire_start_supply == PROD_SUPPLY_ABUNDANT &&
          c.acquire_execute_supply == PROD_SUPPLY_HIGH);
    tw_close(&W);
}

static void presets_set_the_four_thresholds_of_the_design(void)
{
    static const uint32_t WANT[4][4] = {
        {0},
        {PROD_SUPPLY_ABUNDANT, PROD_SUPPLY_HIGH, PROD_SUPPLY_MODERATE, PROD_SUPPLY_MODERATE},
        {PROD_SUPPLY_ABUNDANT, PROD_SUPPLY_HIGH, PROD_SUPPLY_MODERATE, PROD_SUPPLY_LIMITED},
        {PROD_SUPPLY_HIGH, PROD_SUPPLY_MODERATE, PROD_SUPPLY_LIMITED, PROD_SUPPLY_LIMITED},
    };
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    for (uint32_t p = PROD_COORD_PRESET_CONSERVATIVE; p <= PROD_COORD_PRESET_AGGRESSIVE; p++) {
        REQUIRE_OK(set(PROD_COORD_FIELD_PRESET, p));
        prod_coord_config c = get(PROD_COORD_CONFIG_PENDING);
        CHECK(c.collect_start_supply == WANT[p][0] && c.collect_execute_supply == WANT[p][1]);
        CHECK(c.acquire_start_supply == WANT[p][2] && c.acquire_execute_supply == WANT[p][3]);
        CHECK(c.preset == p);
    }
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_PRESET, PROD_COORD_PRESET_CONSERVATIVE);
    u.fields |= PROD_COORD_F(PROD_COORD_FIELD_COLLECT_START);
    u.collect_start_supply = PROD_SUPPLY_HIGH; /* beside the preset: it wins */
    REQUIRE_OK(W.h.api->coord_config_set(W.c, &u, 0));
    prod_coord_config c = get(PROD_COORD_CONFIG_PENDING);
    CHECK(c.collect_start_supply == PROD_SUPPLY_HIGH && c.acquire_execute_supply == PROD_SUPPLY_MODERATE);
    CHECK(c.preset == 0); /* the thresholds match no preset now */
    tw_close(&W);
}

/* seed 004's live update: max_workers 1 -> 2 waits for the next tick, then
 * the second worker is assigned. */
static void a_live_update_changes_behaviour_at_the_next_tick(void)
{
    REQUIRE(tw_open(&W, SO, TW_SPACETRADERS, NULL, 0));
    tw_add(&W, 1, "SILICON_CRYSTALS", PROD_QUOTE_SELLS, 10, 0, 4, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 1, "COPPER", PROD_QUOTE_SELLS, 10, 0, 4, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 2, "SILICON_CRYSTALS", PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 2, "COPPER", PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 3, "ELECTRONICS", PROD_QUOTE_BUYS, 0, 90, 2, PROD_ACTIVITY_WEAK, 30);
    REQUIRE_OK(set(PROD_COORD_FIELD_MAX_WORKERS, 1));
    for (uint64_t k = 1; k <= 2; k++) {
        tw_worker_add(&W, k, 1, 40);
        W.w[k - 1].hold = 1;
    }
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "ELECTRONICS"), 0, NULL));
    tw_step(&W, 0);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 1);
    REQUIRE_OK(set(PROD_COORD_FIELD_MAX_WORKERS, 2));
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 1 &&
          tw_count(&W, PROD_COORD_EVENT_CONFIG_CHANGED) == 1); /* the first update's, at 0 */
    tw_step(&W, 1000);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 2);
    size_t first = tw_find(&W, PROD_COORD_EVENT_CONFIG_CHANGED, 0, 0);
    const prod_coord_event *e = &W.ev[tw_find(&W, PROD_COORD_EVENT_CONFIG_CHANGED, first + 1, 0)];
    CHECK(e->time == 1000 && e->field == PROD_COORD_FIELD_MAX_WORKERS && e->old_value == 1 &&
          e->new_value == 2);
    tw_close(&W);
}

/* A COLLECT waiting for ABUNDANT is assigned at the tick that lowers its
 * START threshold to HIGH, not at its next re-check. */
static void lowering_a_threshold_rechecks_waiting_tasks_at_once(void)
{
    prod_coord_config no_scan = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, &no_scan));
    tw_worker_add(&W, 1, 11, 40);
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
    tw_run(&W, 250000, 1000);
    W.e[2].rise_ms = 0; /* stays HIGH */
    tw_run(&W, 300000, 1000);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_STARTED) == 2); /* ACQUIRE, DELIVER; COLLECT waits */
    REQUIRE_OK(set(PROD_COORD_FIELD_COLLECT_START, PROD_SUPPLY_HIGH));
    size_t from = W.nev;
    tw_step(&W, 301000);
    size_t i = tw_find(&W, PROD_COORD_EVENT_TASK_ASSIGNED, from, 0);
    CHECK(i != (size_t)-1 && W.ev[i].task_type == PROD_TASK_COLLECT && W.ev[i].time == 301000);
    tw_close(&W);
}

static void changes_are_kept_in_a_bounded_history(void)
{
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    for (int i = 0; i < 40; i++) {
        REQUIRE_OK(set(PROD_COORD_FIELD_MAX_WORKERS, 10 + i));
        REQUIRE_OK(W.h.api->coord_tick(W.c, 1000 * (i + 1)));
        W.now = 1000 * (i + 1);
    }
    prod_coord_config_change h[PROD_COORD_HISTORY + 1];
    uint32_t n = 0;
    REQUIRE_OK(W.h.api->coord_config_history(W.c, h, PROD_COORD_HISTORY + 1, &n));
    CHECK(n == PROD_COORD_HISTORY);
    CHECK(h[0].time == 9000 && h[0].old_value == 17 && h[0].new_value == 18);
    CHECK(h[n - 1].time == 40000 && h[n - 1].field == PROD_COORD_FIELD_MAX_WORKERS &&
          h[n - 1].new_value == 49);
    tw_close(&W);
}

static void configuration_and_history_survive_a_save_and_load(void)
{
    REQUIRE(iron_world(PROD_SUPPLY_HIGH, NULL));
    REQUIRE_OK(set(PROD_COORD_FIELD_PRESET, PROD_COORD_PRESET_AGGRESSIVE));
    REQUIRE_OK(W.h.api->coord_tick(W.c, 1000));
    W.now = 1000;
    REQUIRE_OK(set(PROD_COORD_FIELD_MAX_PIPELINES, 9)); /* pending at the save */
    prod_coord_config eff = get(PROD_COORD_CONFIG_EFFECTIVE), pend = get(PROD_COORD_CONFIG_PENDING);
    REQUIRE(tw_reload(&W));
    prod_coord_config eff2 = get(PROD_COORD_CONFIG_EFFECTIVE), pend2 = get(PROD_COORD_CONFIG_PENDING);
    CHECK(memcmp(&eff, &eff2, sizeof eff) == 0 && memcmp(&pend, &pend2, sizeof pend) == 0);
    uint32_t n = 0;
    CHECK_OK(W.h.api->coord_config_history(W.c, NULL, 0, &n));
    CHECK(n == 3);
    REQUIRE_OK(W.h.api->coord_tick(W.c, 2000));
    CHECK(get(PROD_COORD_CONFIG_EFFECTIVE).max_pipelines == 9);
    tw_close(&W);
}

/* --- context-wide defaults ----------------------------------------------------------------- */

static prod_status init_with(th_host *h, const prod_coord_config *d, uint32_t version, char *err,
                             uint32_t cap)
{
    prod_recipe_source src = {.json = TW_SPACETRADERS, .name = "st.json"};
    prod_init_params p = {.struct_size = sizeof p, .version = version, .host = &h->host,
                          .sources = &src, .source_count = 1, .error = err, .error_cap = cap,
                          .coord_defaults = d};
    return h->api->init(&p, &h->ctx);
}

static void context_defaults_apply_and_a_coordinator_overrides_them(void)
{
    th_host h;
    char err[512] = "";
    th_load(&h, SO);
    prod_coord_config d = tw_cfg(PROD_COORD_FIELD_MAX_WORKERS, 9);
    d.fields |= PROD_COORD_F(PROD_COORD_FIELD_COLLECT_START);
    d.collect_start_supply = PROD_SUPPLY_HIGH;
    REQUIRE_OK(init_with(&h, &d, PROD_INIT_PARAMS_VERSION, err, sizeof err));
    prod_coordinator *a = NULL, *b = NULL;
    prod_coord_config own = tw_cfg(PROD_COORD_FIELD_MAX_WORKERS, 2);
    REQUIRE_OK(h.api->coord_create(h.ctx, NULL, &a));
    REQUIRE_OK(h.api->coord_create(h.ctx, &own, &b));
    prod_coord_config ca = {.struct_size = sizeof ca}, cb = {.struct_size = sizeof cb};
    CHECK_OK(h.api->coord_config_get(a, 0, &ca));
    CHECK_OK(h.api->coord_config_get(b, 0, &cb));
    CHECK(ca.max_workers == 9 && ca.collect_start_supply == PROD_SUPPLY_HIGH);
    CHECK(cb.max_workers == 2 && cb.collect_start_supply == PROD_SUPPLY_HIGH);
    h.api->coord_destroy(a);
    h.api->coord_destroy(b);
    th_close(&h);
}

static void bad_context_defaults_fail_init_naming_the_field(void)
{
    th_host h;
    char err[512] = "";
    th_load(&h, SO);
    prod_coord_config d = tw_cfg(PROD_COORD_FIELD_ACQUIRE_START, PROD_SUPPLY_SCARCE);
    CHECK(init_with(&h, &d, PROD_INIT_PARAMS_VERSION, err, sizeof err) ==
          PROD_ERR_INVALID_ARGUMENT);
    CHECK(h.ctx == NULL && strstr(err, "acquire_start_supply"));
    /* a version-2 params struct (before the coordinators) has no defaults: the member is not read */
    CHECK_OK(init_with(&h, &d, 2, err, sizeof err));
    prod_coordinator *c = NULL;
    REQUIRE_OK(h.api->coord_create(h.ctx, NULL, &c));
    prod_coord_config cc = {.struct_size = sizeof cc};
    CHECK_OK(h.api->coord_config_get(c, 0, &cc));
    CHECK(cc.acquire_start_supply == PROD_SUPPLY_MODERATE);
    h.api->coord_destroy(c);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(defaults_are_the_designs);
    RUN(supply_levels_meet_or_exceed_in_every_ordering);
    RUN(partial_update_changes_only_the_given_field);
    RUN(invalid_updates_are_refused_naming_the_field_and_change_nothing);
    RUN(a_huge_min_purchase_price_is_kept_exactly);
    RUN(start_and_execute_move_together_in_one_update);
    RUN(presets_set_the_four_thresholds_of_the_design);
    RUN(a_live_update_changes_behaviour_at_the_next_tick);
    RUN(lowering_a_threshold_rechecks_waiting_tasks_at_once);
    RUN(changes_are_kept_in_a_bounded_history);
    RUN(configuration_and_history_survive_a_save_and_load);
    RUN(context_defaults_apply_and_a_coordinator_overrides_them);
    RUN(bad_context_defaults_fail_init_naming_the_field);
    return check_finish("it_coord_config");
}
