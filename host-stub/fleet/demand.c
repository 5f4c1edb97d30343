/* demand.c - owns the fleet's own planning: the ranked products of
 * econ_opportunities, and coord_plan of the next ones in turn while the
 * coordinator has room under max_pipelines. */
#include "demand.h"

#include <stdlib.h>

int fleet_demand_open(fleet_world *w)
{
    prod_opportunity_request q = {.struct_size = sizeof q,
                                  .version = PROD_OPPORTUNITY_REQUEST_VERSION};
    prod_econ_info *ops = NULL;
    uint32_t n = 0;
    if (w->api->econ_opportunities(w->ctx, &q, &ops, &n) != PROD_OK)
        return fleet_fail(w, "econ_opportunities: %s", w->api->last_error(w->ctx));
    w->products = n ? calloc(n, sizeof *w->products) : NULL;
    if (n && !w->products) {
        w->api->free_buffer(ops);
        return fleet_fail(w, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++)
        w->products[i] = ops[i].item;
    w->nproducts = n;
    w->api->free_buffer(ops);
    return 0;
}

void fleet_demand_close(fleet_world *w)
{
    free(w->products);
    w->products = NULL;
    w->nproducts = 0;
}

int fleet_demand_plan(fleet_world *w)
{
    for (uint32_t tried = 0; tried < w->nproducts; tried++) {
        prod_item_id item = w->products[w->next_product];
        w->next_product = (w->next_product + 1) % w->nproducts;
        prod_status st = w->api->coord_plan(w->coord, item, w->now, NULL);
        if (st == PROD_ERR_LIMIT)
            return 0; /* max_pipelines are active */
        if (st != PROD_OK && st != PROD_ERR_NOT_FOUND && st != PROD_ERR_HOST)
            return fleet_fail(w, "coord_plan %s: %s", w->api->item_name(w->ctx, item),
                              w->api->coord_last_error(w->coord));
    }
    return 0;
}
