/* events.c - the event of a loaded job whose recipe is gone (the rest of
 * emitting is inline in events.h). */
#include "jobs/events.h"

void prodi_ev_emit_removed(prod_manager *m, uint32_t type, uint32_t slot, const char *recipe_id,
                           const prod_item_qty *items, uint32_t count)
{
    prodi_ev_deliver(m, type, PROD_REASON_RECIPE_REMOVED, slot, prodi_jt_at(&m->jobs, slot),
                     m->last_time, PROD_RECIPE_NONE, recipe_id, items, count);
}
