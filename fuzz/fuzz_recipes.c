/* fuzz_recipes.c - libFuzzer target for recipe JSON loading. Any input must
 * load or fail cleanly; when it loads, exporting and loading the export must
 * give the same export (the exporter's round-trip promise). */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"

static int32_t add(void *u, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    (void)u, (void)inv, (void)items, (void)n;
    return PROD_HOST_OK;
}

static prod_status load(const char *json, size_t len, prod_ctx **out)
{
    static prod_host host;
    host = (prod_host){.struct_size = sizeof host, .version = PROD_HOST_VERSION,
                       .inventory_add = add};
    prod_recipe_source src = {.json = json, .json_len = len, .name = "fuzz"};
    char err[256];
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    return prodi_ctx_init(&p, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    prod_ctx *ctx = NULL;
    if (load((const char *)data, size, &ctx) != PROD_OK)
        return 0;
    char *a = NULL, *b = NULL;
    size_t la, lb;
    prod_ctx *again = NULL;
    if (prodi_reg_export_json(ctx->reg, &a, &la, &ctx->err) != PROD_OK ||
        load(a, la, &again) != PROD_OK ||
        prodi_reg_export_json(again->reg, &b, &lb, &again->err) != PROD_OK)
        abort();
    if (la != lb || memcmp(a, b, la) != 0)
        abort();
    free(a);
    free(b);
    prodi_ctx_shutdown(ctx);
    prodi_ctx_shutdown(again);
    return 0;
}
