/* econ.c - see econ.h. */
#include "econ.h"

#include "context.h"

prod_status econ_item(prod_ctx *ctx, const prod_chain_request *req, prod_econ_info *out)
{
    (void)req;
    (void)out;
    return err_set(&ctx->err, PROD_ERR_STATE, "econ_item: not implemented yet");
}

prod_status econ_opportunities(prod_ctx *ctx, const prod_opportunity_request *req,
                               prod_econ_info **out, uint32_t *count)
{
    (void)req;
    (void)out;
    (void)count;
    return err_set(&ctx->err, PROD_ERR_STATE, "econ_opportunities: not implemented yet");
}
