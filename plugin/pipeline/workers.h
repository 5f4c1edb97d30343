/* workers.h - the coordinator's workers: registration by the host's id,
 * busy/free accounting, the free workers per location (kept in the order
 * they became free), the closest free worker to a market, and cargo
 * stacks. What a removal or a reconciliation does to tasks is recover.h. */
#ifndef PRODI_COORD_WORKERS_H
#define PRODI_COORD_WORKERS_H

#include "pipeline/coord.h"

/* A new free, empty worker; EXISTS / LIMIT / NO_MEMORY with text. */
prod_status prodi_coord_worker_add(prod_coordinator *c, uint64_t id, uint64_t location,
                                   uint32_t capacity);
/* coord_worker_add and coord_worker_move: the checks (struct, id,
 * capacity, time), then the change. */
prod_status prodi_coord_add_worker(prod_coordinator *c, const prod_worker_info *w, int64_t now);
prod_status prodi_coord_move_worker(prod_coordinator *c, uint64_t id, uint64_t location,
                                    int64_t now);
/* A worker from a save, into a free slot (not yet on an idle list): 0, or
 * -1 on OOM. */
int prodi_coord_worker_place(prod_coordinator *c, const co_worker *w);
/* After the workers of a save are placed: the free and busy counts and the
 * idle lists, free workers in idle_seq order. 0, or -1 on OOM. */
int prodi_coord_workers_relink(prod_coordinator *c);
/* Forget a worker (its tasks and cargo were settled by the caller). */
void prodi_coord_worker_forget(prod_coordinator *c, co_worker *w);
/* After a change of w's task or cargo: move it between free and busy
 * (free = no task, no cargo), keeping the counts, idle lists and busy time. */
void prodi_coord_worker_settle(prod_coordinator *c, co_worker *w);
void prodi_coord_worker_move(prod_coordinator *c, co_worker *w, uint64_t location);
/* The free worker closest to `market` by travel_cost (ties: the one free
 * longest), avoiding `avoid` when another is free. *compared gets the
 * locations compared. NULL when none is free; HOST (text in the
 * coordinator's error) when travel_cost answers nonsense. */
prod_status prodi_coord_closest(prod_coordinator *c, uint64_t market, uint64_t avoid,
                                co_worker **out, uint32_t *compared);
/* Add qty of item to w's cargo for `task` (a new stack or the item's own):
 * 0, or -1 when it already holds PROD_COORD_MAX_CARGO other items. */
int prodi_coord_cargo_add(co_worker *w, prod_item_id item, uint32_t qty, uint64_t task);
/* Remove a stack (by pointer into w->cargo). */
void prodi_coord_cargo_drop(co_worker *w, co_cargo *s);
/* Call fn for every live worker in slot order. */
typedef void (*co_worker_fn)(prod_coordinator *c, co_worker *w, void *arg);
void prodi_coord_each_worker(prod_coordinator *c, co_worker_fn fn, void *arg);

#endif
