/* context.h - prod_ctx: the host's callbacks, the shared recipe registry and
 * the context's error text. Immutable after init except for the error text.
 * The chain graph is built and freed by the layer above (api.c), so the core
 * knows it only by name. */
#ifndef PRODI_CONTEXT_H
#define PRODI_CONTEXT_H

#include "core/error.h"
#include "production.h"
#include "core/registry.h"

struct prod_ctx {
    prod_host host;       /* copied at init; members past the host's struct_size are NULL */
    prodi_registry *reg;
    struct chain_graph *chains; /* recipe graph precomputed at init (chains/graph.c) */
    prodi_errbuf err;
};

/* A context from params: the host table copied (struct_size checked), every
 * recipe source loaded into the registry. On failure *out = NULL, nothing is
 * kept and err says why. chains is left NULL for the caller to build. */
prod_status prodi_ctx_init(const prod_init_params *params, prod_ctx **out, prodi_errbuf *err);
/* Free the registry and the context (the caller freed ctx->chains). NULL ok. */
void prodi_ctx_shutdown(prod_ctx *ctx);
/* Send a formatted line to the host's log callback, if it gave one. */
void prodi_ctx_log(const prod_ctx *ctx, int32_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
