/* market.c - the host's market quotes: asking market_quote market by market,
 * validating every answer, summarising an item's prices, choosing the best
 * market to buy from and to sell to, and the trade size rule (the rules are
 * documented on prod_api.market_best_buy / prodi_market_best_sell and
 * prod_trade_request). */
#include "chains/market.h"

#include "core/abi_struct.h"

#include <math.h>
#include <string.h>

static int price_ok(double p) { return isfinite(p) && p >= 0.0; }

static const char *name_of(const prod_ctx *ctx, prod_item_id item)
{
    const char *n = prodi_reg_item_name(ctx->reg, item);
    return n ? n : "?";
}

static prod_status check_quote(prod_ctx *ctx, prod_item_id item, uint32_t ix,
                               const prod_market_quote *q)
{
    const char *bad = NULL;
    if (q->flags & ~(PROD_QUOTE_SELLS | PROD_QUOTE_BUYS))
        bad = "unknown flags";
    else if (!price_ok(q->buy_price))
        bad = "buy_price is negative, NaN or infinite";
    else if (!price_ok(q->sell_price))
        bad = "sell_price is negative, NaN or infinite";
    else if (q->supply > PROD_SUPPLY_ABUNDANT)
        bad = "supply is not a PROD_SUPPLY_* level";
    else if (q->activity > PROD_ACTIVITY_RESTRICTED)
        bad = "activity is not a PROD_ACTIVITY_* value";
    if (!bad)
        return PROD_OK;
    return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_HOST, "market_quote(%s, market #%u): %s",
                         name_of(ctx, item), ix, bad);
}

prod_status prodi_market_each_quote(prod_ctx *ctx, prod_item_id item, prodi_quote_fn fn,
                                    void *acc)
{
    if (!prodi_reg_item_name(ctx->reg, item))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND, "market: no item with id %u",
                             item);
    if (!ctx->host.market_quote)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_PROVIDED,
                             "market data needed but the host's market_quote callback is NULL");
    for (uint32_t ix = 0;; ix++) {
        prod_market_quote q;
        memset(&q, 0, sizeof q);
        q.struct_size = (uint32_t)sizeof q;
        int32_t rc = ctx->host.market_quote(ctx->host.user, item, ix, &q);
        if (rc == PROD_HOST_NO_MORE)
            return PROD_OK;
        if (rc != PROD_HOST_OK)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_HOST,
                                 "market_quote(%s, market #%u) returned %d", name_of(ctx, item), ix,
                                 rc);
        if (ix >= PROD_MAX_MARKETS)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_LIMIT,
                                 "market_quote(%s): more than %u markets", name_of(ctx, item),
                                 PROD_MAX_MARKETS);
        prod_status st = check_quote(ctx, item, ix, &q);
        if (st != PROD_OK)
            return st;
        fn(acc, &q);
    }
}

/* ---- summary ------------------------------------------------------------ */

typedef struct summary_acc {
    market_summary *s;
    uint32_t threshold;
} summary_acc;

static void add_to_summary(void *accp, const prod_market_quote *q)
{
    summary_acc *acc = accp;
    market_summary *s = acc->s;
    if (q->flags & PROD_QUOTE_SELLS) {
        if (s->sells++ == 0 || q->buy_price < s->min_buy) {
            s->min_buy = q->buy_price;
            s->min_buy_market = q->market;
        }
        if (q->supply >= acc->threshold && (s->sells_at++ == 0 || q->buy_price < s->min_buy_at)) {
            s->min_buy_at = q->buy_price;
            s->min_buy_at_market = q->market;
        }
    }
    if (q->flags & PROD_QUOTE_BUYS) {
        if (s->buys++ == 0 || q->sell_price > s->max_sell)
            s->max_sell = q->sell_price;
    }
}

prod_status prodi_market_summarize(prod_ctx *ctx, prod_item_id item, uint32_t threshold,
                                   market_summary *out)
{
    memset(out, 0, sizeof *out);
    summary_acc acc = {out, threshold};
    return prodi_market_each_quote(ctx, item, add_to_summary, &acc);
}

/* ---- best buy ----------------------------------------------------------- */

/* 0 = STRONG with ABUNDANT/HIGH supply, 1 = GROWING with MODERATE/HIGH,
 * 2 = any MODERATE, 3 = the rest. */
static int buy_tier(const prod_market_quote *q)
{
    int plenty = q->supply == PROD_SUPPLY_ABUNDANT || q->supply == PROD_SUPPLY_HIGH;
    int middle = q->supply == PROD_SUPPLY_MODERATE || q->supply == PROD_SUPPLY_HIGH;
    if (q->activity == PROD_ACTIVITY_STRONG && plenty)
        return 0;
    if (q->activity == PROD_ACTIVITY_GROWING && middle)
        return 1;
    return q->supply == PROD_SUPPLY_MODERATE ? 2 : 3;
}

/* The best quote seen, and the best of a market to avoid (taken only when
 * nothing else qualifies); key: buy, the price within `tier`; sell, the score. */
typedef struct pick_acc {
    const prodi_market_pick *how;
    prod_market_quote best, avoided, fallback;
    double key, avoided_key;
    int tier, avoided_tier;
    int found, found_avoided, found_fallback;
} pick_acc;

static int better(int found, int tier, double key, int best_tier, double best_key, int lower)
{
    return !found || tier < best_tier ||
           (tier == best_tier && (lower ? key < best_key : key > best_key));
}

/* Offer q with its tier and key (lower keys win when `lower`). */
static void offer(pick_acc *acc, const prod_market_quote *q, int tier, double key, int lower)
{
    if (acc->how->avoid_set && q->market == acc->how->avoid) {
        if (better(acc->found_avoided, tier, key, acc->avoided_tier, acc->avoided_key, lower)) {
            acc->avoided = *q;
            acc->avoided_tier = tier;
            acc->avoided_key = key;
            acc->found_avoided = 1;
        }
    } else if (better(acc->found, tier, key, acc->tier, acc->key, lower)) {
        acc->best = *q;
        acc->tier = tier;
        acc->key = key;
        acc->found = 1;
    }
}

static void pick_buy(void *accp, const prod_market_quote *q)
{
    pick_acc *acc = accp;
    if ((q->flags & PROD_QUOTE_SELLS) && q->supply >= acc->how->min_supply)
        offer(acc, q, buy_tier(q), q->buy_price, 1);
}

static prod_status pick_result(prod_ctx *ctx, prod_item_id item, pick_acc *acc,
                               prod_market_quote *out, const char *what)
{
    if (!acc->found && acc->found_avoided) {
        acc->best = acc->avoided;
        acc->key = acc->avoided_key;
        acc->found = 1;
    }
    if (!acc->found && acc->found_fallback) {
        acc->best = acc->fallback;
        acc->key = 0;
        acc->found = 1;
    }
    if (!acc->found)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND, "no market %s %s", what,
                             name_of(ctx, item));
    uint32_t n = out->struct_size >= 2 * sizeof(uint32_t) && out->struct_size < sizeof *out
                     ? out->struct_size
                     : (uint32_t)sizeof *out;
    memcpy(out, &acc->best, n);
    out->struct_size = n;
    return PROD_OK;
}

prod_status prodi_market_pick_buy(prod_ctx *ctx, prod_item_id item, const prodi_market_pick *how,
                                  prod_market_quote *out)
{
    pick_acc acc = {.how = how};
    prod_status st = prodi_market_each_quote(ctx, item, pick_buy, &acc);
    return st != PROD_OK ? st : pick_result(ctx, item, &acc, out, "sells");
}

prod_status prodi_market_best_buy(prod_ctx *ctx, prod_item_id item, prod_market_quote *out)
{
    prodi_market_pick how = {.min_supply = 0};
    return prodi_market_pick_buy(ctx, item, &how, out);
}

/* ---- best sell ---------------------------------------------------------- */

static double supply_score(uint32_t supply)
{
    static const double score[] = {0, 100, 80, 60, 40, 20}; /* UNKNOWN, SCARCE..ABUNDANT */
    return score[supply];
}

static void pick_sell(void *accp, const prod_market_quote *q)
{
    pick_acc *acc = accp;
    if (!(q->flags & PROD_QUOTE_BUYS))
        return;
    if (acc->how->any_buyer && (!acc->found_fallback || q->sell_price > acc->fallback.sell_price)) {
        acc->fallback = *q;
        acc->found_fallback = 1;
    }
    double activity;
    if (q->activity == PROD_ACTIVITY_WEAK)
        activity = 100;
    else if (q->activity == PROD_ACTIVITY_RESTRICTED)
        activity = 75;
    else
        return;
    double price = fmin(100.0, q->sell_price / 500.0);
    double score = 0.40 * price + 0.30 * activity + 0.20 * supply_score(q->supply) +
                   0.10 * acc->how->depth_bonus;
    offer(acc, q, 0, score, 0);
}

prod_status prodi_market_pick_sell(prod_ctx *ctx, prod_item_id item, const prodi_market_pick *how,
                                   prod_market_quote *out, double *score)
{
    if (!isfinite(how->depth_bonus) || how->depth_bonus < 0 || how->depth_bonus > 100)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "market_best_sell: depth_bonus must be in 0..100");
    pick_acc acc = {.how = how};
    prod_status st = prodi_market_each_quote(ctx, item, pick_sell, &acc);
    if (st == PROD_OK)
        st = pick_result(ctx, item, &acc, out,
                         how->any_buyer ? "buys" : "with WEAK or RESTRICTED activity buys");
    if (st == PROD_OK && score)
        *score = acc.key;
    return st;
}

prod_status prodi_market_best_sell(prod_ctx *ctx, prod_item_id item, double depth_bonus,
                                   prod_market_quote *out, double *score)
{
    prodi_market_pick how = {.depth_bonus = depth_bonus};
    return prodi_market_pick_sell(ctx, item, &how, out, score);
}

/* ---- trade size ---------------------------------------------------------- */

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

prod_status prodi_market_trade_size(const prod_trade_request *req, uint32_t *out)
{
    static const uint32_t pct[] = {0, 10, 20, 40, 60, 80}; /* SCARCE..ABUNDANT */
    if (req->struct_size < PRODI_TRADE_REQUEST_MIN_SIZE || req->version < 1)
        return PROD_ERR_VERSION;
    if (req->supply < PROD_SUPPLY_SCARCE || req->supply > PROD_SUPPLY_ABUNDANT ||
        !price_ok(req->price) || !price_ok(req->credits))
        return PROD_ERR_INVALID_ARGUMENT;
    uint32_t size = req->cargo;
    if (req->target > 0)
        size = min_u32(size, req->target);
    if (req->trade_volume > 0) {
        size = min_u32(size, req->trade_volume);
        size = min_u32(size, (uint32_t)((uint64_t)req->trade_volume * pct[req->supply] / 100));
    }
    if (req->price > 0) {
        double afford = floor(req->credits / req->price);
        if (afford < (double)size)
            size = (uint32_t)afford;
    }
    *out = size;
    return PROD_OK;
}

/* ---- prices against costs ---------------------------------------------- */

static double roi(double profit, double cost) { return cost > 0 ? profit / cost * 100.0 : 0.0; }

/* One side of the market: its price with the profit and ROI against it, or
 * the flag saying it is missing. */
static void price_side(prod_econ_info *e, uint32_t markets, double price, uint32_t missing,
                       double *price_out, double *profit, double *roi_out)
{
    if (!markets) {
        e->flags |= missing;
        return;
    }
    *price_out = price;
    *profit = (double)e->qty * price - e->total_cost;
    *roi_out = roi(*profit, e->total_cost);
}

void prodi_market_set_prices(prod_econ_info *e, const market_summary *s)
{
    price_side(e, s->sells, s->min_buy, PROD_ECON_NO_BUY_PRICE, &e->buy_price, &e->profit_buy,
               &e->roi_buy);
    price_side(e, s->buys, s->max_sell, PROD_ECON_NO_SELL_PRICE, &e->sell_price, &e->profit_sell,
               &e->roi_sell);
}

prod_status prodi_market_check_finite(prod_ctx *ctx, const prod_econ_info *e)
{
    const double v[] = {e->material_cost, e->job_cost,   e->total_cost, e->buy_price, e->sell_price,
                        e->profit_sell,   e->profit_buy, e->roi_sell,   e->roi_buy};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]))
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_LIMIT,
                                 "econ: the costs of %s pass the range of a double (total cost %g)",
                                 name_of(ctx, e->item), e->total_cost);
    return PROD_OK;
}
