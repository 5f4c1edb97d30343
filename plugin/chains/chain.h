/* chain.h - the recipe graph precomputed once per context (chain_graph.c:
 * default recipe per item, parsed job costs, topological order, heights) and
 * the chain walk (chain.c): the make-or-buy tree of an item with exact
 * quantities under ME/TE, which economics and the prodi_chain_build answer share. */
#ifndef PRODI_CHAIN_H
#define PRODI_CHAIN_H

#include "core/error.h"
#include "production.h"
#include "core/registry.h"

#define CHAIN_HEIGHT_CYCLE UINT32_MAX /* item lies on or above a cycle (default recipes) */
#define CHAIN_MAX_RUNS ((uint64_t)1 << 40) /* larger step sizes fail with LIMIT */
/* Nodes one query may create in all, counting those a MIN_COST fallback
 * purchase discards: the bound on its work. */
#define CHAIN_MAX_WORK (4 * (uint64_t)PROD_CHAIN_MAX_NODES)

/* Built at init, read-only afterwards (shared by every thread). */
typedef struct chain_graph {
    uint32_t item_count;
    prod_recipe_ix *first_recipe; /* [item] first recipe in load order yielding it, or NONE */
    uint32_t *height;             /* [item] longest path to a raw item, default recipes */
    prod_item_id *topo;           /* items, inputs before products (cycle items left out) */
    uint32_t topo_count;
    double *job_base;             /* [recipe] metadata "job_cost", or -1 when absent */
} chain_graph;

prod_status prodi_chain_graph_build(const prodi_registry *reg, chain_graph **out, prodi_errbuf *err);
void prodi_chain_graph_free(chain_graph *g);
/* Expected units of item one run of r yields; *expected = 1 when an output of
 * it has probability < 1. */
double prodi_chain_yield(const prodi_recipe *r, prod_item_id item, int *expected);

/* Runs of a step yielding y per run that must produce qty: ceil(qty / y)
 * (exact for expected yields), and what they produce. -1 past CHAIN_MAX_RUNS. */
int prodi_chain_runs(double y, uint64_t qty, uint64_t *runs, uint64_t *produced);
/* Units of one input a step of `runs` needs: consumed inputs by the ME rule
 * max(runs, ceil(runs x qty x (1 - me/100))), tools their qty once. -1 when
 * too large. */
int prodi_chain_input_qty(int32_t me, const prod_requirement *in, uint64_t runs, uint64_t *out);

/* Make room for element n of *arr (capacity *cap, doubling from 32). -1 when
 * out of memory (the array is unchanged). */
int prodi_chain_grow(void **arr, uint32_t *cap, uint32_t n, size_t size);

/* A walked tree (pre-order nodes, malloc'd). */
typedef struct chain_tree {
    prod_chain_node *nodes;
    uint32_t n, cap;
    uint32_t max_depth;
    double job_cost;        /* all made steps */
    int64_t duration_ms;    /* all made steps */
} chain_tree;

/* The ME percent for steps of recipe r: its category's entry, else req->me. */
int32_t prodi_chain_me(const prod_chain_request *req, const prodi_recipe *r);
/* Check a request (runs only when check_runs). Text in ctx->err. */
/* PROD_ERR_CYCLE with text "<who>: cycle A -> B -> A": path[0..n) are the
 * items from the first occurrence of the repeated item to the last step, and
 * the repeated item closes the loop. */
prod_status prodi_chain_cycle_error(prod_ctx *ctx, const char *who, const prod_item_id *path,
                              uint32_t n);
prod_status prodi_chain_check_request(prod_ctx *ctx, const prod_chain_request *req, int check_runs);
/* Walk req->item under `strategy` (req->strategy is not read); root_make
 * forces the root to be made. On success the caller frees t->nodes. */
prod_status prodi_chain_walk(prod_ctx *ctx, const prod_chain_request *req, uint32_t strategy,
                       int root_make, chain_tree *t);
/* The recipe a chain uses to make item (choice FIRST or PREFERRED; CHEAPEST
 * answers FIRST), or NULL when the item is raw for this request. */
const prodi_recipe *prodi_chain_pick_recipe(const prod_ctx *ctx, const prod_chain_request *req,
                                     prod_item_id item, prod_recipe_ix *ix);

/* prod_api.chain_build. */
prod_status prodi_chain_build(prod_ctx *ctx, const prod_chain_request *req, prod_chain_result **out);

#endif
