/* events.h - building prod_event records for a manager's jobs and
 * delivering them to the host's sink. */
#ifndef PRODI_EVENTS_H
#define PRODI_EVENTS_H

#include "jobs/manager.h"

/* An event of job r at game time `time`. */
void prodi_ev_emit(prod_manager *m, uint32_t type, uint32_t reason, const prodi_jref *r,
                   int64_t time, const prod_item_qty *items, uint32_t count);
/* An event for a loaded job whose recipe `recipe_id` is no longer loaded
 * (reason RECIPE_REMOVED, time = the manager's time). */
void prodi_ev_emit_removed(prod_manager *m, uint32_t type, uint32_t slot, const char *recipe_id,
                           const prod_item_qty *items, uint32_t count);

#endif
