/* minimal_host.c - the smallest whole host: it links the library
 * (production::production, or pkg-config production) instead of dlopen()ing
 * it, gets the function table from prod_get_api, hands the plugin its
 * inventory callbacks, loads one recipe from memory, starts a job (refused
 * first: no logs yet), ticks it to completion with game time and prints
 * what happened. Copy it and replace the inventory with your game's.
 *
 *   cc minimal_host.c $(pkg-config --cflags --libs production)
 *
 * (ctest package_install builds it that way, and with find_package, shared
 * and static, against an installed production.) */
#include <stdio.h>
#include <string.h>

#include "production.h"

#define MAX_ITEMS 8 /* item ids are 1..item_count; this recipe file has two */

static const char *RECIPES = "[{\"id\":\"plank\",\"inputs\":[{\"item\":\"log\",\"qty\":1}],"
                             "\"outputs\":[{\"item\":\"plank\",\"qty\":4}],\"duration_ms\":100}]";

/* The game's side: one inventory (the plugin passes its id; there is only
 * one here) as a count per item id, and the events it saw. */
typedef struct game {
    uint64_t qty[MAX_ITEMS];
    int completed;
} game;

/* All or nothing: check every requirement, then take the consumed ones. */
static int32_t consume(void *user, uint64_t inventory, const prod_requirement *r, uint32_t n)
{
    game *g = user;
    (void)inventory;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].item >= MAX_ITEMS || g->qty[r[i].item] < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        g->qty[r[i].item] -= r[i].consume ? r[i].qty : 0;
    return PROD_HOST_OK;
}

/* All or nothing: PROD_HOST_FULL keeps the outputs in the job, retried later. */
static int32_t add(void *user, uint64_t inventory, const prod_item_qty *items, uint32_t n)
{
    game *g = user;
    (void)inventory;
    for (uint32_t i = 0; i < n; i++)
        if (items[i].item >= MAX_ITEMS)
            return PROD_HOST_FULL;
    for (uint32_t i = 0; i < n; i++)
        g->qty[items[i].item] += items[i].qty;
    return PROD_HOST_OK;
}

/* Synchronous, inside start/tick: never call into the same manager here. */
static void on_event(void *user, const prod_event *e)
{
    ((game *)user)->completed += e->type == PROD_EVENT_COMPLETED;
}

static int run(const prod_api *api, prod_ctx *ctx, game *g)
{
    prod_recipe_ix plank;
    prod_item_id log_id, plank_id;
    prod_manager_config mc = {.struct_size = sizeof mc, .version = PROD_MANAGER_CONFIG_VERSION};
    prod_manager *m = NULL;
    if (api->recipe_find(ctx, "plank", &plank) || api->item_find(ctx, "log", &log_id) ||
        api->item_find(ctx, "plank", &plank_id) || api->manager_create(ctx, &mc, &m))
        return fprintf(stderr, "setup: %s\n", api->last_error(ctx)), 1;
    prod_status st = api->start(m, plank, /*owner*/ 1, /*inventory*/ 1, /*now ms*/ 0, NULL);
    printf("without logs: %s\n", api->status_str(st)); /* refused; nothing changed */
    g->qty[log_id] = 1;
    st = api->start(m, plank, 1, 1, 0, NULL);
    if (st == PROD_OK)
        st = api->tick(m, 100); /* game time: the job ends at 100 ms */
    if (st != PROD_OK)
        fprintf(stderr, "production: %s: %s\n", api->status_str(st), api->manager_last_error(m));
    printf("planks: %llu, completed: %d\n", (unsigned long long)g->qty[plank_id], g->completed);
    api->manager_destroy(m);
    return st != PROD_OK;
}

int main(void)
{
    const char *why = NULL;
    const prod_api *api = prod_get_api(PROD_ABI_VERSION, &why);
    if (!api)
        return fprintf(stderr, "prod_get_api: %s\n", why), 1;
    printf("production %s, ABI %u.%u (header %s)\n", api->plugin_version, api->abi_version >> 16,
           api->abi_version & 0xFFFFu, PROD_VERSION_STRING);
    game g;
    memset(&g, 0, sizeof g);
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION, .user = &g,
                      .inventory_consume = consume, .inventory_add = add, .on_event = on_event};
    prod_recipe_source src = {.json = RECIPES, .name = "minimal_host.c"};
    char err[512] = "";
    prod_init_params ip = {.struct_size = sizeof ip, .version = PROD_INIT_PARAMS_VERSION,
                           .host = &host, .sources = &src, .source_count = 1, .error = err,
                           .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    if (api->init(&ip, &ctx) != PROD_OK)
        return fprintf(stderr, "init: %s\n", err), 1;
    int rc = run(api, ctx, &g);
    api->shutdown(ctx);
    return rc;
}
