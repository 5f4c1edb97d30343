/* graph.h - the recipe graph precomputed once per context: the default
 * recipe per item, each recipe's base job cost, a topological order and
 * every item's height. Built at init, read-only afterwards (shared by every
 * thread). */
#ifndef PRODI_CHAINS_GRAPH_H
#define PRODI_CHAINS_GRAPH_H

#include "core/error.h"
#include "core/registry.h"
#include "production.h"

#define CHAIN_HEIGHT_CYCLE UINT32_MAX /* item lies on or above a cycle (default recipes) */

typedef struct chain_graph {
    const prodi_mem *mem;         /* the registry's allocator */
    uint32_t item_count;
    prod_recipe_ix *first_recipe; /* [item] first recipe in load order yielding it, or NONE */
    uint32_t *height;             /* [item] longest path to a raw item, default recipes */
    prod_item_id *topo;           /* items, inputs before products (cycle items left out) */
    uint32_t topo_count;
    double *job_base; /* [recipe] metadata "job_cost", or -1 when absent */
} chain_graph;

prod_status prodi_chain_graph_build(const prodi_registry *reg, chain_graph **out,
                                    prodi_errbuf *err);
/* NULL ok. */
void prodi_chain_graph_free(chain_graph *g);
/* Expected units of item one run of r yields; *expected = 1 when an output of
 * it has probability < 1. */
double prodi_chain_yield(const prodi_recipe *r, prod_item_id item, int *expected);

#endif
