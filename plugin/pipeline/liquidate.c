/* liquidate.c - liquidations, aborts and lost cargo (see liquidate.h). */
#include "pipeline/liquidate.h"

#include "core/vec.h"
#include "pipeline/events.h"
#include "pipeline/factory.h"
#include "pipeline/pipelines.h"
#include "pipeline/tasks.h"
#include "pipeline/workers.h"

int prodi_coord_task_reserve(co_pipeline *p, uint32_t n)
{
    size_t need = (size_t)p->task_count + n;
    if (need > PROD_COORD_MAX_TASKS)
        return -1;
    return PRODI_VEC_HEAP(p->mem, p->tasks, p->task_cap, need, 16);
}

int prodi_coord_liquidate(prod_coordinator *c, co_pipeline *p, co_worker *w, co_cargo *s,
                          uint32_t reason)
{
    uint32_t ix = prodi_coord_task_add(p, PROD_TASK_LIQUIDATE, s->item, CO_NONE, 0, c->time);
    if (ix == CO_NONE)
        return -1;
    co_task *t = &p->tasks[ix];
    t->worker = w->id;
    t->reason = reason;
    s->task = prodi_coord_task_id(p, ix);
    c->counts.liquidations++;
    prod_coord_event e = prodi_coord_task_ev(c, PROD_COORD_EVENT_LIQUIDATION, p, ix, reason);
    e.quantity = s->qty;
    prodi_coord_emit(c, &e);
    prodi_coord_try_ready(c, p, ix);
    return 0;
}

void prodi_coord_handover(prod_coordinator *c, co_pipeline *p, uint32_t ix, co_worker *w,
                          co_cargo *s, uint64_t qty, double credits, uint32_t reason)
{
    uint32_t node = p->tasks[ix].node;
    int live = prodi_coord_pipeline_live(p) && node != CO_NONE;
    if (live) {
        uint32_t out = p->nodes[node].out;
        s->task = prodi_coord_task_id(p, out);
        p->tasks[out].worker = w->id;
    }
    (void)prodi_coord_task_reserve(p, 1);
    prodi_coord_complete(c, p, ix, qty, credits, reason);
    if (!live)
        (void)prodi_coord_liquidate(c, p, w, s,
                                   p->state == PROD_PIPELINE_CANCELLED
                                       ? PROD_COORD_REASON_CANCELLED
                                       : PROD_COORD_REASON_PIPELINE_FAILED);
}

/* The stack of w that task id takes on, or NULL. */
static co_cargo *stack_for(co_worker *w, uint64_t id)
{
    for (uint32_t i = 0; w && i < w->cargo_count; i++)
        if (w->cargo[i].task == id)
            return &w->cargo[i];
    return NULL;
}

/* End an open task of an aborted pipeline; its cargo goes to a liquidation. */
static void end_task(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason)
{
    co_task *t = &p->tasks[ix];
    co_worker *w = t->worker ? prodi_coord_worker(c, t->worker) : NULL;
    co_cargo *s = prodi_coord_buys(t->type) ? NULL : stack_for(w, prodi_coord_task_id(p, ix));
    prodi_coord_end(c, p, ix, reason);
    if (s)
        (void)prodi_coord_liquidate(c, p, w, s, reason); /* room reserved by the caller */
    if (w && !w->task)
        prodi_coord_worker_next(c, w);
}

void prodi_coord_abort(prod_coordinator *c, co_pipeline *p, uint32_t state, uint32_t reason)
{
    if (!prodi_coord_pipeline_live(p))
        return;
    uint32_t n = p->task_count;
    (void)prodi_coord_task_reserve(p, n); /* a liquidation per task at most */
    prodi_coord_pipeline_state(c, p, state, reason);
    uint32_t why = state == PROD_PIPELINE_CANCELLED ? PROD_COORD_REASON_CANCELLED
                                                    : PROD_COORD_REASON_PIPELINE_FAILED;
    for (uint32_t ix = 0; ix < n && !prodi_coord_dying(c); ix++) {
        const co_task *t = &p->tasks[ix];
        if (prodi_coord_task_open(t) && t->state != PROD_TASK_EXECUTING &&
            t->type != PROD_TASK_LIQUIDATE)
            end_task(c, p, ix, why);
    }
    prodi_coord_settle(c, p);
}

void prodi_coord_cargo_lost(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason)
{
    co_task *t = &p->tasks[ix];
    co_node *n = &p->nodes[t->node];
    uint32_t type = n->decision == PROD_DECISION_MAKE ? PROD_TASK_COLLECT : PROD_TASK_ACQUIRE;
    uint32_t nix = prodi_coord_pipeline_live(p)
                       ? prodi_coord_task_add(p, type, n->item, t->node, n->market, c->time)
                       : CO_NONE;
    if (nix == CO_NONE) {
        prodi_coord_end(c, p, ix, reason);
        prodi_coord_abort(c, p, PROD_PIPELINE_FAILED, reason);
        return;
    }
    n = &p->nodes[t->node];
    t = &p->tasks[ix];
    n->task = nix;
    t->worker = 0;
    prodi_coord_release(c, p, ix, reason, 0);
    prodi_coord_emit_task(c, PROD_COORD_EVENT_TASK_CREATED, p, nix, reason);
    prodi_coord_try_ready(c, p, nix);
    if (type == PROD_TASK_COLLECT)
        prodi_coord_factory_watch(c, p, n->factory);
}

prod_status prodi_coord_cancel(prod_coordinator *c, uint64_t id, int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_cancel");
    co_pipeline *p = st == PROD_OK ? prodi_coord_pipeline(c, id) : NULL;
    if (st == PROD_OK && !p)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND, "coord_cancel: no pipeline %llu",
                           (unsigned long long)id);
    if (st == PROD_OK && (!prodi_coord_pipeline_live(p) || p->kind != PROD_PIPELINE_PRODUCE))
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_STATE,
                           "coord_cancel: pipeline %llu %s", (unsigned long long)id,
                           p->kind != PROD_PIPELINE_PRODUCE ? "liquidates cargo: it runs to its end"
                                                            : "has already ended");
    if (st != PROD_OK)
        return st;
    c->time = now;
    prodi_coord_abort(c, p, PROD_PIPELINE_CANCELLED, PROD_COORD_REASON_CANCELLED);
    return PROD_OK;
}
