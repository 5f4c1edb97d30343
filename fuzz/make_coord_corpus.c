/* make_coord_corpus.c - writes fuzz_coordinator's seed saves, one per
 * feature of the coordinator's format (docs/FORMAT.md): an empty
 * coordinator, a PLANNING pipeline, tasks ASSIGNED and EXECUTING, factory
 * polls pending, COMPLETED, FAILED and CANCELLED pipelines, a RECOVERY
 * pipeline of LIQUIDATE tasks, workers holding cargo, a configuration
 * history that wrapped around, a pending update, and the opportunity scan
 * keeping several pipelines going. Each is made through
 * the public table in the world of tests/testworld.c (tw_products, the
 * recipes TW_SPACETRADERS) and checked to have its feature, so it is what
 * the plugin writes today (seed_write names it f<major>_<minor>_<feature>).
 * ctest fuzz_coord_corpus_current fails when the committed seeds are not
 * what this writes: run `make_coord_corpus fuzz/corpus/coordinator` then.
 * Usage: make_coord_corpus DIR. */
#include <stdio.h>

#include "production.h"
#include "seed_file.h"
#include "testworld.h"

static const prod_api *api;
static const char *dir;

/* A world of tw_products with workers 1..workers at markets 1.. (capacity
 * 30); cfg NULL: the defaults without the opportunity scan. 0 on failure. */
static int open_world(tw *w, const prod_coord_config *cfg, uint64_t workers)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    tw_attach(w, api, 0);
    w->lenient = 1; /* a failed call is counted (w->failures), not a test's CHECK */
    if (!tw_start(w, TW_SPACETRADERS, cfg ? cfg : &c))
        return 0;
    tw_products(w);
    for (uint64_t k = 1; k <= workers; k++)
        tw_worker_add(w, k, k, 30);
    return 1;
}

static void plan(tw *w, const char *item)
{
    if (api->coord_plan(w->c, tw_item(w, item), w->now, NULL) != PROD_OK)
        w->failures++;
}

/* What to count in the pipelines' statuses; 0 members match anything. */
typedef struct want {
    uint32_t pipeline_state, kind, task_type, task_state, factory_state;
} want;

/* How many tasks (or, with factory_state, factories) of the pipelines held match q. */
static uint32_t count(tw *w, want q)
{
    uint64_t ids[64];
    uint32_t n = 0, found = 0;
    if (api->coord_pipelines(w->c, ids, 64, &n) != PROD_OK)
        return 0;
    for (uint32_t i = 0; i < n && i < 64; i++) {
        prod_pipeline_status *s = NULL;
        if (api->coord_status(w->c, ids[i], &s) != PROD_OK)
            continue;
        int p = (!q.pipeline_state || s->state == q.pipeline_state) && (!q.kind || s->kind == q.kind);
        for (uint32_t t = 0; p && !q.factory_state && t < s->task_count; t++)
            found += (!q.task_type || s->tasks[t].type == q.task_type) &&
                     (!q.task_state || s->tasks[t].state == q.task_state);
        for (uint32_t f = 0; p && q.factory_state && f < s->factory_count; f++)
            found += s->factories[f].state == q.factory_state;
        api->free_buffer(s);
    }
    return found;
}

/* Units the coordinator knows worker `id` holds. */
static uint32_t held(tw *w, uint64_t id)
{
    prod_worker_info i = {.struct_size = sizeof i};
    uint32_t units = 0;
    if (api->coord_worker_get(w->c, id, &i) == PROD_OK)
        for (uint32_t k = 0; k < i.cargo_count; k++)
            units += i.cargo[k].qty;
    return units;
}

/* Steps of 1 s until q matches (or 1000 steps); 1 when it does. */
static int run_until(tw *w, want q)
{
    for (int i = 0; i < 1000 && !count(w, q); i++)
        tw_step(w, w->now + 1000);
    return count(w, q) > 0;
}

/* Saves the world's coordinator as seed `name` when `has` (its feature is
 * there and no call failed), then closes the world. */
static int put(tw *w, const char *name, int has)
{
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = 1;
    if (!has || w->failures)
        fprintf(stderr, "make_coord_corpus: %s lacks its feature (%llu calls failed)\n", name,
                (unsigned long long)w->failures);
    else if (api->coord_serialize(w->c, &b, &n) != PROD_OK)
        fprintf(stderr, "make_coord_corpus: cannot save %s\n", name);
    else
        rc = seed_write(dir, name, b, n);
    api->free_buffer(b);
    tw_close(w);
    return rc;
}

static int empty(tw *w) { return open_world(w, NULL, 0) && put(w, "empty", 1) == 0; }

static int planning(tw *w)
{
    if (!open_world(w, NULL, 0))
        return 0;
    plan(w, "ELECTRONICS");
    tw_step(w, 0);
    return put(w, "planning", count(w, (want){.pipeline_state = PROD_PIPELINE_PLANNING})) == 0;
}

/* Tasks assigned to workers on their way, and one worker arrived: its task EXECUTING. */
static int executing(tw *w)
{
    if (!open_world(w, NULL, 3))
        return 0;
    for (uint32_t k = 0; k < w->nw; k++)
        w->w[k].hold = 1;
    plan(w, "MACHINERY");
    plan(w, "COPPER");
    tw_step(w, 0);
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION,
                      .worker = w->w[0].id, .now = 0, .credits = 1000};
    prod_order o = {.struct_size = sizeof o};
    w->failures += api->coord_arrive(w->c, &a, &o) != PROD_OK;
    return put(w, "executing",
               count(w, (want){.task_state = PROD_TASK_ASSIGNED}) &&
                   count(w, (want){.task_state = PROD_TASK_EXECUTING})) == 0;
}

/* The factory's inputs are in: it is polled, the next poll is scheduled. */
static int polling(tw *w)
{
    if (!open_world(w, NULL, 2))
        return 0;
    plan(w, "MACHINERY");
    return put(w, "polling",
               run_until(w, (want){.factory_state = PROD_FACTORY_PRODUCTION_IN_PROGRESS})) == 0;
}

static int completed(tw *w)
{
    if (!open_world(w, NULL, 3))
        return 0;
    plan(w, "MACHINERY");
    return put(w, "completed", run_until(w, (want){.pipeline_state = PROD_PIPELINE_COMPLETED})) == 0;
}

/* No retries, and the only worker's first trade fails: the pipeline fails. */
static int failed(tw *w)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    c.fields |= PROD_COORD_F(PROD_COORD_FIELD_MAX_RETRIES);
    c.max_retries = 0;
    if (!open_world(w, &c, 1))
        return 0;
    w->w[0].fail_next = PROD_COORD_FAIL_OTHER;
    plan(w, "MACHINERY");
    return put(w, "failed", run_until(w, (want){.pipeline_state = PROD_PIPELINE_FAILED})) == 0;
}

/* Cancelled while a worker holds what it bought: that cargo is liquidated. */
static int cancelled(tw *w)
{
    if (!open_world(w, NULL, 1))
        return 0;
    uint64_t p = 0;
    if (api->coord_plan(w->c, tw_item(w, "MACHINERY"), 0, &p) != PROD_OK)
        w->failures++;
    for (int i = 0; i < 1000 && !held(w, 1); i++)
        tw_step(w, w->now + 1000);
    w->failures += api->coord_cancel(w->c, p, w->now) != PROD_OK;
    return put(w, "cancelled",
               count(w, (want){.pipeline_state = PROD_PIPELINE_CANCELLED,
                               .task_type = PROD_TASK_LIQUIDATE})) == 0;
}

/* Reconciliation found cargo no task needs: a RECOVERY pipeline liquidates it. */
static int recovery(tw *w)
{
    if (!open_world(w, NULL, 2))
        return 0;
    prod_item_qty ore = {tw_item(w, "COPPER_ORE"), 7}, iron = {tw_item(w, "IRON"), 3};
    w->failures += api->coord_worker_cargo(w->c, 1, &ore, 1, 0) != PROD_OK;
    w->failures += api->coord_worker_cargo(w->c, 2, &iron, 1, 0) != PROD_OK;
    w->w[0].hold = 1; /* worker 1 keeps its order (ASSIGNED), worker 2 sells */
    tw_step(w, 0);
    return put(w, "recovery",
               count(w, (want){.kind = PROD_PIPELINE_RECOVERY, .task_type = PROD_TASK_LIQUIDATE})) == 0;
}

/* Workers carrying what they bought to the factories. */
static int cargo(tw *w)
{
    if (!open_world(w, NULL, 3))
        return 0;
    plan(w, "ELECTRONICS");
    for (int i = 0; i < 1000 && !(held(w, 1) && held(w, 2)); i++)
        tw_step(w, w->now + 1000);
    return put(w, "cargo", held(w, 1) && held(w, 2)) == 0;
}

/* More changes than the history keeps (its ring wrapped), and an update left pending. */
static int history(tw *w)
{
    if (!open_world(w, NULL, 0))
        return 0;
    for (uint32_t i = 0; i < PROD_COORD_HISTORY + 8; i++) {
        prod_coord_config u = tw_cfg(PROD_COORD_FIELD_MAX_WORKERS, 1 + i % 7);
        w->failures += api->coord_config_set(w->c, &u, i * 1000) != PROD_OK;
        tw_step(w, i * 1000);
    }
    uint32_t n = 0;
    api->coord_config_history(w->c, NULL, 0, &n);
    return put(w, "history", n == PROD_COORD_HISTORY) == 0;
}

static int pending(tw *w)
{
    if (!open_world(w, NULL, 0))
        return 0;
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_PRESET, PROD_COORD_PRESET_AGGRESSIVE);
    u.fields |= PROD_COORD_F(PROD_COORD_FIELD_MIN_PURCHASE_PRICE);
    u.min_purchase_price = 12.5;
    w->failures += api->coord_config_set(w->c, &u, 0) != PROD_OK;
    prod_coord_stats st = {.struct_size = sizeof st};
    api->coord_stats(w->c, &st);
    return put(w, "pending", st.config_pending == 1) == 0;
}

/* The opportunity scan keeping three pipelines going for five minutes. */
static int scanning(tw *w)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 90000);
    if (!open_world(w, &c, 5))
        return 0;
    tw_run(w, 300000, 3000);
    return put(w, "scanning", count(w, (want){0}) > 0) == 0;
}

int main(int argc, char **argv)
{
    static int (*const seeds[])(tw *) = {empty,     planning, executing, polling,
                                         completed, failed,   cancelled, recovery,
                                         cargo,     history,  pending,   scanning};
    static tw w;
    if (argc != 2)
        return fprintf(stderr, "usage: make_coord_corpus DIR\n"), 2;
    if (!(api = prod_get_api(PROD_ABI_VERSION, NULL)))
        return 1;
    dir = argv[1];
    int rc = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++)
        rc |= !seeds[i](&w);
    return rc;
}
