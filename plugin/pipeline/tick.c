/* tick.c - the coordinator's tick (see tick.h). Timers are run in their
 * total order and one that no longer matches the state is skipped for
 * free, so a tick split by its budget, or resumed after a load (which
 * rebuilds the queues), does the same work in the same order. */
#include "pipeline/tick.h"

#include "pipeline/assign.h"
#include "pipeline/config.h"
#include "pipeline/factory.h"
#include "pipeline/queues.h"
#include "pipeline/scan.h"
#include "pipeline/tasks.h"

#define RECHECK_FIELDS                                                                             \
    (PROD_COORD_F(PROD_COORD_FIELD_COLLECT_START) | PROD_COORD_F(PROD_COORD_FIELD_ACQUIRE_START) | \
     PROD_COORD_F(PROD_COORD_FIELD_MAX_WORKERS))

static void schedule_scan(prod_coordinator *c)
{
    c->next_scan = c->cfg.scan_every_ms > 0 ? c->time + c->cfg.scan_every_ms : -1;
    if (c->next_scan >= 0)
        prodi_coord_timer(c, c->next_scan, CO_TIMER_SCAN, 0, 0);
}

static void apply_config(prod_coordinator *c)
{
    uint64_t changed = prodi_coord_cfg_apply(c);
    if (changed & RECHECK_FIELDS)
        prodi_coord_recheck_all(c);
    if (changed & PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY))
        schedule_scan(c);
}

/* Run timer t; 0 when it was stale (no step taken). */
static int run_timer(prod_coordinator *c, const co_timer *t)
{
    co_pipeline *p;
    co_task *task;
    switch (t->kind) {
    case CO_TIMER_POLL:
        p = prodi_coord_pipeline(c, t->ref);
        if (!p || t->sub >= p->factory_count || p->factories[t->sub].next_poll != t->time)
            return 0;
        prodi_coord_factory_poll(c, p, t->sub);
        return 1;
    case CO_TIMER_WAKE:
        task = prodi_coord_task(c, t->ref, &p);
        if (!task || task->wake_at != t->time)
            return 0;
        prodi_coord_wake(c, p, (uint32_t)(t->ref & ((1u << CO_TASK_BITS) - 1)));
        return 1;
    default:
        if (c->next_scan != t->time)
            return 0;
        schedule_scan(c);
        prodi_coord_scan(c);
        return 1;
    }
}

prod_status prodi_coord_tick(prod_coordinator *c, int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_tick");
    if (st != PROD_OK)
        return st;
    if (c->queues_dirty && prodi_coord_queues_rebuild(c) != 0)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY, "coord_tick: out of memory");
    c->time = now;
    apply_config(c);
    c->budget = c->cfg.tick_budget;
    const co_timer *top;
    while ((top = prodi_coord_timer_top(c)) != NULL && top->time <= now) {
        if (prodi_coord_dying(c))
            return PROD_OK;
        if (!c->budget)
            return PROD_MORE;
        co_timer t = *top;
        prodi_coord_timer_pop(c);
        if (run_timer(c, &t) && c->budget)
            c->budget--;
    }
    return prodi_coord_assign_ready(c);
}

prod_status prodi_coord_next_due(const prod_coordinator *c, int64_t *out)
{
    const co_timer *top = prodi_coord_timer_top(c);
    int waiting = !prodi_coord_ready_empty(c) && c->free_workers &&
                  c->busy_workers < c->cfg.max_workers;
    if (c->queues_dirty || c->has_pending || waiting) {
        *out = c->time;
        return PROD_OK;
    }
    if (!top)
        return PROD_ERR_NOT_FOUND;
    *out = top->time;
    return PROD_OK;
}

prod_status prodi_coord_config_set(prod_coordinator *c, const prod_coord_config *u, int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_config_set");
    prod_coord_config n = c->has_pending ? c->pending : c->cfg;
    if (st == PROD_OK)
        st = prodi_coord_cfg_merge(prodi_coord_err(c), "coord_config_set", &n, u, 0);
    if (st != PROD_OK)
        return st;
    c->time = now;
    c->pending = n;
    c->has_pending = 1;
    return PROD_OK;
}
