/* it_threads.c - different managers ticked from different threads at once,
 * sharing one context (the read-only registry), as a host would. Each
 * thread's inventory must end exactly as in a single-threaded run. Run under
 * ThreadSanitizer by scripts/test.sh. */
#include <string.h>

#include "testhost.h"

#define THREADS 2

static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"mine\",\"inputs\":[{\"item\":\"energy\",\"qty\":3}],"
    "\"outputs\":[{\"item\":\"ore\",\"qty\":2},{\"item\":\"gem\",\"qty\":1,\"probability\":0.2}],"
    "\"duration_ms\":7},"
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1}],\"duration_ms\":13}]}";

static const char *SO; /* the plugin under test (argv[1]) */

typedef struct worker {
    th_host *h;
    uint32_t index;
    uint64_t ingots, gems;
} worker;

/* One manager (id_space = tag = index) on inventory index: 50 repeating
 * mines, a smelt every 5 ms for 20 s, then ticked to 40 s. Every plugin call
 * is checked (check.h counts atomically, so this runs on any thread); the
 * loop stops at the first unexpected answer. */
static void *work(void *arg)
{
    worker *w = arg;
    const prod_api *a = w->h->api;
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = w->index, .seed = 99, .id_space = w->index};
    prod_manager *m = NULL;
    if (!CHECK_OK(a->manager_create(w->h->ctx, &c, &m)))
        return NULL;
    prod_recipe_ix mine = 0, smelt = 0;
    prod_item_id ingot = 0, gem = 0;
    int ok = CHECK_OK(a->recipe_find(w->h->ctx, "mine", &mine)) &&
             CHECK_OK(a->recipe_find(w->h->ctx, "smelt", &smelt)) &&
             CHECK_OK(a->item_find(w->h->ctx, "ingot", &ingot)) &&
             CHECK_OK(a->item_find(w->h->ctx, "gem", &gem));
    for (int i = 0; ok && i < 50; i++)
        ok = CHECK_OK(a->start_repeating(m, mine, 1, w->index, 0, NULL));
    for (int64_t t = 1; ok && t <= 20000; t++) {
        ok = CHECK_OK(a->tick(m, t));
        if (ok && t % 5 == 0) {
            prod_status st = a->start(m, smelt, 2, w->index, t, NULL);
            ok = CHECK(st == PROD_OK || st == PROD_ERR_INSUFFICIENT); /* short of ore: fine */
        }
    }
    if (ok && CHECK_OK(a->tick(m, 40000))) {
        pthread_mutex_lock(&w->h->lock);
        w->ingots = w->h->counts[w->index][ingot];
        w->gems = w->h->counts[w->index][gem];
        pthread_mutex_unlock(&w->h->lock);
    }
    a->manager_destroy(m);
    return NULL;
}

/* THREADS workers on one context, one after the other or each on its own
 * thread; their results in out. 0 when the run could not be set up. */
static int run(int threaded, worker *out)
{
    th_host h;
    char err[256] = "";
    th_load(&h, SO);
    if (!CHECK_OK(th_init(&h, RECIPES, 0, err, sizeof err))) {
        fprintf(stderr, "init: %s\n", err);
        return 0;
    }
    pthread_t tid[THREADS];
    int started[THREADS] = {0}, ok = 1;
    for (uint32_t i = 0; i < THREADS; i++)
        th_set(&h, i, "energy", 30000);
    for (uint32_t i = 0; i < THREADS; i++) {
        out[i] = (worker){.h = &h, .index = i};
        if (threaded) {
            started[i] = CHECK(pthread_create(&tid[i], NULL, work, &out[i]) == 0);
            ok &= started[i];
        } else {
            work(&out[i]);
        }
    }
    for (uint32_t i = 0; i < THREADS; i++)
        if (started[i])
            ok &= CHECK(pthread_join(tid[i], NULL) == 0);
    th_close(&h);
    return ok;
}

/* The workload is worth comparing: both managers make ingots and roll gems. */
static void serial_run_makes_ingots_and_gems(void)
{
    worker serial[THREADS];
    REQUIRE(run(0, serial));
    for (int i = 0; i < THREADS; i++) {
        CHECK(serial[i].ingots > 1000);
        CHECK(serial[i].gems > 0);
    }
}

static void managers_on_their_own_threads_end_as_in_a_serial_run(void)
{
    worker serial[THREADS], parallel[THREADS];
    REQUIRE(run(0, serial));
    REQUIRE(run(1, parallel));
    for (int i = 0; i < THREADS; i++) {
        CHECK(serial[i].ingots == parallel[i].ingots);
        CHECK(serial[i].gems == parallel[i].gems);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(serial_run_makes_ingots_and_gems);
    RUN(managers_on_their_own_threads_end_as_in_a_serial_run);
    return check_finish("it_threads");
}
