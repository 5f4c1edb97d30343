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

typedef struct worker {
    th_host *h;
    uint32_t index;
    uint64_t ingots, gems;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    const prod_api *a = w->h->api;
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = w->index, .seed = 99, .id_space = w->index};
    prod_manager *m = NULL;
    if (a->manager_create(w->h->ctx, &c, &m) != PROD_OK)
        return NULL;
    prod_recipe_ix mine = 0, smelt = 0;
    a->recipe_find(w->h->ctx, "mine", &mine);
    a->recipe_find(w->h->ctx, "smelt", &smelt);
    for (int i = 0; i < 50; i++)
        a->start_repeating(m, mine, 1, w->index, 0, NULL);
    for (int64_t t = 1; t <= 20000; t++) {
        a->tick(m, t);
        if (t % 5 == 0)
            a->start(m, smelt, 2, w->index, t, NULL); /* may be short of ore: fine */
    }
    a->tick(m, 40000);
    prod_item_id ingot, gem;
    a->item_find(w->h->ctx, "ingot", &ingot);
    a->item_find(w->h->ctx, "gem", &gem);
    pthread_mutex_lock(&w->h->lock);
    w->ingots = w->h->counts[w->index][ingot];
    w->gems = w->h->counts[w->index][gem];
    pthread_mutex_unlock(&w->h->lock);
    a->manager_destroy(m);
    return NULL;
}

static void run(const char *so, int threaded, worker *out)
{
    th_host h;
    char err[256];
    th_load(&h, so);
    if (th_init(&h, RECIPES, 0, err, sizeof err) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        exit(2);
    }
    pthread_t tid[THREADS];
    for (uint32_t i = 0; i < THREADS; i++)
        th_set(&h, i, "energy", 30000);
    for (uint32_t i = 0; i < THREADS; i++) {
        out[i] = (worker){.h = &h, .index = i};
        if (threaded)
            pthread_create(&tid[i], NULL, work, &out[i]);
        else
            work(&out[i]);
    }
    for (uint32_t i = 0; threaded && i < THREADS; i++)
        pthread_join(tid[i], NULL);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    worker serial[THREADS], parallel[THREADS];
    run(argv[1], 0, serial);
    run(argv[1], 1, parallel);
    for (int i = 0; i < THREADS; i++) {
        CHECK(serial[i].ingots > 1000);
        CHECK(serial[i].gems > 0);
        CHECK(serial[i].ingots == parallel[i].ingots);
        CHECK(serial[i].gems == parallel[i].gems);
    }
    return th_finish("it_threads");
}
