/* chain.c - see chain.h. */
#include "chain.h"

#include "context.h"

prod_status chain_build(prod_ctx *ctx, const prod_chain_request *req, prod_chain_result **out)
{
    (void)req;
    (void)out;
    return err_set(&ctx->err, PROD_ERR_STATE, "chain_build: not implemented yet");
}
