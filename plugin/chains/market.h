/* market.h - the host's market quotes, validated and summarised per item;
 * best buy / sell market selection and the trade size rule. */
#ifndef PRODI_MARKET_H
#define PRODI_MARKET_H

#include "core/context.h"

/* What the markets say about one item. Prices are meaningful only when the
 * matching count is > 0 (missing data is never guessed). */
typedef struct market_summary {
    uint32_t sells;     /* markets selling the item */
    uint32_t sells_at;  /* of those, with supply >= the threshold asked */
    uint32_t buys;      /* markets buying the item */
    double min_buy;     /* lowest buy price among the sellers */
    double min_buy_at;  /* lowest buy price among the sellers at the threshold */
    double max_sell;    /* highest sell price among the buyers */
    uint64_t min_buy_market;    /* the first market at min_buy */
    uint64_t min_buy_at_market; /* the first market at min_buy_at */
} market_summary;

/* Ask market_quote for every market of `item` and summarise. NOT_PROVIDED
 * when the host gave no market_quote, HOST for a nonsense answer, LIMIT past
 * PROD_MAX_MARKETS; text in the context's error text. */
prod_status prodi_market_summarize(prod_ctx *ctx, prod_item_id item, uint32_t threshold,
                                   market_summary *out);

/* Called with every market's quote of an item, validated. */
typedef void (*prodi_quote_fn)(void *acc, const prod_market_quote *q);
/* Ask market_quote for every market of item (index 0, 1, ... until NO_MORE,
 * at most PROD_MAX_MARKETS), validate each answer and hand it to fn.
 * NOT_FOUND (no such item), NOT_PROVIDED, HOST, LIMIT; text in the
 * context's error text. */
prod_status prodi_market_each_quote(prod_ctx *ctx, prod_item_id item, prodi_quote_fn fn,
                                    void *acc);

/* How a market is picked: the rules of market_best_buy / market_best_sell
 * (production.h) and these restrictions. */
typedef struct prodi_market_pick {
    uint32_t min_supply; /* buy: only sellers at this supply or more (0: any) */
    int avoid_set;       /* avoid market `avoid` unless no other qualifies */
    uint64_t avoid;
    double depth_bonus;  /* sell: 0..100 */
    int any_buyer;       /* sell: no WEAK or RESTRICTED buyer -> the best-paying buyer */
} prodi_market_pick;
prod_status prodi_market_pick_buy(prod_ctx *ctx, prod_item_id item, const prodi_market_pick *how,
                                  prod_market_quote *out);
prod_status prodi_market_pick_sell(prod_ctx *ctx, prod_item_id item, const prodi_market_pick *how,
                                   prod_market_quote *out, double *score);
prod_status prodi_market_best_buy(prod_ctx *ctx, prod_item_id item, prod_market_quote *out);
prod_status prodi_market_best_sell(prod_ctx *ctx, prod_item_id item, double depth_bonus,
                                   prod_market_quote *out, double *score);
prod_status prodi_market_trade_size(const prod_trade_request *req, uint32_t *out);
/* Buy/sell prices from s, and profit and ROI against e->qty and e->total_cost
 * (flags NO_BUY_PRICE / NO_SELL_PRICE when a side is missing). */
void prodi_market_set_prices(prod_econ_info *e, const market_summary *s);
/* LIMIT naming the item when a cost, price, profit or ROI of e is not a
 * finite number (costs past the range of a double), else OK. */
prod_status prodi_market_check_finite(prod_ctx *ctx, const prod_econ_info *e);

#endif
