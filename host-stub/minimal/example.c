/* example.c - the integration example of README.md, built from the minimal host: load
 * the plugin, hand it the host's callbacks, create a manager, start a job, tick it with
 * game time, print its events, ask the market where to buy, shut down. */
#include <stdio.h>

#include "ph_host.h"
#include "ph_loader.h"

/* Synchronous, on the thread that called the plugin: never call into this manager here. */
static void print_event(void *user, const prod_event *e)
{
    static const char *const names[] = {"?", "started", "restarted", "completed",
                                        "failed", "cancelled", "output-blocked"};
    (void)user;
    printf("t=%lld %s: %s, owner %llu, inventory %llu\n", (long long)e->time, e->recipe_id,
           e->type < sizeof names / sizeof names[0] ? names[e->type] : "?",
           (unsigned long long)e->owner, (unsigned long long)e->inventory);
}

/* Your game fills the inventories and the market; here: inventory 1 (room for 100 items)
 * holds 3 ingots and a hammer, and two markets sell ingots. */
static int fill(ph_host *h, prod_item_id ingot, prod_item_id hammer)
{
    prod_item_qty stock[] = {{ingot, 3}, {hammer, 1}};
    prod_market_quote a = {.market = 1, .flags = PROD_QUOTE_SELLS, .buy_price = 12,
                           .supply = PROD_SUPPLY_HIGH, .activity = PROD_ACTIVITY_STRONG};
    prod_market_quote b = {.market = 2, .flags = PROD_QUOTE_SELLS, .buy_price = 10,
                           .supply = PROD_SUPPLY_LIMITED, .activity = PROD_ACTIVITY_WEAK};
    return ph_inv_open(h->inv, 1, 100) || ph_inv_add(h->inv, 1, stock, 2) ||
           ph_market_set(h->market, ingot, &a) || ph_market_set(h->market, ingot, &b);
}

static int run(const prod_api *api, prod_ctx *ctx, ph_host *h)
{
    prod_recipe_ix sword;
    prod_item_id ingot, hammer;
    if (api->recipe_find(ctx, "iron_sword", &sword) || api->item_find(ctx, "iron_ingot", &ingot) ||
        api->item_find(ctx, "hammer", &hammer) || fill(h, ingot, hammer))
        return fprintf(stderr, "setup failed\n"), 1;
    prod_manager_config mc = {.struct_size = sizeof mc, .version = PROD_MANAGER_CONFIG_VERSION,
                              .tag = 42, .seed = 7, .id_space = 1};
    prod_manager *m = NULL;
    if (api->manager_create(ctx, &mc, &m) != PROD_OK)
        return fprintf(stderr, "manager_create: %s\n", api->last_error(ctx)), 1;
    /* The sword takes 5000 ms: 3 ingots are consumed, the hammer is a tool (checked, kept). */
    prod_status st = api->start(m, sword, /*owner*/ 7, /*inventory*/ 1, /*now ms*/ 0, NULL);
    for (int64_t now = 1000; st == PROD_OK && now <= 6000; now += 1000)
        st = api->tick(m, now); /* game time; the events arrive inside these calls */
    if (st != PROD_OK)
        fprintf(stderr, "production: %s\n", api->manager_last_error(m));
    api->manager_destroy(m);
    /* Where to buy more: strong activity and high supply come before the lowest price. */
    prod_market_quote best = {.struct_size = sizeof best};
    if (st == PROD_OK && (st = api->market_best_buy(ctx, ingot, &best)) != PROD_OK)
        fprintf(stderr, "market_best_buy: %s\n", api->last_error(ctx));
    if (st == PROD_OK)
        printf("buy iron_ingot at market %llu for %.2f\n", (unsigned long long)best.market,
               best.buy_price);
    return st != PROD_OK;
}

int main(void)
{
    char why[512] = "";
    ph_plugin p;
    if (ph_plugin_load("./build/libproduction.so", &p, why, sizeof why) != 0)
        return fprintf(stderr, "plugin: %s\n", why), 1;
    ph_host h;
    prod_host table;
    prod_ctx *ctx = NULL;
    int rc = 1;
    if (ph_host_init(&h) == 0) {
        h.event_fn = print_event;
        ph_host_table(&h, &table); /* every callback of ABI 1.2, routed to h */
        prod_recipe_source src = {.path = "host-stub/recipes/sample_recipes.json"};
        prod_init_params ip = {.struct_size = sizeof ip, .version = PROD_INIT_PARAMS_VERSION,
                               .host = &table, .sources = &src, .source_count = 1,
                               .error = why, .error_cap = sizeof why};
        if (p.api->init(&ip, &ctx) == PROD_OK)
            rc = run(p.api, ctx, &h);
        else
            fprintf(stderr, "init: %s\n", why);
        p.api->shutdown(ctx); /* every manager is destroyed: the context can go */
        ph_host_free(&h);
    } else {
        fprintf(stderr, "out of memory\n");
    }
    ph_plugin_unload(&p);
    return rc;
}
