/* fuzz_recipes.c - libFuzzer target for recipe JSON loading, through the
 * public table. Any input must load or fail cleanly with a message; when it
 * loads, exporting and loading the export must give the same export (the
 * exporter's round-trip promise). */
#include <stdlib.h>
#include <string.h>

#include "moving_alloc.h"
#include "production.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int32_t add(void *u, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    (void)u, (void)inv, (void)items, (void)n;
    return PROD_HOST_OK;
}

static prod_status load(const prod_api *api, const char *json, size_t len, prod_ctx **out)
{
    static prod_host host;
    host = (prod_host){.struct_size = sizeof host,
                       .version = PROD_HOST_VERSION,
                       .inventory_add = add,
                       .allocate = moving_allocate};
    prod_recipe_source src = {.json = json, .json_len = len, .name = "fuzz"};
    char err[256] = "";
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    prod_status st = api->init(&p, out);
    if (st != PROD_OK && (*out || err[0] == '\0'))
        abort(); /* a refusal creates nothing and always says why */
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const prod_api *api;
    if (!api && !(api = prod_get_api(PROD_ABI_VERSION, NULL)))
        abort();
    if (size == 0)
        return 0;
    prod_ctx *ctx = NULL, *again = NULL;
    if (load(api, (const char *)data, size, &ctx) != PROD_OK)
        return 0;
    char *a = NULL, *b = NULL;
    size_t la, lb;
    if (api->export_json(ctx, &a, &la) != PROD_OK || load(api, a, la, &again) != PROD_OK ||
        api->export_json(again, &b, &lb) != PROD_OK)
        abort();
    if (la != lb || memcmp(a, b, la) != 0)
        abort();
    api->free_buffer(a);
    api->free_buffer(b);
    api->shutdown(ctx);
    api->shutdown(again);
    return 0;
}
