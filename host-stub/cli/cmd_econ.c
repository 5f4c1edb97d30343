/* cmd_econ.c - prodhost econ and opportunities: a product's costs, prices,
 * profit and ROI, and every producible item ranked, as text or JSON. */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "args.h"
#include "json_out.h"

/* ---- econ and opportunities ---------------------------------------------- */

static void print_money(const char *label, double v, int known)
{
    if (known)
        printf("  %-16s %.2f\n", label, v);
    else
        printf("  %-16s (no market data)\n", label);
}

static void print_econ(const prod_api *api, prod_ctx *ctx, const prod_econ_info *e)
{
    prod_recipe_info r = {.struct_size = sizeof r};
    api->recipe_get(ctx, e->recipe, &r);
    int buy = !(e->flags & PROD_ECON_NO_BUY_PRICE), sell = !(e->flags & PROD_ECON_NO_SELL_PRICE);
    printf("%s x%llu via %s\n", api->item_name(ctx, e->item), (unsigned long long)e->qty,
           r.id ? r.id : "?");
    printf("  %-16s %.2f%s\n", "material cost", e->material_cost,
           (e->flags & PROD_ECON_PARTIAL_COST) ? " (some inputs unpriced, counted as 0)" : "");
    printf("  %-16s %.2f\n  %-16s %.2f\n", "job cost", e->job_cost, "total cost", e->total_cost);
    print_money("buy price", e->buy_price, buy);
    print_money("sell price", e->sell_price, sell);
    print_money("profit (sell)", e->profit_sell, sell);
    print_money("ROI (sell) %", e->roi_sell, sell);
    print_money("profit (buy)", e->profit_buy, buy);
    printf("  %-16s %lld ms (whole chain %lld ms)\n", "time", (long long)e->duration_ms,
           (long long)e->chain_duration_ms);
}

/* ---- JSON ----------------------------------------------------------------- */

/* A price the markets did not give is null, not 0. */
static void add_price(cJSON *o, const char *key, double v, int known)
{
    cJSON_AddItemToObject(o, key, known ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

static cJSON *econ_json(const prod_api *api, prod_ctx *ctx, const prod_econ_info *e)
{
    prod_recipe_info r = {.struct_size = sizeof r};
    int buy = !(e->flags & PROD_ECON_NO_BUY_PRICE), sell = !(e->flags & PROD_ECON_NO_SELL_PRICE);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "item", api->item_name(ctx, e->item));
    cJSON_AddStringToObject(o, "recipe", api->recipe_get(ctx, e->recipe, &r) == PROD_OK ? r.id : "");
    cJSON_AddNumberToObject(o, "qty", (double)e->qty);
    cJSON_AddNumberToObject(o, "material_cost", e->material_cost);
    cJSON_AddNumberToObject(o, "job_cost", e->job_cost);
    cJSON_AddNumberToObject(o, "total_cost", e->total_cost);
    cJSON_AddBoolToObject(o, "partial_cost", (e->flags & PROD_ECON_PARTIAL_COST) != 0);
    cJSON_AddBoolToObject(o, "expected_yield", (e->flags & PROD_ECON_EXPECTED) != 0);
    add_price(o, "buy_price", e->buy_price, buy);
    add_price(o, "sell_price", e->sell_price, sell);
    add_price(o, "profit_sell", e->profit_sell, sell);
    add_price(o, "roi_sell", e->roi_sell, sell);
    add_price(o, "profit_buy", e->profit_buy, buy);
    add_price(o, "roi_buy", e->roi_buy, buy);
    cJSON_AddNumberToObject(o, "duration_ms", (double)e->duration_ms);
    cJSON_AddNumberToObject(o, "chain_duration_ms", (double)e->chain_duration_ms);
    return o;
}

/* ---- the commands ------------------------------------------------------------ */

#define FORMAT_JSON 1u /* index in FORMATS */
static const char *const FORMATS[] = {"text", "json", NULL};

static int econ_body(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                     const prod_chain_request *q)
{
    prod_econ_info e = {.struct_size = sizeof e};
    prod_status st = api->econ_item(ctx, q, &e);
    if (st != PROD_OK)
        return chain_failed(api, ctx, "econ", st);
    if (o->format == FORMAT_JSON)
        return cli_print_json(econ_json(api, ctx, &e));
    print_econ(api, ctx, &e);
    return CLI_OK;
}

static void print_ranking(const prod_api *api, prod_ctx *ctx, const prod_econ_info *list,
                          uint32_t n)
{
    printf("%-4s %-22s %12s %12s %12s %9s\n", "#", "item", "cost", "sell value", "profit",
           "ROI %");
    for (uint32_t i = 0; i < n; i++)
        printf("%-4u %-22s %12.2f %12.2f %12.2f %9.1f\n", i + 1, api->item_name(ctx, list[i].item),
               list[i].total_cost, list[i].sell_price * (double)list[i].qty, list[i].profit_sell,
               list[i].roi_sell);
    printf("%u opportunit%s\n", n, n == 1 ? "y" : "ies");
}

static cJSON *ranking_json(const prod_api *api, prod_ctx *ctx, const prod_econ_info *list,
                           uint32_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (uint32_t i = 0; arr && i < n; i++) {
        cJSON *o = econ_json(api, ctx, &list[i]);
        cJSON_AddNumberToObject(o, "rank", i + 1);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static int opportunities_body(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                              const prod_chain_request *base)
{
    prod_opportunity_request q = {.struct_size = sizeof q,
                                  .version = PROD_OPPORTUNITY_REQUEST_VERSION, .rank = o->rank,
                                  .limit = o->limit, .min_roi = o->min_roi,
                                  .min_profit = o->min_profit, .base = base};
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    prod_status st = api->econ_opportunities(ctx, &q, &list, &n);
    if (st != PROD_OK)
        return chain_failed(api, ctx, "opportunities", st);
    int rc = CLI_OK;
    if (o->format == FORMAT_JSON)
        rc = cli_print_json(ranking_json(api, ctx, list, n));
    else
        print_ranking(api, ctx, list, n);
    api->free_buffer(list);
    return rc;
}

void econ_usage(FILE *out)
{
    fprintf(out,
            "  econ ITEM [--runs N] [--me N] [--te N] [--job-index X] [--prices PATH]\n"
            "        [--format text|json]\n"
            "                  costs (each input at the cheaper of buying and making), prices,\n"
            "                  profit and ROI of making ITEM\n");
}

void opportunities_usage(FILE *out)
{
    fprintf(out,
            "  opportunities [--min-roi R] [--min-profit P] [--limit N] [--rank profit|roi]\n"
            "        [--runs N] [--me N] [--te N] [--job-index X] [--prices PATH]\n"
            "        [--format text|json]\n"
            "                  every producible item ranked by profit (or ROI)\n");
}

int cmd_econ(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    static const char *const options[] = {"--runs",   "--me",     "--te", "--job-index",
                                          "--prices", "--format", NULL};
    static const chain_cmd cmd = {"econ", 1, options, FORMATS, econ_body, NULL};
    (void)host;
    return chain_run(p, recipes, argc, argv, &cmd);
}

int cmd_opportunities(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    static const char *const options[] = {"--min-roi", "--min-profit", "--limit",  "--rank",
                                          "--runs",    "--me",         "--te",     "--job-index",
                                          "--prices",  "--format",     NULL};
    static const chain_cmd cmd = {"opportunities", 0, options, FORMATS, opportunities_body, NULL};
    (void)host;
    return chain_run(p, recipes, argc, argv, &cmd);
}
