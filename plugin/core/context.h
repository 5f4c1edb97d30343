/* context.h - prod_ctx: the host's callbacks, the shared recipe registry,
 * the load limits and the count of what still uses the context. Immutable
 * after init but for that count. Context-level error text is per thread
 * (context.c), so calls on one context from several threads never share it.
 * The chain graph and the coordinators' defaults are built and freed by the
 * layers above (api.c), so the core only holds them. */
#ifndef PRODI_CONTEXT_H
#define PRODI_CONTEXT_H

#include <stdatomic.h>

#include "core/error.h"
#include "core/mem.h"
#include "core/registry.h"
#include "production.h"

struct prod_ctx {
    prod_host host;       /* copied at init; members past the host's struct_size are NULL */
    prodi_mem mem;        /* the host's allocator (or the C library's): all the plugin's memory */
    prodi_registry *reg;
    struct chain_graph *chains; /* recipe graph precomputed at init (chains/graph.c) */
    prod_coord_config *coord_defaults; /* coordinators' defaults (pipeline/config.c), set at init */
    prodi_load_limits limits;
    /* Managers and manager registries alive, plus context-level calls that
     * are running (their callbacks may call shutdown): shutdown refuses to
     * free the context while this is not 0. */
    _Atomic uint32_t users;
};

/* A context from params: the host table copied (struct_size checked), every
 * recipe source loaded into the registry. On failure *out = NULL, nothing is
 * kept and err says why. chains is left NULL for the caller to build. */
prod_status prodi_ctx_init(const prod_init_params *params, prod_ctx **out, prodi_errbuf *err);
/* Free the registry and the context (the caller freed ctx->chains). NULL ok. */
void prodi_ctx_shutdown(prod_ctx *ctx);
/* The calling thread's error text for ctx-level calls, emptied when it last
 * held another context's text. Failing calls write it; last_error reads it. */
prodi_errbuf *prodi_ctx_err(const prod_ctx *ctx);
/* The calling thread's last context-level error text for ctx, or "". */
const char *prodi_ctx_last_error(const prod_ctx *ctx);
/* Count a user of ctx in or out (a manager, a registry, a running call). */
void prodi_ctx_use(prod_ctx *ctx);
void prodi_ctx_unuse(prod_ctx *ctx);
/* How many users ctx has now (shutdown refuses while it is not 0). */
uint32_t prodi_ctx_users(const prod_ctx *ctx);

/* Send a formatted line to the host's log callback, if it gave one. */
void prodi_ctx_log(const prod_ctx *ctx, int32_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
