/* tick.h - coord_tick: apply a pending configuration, run the timers that
 * are due (factory polls, task wake-ups, the opportunity scan) within the
 * tick budget, then the assignment pass; coord_next_due; and
 * coord_config_set, whose update waits for the next tick. */
#ifndef PRODI_COORD_TICK_H
#define PRODI_COORD_TICK_H

#include "pipeline/coord.h"

prod_status prodi_coord_tick(prod_coordinator *c, int64_t now);
/* NOT_FOUND when nothing is scheduled. */
prod_status prodi_coord_next_due(const prod_coordinator *c, int64_t *out);

/* The update merged over the pending configuration (else the effective
 * one) becomes the pending one, applied by the next tick. */
prod_status prodi_coord_config_set(prod_coordinator *c, const prod_coord_config *u, int64_t now);

#endif
