/* queues.h - the coordinator's two queues, binary heaps in a total order so
 * what they give does not depend on how they were filled: timers by (time,
 * kind, ref, sub) and READY tasks waiting for a worker by (priority
 * descending, task id). Both only cache what the tasks, factories and the
 * scan time say: an entry that no longer matches them is skipped for free,
 * and prodi_coord_queues_rebuild makes both again from that state (after a
 * load, or after a push ran out of memory). */
#ifndef PRODI_COORD_QUEUES_H
#define PRODI_COORD_QUEUES_H

#include "pipeline/coord.h"

/* Schedule a timer; a push that runs out of memory marks the queues for a
 * rebuild (the next tick makes it). */
void prodi_coord_timer(prod_coordinator *c, int64_t time, uint32_t kind, uint64_t ref,
                       uint32_t sub);
/* The earliest timer, or NULL. */
const co_timer *prodi_coord_timer_top(const prod_coordinator *c);
void prodi_coord_timer_pop(prod_coordinator *c);
/* Queue task ix of p for assignment (once: CO_TASK_QUEUED). */
void prodi_coord_ready_push(prod_coordinator *c, co_pipeline *p, uint32_t ix);
/* Take the first queued task id into *id (the caller clears its
 * CO_TASK_QUEUED): 0, or -1 when empty. */
int prodi_coord_ready_pop(prod_coordinator *c, uint64_t *id);
int prodi_coord_ready_empty(const prod_coordinator *c);
/* Empty both queues and fill them from the state: every sleeping task's
 * wake, every factory's next poll, the next scan, every READY task that
 * waits for a worker. 0, or -1 on OOM (they stay marked for a rebuild). */
int prodi_coord_queues_rebuild(prod_coordinator *c);
/* 1 when a READY task of this type waits in the ready queue (unassigned
 * ACQUIRE or COLLECT); others go to the worker holding their cargo. */
static inline int prodi_coord_queued_type(uint32_t type) { return prodi_coord_buys(type); }

#endif
