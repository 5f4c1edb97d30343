/* testmarket.h - a scripted market for the chain and economics tests: a
 * table of quotes by item name answered through prod_host.market_quote. */
#ifndef PROD_TESTMARKET_H
#define PROD_TESTMARKET_H

#include "testhost.h"

typedef struct mk_quote {
    const char *item;
    uint32_t flags, supply, activity;
    double buy, sell;
    uint32_t trade_volume;
} mk_quote;

/* The market_quote callback: answers the quotes of the current table in
 * table order (market id = 100 + row). */
int32_t mk_callback(void *user, prod_item_id item, uint32_t index, prod_market_quote *out);
/* Use quotes q[0..n) from now on (at most 64; names resolved in h's context,
 * unknown names never match). */
void mk_set(th_host *h, const mk_quote *q, uint32_t n);
/* Replace h's context by one loaded from json with mk_callback as the market
 * and an empty table; 0 (after a failed check, h->ctx NULL) on failure. */
int mk_open(th_host *h, const char *json);

#endif
