/* lp.c - see lp.h. */
#include "chains/lp.h"

prod_status prodi_chain_optimize(prod_ctx *ctx, const prod_lp_request *request,
                                 prod_flow_result **out)
{
    (void)request;
    (void)out;
    return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_PROVIDED,
                         "optimize: this plugin was built without an LP solver (PROD_WITH_CLP)");
}
