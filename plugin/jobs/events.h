/* events.h - building prod_event records for a manager's jobs, counting
 * them per kind and delivering them to the host's sink. The call that
 * emits holds the manager (prodi_mgr_enter), so the sink cannot re-enter
 * it. Emitting is inline: every start and cycle end emits, and at each
 * call site the type and reason are constants, so the counter is picked
 * at compile time. */
#ifndef PRODI_EVENTS_H
#define PRODI_EVENTS_H

#include "jobs/manager.h"

/* The counter an event of this type and reason adds to. */
static inline unsigned prodi_ev_counter(uint32_t type, uint32_t reason)
{
    if (reason == PROD_REASON_RECIPE_REMOVED)
        return PRODI_COUNT_RECIPE_REMOVED;
    switch (type) {
    case PROD_EVENT_STARTED:
        return PRODI_COUNT_STARTS;
    case PROD_EVENT_RESTARTED:
        return PRODI_COUNT_RESTARTS;
    case PROD_EVENT_COMPLETED:
        return PRODI_COUNT_COMPLETIONS;
    case PROD_EVENT_CANCELLED:
        return PRODI_COUNT_CANCELS;
    case PROD_EVENT_OUTPUT_BLOCKED:
        return PRODI_COUNT_BLOCKED;
    default:
        return reason == PROD_REASON_OUTPUT_FULL ? PRODI_COUNT_FAILED_OUTPUT_FULL
                                                 : PRODI_COUNT_FAILED_TO_RESTART;
    }
}

/* Count an event of the job in `slot` (record j) and hand it to the sink,
 * unless there is none or the manager was destroyed by a callback. */
static inline void prodi_ev_deliver(prod_manager *m, uint32_t type, uint32_t reason, uint32_t slot,
                                    const prodi_job *j, int64_t time, prod_recipe_ix recipe,
                                    const char *recipe_id, const prod_item_qty *items,
                                    uint32_t count)
{
    const prod_host *h = &m->ctx->host;
    m->counted[prodi_ev_counter(type, reason)]++;
    if (!h->on_event || prodi_mgr_dying(m))
        return;
    prod_event ev = {
        .struct_size = sizeof ev,
        .type = type,
        .reason = reason,
        .recipe = recipe,
        .job = prodi_mgr_job_id(m, slot, (uint16_t)j->gen),
        .manager_tag = m->tag,
        .owner = j->owner,
        .inventory = j->inventory,
        .cycles = prodi_jt_cycles(j),
        .time = time,
        .recipe_id = recipe_id,
        .items = count ? items : NULL,
        .item_count = count,
        .repeat = j->repeat,
    };
    h->on_event(h->user, &ev);
}

/* An event of job r at game time `time`. */
static inline void prodi_ev_emit(prod_manager *m, uint32_t type, uint32_t reason,
                                 const prodi_jref *r, int64_t time, const prod_item_qty *items,
                                 uint32_t count)
{
    prod_recipe_ix recipe = r->s->recipe;
    prodi_ev_deliver(m, type, reason, r->slot, r->j, time, recipe, m->recipes[recipe].id, items,
                     count);
}

/* An event for a loaded job whose recipe `recipe_id` is no longer loaded
 * (reason RECIPE_REMOVED, time = the manager's time). */
void prodi_ev_emit_removed(prod_manager *m, uint32_t type, uint32_t slot, const char *recipe_id,
                           const prod_item_qty *items, uint32_t count);

#endif
