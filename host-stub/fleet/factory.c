/* factory.c - owns the fleet's factories (rules.h): which market makes
 * which export, a production manager per factory running its recipe as a
 * repeating job on the inputs delivered to the market's inventory, and
 * each finished cycle's output going onto the export's stock. */
#include "factory.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "market.h"
#include "rules.h"

/* The recipe making g's item when market m imports every input, else NONE. */
static prod_recipe_ix recipe_at(fleet_world *w, const fleet_good *g)
{
    const prod_recipe_ix *ix = NULL;
    uint32_t n = 0;
    prod_recipe_info r = {.struct_size = sizeof r};
    if (g->flags != PROD_QUOTE_SELLS || g->item == 0 ||
        w->api->recipes_by_output(w->ctx, g->item, &ix, &n) != PROD_OK || n == 0 ||
        w->api->recipe_get(w->ctx, ix[0], &r) != PROD_OK || r.input_count == 0)
        return PROD_RECIPE_NONE;
    for (uint32_t i = 0; i < r.input_count; i++) {
        const fleet_good *in = fleet_good_at(w, g->market + 1, r.inputs[i].item);
        if (!in || !(in->flags & PROD_QUOTE_BUYS))
            return PROD_RECIPE_NONE;
    }
    return ix[0];
}

static int open_inventories(fleet_world *w)
{
    for (uint32_t m = 1; m <= w->nmarkets; m++)
        if (ph_inv_open(w->host.inv, m, FLEET_FACTORY_HOLD) != 0)
            return -1;
    return 0;
}

int fleet_factories_open(fleet_world *w)
{
    if (open_inventories(w) != 0 || !(w->factories = calloc(w->ngoods, sizeof *w->factories)))
        return fleet_fail(w, "out of memory");
    for (uint32_t i = 0; i < w->ngoods; i++) {
        prod_recipe_ix r = recipe_at(w, &w->goods[i]);
        if (r == PROD_RECIPE_NONE)
            continue;
        fleet_factory *f = &w->factories[w->nfactories];
        prod_manager_config mc = {.struct_size = sizeof mc, .version = PROD_MANAGER_CONFIG_VERSION,
                                  .tag = w->nfactories + 1, .seed = prng_next(&w->rng)};
        if (w->api->manager_create(w->ctx, &mc, &f->m) != PROD_OK)
            return fleet_fail(w, "manager_create: %s",
                            w->api->last_error(w->ctx));
        f->good = i;
        f->recipe = r;
        w->nfactories++;
    }
    return 0;
}

void fleet_factories_close(fleet_world *w)
{
    for (uint32_t i = 0; i < w->nfactories; i++)
        w->api->manager_destroy(w->factories[i].m);
    free(w->factories);
    w->factories = NULL;
    w->nfactories = 0;
}

static int uses(fleet_world *w, const fleet_factory *f, prod_item_id item)
{
    prod_recipe_info r = {.struct_size = sizeof r};
    if (w->api->recipe_get(w->ctx, f->recipe, &r) != PROD_OK)
        return 0;
    for (uint32_t i = 0; i < r.input_count; i++)
        if (r.inputs[i].item == item)
            return 1;
    return 0;
}

int fleet_factory_deliver(fleet_world *w, uint64_t market, prod_item_id item, uint32_t n)
{
    for (uint32_t i = 0; i < w->nfactories; i++) {
        const fleet_factory *f = &w->factories[i];
        if (w->goods[f->good].market + 1 != market || !uses(w, f, item))
            continue;
        prod_item_qty q = {.item = item, .qty = n};
        if (ph_inv_add(w->host.inv, market, &q, 1) != PROD_HOST_OK)
            return fleet_fail(w, "factory inventory %llu is full",
                            (unsigned long long)market);
        return 1;
    }
    return 0;
}

static int tick_one(fleet_world *w, fleet_factory *f)
{
    prod_status st;
    while ((st = w->api->tick(f->m, w->now)) == PROD_MORE)
        ;
    fleet_good *g = &w->goods[f->good];
    uint64_t made = ph_inv_take(w->host.inv, g->market + 1, g->item, UINT64_MAX);
    fleet_market_sell(g, (uint32_t)made);
    if (st == PROD_OK && w->api->job_count(f->m) == 0) {
        st = w->api->start_repeating(f->m, f->recipe, 0, g->market + 1, w->now, NULL);
        if (st == PROD_ERR_INSUFFICIENT)
            st = PROD_OK;
    }
    if (st != PROD_OK)
        return fleet_fail(w, "factory %s/%s: %s",
                        w->markets[g->market].symbol, g->symbol,
                        w->api->manager_last_error(f->m));
    return 0;
}

int fleet_factories_tick(fleet_world *w)
{
    for (uint32_t i = 0; i < w->nfactories; i++)
        if (tick_one(w, &w->factories[i]) != 0)
            return -1;
    return 0;
}

int32_t fleet_factory_modifiers(void *user, uint32_t source, uint64_t tag, uint64_t owner,
                                uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                                prod_modifiers *out)
{
    fleet_world *w = user;
    (void)source, (void)owner, (void)inventory, (void)now;
    prod_recipe_info r = {.struct_size = sizeof r};
    if (tag < 1 || tag > w->nfactories || w->api->recipe_get(w->ctx, recipe, &r) != PROD_OK ||
        r.output_count == 0 || r.outputs[0].qty == 0)
        return -1;
    const fleet_good *g = &w->goods[w->factories[tag - 1].good];
    double units = fmax(1, floor(FLEET_FACTORY_STEP * FLEET_BAND * g->volume));
    out->output_yield = units / (double)r.outputs[0].qty;
    return 0;
}
