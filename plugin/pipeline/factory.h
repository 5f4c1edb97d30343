/* factory.h - factory states per (pipeline, factory market, output item)
 * (seed 002): required inputs and deliveries, the lifecycle AWAITING_INPUTS
 * -> INPUTS_PARTIAL -> INPUTS_COMPLETE -> PRODUCTION_IN_PROGRESS ->
 * READY_FOR_COLLECTION, and the supply monitor's poll (seed 001's schedule:
 * poll_first_ms after the inputs are in, then every poll_every_ms, a
 * LONG_WAIT warning past long_wait_polls and never a timeout). */
#ifndef PRODI_COORD_FACTORY_H
#define PRODI_COORD_FACTORY_H

#include "pipeline/coord.h"

/* Index of p's factory for (market, item), adding it (AWAITING_INPUTS, no
 * inputs) when new; CO_NONE on OOM. */
uint32_t prodi_coord_factory_get(co_pipeline *p, uint64_t market, prod_item_id item);
/* Require input `item` at factory fx (once). 0, or -1 on OOM. */
int prodi_coord_factory_need(const prodi_mem *m, co_factory *f, prod_item_id item);
/* A new pipeline's factory fx: with no inputs to wait for, its inputs are
 * complete at once (the first poll is scheduled). */
void prodi_coord_factory_open(prod_coordinator *c, co_pipeline *p, uint32_t fx);
/* A DELIVER of qty `item` by worker completed at fx. -1 on OOM (nothing
 * recorded), else 0. */
int prodi_coord_factory_delivered(prod_coordinator *c, co_pipeline *p, uint32_t fx,
                                  prod_item_id item, uint64_t worker, uint64_t qty);
/* Task ix, when it is a DELIVER of a live pipeline, completed with qty by
 * worker: recorded at its parent's factory (0 units for an empty one). */
void prodi_coord_delivery(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint64_t worker,
                          uint64_t qty);
/* Poll fx now (a due POLL timer): its supply from market_quote, the state,
 * the COLLECT tasks made READY, the next poll. A host error defers the poll
 * a poll interval (counted, logged). */
void prodi_coord_factory_poll(prod_coordinator *c, co_pipeline *p, uint32_t fx);
/* A fresh quote saw `supply` at fx (a COLLECT arriving): below the execute
 * threshold the factory is PRODUCTION_IN_PROGRESS again. */
void prodi_coord_factory_seen(prod_coordinator *c, co_pipeline *p, uint32_t fx, uint32_t supply);
/* Schedule a poll a poll interval from now when fx is being watched (inputs
 * in, a COLLECT not yet assigned) and none is scheduled. */
void prodi_coord_factory_watch(prod_coordinator *c, co_pipeline *p, uint32_t fx);

#endif
