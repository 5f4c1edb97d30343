/* assign.c - the assignment pass (see assign.h). */
#include "pipeline/assign.h"

#include "pipeline/queues.h"
#include "pipeline/quotes.h"
#include "pipeline/tasks.h"
#include "pipeline/workers.h"

/* A popped queue entry that still names a READY purchase task waiting. */
static co_task *waiting(prod_coordinator *c, uint64_t id, co_pipeline **p)
{
    co_task *t = prodi_coord_task(c, id, p);
    if (t)
        t->flags &= (uint8_t)~CO_TASK_QUEUED;
    if (!t || t->state != PROD_TASK_READY || t->worker || t->wake_at >= 0 ||
        !prodi_coord_queued_type(t->type) || !prodi_coord_pipeline_live(*p))
        return NULL;
    return t;
}

/* The market the task is to be done at when it meets the START threshold:
 * 1 and *market, else 0 (the task sleeps until the next re-check). */
static int market_ready(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint64_t *market)
{
    co_task *t = &p->tasks[ix];
    prod_market_quote q;
    int found = 0, ok;
    prod_status st;
    if (t->type == PROD_TASK_ACQUIRE) {
        st = prodi_coord_best_source(c, t->item, c->cfg.acquire_start_supply,
                                     t->failed_market != 0, t->failed_market, &q, &found);
        ok = found;
    } else {
        st = prodi_coord_quote_at(c, t->item, t->market, &q, &found);
        ok = found && (q.flags & PROD_QUOTE_SELLS) && q.supply >= c->cfg.collect_start_supply;
    }
    if (st != PROD_OK)
        prodi_coord_host_error(c);
    if (st != PROD_OK || !ok) {
        t->reason = t->type == PROD_TASK_ACQUIRE ? PROD_COORD_REASON_NO_MARKET
                                                 : PROD_COORD_REASON_SUPPLY_LOW;
        prodi_coord_sleep(c, p, ix, c->time + c->cfg.poll_every_ms);
        return 0;
    }
    *market = q.market;
    return 1;
}

static void charge(prod_coordinator *c, uint32_t n)
{
    c->budget = n < c->budget ? c->budget - n : 0;
}

prod_status prodi_coord_assign_ready(prod_coordinator *c)
{
    uint64_t id;
    while (!prodi_coord_ready_empty(c) && !prodi_coord_dying(c)) {
        if (!c->free_workers || c->busy_workers >= c->cfg.max_workers)
            return PROD_OK;
        if (!c->budget)
            return PROD_MORE;
        co_pipeline *p;
        (void)prodi_coord_ready_pop(c, &id);
        co_task *t = waiting(c, id, &p);
        uint32_t ix = (uint32_t)(id & ((1u << CO_TASK_BITS) - 1)), compared = 0;
        uint64_t market;
        co_worker *w = NULL;
        if (!t)
            continue;
        charge(c, 1);
        if (!market_ready(c, p, ix, &market))
            continue;
        if (prodi_coord_closest(c, market, t->failed_worker, &w, &compared) != PROD_OK) {
            prodi_coord_host_error(c);
            prodi_coord_sleep(c, p, ix, c->time + c->cfg.poll_every_ms);
            continue;
        }
        charge(c, compared);
        if (!w) { /* cannot happen while a worker is free; keep it queued */
            prodi_coord_ready_push(c, p, ix);
            return PROD_OK;
        }
        t->market = market;
        prodi_coord_assign(c, p, ix, w);
    }
    return PROD_OK;
}

void prodi_coord_recheck_all(prod_coordinator *c)
{
    for (uint32_t i = 0; i < c->npipes; i++) {
        co_pipeline *p = c->pipes[i];
        for (uint32_t ix = 0; ix < p->task_count; ix++) {
            co_task *t = &p->tasks[ix];
            if (t->state == PROD_TASK_READY && t->wake_at >= 0 && !t->worker &&
                prodi_coord_queued_type(t->type)) {
                t->wake_at = -1;
                prodi_coord_ready_push(c, p, ix);
            }
        }
    }
}
