/* context.h - prod_ctx: the host's callbacks, the shared recipe registry and
 * the context's error text. Immutable after init except for the error text. */
#ifndef PRODI_CONTEXT_H
#define PRODI_CONTEXT_H

#include "chains/chain.h"
#include "core/error.h"
#include "production.h"
#include "core/registry.h"

struct prod_ctx {
    prod_host host;       /* copied at init; members past the host's struct_size are NULL */
    prodi_registry *reg;
    chain_graph *chains;  /* recipe graph precomputed at init (chain_graph.c) */
    prodi_errbuf err;
};

prod_status prodi_ctx_init(const prod_init_params *params, prod_ctx **out);
void prodi_ctx_shutdown(prod_ctx *ctx);
/* Send a formatted line to the host's log callback, if it gave one. */
void prodi_ctx_log(const prod_ctx *ctx, int32_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
