/* persist.c - placeholder */
#include "persist.h"
prod_status persist_save(prod_manager *m, uint8_t **out, size_t *len)
{ (void)out; (void)len; return err_set(&m->err, PROD_ERR_STATE, "serialize: not implemented yet"); }
prod_status persist_load(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                         const prod_load_options *opts, prod_manager **out)
{ (void)bytes; (void)len; (void)opts; (void)out; return err_set(&ctx->err, PROD_ERR_STATE, "deserialize: not implemented yet"); }
