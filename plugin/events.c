/* events.c - building prod_event records and delivering them to the host's
 * sink, with the manager marked busy so the sink cannot re-enter it. */
#include "manager.h"

static void deliver(prod_manager *m, uint32_t type, uint32_t reason, uint32_t slot,
                    int64_t time, prod_recipe_ix recipe, const char *recipe_id,
                    const prod_item_qty *items, uint32_t count)
{
    const prod_host *h = &m->ctx->host;
    if (!h->on_event)
        return;
    const prod_job *j = jt_at(&m->jobs, slot);
    prod_event ev = {
        .struct_size = sizeof ev,
        .type = type,
        .reason = reason,
        .recipe = recipe,
        .job = mgr_job_id(m, slot, j->gen),
        .manager_tag = m->tag,
        .owner = j->owner,
        .inventory = j->inventory,
        .cycles = j->cycles,
        .time = time,
        .recipe_id = recipe_id,
        .items = count ? items : NULL,
        .item_count = count,
        .repeat = j->repeat,
    };
    m->busy++;
    h->on_event(h->user, &ev);
    m->busy--;
}

void ev_emit(prod_manager *m, uint32_t type, uint32_t reason, uint32_t slot,
             int64_t time, const prod_item_qty *items, uint32_t count)
{
    prod_recipe_ix recipe = snaps_get(&m->snaps, jt_at(&m->jobs, slot)->snap)->recipe;
    deliver(m, type, reason, slot, time, recipe, reg_recipe(m->ctx->reg, recipe)->id, items,
            count);
}

void ev_emit_removed(prod_manager *m, uint32_t type, uint32_t slot, const char *recipe_id,
                     const prod_item_qty *items, uint32_t count)
{
    deliver(m, type, PROD_REASON_RECIPE_REMOVED, slot, m->last_time, PROD_RECIPE_NONE,
            recipe_id, items, count);
}
