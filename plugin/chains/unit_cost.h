/* unit_cost.h - per-unit costs, memoized per item: each item at the cheaper
 * of buying and making, with fractional runs (the large-batch limit, no
 * rounding up), computed bottom-up once per item over the part of the graph a
 * query touches. Behind prodi_econ_opportunities (every item, in topological order)
 * and the chain walk's MIN_COST decisions and CHEAPEST recipe choice, so
 * neither ever re-walks a shared subtree. */
#ifndef PRODI_UNIT_COST_H
#define PRODI_UNIT_COST_H

#include "chains/market.h"
#include "core/hashmap.h"

typedef struct unit_entry {
    market_summary market;
    double cost;           /* per unit, at the cheaper of buying and making */
    double time_ms;        /* make time per unit of the steps below (0 if bought) */
    prod_item_id item;
    prod_recipe_ix recipe; /* the recipe that would make it, or NONE */
    uint8_t state;         /* 0 new, 1 being computed, 2 done */
    uint8_t bought;        /* buying is the cheaper (or the only priced) way */
    uint8_t partial;       /* an unpriced item was counted as 0 */
    uint8_t expected;      /* an expected yield is involved */
} unit_entry;

typedef struct unit_frame unit_frame;

/* Zero bytes are an empty table. */
typedef struct unit_table {
    const prodi_mem *mem;   /* set at the first entry (the context's) */
    prodi_u64map index;     /* item -> slot in e */
    unit_entry *e;
    uint32_t n;
    size_t cap;
    unit_frame *stack;     /* the iterative depth-first pass */
    uint32_t depth;
    size_t stack_cap;
} unit_table;

/* Compute item and everything below it not yet known, with q's choice, ME,
 * TE, raw list and job costs; *out (valid until the next prodi_unit_need) is its
 * entry. Without a market_quote callback every item is unpriced. An input
 * met again while it is being computed (a cycle) makes that recipe
 * unusable. HOST / LIMIT / NO_MEMORY with text in the context's error text. */
prod_status prodi_unit_need(prod_ctx *ctx, const prod_chain_request *q, unit_table *t,
                            prod_item_id item, const unit_entry **out);
void prodi_unit_table_free(unit_table *t);
/* Economics of making `item` (already needed) with q->runs runs of its
 * recipe, inputs at their unit costs. 0, or -1 when it cannot be made. */
int prodi_unit_econ(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
                    prod_item_id item, prod_econ_info *e);

#endif
