/* market.h - the host's market quotes, validated and summarised per item;
 * best buy / sell market selection and the trade size rule. */
#ifndef PROD_MARKET_H
#define PROD_MARKET_H

#include "production.h"

prod_status market_best_buy(prod_ctx *ctx, prod_item_id item, prod_market_quote *out);
prod_status market_best_sell(prod_ctx *ctx, prod_item_id item, double depth_bonus,
                             prod_market_quote *out, double *score);
prod_status market_trade_size(const prod_trade_request *req, uint32_t *out);

#endif
