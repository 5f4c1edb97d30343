/* factory.h - the factories of rules.h on the plugin's own production
 * managers (factory.c): found from the recipes and the markets, fed by
 * deliveries, ticked with the game, their cycles' output put on the
 * export's stock. */
#ifndef PRODHOST_FLEET_FACTORY_H
#define PRODHOST_FLEET_FACTORY_H

#include "fleet.h"

/* Every factory of the map: a manager each, one inventory per market.
 * 0, or -1 with w->error. */
int fleet_factories_open(fleet_world *w);
void fleet_factories_close(fleet_world *w);
/* 1 when units of item sold at market feed one of its factories (they
 * went into its inventory), 0 when none uses it, -1 on failure (w->error). */
int fleet_factory_deliver(fleet_world *w, uint64_t market, prod_item_id item, uint32_t n);
/* Tick every manager to w->now, move finished output to the stock, start
 * the jobs whose inputs are there. 0 or -1 (w->error). */
int fleet_factories_tick(fleet_world *w);
/* prod_host.get_modifiers: a factory's output yield (rules.h). */
int32_t fleet_factory_modifiers(void *user, uint32_t source, uint64_t tag, uint64_t owner,
                                uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                                prod_modifiers *out);

#endif
