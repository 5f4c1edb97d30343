/* fuzz_deserialize.c - libFuzzer target for deserialize. Any input must load
 * or fail cleanly (sanitizers catch the rest). When it loads, the manager must
 * work, and saving it, loading that and saving again must give the same bytes
 * (a loaded state is a fixed point of save/load). */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "jobs/manager.h"
#include "save/persist.h"
#include "persist_recipes.h"

static const char *RECIPES = PERSIST_RECIPES;

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

static prod_ctx *context(void)
{
    static prod_ctx *ctx;
    if (ctx)
        return ctx;
    static prod_host host;
    host = (prod_host){.struct_size = sizeof host, .version = PROD_HOST_VERSION,
                       .inventory_consume = consume, .inventory_add = add, .on_event = on_event};
    prod_recipe_source src = {.json = RECIPES, .name = "fuzz"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1};
    if (prodi_ctx_init(&p, &ctx) != PROD_OK)
        abort();
    return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    prod_ctx *ctx = context();
    prod_manager *m = NULL;
    if (prodi_persist_load(ctx, data, size, NULL, &m) != PROD_OK)
        return 0;
    uint8_t *a = NULL, *b = NULL;
    size_t la, lb;
    prod_manager *m2 = NULL;
    if (prodi_persist_save(m, &a, &la) != PROD_OK || prodi_persist_load(ctx, a, la, NULL, &m2) != PROD_OK ||
        prodi_persist_save(m2, &b, &lb) != PROD_OK)
        abort();
    if (la != lb || memcmp(a, b, la) != 0)
        abort();
    free(a);
    free(b);
    prodi_mgr_tick(m, m->last_time + 3600000);
    prodi_mgr_destroy(m);
    prodi_mgr_destroy(m2);
    return 0;
}
