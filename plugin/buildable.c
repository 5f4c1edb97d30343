/* buildable.c - see buildable.h. */
#include "buildable.h"

#include "context.h"

prod_status build_max(prod_ctx *ctx, const prod_chain_request *req, uint64_t inventory,
                      uint64_t *out)
{
    (void)req;
    (void)inventory;
    (void)out;
    return err_set(&ctx->err, PROD_ERR_STATE, "build_max: not implemented yet");
}

prod_status build_startable(prod_ctx *ctx, uint64_t inventory, prod_recipe_ix **out,
                            uint32_t *count)
{
    (void)inventory;
    (void)out;
    (void)count;
    return err_set(&ctx->err, PROD_ERR_STATE, "recipes_startable: not implemented yet");
}
