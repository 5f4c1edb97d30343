/* fuzz_deserialize.c - libFuzzer target for deserialize, through the public
 * table. Any input must load or fail cleanly (sanitizers catch the rest),
 * under both policies for jobs whose recipe changed. When it loads, the
 * manager must tick, and the round trip must hold: saving it, loading that
 * and saving again gives the same bytes (a loaded state is a fixed point of
 * save/load). */
#include <stdlib.h>
#include <string.h>

#include "moving_alloc.h"
#include "persist_recipes.h"
#include "production.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A host whose inventories accept and supply everything except every third
 * call, so blocked outputs and failed restarts happen too. */
static unsigned calls;
static int32_t consume(void *u, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    (void)u, (void)inv, (void)r, (void)n;
    return ++calls % 3 == 0 ? PROD_HOST_INSUFFICIENT : PROD_HOST_OK;
}
static int32_t add(void *u, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    (void)u, (void)inv, (void)items, (void)n;
    return ++calls % 3 == 0 ? PROD_HOST_FULL : PROD_HOST_OK;
}
static void on_event(void *u, const prod_event *e) { (void)u, (void)e; }

static const prod_api *api;

static prod_ctx *context(void)
{
    static prod_ctx *ctx;
    if (ctx)
        return ctx;
    static prod_host host;
    host = (prod_host){.struct_size = sizeof host,
                       .version = PROD_HOST_VERSION,
                       .inventory_consume = consume,
                       .inventory_add = add,
                       .on_event = on_event,
                       .allocate = moving_allocate};
    prod_recipe_source src = {.json = PERSIST_RECIPES, .name = "fuzz"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1};
    if (!(api = prod_get_api(PROD_ABI_VERSION, NULL)) || api->init(&p, &ctx) != PROD_OK)
        abort();
    return ctx;
}

/* save(m) == save(load(save(m))), then a tick (one budget's worth; at
 * most to PROD_TIME_MAX: a save may stand at the end of time). */
static void round_trip(prod_ctx *ctx, prod_manager *m)
{
    uint8_t *a = NULL, *b = NULL;
    size_t la, lb;
    prod_manager *m2 = NULL;
    if (api->serialize(m, &a, &la) != PROD_OK ||
        api->deserialize(ctx, a, la, NULL, &m2) != PROD_OK ||
        api->serialize(m2, &b, &lb) != PROD_OK)
        abort();
    if (la != lb || memcmp(a, b, la) != 0)
        abort();
    api->free_buffer(a);
    api->free_buffer(b);
    int64_t t = api->manager_time(m);
    prod_status st = api->tick(m, t < PROD_TIME_MAX - 60000 ? t + 60000 : PROD_TIME_MAX);
    if (st != PROD_OK && st != PROD_MORE)
        abort();
    api->manager_destroy(m);
    api->manager_destroy(m2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    prod_ctx *ctx = context();
    prod_load_options current = {.struct_size = sizeof current,
                                 .version = PROD_LOAD_OPTIONS_VERSION,
                                 .changed_recipe = PROD_CHANGED_RECIPE_CURRENT};
    for (int policy = 0; policy < 2; policy++) {
        prod_manager *m = NULL;
        if (api->deserialize(ctx, data, size, policy ? &current : NULL, &m) == PROD_OK)
            round_trip(ctx, m);
        else if (m || api->last_error(ctx)[0] == '\0')
            abort(); /* a refusal creates nothing and always says why */
    }
    return 0;
}
