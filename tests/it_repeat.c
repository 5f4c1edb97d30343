/* it_repeat.c - repeating jobs through the real .so: the design document's
 * mining example (100 energy, 10 per cycle -> exactly 10 cycles), restarts
 * at the previous end time (no drift), and exact catch-up: one tick after a
 * long gap gives the same events and inventory as ticking every millisecond. */
#include <string.h>

#include "testhost.h"

static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"mine_iron\",\"inputs\":[{\"item\":\"energy\",\"qty\":10},"
    "{\"item\":\"pickaxe\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"iron_ore\",\"qty\":5}],\"duration_ms\":5000},"
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"iron_ore\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"iron_ingot\",\"qty\":1},{\"item\":\"slag\",\"qty\":1,"
    "\"probability\":0.3}],\"duration_ms\":1700},"
    "{\"id\":\"instant\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":0}"
    "]}";

static const char *SO; /* the plugin under test (argv[1]) */

static int load(th_host *h)
{
    char err[512] = "";
    th_load(h, SO);
    if (CHECK_OK(th_init(h, RECIPES, 0, err, sizeof err)))
        return 1;
    fprintf(stderr, "init: %s\n", err);
    return 0;
}

/* ---- the mining example ------------------------------------------------------- */

typedef struct mining {
    th_host h;
    prod_manager *m;
    prod_job_id job;
} mining;

/* 100 energy, 10 per cycle and a pickaxe: owner 9 mines from 1000, ticked
 * unevenly (every 777 ms) to 80,000. 0 when a call failed. */
static int mining_run(mining *f)
{
    if (!load(&f->h))
        return 0;
    const prod_api *a = f->h.api;
    f->m = th_manager(&f->h, 1, PROD_OUTPUT_HOLD);
    if (!f->m)
        return 0;
    th_set(&f->h, 0, "energy", 100);
    th_set(&f->h, 0, "pickaxe", 1);
    if (!CHECK_OK(a->start_repeating(f->m, th_recipe(&f->h, "mine_iron"), 9, 0, 1000, &f->job)))
        return 0;
    for (int64_t t = 1000; t <= 80000; t += 777) /* uneven ticks: no drift */
        if (!CHECK_OK(a->tick(f->m, t)))
            return 0;
    return 1;
}

static void mining_close(mining *f)
{
    f->h.api->manager_destroy(f->m);
    th_close(&f->h);
}

static void hundred_energy_at_10_a_cycle_gives_exactly_10_cycles(void)
{
    mining f;
    REQUIRE(mining_run(&f));
    CHECK(th_count(&f.h, 0, "iron_ore") == 50);
    CHECK(th_count(&f.h, 0, "energy") == 0);
    CHECK(th_count_events(&f.h, PROD_EVENT_COMPLETED, -1) == 10);
    CHECK(th_count_events(&f.h, PROD_EVENT_RESTARTED, -1) == 9);
    mining_close(&f);
}

static void repeating_job_keeps_its_tool(void)
{
    mining f;
    REQUIRE(mining_run(&f));
    CHECK(th_count(&f.h, 0, "pickaxe") == 1);
    mining_close(&f);
}

static void repeating_job_fails_to_restart_when_inputs_run_out(void)
{
    mining f;
    REQUIRE(mining_run(&f));
    CHECK(th_count_events(&f.h, PROD_EVENT_FAILED, PROD_REASON_FAILED_TO_RESTART) == 1);
    REQUIRE(f.h.n_events > 0);
    const th_event *last = &f.h.events[f.h.n_events - 1];
    CHECK(last->type == PROD_EVENT_FAILED && last->cycles == 10 && last->job == f.job);
    CHECK(last->time == 1000 + 10 * 5000);
    CHECK(f.h.api->job_count(f.m) == 0);
    mining_close(&f);
}

static void each_cycle_ends_a_duration_after_the_last_without_drift(void)
{
    mining f;
    REQUIRE(mining_run(&f));
    int k = 0;
    for (size_t i = 0; i < f.h.n_events; i++)
        if (f.h.events[i].type == PROD_EVENT_COMPLETED)
            CHECK(f.h.events[i].time == 1000 + 5000 * ++k);
    REQUIRE(k > 0);
    mining_close(&f);
}

static void instant_recipe_cannot_repeat(void)
{
    mining f;
    REQUIRE(mining_run(&f));
    CHECK(f.h.api->start_repeating(f.m, th_recipe(&f.h, "instant"), 9, 0, 90000, NULL) ==
          PROD_ERR_INVALID_ARGUMENT);
    mining_close(&f);
}

/* ---- catch-up ------------------------------------------------------------------- */

/* A small factory: miners feed smelters in the same inventory. */
static prod_manager *factory(th_host *h)
{
    prod_manager *m = th_manager(h, 77, PROD_OUTPUT_HOLD);
    if (!m)
        return NULL;
    th_set(h, 0, "energy", 400);
    th_set(h, 0, "pickaxe", 2);
    th_set(h, 0, "iron_ore", 40);
    for (int i = 0; i < 3; i++)
        CHECK_OK(h->api->start_repeating(m, th_recipe(h, "mine_iron"), 1, 0, i * 100, NULL));
    for (int i = 0; i < 3; i++)
        CHECK_OK(h->api->start_repeating(m, th_recipe(h, "smelt"), 2, 0, 300 + i * 50, NULL));
    return m;
}

/* The same factory ticked every ms from 400 to 400,000 (step) and once at
 * 400,000 (gap). */
typedef struct catch_up {
    th_host step, gap;
    prod_manager *ms, *mg;
} catch_up;

static int catch_up_run(catch_up *f)
{
    if (!load(&f->step) || !load(&f->gap))
        return 0;
    f->ms = factory(&f->step);
    f->mg = factory(&f->gap);
    if (!f->ms || !f->mg)
        return 0;
    for (int64_t t = 400; t <= 400000; t++)
        if (!CHECK_OK(f->step.api->tick(f->ms, t)))
            return 0;
    return CHECK_OK(f->gap.api->tick(f->mg, 400000));
}

static void catch_up_close(catch_up *f)
{
    f->step.api->manager_destroy(f->ms);
    f->gap.api->manager_destroy(f->mg);
    th_close(&f->step);
    th_close(&f->gap);
}

/* The comparison below is worth making: many events, and slag rolled. */
static void factory_makes_many_events_and_rolls_slag(void)
{
    catch_up f;
    REQUIRE(catch_up_run(&f));
    CHECK(f.step.n_events > 100);
    CHECK(th_count(&f.step, 0, "slag") > 0);
    catch_up_close(&f);
}

static void one_tick_after_a_gap_gives_the_events_and_items_of_ticking_every_ms(void)
{
    catch_up f;
    REQUIRE(catch_up_run(&f));
    CHECK(f.step.n_events == f.gap.n_events);
    CHECK(memcmp(f.step.events, f.gap.events,
                 (f.step.n_events < f.gap.n_events ? f.step.n_events : f.gap.n_events) *
                     sizeof(th_event)) == 0);
    CHECK(memcmp(f.step.counts, f.gap.counts, sizeof f.step.counts) == 0);
    catch_up_close(&f);
}

static void factory_runs_out_and_leaves_no_job(void)
{
    catch_up f;
    REQUIRE(catch_up_run(&f));
    CHECK(f.step.api->job_count(f.ms) == 0 && f.gap.api->job_count(f.mg) == 0);
    catch_up_close(&f);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(hundred_energy_at_10_a_cycle_gives_exactly_10_cycles);
    RUN(repeating_job_keeps_its_tool);
    RUN(repeating_job_fails_to_restart_when_inputs_run_out);
    RUN(each_cycle_ends_a_duration_after_the_last_without_drift);
    RUN(instant_recipe_cannot_repeat);
    RUN(factory_makes_many_events_and_rolls_slag);
    RUN(one_tick_after_a_gap_gives_the_events_and_items_of_ticking_every_ms);
    RUN(factory_runs_out_and_leaves_no_job);
    return check_finish("it_repeat");
}
