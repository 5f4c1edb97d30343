/* quotes.h - the market look-ups a coordinator makes through the host's
 * market_quote (chains/market.c's validated iteration and picking rules):
 * one market's quote of an item, the best source at a supply threshold, the
 * best buyer. A failure's text goes to the coordinator's error text; the
 * context's (per thread) is left as it was. */
#ifndef PRODI_COORD_QUOTES_H
#define PRODI_COORD_QUOTES_H

#include "chains/market.h"
#include "pipeline/coord.h"

/* Market `market`'s quote of item into *q; *found = 0 when it has none. */
prod_status prodi_coord_quote_at(prod_coordinator *c, prod_item_id item, uint64_t market,
                                 prod_market_quote *q, int *found);
/* The best market selling item at supply >= min_supply (market_best_buy's
 * tiers), avoiding `avoid` (when avoid_set) if another qualifies; *found 0
 * when none does. */
prod_status prodi_coord_best_source(prod_coordinator *c, prod_item_id item, uint32_t min_supply,
                                    int avoid_set, uint64_t avoid, prod_market_quote *q,
                                    int *found);
/* The best market to sell item to: market_best_sell's score with
 * depth_bonus, else (any_buyer) the best-paying buyer; *found 0 when none;
 * *score may be NULL. */
prod_status prodi_coord_best_buyer(prod_coordinator *c, prod_item_id item, double depth_bonus,
                                   int any_buyer, int avoid_set, uint64_t avoid,
                                   prod_market_quote *q, double *score, int *found);
/* A chains or market call's failure: its text (from the context's error
 * text, restored to `saved`) into the coordinator's, prefixed by who. */
prod_status prodi_coord_take_error(prod_coordinator *c, prod_status st, const prodi_errbuf *saved,
                                   const char *who);
/* Record a host error met inside a tick: logged, counted, the step deferred. */
void prodi_coord_host_error(prod_coordinator *c);

#endif
