/* it_manager.c - the manager's semantics through the real .so: immediate
 * atomic consumption, modifiers (the design document's worked examples),
 * instant and timed jobs, end-time order, probabilistic outputs, output
 * hold/fail policies, cancel refunds, queries, time and re-entrance rules. */
#include <string.h>

#include "testhost.h"

static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"iron_sword\",\"category\":\"smithing\",\"inputs\":["
    "{\"item\":\"iron_ingot\",\"qty\":3},{\"item\":\"hammer\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"iron_sword\",\"qty\":1}],\"duration_ms\":5000},"
    "{\"id\":\"bulk\",\"inputs\":[{\"item\":\"iron_ingot\",\"qty\":100}],"
    "\"outputs\":[{\"item\":\"nail\",\"qty\":10}],\"duration_ms\":1000},"
    "{\"id\":\"plank\",\"inputs\":[{\"item\":\"log\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"plank\",\"qty\":4}],\"duration_ms\":0},"
    "{\"id\":\"gem\",\"inputs\":[{\"item\":\"log\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"gem\",\"qty\":1,\"probability\":0.25}],\"duration_ms\":10}"
    "]}";

static const char *SO; /* the plugin under test (argv[1]) */

/* A host with RECIPES, n_mods modifier sources and one manager. */
typedef struct fx {
    th_host h;
    const prod_api *a;
    prod_manager *m;
} fx;

/* 0 (after a failed check) when init or manager_create failed. */
static int fx_open(fx *f, uint32_t n_mods, uint64_t seed, uint32_t policy)
{
    char err[512] = "";
    th_load(&f->h, SO);
    f->a = f->h.api;
    f->m = NULL;
    if (!CHECK_OK(th_init(&f->h, RECIPES, n_mods, err, sizeof err))) {
        fprintf(stderr, "init: %s\n", err);
        return 0;
    }
    f->m = th_manager(&f->h, seed, policy);
    return f->m != NULL;
}

static void fx_close(fx *f)
{
    f->a->manager_destroy(f->m);
    th_close(&f->h);
}

/* ---- immediate consumption ------------------------------------------------- */

/* 3 iron_ingot at input cost 0.9 consumes 3; the hammer is checked, not taken.
 * Inventory 0 starts with 5 ingots and the hammer; owner 42 starts a sword
 * at 100 (ends 5100). */
static int sword_open(fx *f, prod_job_id *job)
{
    if (!fx_open(f, 1, 1, PROD_OUTPUT_HOLD))
        return 0;
    f->h.mods[0] = (prod_modifiers){0.9, 1.0, 1.0};
    th_set(&f->h, 0, "iron_ingot", 5);
    th_set(&f->h, 0, "hammer", 1);
    return CHECK_OK(f->a->start(f->m, th_recipe(&f->h, "iron_sword"), 42, 0, 100, job));
}

static void start_consumes_inputs_at_once_in_one_call(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    CHECK(th_count(&f.h, 0, "iron_ingot") == 2);
    CHECK(f.h.consume_calls == 1);
    CHECK(th_count_events(&f.h, PROD_EVENT_STARTED, -1) == 1);
    fx_close(&f);
}

static void start_checks_tools_without_taking_them(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    CHECK(th_count(&f.h, 0, "hammer") == 1);
    fx_close(&f);
}

/* Not enough iron: nothing changes, clear status and text. */
static void start_short_of_an_input_fails_and_changes_nothing(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    const prod_api *a = f.a;
    CHECK(a->start(f.m, th_recipe(&f.h, "iron_sword"), 42, 0, 100, NULL) == PROD_ERR_INSUFFICIENT);
    CHECK(strstr(a->manager_last_error(f.m), "iron_sword") != NULL);
    CHECK(th_count(&f.h, 0, "iron_ingot") == 2);
    CHECK(a->job_count(f.m) == 1);
    CHECK(th_count_events(&f.h, PROD_EVENT_STARTED, -1) == 1);
    fx_close(&f);
}

/* No hammer: nothing changes either. */
static void start_without_its_tool_fails_and_takes_nothing(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    th_set(&f.h, 0, "iron_ingot", 10);
    th_set(&f.h, 0, "hammer", 0);
    CHECK(f.a->start(f.m, th_recipe(&f.h, "iron_sword"), 42, 0, 100, NULL) ==
          PROD_ERR_INSUFFICIENT);
    CHECK(th_count(&f.h, 0, "iron_ingot") == 10);
    fx_close(&f);
}

static void job_get_describes_a_running_job_and_its_snapshot(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(f.a->job_get(f.m, job, 2600, &info));
    CHECK(info.state == PROD_JOB_RUNNING && info.owner == 42 && info.duration == 5000);
    CHECK(info.input_count == 2 && info.inputs[0].qty == 3 && info.inputs[1].consume == 0);
    CHECK(info.modifiers.input_cost == 0.9);
    fx_close(&f);
}

static void job_progress_is_the_elapsed_share_of_its_duration(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(f.a->job_get(f.m, job, 2600, &info));
    CHECK(info.progress > 0.49 && info.progress < 0.51);
    fx_close(&f);
}

static void timed_job_completes_exactly_at_its_end_time(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    CHECK_OK(f.a->tick(f.m, 5099));
    CHECK(th_count(&f.h, 0, "iron_sword") == 0);
    CHECK_OK(f.a->tick(f.m, 5100));
    CHECK(th_count(&f.h, 0, "iron_sword") == 1);
    fx_close(&f);
}

static void completed_job_is_no_longer_found(void)
{
    fx f;
    prod_job_id job = 0;
    REQUIRE(sword_open(&f, &job));
    REQUIRE_OK(f.a->tick(f.m, 5100));
    prod_job_info info = {.struct_size = sizeof info};
    CHECK(f.a->job_get(f.m, job, 5100, &info) == PROD_ERR_NOT_FOUND);
    CHECK(f.a->job_count(f.m) == 0);
    fx_close(&f);
}

/* ---- modifiers --------------------------------------------------------------- */

/* 0.9 x 0.8 stacks to 0.72: 100 iron -> 72 (not 73), time 0.5 x 0.5, yield
 * 1 x 1.5: a bulk job started at 0 by owner 1 in inventory 0. */
static int stacked_open(fx *f, prod_job_id *job)
{
    if (!fx_open(f, 2, 1, PROD_OUTPUT_HOLD))
        return 0;
    f->h.mods[0] = (prod_modifiers){0.9, 1.0, 0.5};
    f->h.mods[1] = (prod_modifiers){0.8, 1.5, 0.5};
    th_set(&f->h, 0, "iron_ingot", 100);
    return CHECK_OK(f->a->start(f->m, th_recipe(&f->h, "bulk"), 1, 0, 0, job));
}

static void modifier_sources_multiply_and_100_at_0_72_consumes_72(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(stacked_open(&f, &job));
    CHECK(th_count(&f.h, 0, "iron_ingot") == 28);
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(f.a->job_get(f.m, job, 0, &info));
    CHECK(info.modifiers.input_cost > 0.7199999 && info.modifiers.input_cost < 0.7200001);
    fx_close(&f);
}

static void stacked_modifiers_scale_duration_and_outputs(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(stacked_open(&f, &job));
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(f.a->job_get(f.m, job, 0, &info));
    CHECK(info.duration == 250);
    CHECK(info.outputs[0].qty == 15);
    fx_close(&f);
}

/* A buff removed after start does not change the running job. */
static void modifiers_are_fixed_at_start_for_the_life_of_the_job(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(stacked_open(&f, &job));
    f.h.mods[1] = (prod_modifiers){1.0, 1.0, 1.0};
    CHECK_OK(f.a->tick(f.m, 250));
    CHECK(th_count(&f.h, 0, "nail") == 15);
    fx_close(&f);
}

/* A source answering nonsense fails the start and changes nothing. */
static void modifier_out_of_range_fails_the_start_and_changes_nothing(void)
{
    fx f;
    REQUIRE(fx_open(&f, 2, 1, PROD_OUTPUT_HOLD));
    f.h.mods[0] = (prod_modifiers){0.9, 1.0, 0.5};
    f.h.mods[1] = (prod_modifiers){-1.0, 1.0, 1.0};
    th_set(&f.h, 0, "iron_ingot", 100);
    CHECK(f.a->start(f.m, th_recipe(&f.h, "bulk"), 1, 0, 300, NULL) == PROD_ERR_HOST);
    CHECK(th_count(&f.h, 0, "iron_ingot") == 100);
    fx_close(&f);
}

static void modifier_source_that_fails_fails_the_start(void)
{
    fx f;
    REQUIRE(fx_open(&f, 2, 1, PROD_OUTPUT_HOLD));
    f.h.mods[0] = (prod_modifiers){0.9, 1.0, 0.5};
    th_set(&f.h, 0, "iron_ingot", 100);
    f.h.mods_rc = 5;
    f.h.mods[1] = (prod_modifiers){1.0, 1.0, 1.0};
    CHECK(f.a->start(f.m, th_recipe(&f.h, "bulk"), 1, 0, 300, NULL) == PROD_ERR_HOST);
    fx_close(&f);
}

/* ---- instant jobs, end-time order, time, ids ----------------------------------- */

static void instant_recipe_completes_inside_start(void)
{
    fx f;
    REQUIRE(fx_open(&f, 0, 1, PROD_OUTPUT_HOLD));
    th_set(&f.h, 0, "log", 1);
    prod_job_id job;
    CHECK_OK(f.a->start(f.m, th_recipe(&f.h, "plank"), 1, 0, 10, &job));
    CHECK(th_count(&f.h, 0, "plank") == 4);
    CHECK(f.h.n_events == 2 && f.h.events[0].type == PROD_EVENT_STARTED &&
          f.h.events[1].type == PROD_EVENT_COMPLETED && f.h.events[1].items[0].qty == 4);
    CHECK(f.a->job_count(f.m) == 0);
    fx_close(&f);
}

/* An instant plank at 10 (id *job), then a sword at 100 (j1, ends 5100) and
 * a bulk at 200 (j2, ends 1200), the events recorded from the sword on. */
static int order_open(fx *f, prod_job_id *job, prod_job_id *j1, prod_job_id *j2)
{
    if (!fx_open(f, 0, 1, PROD_OUTPUT_HOLD))
        return 0;
    const prod_api *a = f->a;
    th_set(&f->h, 0, "log", 1);
    if (!CHECK_OK(a->start(f->m, th_recipe(&f->h, "plank"), 1, 0, 10, job)))
        return 0;
    th_clear_events(&f->h);
    th_set(&f->h, 0, "iron_ingot", 1000);
    th_set(&f->h, 0, "hammer", 1);
    prod_recipe_ix sword = th_recipe(&f->h, "iron_sword"), bulk = th_recipe(&f->h, "bulk");
    return CHECK_OK(a->start(f->m, sword, 1, 0, 100, j1)) && /* ends 5100 */
           CHECK_OK(a->start(f->m, bulk, 1, 0, 200, j2));    /* ends 1200 */
}

static void each_job_gets_its_own_id(void)
{
    fx f;
    prod_job_id job, j1, j2;
    REQUIRE(order_open(&f, &job, &j1, &j2));
    CHECK(j1 != j2 && j1 != job && j2 != job);
    fx_close(&f);
}

static void next_due_is_the_earliest_end_time(void)
{
    fx f;
    prod_job_id job, j1, j2;
    REQUIRE(order_open(&f, &job, &j1, &j2));
    int64_t due;
    REQUIRE_OK(f.a->next_due(f.m, &due));
    CHECK(due == 1200);
    fx_close(&f);
}

/* Timed jobs complete in end-time order whatever the start order. */
static void timed_jobs_complete_in_end_time_order_at_their_end_times(void)
{
    fx f;
    prod_job_id job, j1, j2;
    REQUIRE(order_open(&f, &job, &j1, &j2));
    CHECK_OK(f.a->tick(f.m, 10000));
    CHECK(f.h.n_events == 4 && f.h.events[2].job == j2 && f.h.events[3].job == j1);
    CHECK(f.h.events[2].time == 1200 && f.h.events[3].time == 5100);
    fx_close(&f);
}

/* Time never goes back. */
static void tick_or_start_before_the_managers_time_is_refused(void)
{
    fx f;
    prod_job_id job, j1, j2;
    REQUIRE(order_open(&f, &job, &j1, &j2));
    REQUIRE_OK(f.a->tick(f.m, 10000));
    CHECK(f.a->tick(f.m, 9999) == PROD_ERR_TIME);
    CHECK(f.a->start(f.m, th_recipe(&f.h, "plank"), 1, 0, 5, NULL) == PROD_ERR_TIME);
    CHECK(f.a->tick(f.m, -1) == PROD_ERR_TIME);
    fx_close(&f);
}

/* Ids are never reused: 1000 start/complete cycles give 1000 distinct ids. */
static void job_ids_are_never_reused(void)
{
    fx f;
    prod_job_id job, j1, j2;
    REQUIRE(order_open(&f, &job, &j1, &j2));
    REQUIRE_OK(f.a->tick(f.m, 10000));
    prod_job_id seen[1000];
    th_set(&f.h, 0, "log", 1000);
    for (int i = 0; i < 1000; i++) {
        CHECK_OK(f.a->start(f.m, th_recipe(&f.h, "plank"), 1, 0, 20000, &seen[i]));
        for (int k = 0; k < i; k++)
            if (seen[k] == seen[i])
                CHECK(!"job id reused");
    }
    fx_close(&f);
}

/* ---- probabilistic outputs: seeded per manager, deterministic, about p ------ */

/* 4000 gem jobs (p 0.25) with manager seed `seed`: the gems made into *gems;
 * 0 unless every start and the tick succeeded, every log was used and no
 * job is left. */
static int gem_run(uint64_t seed, uint64_t *gems)
{
    fx f;
    if (!fx_open(&f, 0, seed, PROD_OUTPUT_HOLD))
        return 0;
    th_set(&f.h, 0, "log", 4000);
    int ok = 1;
    for (int i = 0; i < 4000; i++)
        ok &= CHECK_OK(f.a->start(f.m, th_recipe(&f.h, "gem"), 1, 0, 0, NULL));
    ok &= CHECK_OK(f.a->tick(f.m, 10));
    *gems = th_count(&f.h, 0, "gem");
    ok &= th_count(&f.h, 0, "log") == 0 && f.a->job_count(f.m) == 0;
    fx_close(&f);
    return ok;
}

static void same_seed_rolls_the_same_outputs(void)
{
    uint64_t a, b;
    REQUIRE(gem_run(5, &a) && gem_run(5, &b));
    CHECK(a == b);
}

static void another_seed_rolls_other_outputs(void)
{
    uint64_t a, c;
    REQUIRE(gem_run(5, &a) && gem_run(6, &c));
    CHECK(a != c);
}

static void probabilistic_output_count_is_near_its_expectation(void)
{
    uint64_t a;
    REQUIRE(gem_run(5, &a));
    CHECK(a > 850 && a < 1150); /* 4000 x 0.25 = 1000, sigma ~27 */
}

/* ---- output policies ------------------------------------------------------------ */

/* Inventory 1 holds 2 logs and at most 3 items: 4 planks won't fit after 1
 * log is used. An instant plank job started there at `now`. */
static int full_open(fx *f, uint32_t policy, int64_t now, prod_job_id *job)
{
    if (!fx_open(f, 0, 1, policy))
        return 0;
    th_set(&f->h, 1, "log", 2);
    f->h.capacity[1] = 3;
    return CHECK_OK(f->a->start(f->m, th_recipe(&f->h, "plank"), 1, 1, now, job));
}

static void output_that_does_not_fit_is_held_and_blocked_once(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(full_open(&f, PROD_OUTPUT_HOLD, 0, &job));
    CHECK(th_count_events(&f.h, PROD_EVENT_OUTPUT_BLOCKED, -1) == 1);
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(f.a->job_get(f.m, job, 0, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1 && info.held[0].qty == 4);
    fx_close(&f);
}

static void blocked_job_cannot_be_cancelled(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(full_open(&f, PROD_OUTPUT_HOLD, 0, &job));
    CHECK(f.a->cancel(f.m, job, PROD_REFUND_FULL, 0) == PROD_ERR_STATE);
    fx_close(&f);
}

static void blocked_job_retries_silently_while_still_full(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(full_open(&f, PROD_OUTPUT_HOLD, 0, &job));
    CHECK_OK(f.a->tick(f.m, 5)); /* still full: retried silently */
    CHECK(th_count_events(&f.h, PROD_EVENT_OUTPUT_BLOCKED, -1) == 1);
    CHECK(f.a->job_count(f.m) == 1);
    fx_close(&f);
}

static void held_outputs_are_delivered_and_completed_at_the_tick_they_fit(void)
{
    fx f;
    prod_job_id job;
    REQUIRE(full_open(&f, PROD_OUTPUT_HOLD, 0, &job));
    REQUIRE_OK(f.a->tick(f.m, 5));
    f.h.capacity[1] = 100;
    CHECK_OK(f.a->tick(f.m, 6));
    CHECK(th_count(&f.h, 1, "plank") == 4);
    CHECK(f.a->job_count(f.m) == 0);
    CHECK(f.h.events[f.h.n_events - 1].type == PROD_EVENT_COMPLETED &&
          f.h.events[f.h.n_events - 1].time == 6);
    fx_close(&f);
}

/* FAIL policy: the job fails with OUTPUT_FULL and lists what was discarded. */
static void fail_policy_fails_a_job_whose_outputs_do_not_fit(void)
{
    fx f;
    REQUIRE(full_open(&f, PROD_OUTPUT_FAIL, 10, NULL));
    CHECK(th_count_events(&f.h, PROD_EVENT_FAILED, PROD_REASON_OUTPUT_FULL) == 1);
    CHECK(f.a->job_count(f.m) == 0);
    fx_close(&f);
}

static void fail_policy_event_lists_the_discarded_items(void)
{
    fx f;
    REQUIRE(full_open(&f, PROD_OUTPUT_FAIL, 10, NULL));
    REQUIRE(f.h.n_events > 0);
    CHECK(f.h.events[f.h.n_events - 1].n == 1 && f.h.events[f.h.n_events - 1].items[0].qty == 4);
    fx_close(&f);
}

/* ---- cancel and queries ---------------------------------------------------------- */

/* 300 ingots in inventory 0; three bulk jobs at 0 (100 each, 1000 ms):
 * j[0], j[1] of owner 1, j[2] of owner 2. Then the first `cancels` of:
 * j[0] without refund at 100, j[1] proportional at 250, j[2] in full at
 * 300 (refused once while inventory 0 holds at most 100 items). */
static int bulk_open(fx *f, prod_job_id j[3], int cancels)
{
    if (!fx_open(f, 0, 1, PROD_OUTPUT_HOLD))
        return 0;
    const prod_api *a = f->a;
    th_set(&f->h, 0, "iron_ingot", 300);
    prod_recipe_ix bulk = th_recipe(&f->h, "bulk");
    if (!CHECK_OK(a->start(f->m, bulk, 1, 0, 0, &j[0])) ||
        !CHECK_OK(a->start(f->m, bulk, 1, 0, 0, &j[1])) ||
        !CHECK_OK(a->start(f->m, bulk, 2, 0, 0, &j[2])))
        return 0;
    if (cancels >= 1 && !CHECK_OK(a->cancel(f->m, j[0], PROD_REFUND_NONE, 100)))
        return 0;
    if (cancels >= 2 && !CHECK_OK(a->cancel(f->m, j[1], PROD_REFUND_PROPORTIONAL, 250)))
        return 0;
    if (cancels >= 3) {
        f->h.capacity[0] = 100;
        prod_status st = a->cancel(f->m, j[2], PROD_REFUND_FULL, 300);
        int refused = CHECK(st == PROD_ERR_INVENTORY_FULL);
        f->h.capacity[0] = 0;
        return refused && CHECK_OK(a->cancel(f->m, j[2], PROD_REFUND_FULL, 300));
    }
    return 1;
}

static void each_start_consumes_its_own_inputs(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 0));
    CHECK(th_count(&f.h, 0, "iron_ingot") == 0);
    fx_close(&f);
}

static void jobs_by_owner_lists_exactly_that_owners_jobs(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 0));
    prod_job_id ids[4];
    uint32_t n = 0;
    REQUIRE_OK(f.a->jobs_by_owner(f.m, 1, ids, 4, &n));
    CHECK(n == 2 && ((ids[0] == j[0] && ids[1] == j[1]) || (ids[0] == j[1] && ids[1] == j[0])));
    CHECK(n == 2 && ids[0] < ids[1]); /* abi/production.h: in increasing id order */
    fx_close(&f);
}

static int strictly_increasing(const prod_job_id *ids, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)
        if (ids[i - 1] >= ids[i])
            return 0;
    return 1;
}

static int listed(const prod_job_id *ids, uint32_t n, prod_job_id id)
{
    for (uint32_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* Increasing id order, not start order: gems j[0..7] for owners 1, 2, 1,
 * 2, ...; j[0], j[2], j[5] cancelled; then owner 1 starts k[0..2], which
 * take the freed slots and so get ids below those of j[4] and j[6]. */
static void jobs_by_owner_and_jobs_all_list_ids_in_increasing_order(void)
{
    fx f;
    REQUIRE(fx_open(&f, 0, 1, PROD_OUTPUT_HOLD));
    const prod_api *a = f.a;
    prod_recipe_ix gem = th_recipe(&f.h, "gem");
    th_set(&f.h, 0, "log", 100);
    prod_job_id j[8], k[3];
    for (int i = 0; i < 8; i++)
        REQUIRE_OK(a->start(f.m, gem, 1 + (uint64_t)(i % 2), 0, 0, &j[i]));
    REQUIRE_OK(a->cancel(f.m, j[0], PROD_REFUND_NONE, 0));
    REQUIRE_OK(a->cancel(f.m, j[2], PROD_REFUND_NONE, 0));
    REQUIRE_OK(a->cancel(f.m, j[5], PROD_REFUND_NONE, 0));
    for (int i = 0; i < 3; i++)
        REQUIRE_OK(a->start(f.m, gem, 1, 0, 0, &k[i]));
    prod_job_id ids[16];
    uint32_t n = 0;
    REQUIRE_OK(a->jobs_by_owner(f.m, 1, ids, 16, &n));
    CHECK(n == 5 && listed(ids, n, j[4]) && listed(ids, n, j[6]) && listed(ids, n, k[0]) &&
          listed(ids, n, k[1]) && listed(ids, n, k[2]));
    CHECK(strictly_increasing(ids, n));
    CHECK(k[0] < j[4]); /* so start order would not be increasing */
    REQUIRE_OK(a->jobs_all(f.m, ids, 16, &n));
    CHECK(n == 8 && strictly_increasing(ids, n));
    fx_close(&f);
}

static void jobs_all_counts_every_job_beyond_the_cap(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 0));
    prod_job_id ids[4];
    uint32_t n = 0;
    CHECK_OK(f.a->jobs_all(f.m, ids, 1, &n));
    CHECK(n == 3);
    fx_close(&f);
}

static void cancel_without_refund_gives_nothing_back(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 0));
    CHECK_OK(f.a->cancel(f.m, j[0], PROD_REFUND_NONE, 100));
    CHECK(th_count(&f.h, 0, "iron_ingot") == 0);
    fx_close(&f);
}

static void cancel_proportional_refunds_the_share_of_time_left(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 1));
    CHECK_OK(f.a->cancel(f.m, j[1], PROD_REFUND_PROPORTIONAL, 250)); /* 750 of 1000 ms left */
    CHECK(th_count(&f.h, 0, "iron_ingot") == 75);
    fx_close(&f);
}

static void cancel_refund_that_does_not_fit_keeps_the_job(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 2));
    f.h.capacity[0] = 100; /* a full refund of 100 no longer fits: the job stays */
    CHECK(f.a->cancel(f.m, j[2], PROD_REFUND_FULL, 300) == PROD_ERR_INVENTORY_FULL);
    CHECK(f.a->job_count(f.m) == 1);
    fx_close(&f);
}

static void cancel_full_refunds_every_consumed_input(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 2));
    f.h.capacity[0] = 100;
    CHECK(f.a->cancel(f.m, j[2], PROD_REFUND_FULL, 300) == PROD_ERR_INVENTORY_FULL);
    f.h.capacity[0] = 0;
    CHECK_OK(f.a->cancel(f.m, j[2], PROD_REFUND_FULL, 300));
    CHECK(th_count(&f.h, 0, "iron_ingot") == 175);
    fx_close(&f);
}

static void each_cancel_emits_cancelled(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 3));
    CHECK(th_count_events(&f.h, PROD_EVENT_CANCELLED, -1) == 3);
    fx_close(&f);
}

static void cancelled_job_is_not_found_again(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 3));
    CHECK(f.a->cancel(f.m, j[2], PROD_REFUND_FULL, 300) == PROD_ERR_NOT_FOUND);
    fx_close(&f);
}

static void owner_has_no_jobs_once_they_are_cancelled(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 3));
    prod_job_id ids[4];
    uint32_t n = 0;
    CHECK_OK(f.a->jobs_by_owner(f.m, 1, ids, 4, &n));
    CHECK(n == 0);
    fx_close(&f);
}

static void cancelled_jobs_never_complete(void)
{
    fx f;
    prod_job_id j[3];
    REQUIRE(bulk_open(&f, j, 3));
    CHECK(f.a->next_due(f.m, &(int64_t){0}) == PROD_ERR_NOT_FOUND);
    CHECK_OK(f.a->tick(f.m, 5000));
    CHECK(th_count(&f.h, 0, "nail") == 0);
    fx_close(&f);
}

/* ---- re-entrance and host answers ------------------------------------------------- */

static void callback_calling_into_its_own_manager_gets_busy(void)
{
    fx f;
    REQUIRE(fx_open(&f, 0, 1, PROD_OUTPUT_HOLD));
    th_set(&f.h, 0, "log", 1);
    f.h.reenter = f.m;
    CHECK_OK(f.a->start(f.m, th_recipe(&f.h, "plank"), 1, 0, 0, NULL));
    CHECK(f.h.reenter_status == PROD_ERR_BUSY);
    fx_close(&f);
}

static void nonsense_answer_from_inventory_consume_fails_the_start(void)
{
    fx f;
    REQUIRE(fx_open(&f, 0, 1, PROD_OUTPUT_HOLD));
    th_set(&f.h, 0, "log", 1);
    f.h.consume_rc = 9; /* nonsense answer */
    CHECK(f.a->start(f.m, th_recipe(&f.h, "plank"), 1, 0, 0, NULL) == PROD_ERR_HOST);
    fx_close(&f);
}

static void missing_callback_fails_the_call_naming_it(void)
{
    th_host h;
    char err[256];
    th_load(&h, SO);
    const prod_api *a = h.api;
    h.host.inventory_consume = NULL;
    REQUIRE_OK(th_init(&h, RECIPES, 0, err, sizeof err));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    CHECK(a->start(m, th_recipe(&h, "plank"), 1, 0, 0, NULL) == PROD_ERR_NOT_PROVIDED);
    CHECK(strstr(a->manager_last_error(m), "inventory_consume") != NULL);
    a->manager_destroy(m);
    th_close(&h);
}

/* ---- the far future ------------------------------------------------------------ */

/* Past 2^40 ms (~34.8 years) jobs leave the fast queue for the far list; the
 * order across the boundary and within it still is (end time, job id).
 * Gems (10 ms): `near` at 2^40 - 5000, ticked to 2^40 - 3, then far[0..2]
 * started there (ending at 2^40 + 7); with cancel_far, far[0] is cancelled
 * and the events cleared. */
#define T40 ((int64_t)1 << 40)

static int far_open(fx *f, prod_job_id *near, prod_job_id far[3], int cancel_far)
{
    if (!fx_open(f, 0, 1, PROD_OUTPUT_HOLD))
        return 0;
    const prod_api *a = f->a;
    th_set(&f->h, 0, "log", 10);
    prod_recipe_ix gem = th_recipe(&f->h, "gem");
    if (!CHECK_OK(a->start(f->m, gem, 1, 0, T40 - 5000, near)) ||
        !CHECK_OK(a->tick(f->m, T40 - 3)))
        return 0;
    for (int i = 0; i < 3; i++)
        if (!CHECK_OK(a->start(f->m, gem, 1, 0, T40 - 3, &far[i])))
            return 0;
    if (!cancel_far)
        return 1;
    if (!CHECK_OK(a->cancel(f->m, far[0], PROD_REFUND_NONE, T40 - 3)))
        return 0;
    th_clear_events(&f->h);
    return 1;
}

static void job_ending_before_2_40_completes_at_its_end(void)
{
    fx f;
    prod_job_id near, far[3];
    REQUIRE(far_open(&f, &near, far, 0));
    CHECK(th_count_events(&f.h, PROD_EVENT_COMPLETED, -1) == 1); /* near finished at t0 + 10 */
    CHECK(f.h.events[1].type == PROD_EVENT_COMPLETED && f.h.events[1].job == near);
    CHECK(f.h.events[1].time == T40 - 5000 + 10);
    fx_close(&f);
}

static void next_due_reaches_past_2_40(void)
{
    fx f;
    prod_job_id near, far[3];
    REQUIRE(far_open(&f, &near, far, 0));
    int64_t due = 0;
    CHECK_OK(f.a->next_due(f.m, &due));
    CHECK(due == T40 + 7);
    fx_close(&f);
}

static void far_jobs_complete_in_end_time_then_id_order(void)
{
    fx f;
    prod_job_id near, far[3];
    REQUIRE(far_open(&f, &near, far, 1));
    CHECK_OK(f.a->tick(f.m, T40 + 100));
    CHECK(f.h.n_events == 2 && f.h.events[0].job == far[1] && f.h.events[1].job == far[2]);
    CHECK(far[1] < far[2] && f.h.events[0].time == T40 + 7);
    fx_close(&f);
}

static void manager_is_empty_once_its_far_jobs_complete(void)
{
    fx f;
    prod_job_id near, far[3];
    REQUIRE(far_open(&f, &near, far, 1));
    REQUIRE_OK(f.a->tick(f.m, T40 + 100));
    int64_t due = 0;
    CHECK(f.a->job_count(f.m) == 0 && f.a->next_due(f.m, &due) == PROD_ERR_NOT_FOUND);
    fx_close(&f);
}

/* ---- tick_batch (ABI 1.4) -------------------------------------------------- */

/* n managers of the host, each with one 10 ms gem job (inventory 0 has the
 * logs); ms[0] is the fixture's. max_completions 0 means the default. */
static int batch_open(fx *f, prod_manager **ms, uint32_t n, uint32_t max_completions)
{
    if (!fx_open(f, 0, 1, PROD_OUTPUT_HOLD))
        return 0;
    th_set(&f->h, 0, "log", 2 * n);
    ms[0] = f->m;
    for (uint32_t i = 1; i < n; i++) {
        prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                                 .tag = 7 + i, .seed = i, .max_completions = max_completions};
        if (!CHECK_OK(f->a->manager_create(f->h.ctx, &c, &ms[i])))
            return 0;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!CHECK_OK(f->a->start(ms[i], th_recipe(&f->h, "gem"), 1, 0, 0, NULL)))
            return 0;
    return 1;
}

static void batch_close(fx *f, prod_manager **ms, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)
        f->a->manager_destroy(ms[i]);
    fx_close(f);
}

static void tick_batch_ticks_every_manager_as_tick_would(void)
{
    fx f;
    prod_manager *ms[3] = {NULL, NULL, NULL};
    REQUIRE(batch_open(&f, ms, 3, 0));
    prod_status st[3] = {-99, -99, -99};
    CHECK_OK(f.a->tick_batch(ms, 3, 10, st));
    CHECK(st[0] == PROD_OK && st[1] == PROD_OK && st[2] == PROD_OK);
    CHECK(th_count_events(&f.h, PROD_EVENT_COMPLETED, -1) == 3);
    for (int i = 0; i < 3; i++)
        CHECK(f.a->job_count(ms[i]) == 0 && f.a->manager_time(ms[i]) == 10);
    batch_close(&f, ms, 3);
}

/* A NULL entry and a manager whose time would go back fail on their own;
 * the others are ticked and the first error is the answer. */
static void tick_batch_answers_the_first_error_and_ticks_the_rest(void)
{
    fx f;
    prod_manager *ms[3] = {NULL, NULL, NULL};
    REQUIRE(batch_open(&f, ms, 3, 0));
    REQUIRE_OK(f.a->tick(ms[2], 50));
    prod_manager *list[3] = {ms[0], NULL, ms[2]};
    prod_status st[3] = {-99, -99, -99};
    CHECK(f.a->tick_batch(list, 3, 10, st) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(st[0] == PROD_OK && st[1] == PROD_ERR_INVALID_ARGUMENT && st[2] == PROD_ERR_TIME);
    CHECK(f.a->job_count(ms[0]) == 0 && f.a->manager_time(ms[0]) == 10);
    batch_close(&f, ms, 3);
}

/* A tick stopped by its completion budget makes the batch answer MORE;
 * the next batch finishes it. */
static void tick_batch_answers_more_when_a_budget_stops_a_tick(void)
{
    fx f;
    prod_manager *ms[2] = {NULL, NULL};
    REQUIRE(batch_open(&f, ms, 2, 1));
    REQUIRE_OK(f.a->start(ms[1], th_recipe(&f.h, "gem"), 1, 0, 0, NULL)); /* two due at 10 */
    prod_status st[2] = {-99, -99};
    CHECK(f.a->tick_batch(ms, 2, 10, st) == PROD_MORE);
    CHECK(st[0] == PROD_OK && st[1] == PROD_MORE && f.a->job_count(ms[1]) == 1);
    CHECK_OK(f.a->tick_batch(ms, 2, 10, NULL));
    CHECK(f.a->job_count(ms[1]) == 0);
    batch_close(&f, ms, 2);
}

static void tick_batch_without_a_list_ticks_nothing(void)
{
    fx f;
    REQUIRE(fx_open(&f, 0, 1, PROD_OUTPUT_HOLD));
    CHECK(f.a->tick_batch(NULL, 1, 0, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK_OK(f.a->tick_batch(NULL, 0, 0, NULL));
    fx_close(&f);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(start_consumes_inputs_at_once_in_one_call);
    RUN(start_checks_tools_without_taking_them);
    RUN(start_short_of_an_input_fails_and_changes_nothing);
    RUN(start_without_its_tool_fails_and_takes_nothing);
    RUN(job_get_describes_a_running_job_and_its_snapshot);
    RUN(job_progress_is_the_elapsed_share_of_its_duration);
    RUN(timed_job_completes_exactly_at_its_end_time);
    RUN(completed_job_is_no_longer_found);
    RUN(modifier_sources_multiply_and_100_at_0_72_consumes_72);
    RUN(stacked_modifiers_scale_duration_and_outputs);
    RUN(modifiers_are_fixed_at_start_for_the_life_of_the_job);
    RUN(modifier_out_of_range_fails_the_start_and_changes_nothing);
    RUN(modifier_source_that_fails_fails_the_start);
    RUN(instant_recipe_completes_inside_start);
    RUN(each_job_gets_its_own_id);
    RUN(next_due_is_the_earliest_end_time);
    RUN(timed_jobs_complete_in_end_time_order_at_their_end_times);
    RUN(tick_or_start_before_the_managers_time_is_refused);
    RUN(job_ids_are_never_reused);
    RUN(same_seed_rolls_the_same_outputs);
    RUN(another_seed_rolls_other_outputs);
    RUN(probabilistic_output_count_is_near_its_expectation);
    RUN(output_that_does_not_fit_is_held_and_blocked_once);
    RUN(blocked_job_cannot_be_cancelled);
    RUN(blocked_job_retries_silently_while_still_full);
    RUN(held_outputs_are_delivered_and_completed_at_the_tick_they_fit);
    RUN(fail_policy_fails_a_job_whose_outputs_do_not_fit);
    RUN(fail_policy_event_lists_the_discarded_items);
    RUN(each_start_consumes_its_own_inputs);
    RUN(jobs_by_owner_lists_exactly_that_owners_jobs);
    RUN(jobs_by_owner_and_jobs_all_list_ids_in_increasing_order);
    RUN(jobs_all_counts_every_job_beyond_the_cap);
    RUN(cancel_without_refund_gives_nothing_back);
    RUN(cancel_proportional_refunds_the_share_of_time_left);
    RUN(cancel_refund_that_does_not_fit_keeps_the_job);
    RUN(cancel_full_refunds_every_consumed_input);
    RUN(each_cancel_emits_cancelled);
    RUN(cancelled_job_is_not_found_again);
    RUN(owner_has_no_jobs_once_they_are_cancelled);
    RUN(cancelled_jobs_never_complete);
    RUN(callback_calling_into_its_own_manager_gets_busy);
    RUN(nonsense_answer_from_inventory_consume_fails_the_start);
    RUN(missing_callback_fails_the_call_naming_it);
    RUN(job_ending_before_2_40_completes_at_its_end);
    RUN(next_due_reaches_past_2_40);
    RUN(far_jobs_complete_in_end_time_then_id_order);
    RUN(manager_is_empty_once_its_far_jobs_complete);
    RUN(tick_batch_ticks_every_manager_as_tick_would);
    RUN(tick_batch_answers_the_first_error_and_ticks_the_rest);
    RUN(tick_batch_answers_more_when_a_budget_stops_a_tick);
    RUN(tick_batch_without_a_list_ticks_nothing);
    return check_finish("it_manager");
}
