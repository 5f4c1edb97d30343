/* chain.h - the recipe graph precomputed once per context (default recipe,
 * yield and job cost per item/recipe, topological order, heights) and the
 * chain queries that walk it: the make-or-buy tree with quantities under
 * ME/TE, its shopping list and direct inputs. */
#ifndef PROD_CHAIN_H
#define PROD_CHAIN_H

#include "error.h"
#include "production.h"
#include "registry.h"

#define CHAIN_HEIGHT_CYCLE UINT32_MAX /* item lies on or above a cycle (default recipes) */

/* Built at init, read-only afterwards (shared by every thread). */
typedef struct chain_graph {
    uint32_t item_count;
    prod_recipe_ix *first_recipe; /* [item] first recipe in load order producing it */
    uint32_t *height;             /* [item] longest path to a raw item, default recipes */
    prod_item_id *topo;           /* items, inputs before products (cycle items left out) */
    uint32_t topo_count;
    double *job_base;             /* [recipe] metadata "job_cost", or -1 when absent */
} chain_graph;

prod_status chain_graph_build(const prod_registry *reg, chain_graph **out, prod_errbuf *err);
void chain_graph_free(chain_graph *g);

/* prod_api.chain_build. */
prod_status chain_build(prod_ctx *ctx, const prod_chain_request *req, prod_chain_result **out);

#endif
