/* ph_market.h - owns the minimal host's market table: per item, the markets
 * that trade it, in the order the host first set them, each one
 * prod_market_quote (flags PROD_QUOTE_SELLS / PROD_QUOTE_BUYS, the price the
 * host pays buying there and gets selling there, supply, activity, trade
 * volume). ph_market_quote answers prod_host.market_quote from it. Fill it
 * from your game's economy and set a quote again when its prices move; the
 * plugin reads it only inside the calls that need prices (econ_item,
 * econ_opportunities, market_best_buy/sell, chain_build with a buying
 * strategy). The plugin checks the values: a negative or non-finite price,
 * or a supply/activity outside the PROD_SUPPLY_* / PROD_ACTIVITY_*
 * constants, fails the asking call with PROD_ERR_HOST. Part of the minimal
 * host (copy it). */
#ifndef PH_MARKET_H
#define PH_MARKET_H

#include <stdint.h>

#include "production.h"

typedef struct ph_market ph_market;

/* An empty table; NULL when out of memory. */
ph_market *ph_market_create(void);
/* Free the table. NULL is accepted. */
void ph_market_destroy(ph_market *m);
/* Set the quote of market q->market for item: replaces that market's quote
 * of the item if there is one (keeping its place in the order), otherwise
 * appends it. q->struct_size is ignored. 0, or -1 when out of memory (the
 * table is unchanged). */
int ph_market_set(ph_market *m, prod_item_id item, const prod_market_quote *q);
/* Forget every quote (the memory is kept for refilling). */
void ph_market_clear(ph_market *m);
/* prod_host.market_quote: copy the index-th quote of item (counting from 0,
 * in the table's order) into *out, writing only the members that fit
 * out->struct_size and keeping that size, and answer PROD_HOST_OK; answer
 * PROD_HOST_NO_MORE when the item has no index-th market. */
int32_t ph_market_quote(const ph_market *m, prod_item_id item, uint32_t index,
                        prod_market_quote *out);

#endif
