/* tasks.c - the task state machine (see tasks.h). */
#include "pipeline/tasks.h"

#include "pipeline/events.h"
#include "pipeline/pipelines.h"
#include "pipeline/queues.h"
#include "pipeline/quotes.h"
#include "pipeline/workers.h"

int prodi_coord_deps_done(const co_pipeline *p, uint32_t ix)
{
    const co_task *t = &p->tasks[ix];
    if (t->type == PROD_TASK_ACQUIRE || t->type == PROD_TASK_LIQUIDATE)
        return 1;
    const co_node *n = &p->nodes[t->node];
    if (t->type != PROD_TASK_COLLECT)
        return p->tasks[n->task].state == PROD_TASK_COMPLETED && t->worker != 0;
    if (p->factories[n->factory].state != PROD_FACTORY_READY_FOR_COLLECTION)
        return 0;
    for (uint32_t k = t->node + 1; k < p->node_count && p->nodes[k].depth > n->depth; k++)
        if (p->nodes[k].parent == t->node && p->tasks[p->nodes[k].out].state != PROD_TASK_COMPLETED)
            return 0;
    return 1;
}

static int may_run(const co_pipeline *p, const co_task *t)
{
    return prodi_coord_pipeline_live(p) || t->type == PROD_TASK_LIQUIDATE;
}

int prodi_coord_try_ready(prod_coordinator *c, co_pipeline *p, uint32_t ix)
{
    co_task *t = &p->tasks[ix];
    if (t->state != PROD_TASK_PENDING || t->wake_at >= 0 || !may_run(p, t) ||
        !prodi_coord_deps_done(p, ix))
        return 0;
    t->state = PROD_TASK_READY;
    t->ready_at = c->time;
    prodi_coord_emit_task(c, PROD_COORD_EVENT_TASK_READY, p, ix, PROD_COORD_REASON_NONE);
    co_worker *w = t->worker ? prodi_coord_worker(c, t->worker) : NULL;
    if (prodi_coord_queued_type(t->type) && !t->worker)
        prodi_coord_ready_push(c, p, ix);
    else if (w && !w->task)
        prodi_coord_worker_next(c, w);
    return 1;
}

void prodi_coord_assign(prod_coordinator *c, co_pipeline *p, uint32_t ix, co_worker *w)
{
    co_task *t = &p->tasks[ix];
    t->state = PROD_TASK_ASSIGNED;
    t->worker = w->id;
    w->task = prodi_coord_task_id(p, ix);
    prodi_coord_worker_settle(c, w);
    if (p->state == PROD_PIPELINE_PLANNING)
        prodi_coord_pipeline_state(c, p, PROD_PIPELINE_EXECUTING, PROD_COORD_REASON_NONE);
    prod_coord_event e = prodi_coord_task_ev(c, PROD_COORD_EVENT_TASK_ASSIGNED, p, ix,
                                             PROD_COORD_REASON_NONE);
    const co_cargo *s = prodi_coord_cargo_of(w, t->item);
    e.quantity = prodi_coord_buys(t->type) ? w->capacity - prodi_coord_cargo_total(w)
                                           : (s ? s->qty : 0);
    prodi_coord_emit(c, &e);
}

void prodi_coord_start(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t qty)
{
    co_task *t = &p->tasks[ix];
    t->state = PROD_TASK_EXECUTING;
    t->started_at = c->time;
    t->order_qty = qty;
    prod_coord_event e = prodi_coord_task_ev(c, PROD_COORD_EVENT_TASK_STARTED, p, ix,
                                             PROD_COORD_REASON_NONE);
    e.quantity = qty;
    prodi_coord_emit(c, &e);
}

co_worker *prodi_coord_unlink(prod_coordinator *c, co_pipeline *p, uint32_t ix)
{
    co_task *t = &p->tasks[ix];
    co_worker *w = t->worker ? prodi_coord_worker(c, t->worker) : NULL;
    if (!w || w->task != prodi_coord_task_id(p, ix))
        return NULL;
    w->task = 0;
    return w;
}

void prodi_coord_complete(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint64_t qty,
                          double credits, uint32_t reason)
{
    co_task *t = &p->tasks[ix];
    prodi_coord_unlink(c, p, ix);
    t->state = PROD_TASK_COMPLETED;
    t->completed_at = c->time;
    t->quantity = qty;
    t->reason = reason;
    t->order_qty = 0;
    if (prodi_coord_buys(t->type)) {
        t->cost += credits;
        p->cost += credits;
        c->counts.credits_spent += credits;
    } else {
        t->revenue += credits;
        p->revenue += credits;
        c->counts.credits_earned += credits;
    }
    c->counts.tasks_completed++;
    prodi_coord_emit_task(c, PROD_COORD_EVENT_TASK_COMPLETED, p, ix, reason);
    if (t->type == PROD_TASK_SELL && prodi_coord_pipeline_live(p))
        prodi_coord_pipeline_state(c, p, PROD_PIPELINE_COMPLETED, PROD_COORD_REASON_NONE);
    if (prodi_coord_buys(t->type) && t->node != CO_NONE)
        prodi_coord_try_ready(c, p, p->nodes[t->node].out);
    prodi_coord_settle(c, p);
}

void prodi_coord_sleep(prod_coordinator *c, co_pipeline *p, uint32_t ix, int64_t when)
{
    p->tasks[ix].wake_at = when;
    prodi_coord_timer(c, when, CO_TIMER_WAKE, prodi_coord_task_id(p, ix), 0);
}

/* A task event naming `worker`, the worker the task had (it may have let go). */
static void emit_for(prod_coordinator *c, uint32_t type, const co_pipeline *p, uint32_t ix,
                     uint32_t reason, uint64_t worker)
{
    prod_coord_event e = prodi_coord_task_ev(c, type, p, ix, reason);
    e.worker = worker;
    prodi_coord_emit(c, &e);
}

void prodi_coord_release(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason,
                         int64_t delay)
{
    co_task *t = &p->tasks[ix];
    uint64_t had = t->worker;
    prodi_coord_unlink(c, p, ix);
    t->state = PROD_TASK_PENDING;
    t->reason = reason;
    t->order_qty = 0;
    if (prodi_coord_buys(t->type))
        t->worker = 0;
    c->counts.tasks_released++;
    if (delay > 0)
        prodi_coord_sleep(c, p, ix, c->time + delay);
    emit_for(c, PROD_COORD_EVENT_TASK_RELEASED, p, ix, reason, had);
    if (delay <= 0)
        prodi_coord_try_ready(c, p, ix);
}

/* retry_backoff_ms doubled per earlier retry, at most a day. */
static int64_t backoff(const prod_coordinator *c, uint32_t retries)
{
    int64_t d = c->cfg.retry_backoff_ms;
    for (uint32_t i = 1; i < retries && d < CO_DAY_MS; i++)
        d *= 2;
    return d < CO_DAY_MS ? d : CO_DAY_MS;
}

int prodi_coord_fail(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason)
{
    co_task *t = &p->tasks[ix];
    uint64_t had = t->worker;
    prodi_coord_unlink(c, p, ix);
    t->retries++;
    t->reason = reason;
    t->order_qty = 0;
    if (prodi_coord_buys(t->type)) {
        t->failed_worker = t->worker;
        t->worker = 0;
    }
    if (t->type == PROD_TASK_LIQUIDATE || t->retries <= c->cfg.max_retries) {
        t->state = PROD_TASK_PENDING;
        c->counts.tasks_retried++;
        prodi_coord_sleep(c, p, ix, c->time + backoff(c, t->retries));
        emit_for(c, PROD_COORD_EVENT_TASK_RETRY, p, ix, reason, had);
        return 0;
    }
    t->reason = PROD_COORD_REASON_RETRIES_EXHAUSTED;
    t->state = PROD_TASK_FAILED;
    t->completed_at = c->time;
    c->counts.tasks_failed++;
    emit_for(c, PROD_COORD_EVENT_TASK_FAILED, p, ix, t->reason, had);
    return 1;
}

void prodi_coord_end(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason)
{
    co_task *t = &p->tasks[ix];
    prodi_coord_unlink(c, p, ix);
    t->state = PROD_TASK_FAILED;
    t->reason = reason;
    t->order_qty = 0;
    t->wake_at = -1;
    t->completed_at = c->time;
    c->counts.tasks_failed++;
    prodi_coord_emit_task(c, PROD_COORD_EVENT_TASK_FAILED, p, ix, reason);
}

void prodi_coord_wake(prod_coordinator *c, co_pipeline *p, uint32_t ix)
{
    co_task *t = &p->tasks[ix];
    t->wake_at = -1;
    if (t->state == PROD_TASK_PENDING) {
        prodi_coord_try_ready(c, p, ix);
        return;
    }
    co_worker *w = t->worker ? prodi_coord_worker(c, t->worker) : NULL;
    if (t->state != PROD_TASK_READY)
        return;
    if (prodi_coord_queued_type(t->type) && !t->worker)
        prodi_coord_ready_push(c, p, ix);
    else if (w && !w->task)
        prodi_coord_worker_next(c, w);
}

/* The READY task (awake) of w's cargo to do next, or NULL. */
static co_task *next_of(prod_coordinator *c, co_worker *w, co_pipeline **pp, uint32_t *ix)
{
    co_task *best = NULL;
    uint64_t best_id = 0;
    for (uint32_t i = 0; i < w->cargo_count; i++) {
        co_pipeline *p;
        co_task *t = w->cargo[i].task ? prodi_coord_task(c, w->cargo[i].task, &p) : NULL;
        if (!t || t->state != PROD_TASK_READY || t->wake_at >= 0)
            continue;
        if (!best || t->priority > best->priority ||
            (t->priority == best->priority && w->cargo[i].task < best_id)) {
            best = t;
            best_id = w->cargo[i].task;
            *pp = p;
        }
    }
    *ix = (uint32_t)(best_id & ((1u << CO_TASK_BITS) - 1));
    return best;
}

/* A LIQUIDATE's buyer: market_best_sell's choice, else any buyer; 0 when it
 * must wait (none, or a host error). */
static int find_buyer(prod_coordinator *c, co_pipeline *p, uint32_t ix)
{
    co_task *t = &p->tasks[ix];
    prod_market_quote q;
    int found = 0;
    prod_status st = prodi_coord_best_buyer(c, t->item, 0, 1, t->failed_market != 0,
                                            t->failed_market, &q, NULL, &found);
    if (st != PROD_OK)
        prodi_coord_host_error(c);
    if (st != PROD_OK || !found) {
        t->reason = PROD_COORD_REASON_NO_MARKET;
        prodi_coord_sleep(c, p, ix, c->time + c->cfg.poll_every_ms);
        return 0;
    }
    t->market = q.market;
    return 1;
}

void prodi_coord_worker_next(prod_coordinator *c, co_worker *w)
{
    co_pipeline *p;
    uint32_t ix;
    co_task *t;
    while (!w->task && !prodi_coord_dying(c) && (t = next_of(c, w, &p, &ix)) != NULL)
        if (t->type != PROD_TASK_LIQUIDATE || find_buyer(c, p, ix))
            prodi_coord_assign(c, p, ix, w);
    prodi_coord_worker_settle(c, w);
}
