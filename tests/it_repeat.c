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

static void load(th_host *h, const char *so)
{
    char err[512];
    th_load(h, so);
    if (th_init(h, RECIPES, 0, err, sizeof err) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        exit(2);
    }
}

static void test_mining(const char *so)
{
    th_host h;
    load(&h, so);
    const prod_api *a = h.api;
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    th_set(&h, 0, "energy", 100);
    th_set(&h, 0, "pickaxe", 1);
    prod_job_id job;
    CHECK_OK(a->start_repeating(m, th_recipe(&h, "mine_iron"), 9, 0, 1000, &job));
    for (int64_t t = 1000; t <= 80000; t += 777) /* uneven ticks: no drift */
        CHECK_OK(a->tick(m, t));
    CHECK(th_count(&h, 0, "iron_ore") == 50);
    CHECK(th_count(&h, 0, "energy") == 0);
    CHECK(th_count(&h, 0, "pickaxe") == 1);
    CHECK(th_count_events(&h, PROD_EVENT_COMPLETED, -1) == 10);
    CHECK(th_count_events(&h, PROD_EVENT_RESTARTED, -1) == 9);
    CHECK(th_count_events(&h, PROD_EVENT_FAILED, PROD_REASON_FAILED_TO_RESTART) == 1);
    const th_event *last = &h.events[h.n_events - 1];
    CHECK(last->type == PROD_EVENT_FAILED && last->cycles == 10 && last->job == job);
    CHECK(last->time == 1000 + 10 * 5000);
    int k = 0;
    for (size_t i = 0; i < h.n_events; i++)
        if (h.events[i].type == PROD_EVENT_COMPLETED)
            CHECK(h.events[i].time == 1000 + 5000 * ++k);
    CHECK(a->job_count(m) == 0);
    CHECK(a->start_repeating(m, th_recipe(&h, "instant"), 9, 0, 90000, NULL) ==
          PROD_ERR_INVALID_ARGUMENT);
    a->manager_destroy(m);
    th_close(&h);
}

/* A small factory: miners feed smelters in the same inventory. */
static prod_manager *factory(th_host *h)
{
    prod_manager *m = th_manager(h, 77, PROD_OUTPUT_HOLD);
    th_set(h, 0, "energy", 400);
    th_set(h, 0, "pickaxe", 2);
    th_set(h, 0, "iron_ore", 40);
    for (int i = 0; i < 3; i++)
        CHECK_OK(h->api->start_repeating(m, th_recipe(h, "mine_iron"), 1, 0, i * 100, NULL));
    for (int i = 0; i < 3; i++)
        CHECK_OK(h->api->start_repeating(m, th_recipe(h, "smelt"), 2, 0, 300 + i * 50, NULL));
    return m;
}

static void test_catch_up(const char *so)
{
    th_host step, gap;
    load(&step, so);
    load(&gap, so);
    prod_manager *ms = factory(&step), *mg = factory(&gap);
    for (int64_t t = 400; t <= 400000; t++)
        CHECK_OK(step.api->tick(ms, t));
    CHECK_OK(gap.api->tick(mg, 400000));
    CHECK(step.n_events > 100);
    CHECK(step.n_events == gap.n_events);
    CHECK(memcmp(step.events, gap.events,
                 (step.n_events < gap.n_events ? step.n_events : gap.n_events) *
                     sizeof(th_event)) == 0);
    CHECK(memcmp(step.counts, gap.counts, sizeof step.counts) == 0);
    CHECK(th_count(&step, 0, "slag") > 0);
    CHECK(step.api->job_count(ms) == 0 && gap.api->job_count(mg) == 0);
    step.api->manager_destroy(ms);
    gap.api->manager_destroy(mg);
    th_close(&step);
    th_close(&gap);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    test_mining(argv[1]);
    test_catch_up(argv[1]);
    return th_finish("it_repeat");
}
