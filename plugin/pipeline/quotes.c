/* quotes.c - market look-ups for a coordinator (see quotes.h). */
#include "pipeline/quotes.h"

#include <string.h>

prod_status prodi_coord_take_error(prod_coordinator *c, prod_status st, const prodi_errbuf *saved,
                                   const char *who)
{
    prodi_errbuf *ctx_err = prodi_ctx_err(c->ctx);
    if (st != PROD_OK)
        prodi_err_set(prodi_coord_err(c), st, "%s: %s", who, ctx_err->text);
    *ctx_err = *saved;
    return st;
}

void prodi_coord_host_error(prod_coordinator *c)
{
    c->counts.host_errors++;
    prodi_ctx_log(c->ctx, PROD_LOG_ERROR, "coordinator %llu: %s (the step is retried later)",
                  (unsigned long long)c->cfg.tag, prodi_coord_err_text(c));
}

typedef struct at_acc {
    uint64_t market;
    prod_market_quote *q;
    int found;
} at_acc;

static void match_market(void *accp, const prod_market_quote *q)
{
    at_acc *acc = accp;
    if (!acc->found && q->market == acc->market) {
        *acc->q = *q;
        acc->found = 1;
    }
}

prod_status prodi_coord_quote_at(prod_coordinator *c, prod_item_id item, uint64_t market,
                                 prod_market_quote *q, int *found)
{
    prodi_errbuf saved = *prodi_ctx_err(c->ctx);
    at_acc acc = {.market = market, .q = q};
    memset(q, 0, sizeof *q);
    prod_status st = prodi_market_each_quote(c->ctx, item, match_market, &acc);
    *found = acc.found;
    return prodi_coord_take_error(c, st, &saved, "market look-up");
}

/* A picking call whose NOT_FOUND only means "none qualifies". */
static prod_status picked(prod_coordinator *c, prod_status st, const prodi_errbuf *saved,
                          int *found)
{
    *found = st == PROD_OK;
    if (st == PROD_ERR_NOT_FOUND)
        st = PROD_OK;
    return prodi_coord_take_error(c, st, saved, "market look-up");
}

prod_status prodi_coord_best_source(prod_coordinator *c, prod_item_id item, uint32_t min_supply,
                                    int avoid_set, uint64_t avoid, prod_market_quote *q,
                                    int *found)
{
    prodi_errbuf saved = *prodi_ctx_err(c->ctx);
    prodi_market_pick how = {.min_supply = min_supply, .avoid_set = avoid_set, .avoid = avoid};
    q->struct_size = (uint32_t)sizeof *q;
    return picked(c, prodi_market_pick_buy(c->ctx, item, &how, q), &saved, found);
}

prod_status prodi_coord_best_buyer(prod_coordinator *c, prod_item_id item, double depth_bonus,
                                   int any_buyer, int avoid_set, uint64_t avoid,
                                   prod_market_quote *q, double *score, int *found)
{
    prodi_errbuf saved = *prodi_ctx_err(c->ctx);
    prodi_market_pick how = {.depth_bonus = depth_bonus, .any_buyer = any_buyer,
                             .avoid_set = avoid_set, .avoid = avoid};
    q->struct_size = (uint32_t)sizeof *q;
    return picked(c, prodi_market_pick_sell(c->ctx, item, &how, q, score), &saved, found);
}
