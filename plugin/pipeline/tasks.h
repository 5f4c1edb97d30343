/* tasks.h - the task state machine (seed 002): readiness from
 * dependencies, assignment, the start on arrival, completion, failure with
 * retries and backoff, release without a retry, the end of a task that will
 * not run, sleeping until a time, and the choice of a worker's next task
 * among those taking on its cargo. The pipeline-level consequences of a
 * failure (abort, liquidation) are liquidate.h's. */
#ifndef PRODI_COORD_TASKS_H
#define PRODI_COORD_TASKS_H

#include "pipeline/coord.h"

/* Its dependencies are done: an ACQUIRE or LIQUIDATE always; a DELIVER or
 * SELL once the task producing its node's output completed and a worker
 * holds the cargo; a COLLECT once every child's DELIVER completed and its
 * factory is READY_FOR_COLLECTION. */
int prodi_coord_deps_done(const co_pipeline *p, uint32_t ix);
/* PENDING and awake with its dependencies done -> READY (TASK_READY): an
 * unassigned ACQUIRE / COLLECT is queued for a worker, a task taking on
 * cargo goes to the worker holding it when that one is between tasks.
 * 1 when it became READY. */
int prodi_coord_try_ready(prod_coordinator *c, co_pipeline *p, uint32_t ix);
/* READY -> ASSIGNED to w (its current task): TASK_ASSIGNED carries the order. */
void prodi_coord_assign(prod_coordinator *c, co_pipeline *p, uint32_t ix, co_worker *w);
/* ASSIGNED -> EXECUTING with the order's quantity (TASK_STARTED). */
void prodi_coord_start(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t qty);
/* -> COMPLETED with what was reported (TASK_COMPLETED); the worker's current
 * task is cleared; the task taking on the output is tried; a SELL completes
 * its pipeline. Cargo and accounts of units are the caller's. */
void prodi_coord_complete(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint64_t qty,
                          double credits, uint32_t reason);
/* -> PENDING without a retry (TASK_RELEASED), awake again after `delay` ms
 * (0: at once, and tried). A purchase task forgets its worker; a task taking
 * on cargo keeps the worker holding it. */
void prodi_coord_release(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason,
                         int64_t delay);
/* A failure: PENDING after the backoff while retries are left (TASK_RETRY;
 * a LIQUIDATE always retries), else FAILED for good (TASK_FAILED). 1 when
 * it failed for good (the caller fails the pipeline). */
int prodi_coord_fail(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason);
/* An open task that will not run: FAILED with reason (TASK_FAILED). */
void prodi_coord_end(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason);
/* Sleep until `when` (a wake timer). */
void prodi_coord_sleep(prod_coordinator *c, co_pipeline *p, uint32_t ix, int64_t when);
/* A wake timer of task ix is due: PENDING tasks are tried, READY ones
 * queued or handed to their worker again. */
void prodi_coord_wake(prod_coordinator *c, co_pipeline *p, uint32_t ix);
/* Give w (between tasks) its next task: of the READY tasks taking on its
 * cargo, the highest priority (then lowest id); a LIQUIDATE first finds a
 * buyer (none: it sleeps a poll interval). Then w is settled free, busy or
 * holding. */
void prodi_coord_worker_next(prod_coordinator *c, co_worker *w);
/* The worker of task ix when it is that worker's current task, else NULL;
 * clears w->task. */
co_worker *prodi_coord_unlink(prod_coordinator *c, co_pipeline *p, uint32_t ix);

#endif
