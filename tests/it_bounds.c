/* it_bounds.c - every call's work is bounded and every number stays a
 * number, through the real .so: tick completes at most max_completions
 * cycles and answers PROD_MORE, and any way of splitting a catch-up into
 * calls (or saving in the middle of one) gives the events of one unbounded
 * call; a job that could never complete is refused at start; a timed recipe
 * stays timed at speed 0; build_max on a graph that shares everything stops
 * with LIMIT instead of running for minutes; costs past the range of a
 * double are LIMIT, not inf and NaN; a modifier just over the limit is
 * printed so that the message shows why. */
#include <stdlib.h>
#include <string.h>

#include "testmarket.h"

static const char *SO;

/* A factory: ore is mined into a small bin (inventory 2, room for 9 items)
 * by two repeating jobs, and a repeating furnace burns it (ash is a 25% by-
 * product), so the miners' outputs block and unblock all the time while a
 * catch-up runs: where a tick stops and goes on decides when a held output
 * is retried, which must be exactly when one unbounded tick retries it. */
static const char *FACTORY =
    "{\"recipes\":["
    "{\"id\":\"mine\",\"outputs\":[{\"item\":\"ore\",\"qty\":3}],\"duration_ms\":7},"
    "{\"id\":\"burn\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],\"outputs\":["
    "{\"item\":\"ash\",\"qty\":1,\"probability\":0.25}],\"duration_ms\":5},"
    "{\"id\":\"beat\",\"outputs\":[{\"item\":\"tick\",\"qty\":1}],\"duration_ms\":1},"
    "{\"id\":\"slow\",\"outputs\":[{\"item\":\"gem\",\"qty\":1}],\"duration_ms\":1099511627776}]}";

static int open_host(th_host *h, const char *json, uint32_t mods)
{
    char err[256] = "";
    th_load(h, SO);
    if (!CHECK_OK(th_init(h, json, mods, err, sizeof err)))
        fprintf(stderr, "init: %s\n", err);
    return h->ctx != NULL;
}

static prod_manager *manager(th_host *h, uint32_t budget)
{
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = 3, .seed = 99, .id_space = 1, .max_completions = budget};
    prod_manager *m = NULL;
    CHECK_OK(h->api->manager_create(h->ctx, &c, &m));
    return m;
}

/* ---- the tick budget ------------------------------------------------------ */

static void tick_stops_at_max_completions_and_answers_more(void)
{
    th_host h;
    REQUIRE(open_host(&h, FACTORY, 0));
    prod_manager *m = manager(&h, 100);
    REQUIRE(m);
    REQUIRE_OK(h.api->start_repeating(m, th_recipe(&h, "beat"), 1, 1, 0, NULL));
    CHECK(h.api->tick(m, 1000000) == PROD_MORE);
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 100);
    CHECK(h.api->tick(m, 1000000) == PROD_MORE); /* the same now goes on */
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 200);
    int64_t due = 0;
    CHECK_OK(h.api->next_due(m, &due));
    CHECK(due == 201); /* the 201st cycle is still due */
    h.api->manager_destroy(m);
    th_close(&h);
}

static void default_budget_bounds_a_tick_to_the_end_of_time(void)
{
    th_host h;
    REQUIRE(open_host(&h, FACTORY, 0));
    prod_manager *m = manager(&h, 0); /* 0: PROD_DEFAULT_MAX_COMPLETIONS */
    REQUIRE(m);
    REQUIRE_OK(h.api->start_repeating(m, th_recipe(&h, "beat"), 1, 1, 0, NULL));
    CHECK(h.api->tick(m, PROD_TIME_MAX) == PROD_MORE); /* 2^52 cycles due: it returns */
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == PROD_DEFAULT_MAX_COMPLETIONS);
    prod_manager_config c = {.struct_size = sizeof c};
    CHECK_OK(h.api->manager_config(m, &c));
    CHECK(c.max_completions == PROD_DEFAULT_MAX_COMPLETIONS);
    h.api->manager_destroy(m);
    th_close(&h);
}

/* The factory's jobs in one manager, with a small bin so outputs block. */
static prod_manager *factory(th_host *h, uint32_t budget)
{
    prod_manager *m = manager(h, budget);
    if (!m)
        return NULL;
    h->capacity[2] = 9;
    h->counts[2][th_item(h, "ore")] = 4; /* the furnace's first two cycles */
    const prod_api *a = h->api;
    if (a->start_repeating(m, th_recipe(h, "mine"), 1, 2, 0, NULL) != PROD_OK ||
        a->start_repeating(m, th_recipe(h, "burn"), 3, 2, 0, NULL) != PROD_OK ||
        a->start_repeating(m, th_recipe(h, "mine"), 2, 2, 3, NULL) != PROD_OK) {
        fprintf(stderr, "factory: %s\n", a->manager_last_error(m));
        CHECK(!"the factory starts");
        a->manager_destroy(m);
        return NULL;
    }
    return m;
}

/* tick(now) until it is not PROD_MORE; when reload, save, destroy and load
 * the manager between the calls. OK, or the status that stopped it. */
static prod_status tick_through(th_host *h, prod_manager **m, int64_t now, int reload)
{
    prod_status st;
    while ((st = h->api->tick(*m, now)) == PROD_MORE) {
        if (!reload)
            continue;
        uint8_t *b = NULL;
        size_t n = 0;
        if (h->api->serialize(*m, &b, &n) != PROD_OK)
            return PROD_ERR_STATE;
        h->api->manager_destroy(*m);
        *m = NULL;
        st = h->api->deserialize(h->ctx, b, n, NULL, m);
        h->api->free_buffer(b);
        if (st != PROD_OK)
            return st;
    }
    return st;
}

/* The factory ticked every 37 ms of game time for 4 s with budget `budget`;
 * before each tick the game takes the ash out and lights the furnace again
 * if it went out (it does when the miners are held). The events and the
 * inventories go into h. */
static int run_factory(th_host *h, uint32_t budget, int reload)
{
    prod_manager *m = factory(h, budget);
    if (!m)
        return 0;
    int ok = 1;
    for (int64_t t = 40; t <= 4000 && ok; t += 37) {
        uint32_t burning = 0;
        h->counts[2][th_item(h, "ash")] = 0;
        ok = CHECK_OK(h->api->jobs_by_owner(m, 3, NULL, 0, &burning));
        if (ok && !burning && th_count(h, 2, "ore") >= 2)
            ok = CHECK_OK(h->api->start_repeating(m, th_recipe(h, "burn"), 3, 2, t - 3, NULL));
        ok = ok && CHECK_OK(tick_through(h, &m, t, reload));
    }
    h->api->manager_destroy(m);
    return ok;
}

static int same_events(const th_host *a, const th_host *b)
{
    if (!CHECK(a->n_events == b->n_events))
        return 0;
    for (size_t i = 0; i < a->n_events; i++)
        if (memcmp(&a->events[i], &b->events[i], sizeof a->events[i]) != 0) {
            fprintf(stderr, "event %zu: type %u/%u job %llx/%llx time %lld/%lld\n", i,
                    a->events[i].type, b->events[i].type, (unsigned long long)a->events[i].job,
                    (unsigned long long)b->events[i].job, (long long)a->events[i].time,
                    (long long)b->events[i].time);
            return CHECK(!"the same event at every position");
        }
    return CHECK(memcmp(a->counts, b->counts, sizeof a->counts) == 0);
}

static void budgeted_ticks_give_the_events_of_unbounded_ones(void)
{
    th_host one, split;
    REQUIRE(open_host(&one, FACTORY, 0));
    REQUIRE(open_host(&split, FACTORY, 0));
    REQUIRE(run_factory(&one, UINT32_MAX, 0));
    REQUIRE(run_factory(&split, 7, 0));
    CHECK(th_count_events(&one, PROD_EVENT_OUTPUT_BLOCKED, -1) > 0); /* the case it is about */
    CHECK(one.n_events > 500);

    same_events(&one, &split);
    th_close(&one);
    th_close(&split);
}

static void saving_in_the_middle_of_a_catch_up_changes_nothing(void)
{
    th_host one, saved;
    REQUIRE(open_host(&one, FACTORY, 0));
    REQUIRE(open_host(&saved, FACTORY, 0));
    REQUIRE(run_factory(&one, UINT32_MAX, 0));
    REQUIRE(run_factory(&saved, 13, 1)); /* save, destroy and load at every PROD_MORE */
    same_events(&one, &saved);
    th_close(&one);
    th_close(&saved);
}

/* ---- times and durations -------------------------------------------------- */

static void start_that_would_end_past_the_end_of_time_is_refused(void)
{
    th_host h;
    REQUIRE(open_host(&h, FACTORY, 0));
    prod_manager *m = manager(&h, 0);
    REQUIRE(m);
    int64_t late = PROD_TIME_MAX - 1000; /* "slow" lasts 2^40 ms */
    REQUIRE_OK(h.api->tick(m, late));
    CHECK(h.api->start(m, th_recipe(&h, "slow"), 1, 1, late, NULL) == PROD_ERR_TIME);
    CHECK(strstr(h.api->manager_last_error(m), "past PROD_TIME_MAX") != NULL);
    CHECK(h.api->job_count(m) == 0 && h.n_events == 0);
    CHECK_OK(h.api->start(m, th_recipe(&h, "beat"), 1, 1, late, NULL)); /* 1 ms still fits */
    h.api->manager_destroy(m);
    th_close(&h);
}

static void timed_recipe_at_speed_0_lasts_1_ms_and_may_repeat(void)
{
    th_host h;
    REQUIRE(open_host(&h, FACTORY, 1));
    h.mods[0] = (prod_modifiers){1.0, 1.0, 0.0};
    prod_manager *m = manager(&h, 0);
    REQUIRE(m);
    prod_job_id job = 0;
    REQUIRE_OK(h.api->start_repeating(m, th_recipe(&h, "mine"), 1, 1, 0, &job));
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(h.api->job_get(m, job, 0, &info));
    CHECK(info.duration == 1 && info.end_time == 1);
    CHECK_OK(h.api->tick(m, 5));
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 5);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void modifier_just_over_the_limit_is_printed_exactly(void)
{
    th_host h;
    REQUIRE(open_host(&h, FACTORY, 1));
    h.mods[0] = (prod_modifiers){1000.0000001, 1.0, 1.0};
    prod_manager *m = manager(&h, 0);
    REQUIRE(m);
    CHECK(h.api->start(m, th_recipe(&h, "mine"), 1, 1, 0, NULL) == PROD_ERR_HOST);
    const char *text = h.api->manager_last_error(m);
    CHECK(strstr(text, "input_cost=1000.0000001 ") != NULL && strstr(text, "[0, 1000]") != NULL);
    h.api->manager_destroy(m);
    th_close(&h);
}

/* ---- chains --------------------------------------------------------------- */

/* a0 and b0 are raw; a<k> and b<k> are each made of one a<k-1> and one
 * b<k-1>: a tree of 2^depth leaves over 2 x depth items. */
static char *diamond(int depth)
{
    size_t cap = 256 + (size_t)depth * 256, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    n += (size_t)snprintf(s + n, cap - n, "{\"recipes\":[");
    for (int k = 1; k <= depth; k++)
        for (int ab = 0; ab < 2; ab++)
            n += (size_t)snprintf(s + n, cap - n,
                                  "%s{\"id\":\"%c%d\",\"inputs\":[{\"item\":\"a%d\",\"qty\":1},"
                                  "{\"item\":\"b%d\",\"qty\":1}],\"outputs\":[{\"item\":\"%c%d\","
                                  "\"qty\":1}],\"duration_ms\":1}",
                                  k == 1 && ab == 0 ? "" : ",", "ab"[ab], k, k - 1, k - 1,
                                  "ab"[ab], k);
    snprintf(s + n, cap - n, "]}");
    return s;
}

static prod_status build_max_of_diamond(int depth, uint64_t *units, char *why, size_t cap)
{
    th_host h;
    char *json = diamond(depth), err[256] = "", name[16];
    th_load(&h, SO);
    prod_status st = json ? th_init(&h, json, 0, err, sizeof err) : PROD_ERR_NO_MEMORY;
    free(json);
    if (st == PROD_OK) {
        th_set(&h, 1, "a0", 1000000);
        th_set(&h, 1, "b0", 1000000);
        snprintf(name, sizeof name, "a%d", depth);
        prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                                .item = th_item(&h, name), .runs = 1};
        st = h.api->build_max(h.ctx, &q, 1, units);
        snprintf(why, cap, "%s", h.api->last_error(h.ctx));
    }
    th_close(&h);
    return st;
}

static void build_max_on_a_small_diamond_counts_exactly(void)
{
    uint64_t units = 0;
    char why[512];
    CHECK_OK(build_max_of_diamond(5, &units, why, sizeof why)); /* 2^5 leaves: 16 a0, 16 b0 */
    CHECK(units == 1000000 / 16);
}

static void build_max_on_a_deep_diamond_stops_with_limit(void)
{
    uint64_t units = 0;
    char why[512];
    CHECK(build_max_of_diamond(22, &units, why, sizeof why) == PROD_ERR_LIMIT);
    CHECK(strstr(why, "demands weighed") != NULL);
}

static const char *PRICED =
    "{\"recipes\":[{\"id\":\"bolt\",\"inputs\":[{\"item\":\"iron\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"bolt\",\"qty\":1}],\"duration_ms\":10,"
    "\"metadata\":{\"job_cost\":1e308}}]}";

static void costs_past_a_double_are_a_limit_error(void)
{
    th_host h;
    th_load(&h, SO);
    REQUIRE(mk_open(&h, PRICED));
    mk_quote q[] = {{"iron", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 5, 0, 0},
                    {"bolt", PROD_QUOTE_BUYS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 0, 9, 0}};
    mk_set(&h, q, 2);
    prod_chain_request r = {.struct_size = sizeof r, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = th_item(&h, "bolt"), .runs = 10, .job_cost_index = 1.0};
    prod_econ_info e = {.struct_size = sizeof e};
    CHECK(h.api->econ_item(h.ctx, &r, &e) == PROD_ERR_LIMIT);
    CHECK(strstr(h.api->last_error(h.ctx), "range of a double") != NULL);
    prod_chain_result *res = NULL;
    CHECK(h.api->chain_build(h.ctx, &r, &res) == PROD_ERR_LIMIT && res == NULL);
    prod_econ_info *list = NULL;
    uint32_t n = 7;
    prod_opportunity_request o = {.struct_size = sizeof o,
                                  .version = PROD_OPPORTUNITY_REQUEST_VERSION, .base = &r};
    CHECK(h.api->econ_opportunities(h.ctx, &o, &list, &n) == PROD_ERR_LIMIT && n == 0);
    r.runs = 1; /* one run at 1e308 is still a number */
    CHECK_OK(h.api->econ_item(h.ctx, &r, &e));
    th_close(&h);
}


/* ---- quantities past 10^6 (ABI 1.4) --------------------------------------- */

/* The loader takes up to 10^9 per entry (the Drake's 2,800,000 Tritanium and
 * a titan's 80,000,000 fit). A job at modifier 1 moves exactly that, its
 * events carry it and its save loads back; a modifier that would push an
 * effective quantity past 10^9 (what a save holds) is refused with LIMIT
 * before anything is consumed, and nothing wraps. */
static const char *HUGE =
    "{\"recipes\":["
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":1000000000}],"
    "\"outputs\":[{\"item\":\"bar\",\"qty\":1000000000}],\"duration_ms\":10}]}";

static void recipe_of_10_9_units_runs_saves_and_loads(void)
{
    th_host h;
    REQUIRE(open_host(&h, HUGE, 1));
    th_set(&h, 1, "ore", 3000000000u);
    prod_manager *m = manager(&h, 0);
    REQUIRE(m);
    REQUIRE_OK(h.api->start(m, th_recipe(&h, "smelt"), 1, 1, 0, NULL));
    CHECK(th_count(&h, 1, "ore") == 2000000000u);
    CHECK(h.n_events == 1 && h.events[0].n == 0); /* STARTED lists no items */
    uint8_t *bytes = NULL;
    size_t len = 0;
    REQUIRE_OK(h.api->serialize(m, &bytes, &len));
    prod_manager *back = NULL;
    CHECK_OK(h.api->deserialize(h.ctx, bytes, len, NULL, &back));
    h.api->free_buffer(bytes);
    CHECK_OK(h.api->tick(m, 10));
    CHECK(th_count(&h, 1, "bar") == 1000000000u);
    const th_event *done = &h.events[h.n_events - 1];
    CHECK(done->type == PROD_EVENT_COMPLETED && done->n == 1 && done->items[0].qty == 1000000000u);
    h.api->manager_destroy(back);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void modifier_past_10_9_units_is_a_limit_error_and_takes_nothing(void)
{
    static const prod_modifiers over[] = {{1.5, 1.0, 1.0}, {1.0, 1000.0, 1.0}};
    for (int i = 0; i < 2; i++) {
        th_host h;
        REQUIRE(open_host(&h, HUGE, 1));
        h.mods[0] = over[i];
        th_set(&h, 1, "ore", 3000000000u);
        prod_manager *m = manager(&h, 0);
        REQUIRE(m);
        CHECK(h.api->start(m, th_recipe(&h, "smelt"), 1, 1, 0, NULL) == PROD_ERR_LIMIT);
        const char *text = h.api->manager_last_error(m);
        CHECK(strstr(text, i ? "yields 1000000000000 bar" : "needs 1500000000 ore") != NULL);
        CHECK(th_count(&h, 1, "ore") == 3000000000u && h.n_events == 0);
        h.api->manager_destroy(m);
        th_close(&h);
    }
}

/* A job saved at modifier 2 on 5 x 10^8 bars per cycle holds 10^9; if the
 * recipe has grown to 10^9 when the save loads, the job would hold 2 x 10^9,
 * more than any save can carry again: the load is refused with LIMIT under
 * either changed-recipe policy, and no manager is made. */
static const char *HALF_HUGE =
    "{\"recipes\":["
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"bar\",\"qty\":500000000}],\"duration_ms\":10}]}";

static void save_whose_recipe_grew_past_10_9_under_its_modifiers_is_refused(void)
{
    th_host h;
    REQUIRE(open_host(&h, HALF_HUGE, 1));
    h.mods[0] = (prod_modifiers){1.0, 2.0, 1.0};
    th_set(&h, 1, "ore", 1);
    prod_manager *m = manager(&h, 0);
    REQUIRE(m);
    REQUIRE_OK(h.api->start(m, th_recipe(&h, "smelt"), 1, 1, 0, NULL));
    uint8_t *bytes = NULL;
    size_t len = 0;
    REQUIRE_OK(h.api->serialize(m, &bytes, &len));
    h.api->manager_destroy(m);
    th_close(&h);

    REQUIRE(open_host(&h, HUGE, 1));
    for (uint32_t policy = PROD_CHANGED_RECIPE_ERROR; policy <= PROD_CHANGED_RECIPE_CURRENT;
         policy++) {
        prod_load_options o = {.struct_size = sizeof o, .version = PROD_LOAD_OPTIONS_VERSION,
                               .changed_recipe = policy};
        prod_manager *back = NULL;
        CHECK(h.api->deserialize(h.ctx, bytes, len, &o, &back) == PROD_ERR_LIMIT && !back);
        CHECK(strstr(h.api->last_error(h.ctx), "yields 2000000000 bar per cycle") != NULL);
    }
    h.api->free_buffer(bytes);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(tick_stops_at_max_completions_and_answers_more);
    RUN(default_budget_bounds_a_tick_to_the_end_of_time);
    RUN(budgeted_ticks_give_the_events_of_unbounded_ones);
    RUN(saving_in_the_middle_of_a_catch_up_changes_nothing);
    RUN(start_that_would_end_past_the_end_of_time_is_refused);
    RUN(timed_recipe_at_speed_0_lasts_1_ms_and_may_repeat);
    RUN(modifier_just_over_the_limit_is_printed_exactly);
    RUN(build_max_on_a_small_diamond_counts_exactly);
    RUN(build_max_on_a_deep_diamond_stops_with_limit);
    RUN(costs_past_a_double_are_a_limit_error);
    RUN(recipe_of_10_9_units_runs_saves_and_loads);
    RUN(modifier_past_10_9_units_is_a_limit_error_and_takes_nothing);
    RUN(save_whose_recipe_grew_past_10_9_under_its_modifiers_is_refused);
    return check_finish("it_bounds");
}
