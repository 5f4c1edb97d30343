/* result.h - chain_build: a walked tree packed into the one block the host
 * frees (nodes, shopping list, direct inputs, totals). */
#ifndef PRODI_CHAINS_RESULT_H
#define PRODI_CHAINS_RESULT_H

#include "core/context.h"

/* prod_api.chain_build. */
prod_status prodi_chain_build(prod_ctx *ctx, const prod_chain_request *req,
                              prod_chain_result **out);

#endif
