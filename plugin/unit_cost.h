/* unit_cost.h - per-unit costs of every item, memoized in topological order
 * (inputs before products): each item at the cheaper of buying and making,
 * with fractional runs (the large-batch limit, no rounding up). The table
 * behind econ_opportunities, built once per call: one market look-up per
 * item and one pass over the recipe graph. */
#ifndef PROD_UNIT_COST_H
#define PROD_UNIT_COST_H

#include "market.h"
#include "production.h"

typedef struct unit_entry {
    market_summary market;
    double cost;           /* per unit, at the cheaper of buying and making */
    double time_ms;        /* make time per unit of the steps below (0 if bought) */
    prod_recipe_ix recipe; /* the recipe that would make it, or NONE */
    uint8_t done;          /* computed (items on or above a cycle never are) */
    uint8_t partial;       /* an unpriced item was counted as 0 */
    uint8_t expected;      /* an expected yield is involved */
    uint8_t reserved;
} unit_entry;

typedef struct unit_table {
    unit_entry *e;         /* [item] */
    uint32_t n;
} unit_table;

/* base: a checked request (me, te, choice, preferred, raw list, job costs). */
prod_status unit_table_build(prod_ctx *ctx, const prod_chain_request *base, unit_table *t);
void unit_table_free(unit_table *t);
/* Economics of making `item` with base->runs runs of its recipe, inputs at
 * their unit costs. 0, or -1 when the item cannot be made (raw, cycle). */
int unit_econ(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *base,
              prod_item_id item, prod_econ_info *e);

#endif
