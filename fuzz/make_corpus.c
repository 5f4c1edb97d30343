/* make_corpus.c - writes the fuzzers' seed saves, one per feature of the
 * format: a running job, held (blocked) outputs, a repeating job, a
 * probabilistic output, an end time past 2^40 ms (the far list), a tick
 * stopped at its budget (catch_up), a job whose recipe is no longer loaded,
 * and an empty manager. Each is made through the public table with the
 * recipes of tests/persist_recipes.h, so it is what the plugin writes today
 * (named f<major>_<minor>_<feature>.msgpack); older formats' seeds stay
 * beside them (v1_manager.msgpack is format 1.0). ctest fuzz_corpus_current
 * fails when the committed seeds are not what this writes: run
 * `make_corpus fuzz/corpus/deserialize` then. Usage: make_corpus DIR. */
#include <stdio.h>

#include "persist_recipes.h"
#include "production.h"
#include "seed_file.h"

#define INVS 2
#define ITEMS 16

static uint64_t counts[INVS][ITEMS];
static uint64_t room[INVS] = {1000, 1000};

static int32_t consume(void *u, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    (void)u;
    for (uint32_t i = 0; i < n; i++)
        if (inv >= INVS || r[i].item >= ITEMS || counts[inv][r[i].item] < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        counts[inv][r[i].item] -= r[i].consume ? r[i].qty : 0;
    return PROD_HOST_OK;
}

static int32_t add(void *u, uint64_t inv, const prod_item_qty *s, uint32_t n)
{
    (void)u;
    uint64_t sum = 0, have = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += s[i].qty;
    for (uint32_t i = 0; inv < INVS && i < ITEMS; i++)
        have += counts[inv][i];
    if (inv >= INVS || have + sum > room[inv])
        return PROD_HOST_FULL;
    for (uint32_t i = 0; i < n; i++)
        counts[inv][s[i].item] += s[i].qty;
    return PROD_HOST_OK;
}

static const prod_api *api;

static prod_ctx *context(const char *json)
{
    static prod_host host;
    host = (prod_host){.struct_size = sizeof host,
                       .version = PROD_HOST_VERSION,
                       .inventory_consume = consume,
                       .inventory_add = add};
    prod_recipe_source src = {.json = json, .name = "corpus"};
    prod_init_params p = {.struct_size = sizeof p,
                          .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host,
                          .sources = &src,
                          .source_count = 1};
    prod_ctx *ctx = NULL;
    return api->init(&p, &ctx) == PROD_OK ? ctx : NULL;
}

static prod_manager *manager(prod_ctx *ctx, uint32_t budget)
{
    prod_manager_config c = {.struct_size = sizeof c,
                             .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = 9,
                             .seed = 77,
                             .id_space = 2,
                             .max_completions = budget};
    prod_manager *m = NULL;
    return api->manager_create(ctx, &c, &m) == PROD_OK ? m : NULL;
}

/* The manager's save into DIR (seed_write names it); the manager is destroyed. */
static int put(const char *dir, const char *name, prod_manager *m)
{
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = api->serialize(m, &b, &n) != PROD_OK;
    if (rc)
        fprintf(stderr, "make_corpus: cannot save %s\n", name);
    else
        rc = seed_write(dir, name, b, n);
    api->free_buffer(b);
    api->manager_destroy(m);
    return rc;
}

static prod_recipe_ix recipe(prod_ctx *ctx, const char *id)
{
    prod_recipe_ix r = 0;
    api->recipe_find(ctx, id, &r);
    return r;
}

static void stock(prod_ctx *ctx, const char *item, uint64_t qty)
{
    prod_item_id id = 0;
    if (api->item_find(ctx, item, &id) == PROD_OK && id < ITEMS)
        counts[0][id] = qty;
}

/* The seeds that the loaded recipes can make. */
static int seeds(prod_ctx *ctx, const char *dir)
{
    int rc = 0;
    stock(ctx, "ore", 100);
    stock(ctx, "energy", 100);
    stock(ctx, "pick", 1);
    stock(ctx, "ingot", 10);
    prod_manager *m = manager(ctx, 0);
    rc |= put(dir, "empty", m);
    m = manager(ctx, 0); /* running and probabilistic (smelt's slag is 50%) */
    api->start(m, recipe(ctx, "smelt"), 1, 0, 0, NULL);
    api->start(m, recipe(ctx, "press"), 2, 0, 0, NULL);
    api->tick(m, 400);
    rc |= put(dir, "running", m);
    m = manager(ctx, 0); /* repeating: mining cycles with a tool */
    api->start_repeating(m, recipe(ctx, "mine"), 3, 0, 0, NULL);
    api->tick(m, 2500);
    rc |= put(dir, "repeating", m);
    m = manager(ctx, 0); /* blocked: the inventory is full when smelt ends */
    api->start(m, recipe(ctx, "smelt"), 1, 0, 0, NULL);
    room[0] = 0;
    api->tick(m, 2000);
    room[0] = 1000;
    rc |= put(dir, "blocked", m);
    m = manager(ctx, 0); /* far future: started at 2^41 ms */
    api->tick(m, (int64_t)1 << 41);
    api->start(m, recipe(ctx, "press"), 4, 0, (int64_t)1 << 41, NULL);
    rc |= put(dir, "far_future", m);
    m = manager(ctx, 2); /* a tick stopped at its budget of 2: catch_up is saved */
    api->start_repeating(m, recipe(ctx, "mine"), 3, 0, 0, NULL);
    api->tick(m, 10000);
    rc |= put(dir, "catch_up", m);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return fprintf(stderr, "usage: make_corpus DIR\n"), 2;
    if (!(api = prod_get_api(PROD_ABI_VERSION, NULL)))
        return 1;
    prod_ctx *ctx = context(PERSIST_RECIPES);
    /* A recipe the fuzzers' context does not have: its job loads as "gone". */
    prod_ctx *more = context("{\"recipes\":[{\"id\":\"forge\",\"inputs\":[{\"item\":\"ingot\","
                             "\"qty\":2}],\"outputs\":[{\"item\":\"plate\",\"qty\":1}],"
                             "\"duration_ms\":900}]}");
    if (!ctx || !more)
        return 1;
    int rc = seeds(ctx, argv[1]);
    stock(more, "ingot", 10);
    prod_manager *m = manager(more, 0);
    api->start(m, recipe(more, "forge"), 5, 0, 0, NULL);
    rc |= put(argv[1], "recipe_gone", m);
    api->shutdown(ctx);
    api->shutdown(more);
    return rc;
}
