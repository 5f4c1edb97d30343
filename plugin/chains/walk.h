/* walk.h - the chain walk: the make-or-buy tree of an item with exact
 * quantities under ME/TE, which chain_build and economics share. */
#ifndef PRODI_CHAINS_WALK_H
#define PRODI_CHAINS_WALK_H

#include "core/context.h"

/* A walked tree (pre-order nodes, a plain block of the context's allocator:
 * free with prodi_free(&ctx->mem, t->nodes)). */
typedef struct chain_tree {
    prod_chain_node *nodes;
    size_t cap;
    uint32_t n;
    uint32_t max_depth;
    double job_cost;     /* all made steps */
    int64_t duration_ms; /* all made steps */
} chain_tree;

/* Walk req->item under `strategy` (req->strategy is not read); root_make
 * forces the root to be made. On success the caller frees t->nodes. */
prod_status prodi_chain_walk(prod_ctx *ctx, const prod_chain_request *req, uint32_t strategy,
                             int root_make, chain_tree *t);

#endif
