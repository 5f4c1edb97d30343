/* context.h - prod_ctx: the host's callbacks, the shared recipe registry and
 * the context's error text. Immutable after init except for the error text. */
#ifndef PROD_CONTEXT_H
#define PROD_CONTEXT_H

#include "chain.h"
#include "error.h"
#include "production.h"
#include "registry.h"

struct prod_ctx {
    prod_host host;       /* copied at init; members past the host's struct_size are NULL */
    prod_registry *reg;
    chain_graph *chains;  /* recipe graph precomputed at init (chain_graph.c) */
    prod_errbuf err;
};

prod_status ctx_init(const prod_init_params *params, prod_ctx **out);
void ctx_shutdown(prod_ctx *ctx);
/* Send a formatted line to the host's log callback, if it gave one. */
void ctx_log(const prod_ctx *ctx, int32_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
