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

static void load(th_host *h, const char *so, uint32_t n_mods)
{
    char err[512];
    th_load(h, so);
    if (th_init(h, RECIPES, n_mods, err, sizeof err) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        exit(2);
    }
}

/* 3 iron_ingot at input cost 0.9 consumes 3; the hammer is checked, not taken. */
static void test_immediate_consumption(const char *so)
{
    th_host h;
    load(&h, so, 1);
    h.mods[0] = (prod_modifiers){0.9, 1.0, 1.0};
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    const prod_api *a = h.api;
    th_set(&h, 0, "iron_ingot", 5);
    th_set(&h, 0, "hammer", 1);
    prod_job_id job = 0;
    CHECK_OK(a->start(m, th_recipe(&h, "iron_sword"), 42, 0, 100, &job));
    CHECK(th_count(&h, 0, "iron_ingot") == 2);
    CHECK(th_count(&h, 0, "hammer") == 1);
    CHECK(h.consume_calls == 1);
    CHECK(th_count_events(&h, PROD_EVENT_STARTED, -1) == 1);
    /* Not enough iron: nothing changes, clear status and text. */
    CHECK(a->start(m, th_recipe(&h, "iron_sword"), 42, 0, 100, NULL) == PROD_ERR_INSUFFICIENT);
    CHECK(strstr(a->manager_last_error(m), "iron_sword") != NULL);
    CHECK(th_count(&h, 0, "iron_ingot") == 2);
    CHECK(a->job_count(m) == 1);
    CHECK(th_count_events(&h, PROD_EVENT_STARTED, -1) == 1);
    /* No hammer: nothing changes either. */
    th_set(&h, 0, "iron_ingot", 10);
    th_set(&h, 0, "hammer", 0);
    CHECK(a->start(m, th_recipe(&h, "iron_sword"), 42, 0, 100, NULL) == PROD_ERR_INSUFFICIENT);
    CHECK(th_count(&h, 0, "iron_ingot") == 10);
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(a->job_get(m, job, 2600, &info));
    CHECK(info.state == PROD_JOB_RUNNING && info.owner == 42 && info.duration == 5000);
    CHECK(info.input_count == 2 && info.inputs[0].qty == 3 && info.inputs[1].consume == 0);
    CHECK(info.progress > 0.49 && info.progress < 0.51);
    CHECK(info.modifiers.input_cost == 0.9);
    CHECK_OK(a->tick(m, 5099));
    CHECK(th_count(&h, 0, "iron_sword") == 0);
    CHECK_OK(a->tick(m, 5100));
    CHECK(th_count(&h, 0, "iron_sword") == 1);
    CHECK(a->job_get(m, job, 5100, &info) == PROD_ERR_NOT_FOUND);
    CHECK(a->job_count(m) == 0);
    a->manager_destroy(m);
    th_close(&h);
}

/* 0.9 x 0.8 stacks to 0.72: 100 iron -> 72 (not 73), time 0.5 x 0.5. */
static void test_stacking(const char *so)
{
    th_host h;
    load(&h, so, 2);
    h.mods[0] = (prod_modifiers){0.9, 1.0, 0.5};
    h.mods[1] = (prod_modifiers){0.8, 1.5, 0.5};
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    const prod_api *a = h.api;
    th_set(&h, 0, "iron_ingot", 100);
    prod_job_id job;
    CHECK_OK(a->start(m, th_recipe(&h, "bulk"), 1, 0, 0, &job));
    CHECK(th_count(&h, 0, "iron_ingot") == 28);
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(a->job_get(m, job, 0, &info));
    CHECK(info.modifiers.input_cost > 0.7199999 && info.modifiers.input_cost < 0.7200001);
    CHECK(info.duration == 250);
    CHECK(info.outputs[0].qty == 15);
    /* A buff removed after start does not change the running job. */
    h.mods[1] = (prod_modifiers){1.0, 1.0, 1.0};
    CHECK_OK(a->tick(m, 250));
    CHECK(th_count(&h, 0, "nail") == 15);
    /* A source answering nonsense fails the start and changes nothing. */
    h.mods[1] = (prod_modifiers){-1.0, 1.0, 1.0};
    th_set(&h, 0, "iron_ingot", 100);
    CHECK(a->start(m, th_recipe(&h, "bulk"), 1, 0, 300, NULL) == PROD_ERR_HOST);
    CHECK(th_count(&h, 0, "iron_ingot") == 100);
    h.mods_rc = 5;
    h.mods[1] = (prod_modifiers){1.0, 1.0, 1.0};
    CHECK(a->start(m, th_recipe(&h, "bulk"), 1, 0, 300, NULL) == PROD_ERR_HOST);
    a->manager_destroy(m);
    th_close(&h);
}

static void test_instant_and_order(const char *so)
{
    th_host h;
    load(&h, so, 0);
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    const prod_api *a = h.api;
    th_set(&h, 0, "log", 1);
    prod_job_id job;
    CHECK_OK(a->start(m, th_recipe(&h, "plank"), 1, 0, 10, &job));
    CHECK(th_count(&h, 0, "plank") == 4);
    CHECK(h.n_events == 2 && h.events[0].type == PROD_EVENT_STARTED &&
          h.events[1].type == PROD_EVENT_COMPLETED && h.events[1].items[0].qty == 4);
    CHECK(a->job_count(m) == 0);
    /* Timed jobs complete in end-time order whatever the start order. */
    th_clear_events(&h);
    th_set(&h, 0, "iron_ingot", 1000);
    th_set(&h, 0, "hammer", 1);
    prod_job_id j1, j2;
    CHECK_OK(a->start(m, th_recipe(&h, "iron_sword"), 1, 0, 100, &j1)); /* ends 5100 */
    CHECK_OK(a->start(m, th_recipe(&h, "bulk"), 1, 0, 200, &j2));       /* ends 1200 */
    CHECK(j1 != j2 && j1 != job && j2 != job);
    int64_t due;
    CHECK_OK(a->next_due(m, &due));
    CHECK(due == 1200);
    CHECK_OK(a->tick(m, 10000));
    CHECK(h.n_events == 4 && h.events[2].job == j2 && h.events[3].job == j1);
    CHECK(h.events[2].time == 1200 && h.events[3].time == 5100);
    /* Time never goes back. */
    CHECK(a->tick(m, 9999) == PROD_ERR_TIME);
    CHECK(a->start(m, th_recipe(&h, "plank"), 1, 0, 5, NULL) == PROD_ERR_TIME);
    CHECK(a->tick(m, -1) == PROD_ERR_TIME);
    /* Ids are never reused: 1000 start/complete cycles give 1000 distinct ids. */
    prod_job_id seen[1000];
    th_set(&h, 0, "log", 1000);
    for (int i = 0; i < 1000; i++) {
        CHECK_OK(a->start(m, th_recipe(&h, "plank"), 1, 0, 20000, &seen[i]));
        for (int k = 0; k < i; k++)
            if (seen[k] == seen[i])
                CHECK(!"job id reused");
    }
    a->manager_destroy(m);
    th_close(&h);
}

/* Probabilistic outputs: seeded per manager, deterministic, about p. */
static int gem_run(const char *so, uint64_t seed, uint64_t *gems)
{
    th_host h;
    load(&h, so, 0);
    prod_manager *m = th_manager(&h, seed, PROD_OUTPUT_HOLD);
    th_set(&h, 0, "log", 4000);
    for (int i = 0; i < 4000; i++)
        h.api->start(m, th_recipe(&h, "gem"), 1, 0, 0, NULL);
    h.api->tick(m, 10);
    *gems = th_count(&h, 0, "gem");
    int ok = th_count(&h, 0, "log") == 0 && h.api->job_count(m) == 0;
    h.api->manager_destroy(m);
    th_close(&h);
    return ok;
}

static void test_probability(const char *so)
{
    uint64_t a, b, c;
    CHECK(gem_run(so, 5, &a) && gem_run(so, 5, &b) && gem_run(so, 6, &c));
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a > 850 && a < 1150); /* 4000 x 0.25 = 1000, sigma ~27 */
}

static void test_output_policies(const char *so)
{
    th_host h;
    load(&h, so, 0);
    const prod_api *a = h.api;
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    th_set(&h, 1, "log", 2);
    h.capacity[1] = 3; /* 2 logs; 4 planks won't fit after 1 log is used */
    prod_job_id job;
    CHECK_OK(a->start(m, th_recipe(&h, "plank"), 1, 1, 0, &job));
    CHECK(th_count_events(&h, PROD_EVENT_OUTPUT_BLOCKED, -1) == 1);
    prod_job_info info = {.struct_size = sizeof info};
    CHECK_OK(a->job_get(m, job, 0, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1 && info.held[0].qty == 4);
    CHECK(a->cancel(m, job, PROD_REFUND_FULL, 0) == PROD_ERR_STATE);
    CHECK_OK(a->tick(m, 5)); /* still full: retried silently */
    CHECK(th_count_events(&h, PROD_EVENT_OUTPUT_BLOCKED, -1) == 1);
    CHECK(a->job_count(m) == 1);
    h.capacity[1] = 100;
    CHECK_OK(a->tick(m, 6));
    CHECK(th_count(&h, 1, "plank") == 4);
    CHECK(a->job_count(m) == 0);
    CHECK(h.events[h.n_events - 1].type == PROD_EVENT_COMPLETED && h.events[h.n_events - 1].time == 6);
    a->manager_destroy(m);
    /* FAIL policy: the job fails with OUTPUT_FULL and lists what was discarded. */
    th_clear_events(&h);
    m = th_manager(&h, 1, PROD_OUTPUT_FAIL);
    h.capacity[1] = 3;
    CHECK_OK(a->start(m, th_recipe(&h, "plank"), 1, 1, 10, NULL));
    CHECK(th_count_events(&h, PROD_EVENT_FAILED, PROD_REASON_OUTPUT_FULL) == 1);
    CHECK(h.events[h.n_events - 1].n == 1 && h.events[h.n_events - 1].items[0].qty == 4);
    CHECK(a->job_count(m) == 0);
    a->manager_destroy(m);
    th_close(&h);
}

static void test_cancel(const char *so)
{
    th_host h;
    load(&h, so, 0);
    const prod_api *a = h.api;
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    th_set(&h, 0, "iron_ingot", 300);
    prod_job_id j1, j2, j3;
    CHECK_OK(a->start(m, th_recipe(&h, "bulk"), 1, 0, 0, &j1));
    CHECK_OK(a->start(m, th_recipe(&h, "bulk"), 1, 0, 0, &j2));
    CHECK_OK(a->start(m, th_recipe(&h, "bulk"), 2, 0, 0, &j3));
    CHECK(th_count(&h, 0, "iron_ingot") == 0);
    prod_job_id ids[4];
    uint32_t n = 0;
    CHECK_OK(a->jobs_by_owner(m, 1, ids, 4, &n));
    CHECK(n == 2 && ((ids[0] == j1 && ids[1] == j2) || (ids[0] == j2 && ids[1] == j1)));
    CHECK_OK(a->jobs_all(m, ids, 1, &n));
    CHECK(n == 3);
    CHECK_OK(a->cancel(m, j1, PROD_REFUND_NONE, 100));
    CHECK(th_count(&h, 0, "iron_ingot") == 0);
    CHECK_OK(a->cancel(m, j2, PROD_REFUND_PROPORTIONAL, 250)); /* 750 of 1000 ms left */
    CHECK(th_count(&h, 0, "iron_ingot") == 75);
    h.capacity[0] = 100; /* a full refund of 100 no longer fits: the job stays */
    CHECK(a->cancel(m, j3, PROD_REFUND_FULL, 300) == PROD_ERR_INVENTORY_FULL);
    CHECK(a->job_count(m) == 1);
    h.capacity[0] = 0;
    CHECK_OK(a->cancel(m, j3, PROD_REFUND_FULL, 300));
    CHECK(th_count(&h, 0, "iron_ingot") == 175);
    CHECK(th_count_events(&h, PROD_EVENT_CANCELLED, -1) == 3);
    CHECK(a->cancel(m, j3, PROD_REFUND_FULL, 300) == PROD_ERR_NOT_FOUND);
    CHECK_OK(a->jobs_by_owner(m, 1, ids, 4, &n));
    CHECK(n == 0);
    CHECK(a->next_due(m, &(int64_t){0}) == PROD_ERR_NOT_FOUND);
    CHECK_OK(a->tick(m, 5000));
    CHECK(th_count(&h, 0, "nail") == 0);
    a->manager_destroy(m);
    th_close(&h);
}

static void test_reentrance_and_missing_callbacks(const char *so)
{
    th_host h;
    load(&h, so, 0);
    const prod_api *a = h.api;
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    th_set(&h, 0, "log", 1);
    h.reenter = m;
    CHECK_OK(a->start(m, th_recipe(&h, "plank"), 1, 0, 0, NULL));
    CHECK(h.reenter_status == PROD_ERR_BUSY);
    h.reenter = NULL;
    h.consume_rc = 9; /* nonsense answer */
    CHECK(a->start(m, th_recipe(&h, "plank"), 1, 0, 0, NULL) == PROD_ERR_HOST);
    a->manager_destroy(m);
    th_close(&h);

    char err[256];
    th_load(&h, so);
    h.host.inventory_consume = NULL;
    CHECK_OK(th_init(&h, RECIPES, 0, err, sizeof err));
    m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    CHECK(a->start(m, th_recipe(&h, "plank"), 1, 0, 0, NULL) == PROD_ERR_NOT_PROVIDED);
    CHECK(strstr(a->manager_last_error(m), "inventory_consume") != NULL);
    a->manager_destroy(m);
    th_close(&h);
}

/* Past 2^40 ms (~34.8 years) jobs leave the fast queue for the far list; the
 * order across the boundary and within it still is (end time, job id). */
static void test_far_future(const char *so)
{
    th_host h;
    load(&h, so, 0);
    const prod_api *a = h.api;
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    th_set(&h, 0, "log", 10);
    int64_t t0 = ((int64_t)1 << 40) - 5000; /* gem lasts 10 ms */
    prod_job_id near, far1, far2, far3;
    CHECK_OK(a->start(m, th_recipe(&h, "gem"), 1, 0, t0, &near));
    CHECK_OK(a->tick(m, ((int64_t)1 << 40) - 3));
    CHECK_OK(a->start(m, th_recipe(&h, "gem"), 1, 0, ((int64_t)1 << 40) - 3, &far1));
    CHECK_OK(a->start(m, th_recipe(&h, "gem"), 1, 0, ((int64_t)1 << 40) - 3, &far2));
    CHECK_OK(a->start(m, th_recipe(&h, "gem"), 1, 0, ((int64_t)1 << 40) - 3, &far3));
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 1); /* near finished at t0 + 10 */
    CHECK(h.events[1].type == PROD_EVENT_COMPLETED && h.events[1].job == near);
    CHECK(h.events[1].time == t0 + 10);
    int64_t due = 0;
    CHECK_OK(a->next_due(m, &due));
    CHECK(due == ((int64_t)1 << 40) + 7);
    CHECK_OK(a->cancel(m, far1, PROD_REFUND_NONE, ((int64_t)1 << 40) - 3));
    th_clear_events(&h);
    CHECK_OK(a->tick(m, ((int64_t)1 << 40) + 100));
    CHECK(h.n_events == 2 && h.events[0].job == far2 && h.events[1].job == far3);
    CHECK(far2 < far3 && h.events[0].time == ((int64_t)1 << 40) + 7);
    CHECK(a->job_count(m) == 0 && a->next_due(m, &due) == PROD_ERR_NOT_FOUND);
    a->manager_destroy(m);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    test_immediate_consumption(argv[1]);
    test_stacking(argv[1]);
    test_instant_and_order(argv[1]);
    test_probability(argv[1]);
    test_output_policies(argv[1]);
    test_cancel(argv[1]);
    test_reentrance_and_missing_callbacks(argv[1]);
    test_far_future(argv[1]);
    return th_finish("it_manager");
}
