/* host.c - the tiny host ctest package_install builds against an installed
 * production (with pkg-config, with find_package, shared and static): it
 * links the library instead of dlopen()ing it, calls prod_get_api directly,
 * loads one recipe from memory, runs one job to completion, and prints what
 * it saw. Inventories are a counter per item, enough for one job. */
#include <stdio.h>
#include <string.h>

#include "production.h"

#define MAX_ITEMS 8

static const char *RECIPES = "[{\"id\":\"plank\",\"inputs\":[{\"item\":\"log\",\"qty\":1}],"
                             "\"outputs\":[{\"item\":\"plank\",\"qty\":4}],\"duration_ms\":100}]";

typedef struct stock {
    uint64_t qty[MAX_ITEMS];
    int completed;
} stock;

static int32_t consume(void *user, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    stock *s = user;
    (void)inv;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].item >= MAX_ITEMS || s->qty[r[i].item] < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        s->qty[r[i].item] -= r[i].consume ? r[i].qty : 0;
    return PROD_HOST_OK;
}

static int32_t add(void *user, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    stock *s = user;
    (void)inv;
    for (uint32_t i = 0; i < n; i++)
        if (items[i].item >= MAX_ITEMS)
            return PROD_HOST_FULL;
    for (uint32_t i = 0; i < n; i++)
        s->qty[items[i].item] += items[i].qty;
    return PROD_HOST_OK;
}

static void on_event(void *user, const prod_event *e)
{
    ((stock *)user)->completed += e->type == PROD_EVENT_COMPLETED;
}

static int run(const prod_api *api, prod_ctx *ctx, stock *s)
{
    prod_recipe_ix plank;
    prod_item_id log_id, plank_id;
    prod_manager_config mc = {.struct_size = sizeof mc, .version = PROD_MANAGER_CONFIG_VERSION};
    prod_manager *m = NULL;
    if (api->recipe_find(ctx, "plank", &plank) || api->item_find(ctx, "log", &log_id) ||
        api->item_find(ctx, "plank", &plank_id) || api->manager_create(ctx, &mc, &m))
        return 1;
    prod_status none = api->start(m, plank, 1, 1, 0, NULL); /* no logs yet */
    printf("without logs: %s\n", api->status_str(none));
    s->qty[log_id] = 1;
    prod_status st = api->start(m, plank, 1, 1, 0, NULL);
    if (st == PROD_OK)
        st = api->tick(m, 100);
    printf("planks: %llu, completed: %d\n", (unsigned long long)s->qty[plank_id], s->completed);
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
    stock s;
    memset(&s, 0, sizeof s);
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION, .user = &s,
                      .inventory_consume = consume, .inventory_add = add, .on_event = on_event};
    prod_recipe_source src = {.json = RECIPES, .name = "host.c"};
    char err[512] = "";
    prod_init_params ip = {.struct_size = sizeof ip, .version = PROD_INIT_PARAMS_VERSION,
                           .host = &host, .sources = &src, .source_count = 1, .error = err,
                           .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    if (api->init(&ip, &ctx) != PROD_OK)
        return fprintf(stderr, "init: %s\n", err), 1;
    int rc = run(api, ctx, &s);
    api->shutdown(ctx);
    return rc;
}
