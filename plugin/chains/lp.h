/* lp.h - chain_optimize: the optimal recipe mix as a linear program over
 * every recipe that can make what the targets need, solved by COIN-OR CLP
 * (lp_clp.cpp) when the plugin is built with it (PROD_WITH_CLP). */
#ifndef PRODI_CHAINS_LP_H
#define PRODI_CHAINS_LP_H

#include "core/context.h"

/* prod_api.chain_optimize. NOT_PROVIDED without a solver. */
prod_status prodi_chain_optimize(prod_ctx *ctx, const prod_lp_request *request,
                                 prod_flow_result **out);

#endif
