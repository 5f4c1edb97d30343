/* chain_query.c - ask the plugin about a production chain: what 10 gears
 * take down to raw materials, with each step made or bought at whatever a
 * market asks (PROD_STRATEGY_MIN_COST), and what making them earns against
 * selling them. The market is the host's: market_quote answers from a small
 * price table here, from the game's economy in a real server.
 *
 *   cc chain_query.c $(pkg-config --cflags --libs production) */
#include <stdio.h>
#include <string.h>

#include "production.h"

static const char *RECIPES =
    "[{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1}],\"duration_ms\":2000},"
    " {\"id\":\"roll\",\"inputs\":[{\"item\":\"ingot\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"plate\",\"qty\":2}],\"duration_ms\":1000},"
    " {\"id\":\"cut_gear\",\"inputs\":[{\"item\":\"plate\",\"qty\":3}],"
    "\"outputs\":[{\"item\":\"gear\",\"qty\":1}],\"duration_ms\":3000}]";

/* One market per item here; a game has many (index 0, 1, ... per item). */
typedef struct price {
    const char *item;
    uint32_t flags; /* PROD_QUOTE_SELLS: we can buy it; PROD_QUOTE_BUYS: we can sell it */
    double buy, sell;
} price;

static const price PRICES[] = {
    {"ore", PROD_QUOTE_SELLS, 3.0, 0},
    {"ingot", PROD_QUOTE_SELLS, 5.0, 0}, /* cheaper than smelting 2 ore (6.00): bought */
    {"plate", PROD_QUOTE_SELLS, 4.0, 0}, /* dearer than rolling half an ingot (2.50): made */
    {"gear", PROD_QUOTE_BUYS, 0, 20.0},
};

typedef struct game {
    const prod_api *api;
    prod_ctx *ctx; /* set after init; quotes are only asked once it exists */
} game;

static int32_t market_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    game *g = user;
    const char *name = g->api->item_name(g->ctx, item);
    for (uint32_t i = 0; name && index == 0 && i < sizeof PRICES / sizeof PRICES[0]; i++)
        if (strcmp(PRICES[i].item, name) == 0) {
            out->market = i + 1;
            out->flags = PRICES[i].flags;
            out->buy_price = PRICES[i].buy;
            out->sell_price = PRICES[i].sell;
            out->supply = PROD_SUPPLY_HIGH;
            out->activity = PROD_ACTIVITY_STRONG;
            return PROD_HOST_OK;
        }
    return PROD_HOST_NO_MORE;
}

static void print_tree(const prod_api *api, prod_ctx *ctx, const prod_chain_result *r)
{
    for (uint32_t i = 0; i < r->node_count; i++) {
        const prod_chain_node *n = &r->nodes[i];
        const char *how = n->decision == PROD_DECISION_MAKE  ? "make"
                          : n->decision == PROD_DECISION_BUY ? "buy"
                                                             : "raw";
        printf("%*s%s x%llu: %s", (int)(2 * n->depth), "", api->item_name(ctx, n->item),
               (unsigned long long)n->qty_needed, how);
        if (n->decision == PROD_DECISION_MAKE)
            printf(", %llu run%s", (unsigned long long)n->runs, n->runs == 1 ? "" : "s");
        printf(", cost %.2f\n", n->cost);
    }
    printf("total %.2f, %lld ms of work\n", r->total_cost, (long long)r->duration_ms);
}

static int query(const prod_api *api, prod_ctx *ctx)
{
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .runs = 10, .strategy = PROD_STRATEGY_MIN_COST};
    prod_chain_result *r = NULL;
    prod_econ_info e = {.struct_size = sizeof e};
    prod_status st = api->item_find(ctx, "gear", &q.item);
    if (st == PROD_OK && (st = api->chain_build(ctx, &q, &r)) == PROD_OK)
        print_tree(api, ctx, r);
    api->free_buffer(r);
    if (st == PROD_OK && (st = api->econ_item(ctx, &q, &e)) == PROD_OK)
        printf("10 gears: cost %.2f, sold for %.2f, profit %.2f (ROI %.0f%%)\n", e.total_cost,
               e.sell_price * (double)e.qty, e.profit_sell, e.roi_sell);
    if (st != PROD_OK)
        fprintf(stderr, "chain: %s: %s\n", api->status_str(st), api->last_error(ctx));
    return st != PROD_OK;
}

int main(void)
{
    const char *why = NULL;
    game g = {.api = prod_get_api(PROD_ABI_VERSION, &why)};
    if (!g.api)
        return fprintf(stderr, "prod_get_api: %s\n", why), 1;
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION, .user = &g,
                      .market_quote = market_quote};
    prod_recipe_source src = {.json = RECIPES, .name = "chain_query.c"};
    char err[512] = "";
    prod_init_params ip = {.struct_size = sizeof ip, .version = PROD_INIT_PARAMS_VERSION,
                           .host = &host, .sources = &src, .source_count = 1, .error = err,
                           .error_cap = sizeof err};
    if (g.api->init(&ip, &g.ctx) != PROD_OK)
        return fprintf(stderr, "init: %s\n", err), 1;
    int rc = query(g.api, g.ctx);
    g.api->shutdown(g.ctx);
    return rc;
}
