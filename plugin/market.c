/* market.c - see market.h. */
#include "market.h"

#include "context.h"

prod_status market_best_buy(prod_ctx *ctx, prod_item_id item, prod_market_quote *out)
{
    (void)item;
    (void)out;
    return err_set(&ctx->err, PROD_ERR_STATE, "market_best_buy: not implemented yet");
}

prod_status market_best_sell(prod_ctx *ctx, prod_item_id item, double depth_bonus,
                             prod_market_quote *out, double *score)
{
    (void)item;
    (void)depth_bonus;
    (void)out;
    (void)score;
    return err_set(&ctx->err, PROD_ERR_STATE, "market_best_sell: not implemented yet");
}

prod_status market_trade_size(const prod_trade_request *req, uint32_t *out)
{
    (void)req;
    (void)out;
    return PROD_ERR_STATE;
}
