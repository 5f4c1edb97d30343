/* market.h - the markets' dynamics (rules.h): a trade good's supply level
 * from its stock, its prices, the coordinator's quotes, trades that move the
 * stock, and the drift back to the baseline (market.c). */
#ifndef PRODHOST_FLEET_MARKET_H
#define PRODHOST_FLEET_MARKET_H

#include "fleet.h"

/* The stock in the middle of supply level `level` (PROD_SUPPLY_*). */
double fleet_level_middle(const fleet_good *g, uint32_t level);
uint32_t fleet_supply(const fleet_good *g);
double fleet_buy_price(const fleet_good *g);  /* what a buyer pays per unit now */
double fleet_sell_price(const fleet_good *g); /* what a seller gets per unit now */
/* The good `item` at market id `market`, or NULL. */
fleet_good *fleet_good_at(fleet_world *w, uint64_t market, prod_item_id item);
/* prod_host.market_quote over the world (user = the fleet_world). */
int32_t fleet_market_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out);
/* Buy up to n units (the whole units in stock): the units bought. */
uint32_t fleet_market_buy(fleet_good *g, uint32_t n);
void fleet_market_sell(fleet_good *g, uint32_t n);
/* One game minute of drift for every good. */
void fleet_market_drift(fleet_world *w);

#endif
