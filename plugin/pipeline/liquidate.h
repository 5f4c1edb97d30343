/* liquidate.h - cargo nothing needs any more and pipelines the failure
 * table ends (seed 002): a LIQUIDATE task per stack (priority 100, the
 * worker holding it takes it next), the abort of a pipeline (cancel, a task
 * failed for good, the price moved, the factory stopped exporting), and a
 * DELIVER or SELL whose cargo vanished (its node's purchase is made again). */
#ifndef PRODI_COORD_LIQUIDATE_H
#define PRODI_COORD_LIQUIDATE_H

#include "pipeline/coord.h"

/* Room for n more tasks in p, so what follows cannot fail half way: 0, or
 * -1 (OOM or PROD_COORD_MAX_TASKS). */
int prodi_coord_task_reserve(co_pipeline *p, uint32_t n);
/* A LIQUIDATE in p for w's stack s (LIQUIDATION event): the stack is its,
 * it is READY and w takes it when between tasks. -1 (nothing changed) when
 * p has no room for a task. */
int prodi_coord_liquidate(prod_coordinator *c, co_pipeline *p, co_worker *w, co_cargo *s,
                          uint32_t reason);
/* Purchase task ix (ACQUIRE / COLLECT) is done: w holds its output in
 * stack s. The task completes with qty and credits, and the stack goes to
 * the task taking it on (its DELIVER or SELL, which w is then given), or,
 * when p has ended, to a liquidation. */
void prodi_coord_handover(prod_coordinator *c, co_pipeline *p, uint32_t ix, co_worker *w,
                          co_cargo *s, uint64_t qty, double credits, uint32_t reason);
/* End p as FAILED or CANCELLED: tasks not started end FAILED and free their
 * workers, cargo the tasks were taking on is liquidated, EXECUTING tasks
 * finish as reported. Nothing when p has already ended. */
void prodi_coord_abort(prod_coordinator *c, co_pipeline *p, uint32_t state, uint32_t reason);
/* coord_cancel: abort a live PRODUCE pipeline as CANCELLED. */
prod_status prodi_coord_cancel(prod_coordinator *c, uint64_t id, int64_t now);
/* The cargo DELIVER or SELL ix was to take on is gone (the caller removed
 * the stack and counted it lost): the task waits for a new purchase of its
 * node (TASK_CREATED), or ends when its pipeline has ended. */
void prodi_coord_cargo_lost(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason);

#endif
