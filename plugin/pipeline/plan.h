/* plan.h - seed 002's PipelinePlanner: an item's make-or-buy tree (the
 * chain walk under the configured strategy), a factory for every made node,
 * the sell market, and the task graph (an ACQUIRE per bought node, a DELIVER
 * of each node's output to its parent's factory, a COLLECT per made node,
 * the final SELL). */
#ifndef PRODI_COORD_PLAN_H
#define PRODI_COORD_PLAN_H

#include "pipeline/coord.h"

/* The depth bonus of the sell-market score for a tree `depth` deep: 20 a
 * level, at most 100. */
double prodi_coord_depth_bonus(uint32_t depth);
/* Plan a pipeline for item at the coordinator's time; its id into *id (may
 * be NULL). On failure nothing is kept and the text is in the coordinator's
 * error text. */
prod_status prodi_coord_plan(prod_coordinator *c, prod_item_id item, uint64_t *id);

/* coord_plan: the time rule, then a plan at `now` (the coordinator's time
 * moves to now only when the plan succeeds). */
prod_status prodi_coord_plan_at(prod_coordinator *c, prod_item_id item, int64_t now, uint64_t *id);

#endif
