/* recover.c - a worker removed, and a worker's actual cargo reconciled with
 * what the coordinator knows (see recover.h). Every allocation either may
 * need is made before anything changes. */
#include "pipeline/recover.h"

#include "pipeline/events.h"
#include "pipeline/factory.h"
#include "pipeline/liquidate.h"
#include "pipeline/pipelines.h"
#include "pipeline/tasks.h"
#include "pipeline/workers.h"

#include <string.h>

/* Room for one more task in the pipeline of every task w's cargo and
 * current task concern (a purchase made again, a liquidation). */
static int reserve_for(prod_coordinator *c, const co_worker *w)
{
    co_pipeline *p;
    if (w->task && prodi_coord_task(c, w->task, &p) && prodi_coord_task_reserve(p, 1) != 0)
        return -1;
    for (uint32_t i = 0; i < w->cargo_count; i++)
        if (w->cargo[i].task && prodi_coord_task(c, w->cargo[i].task, &p) &&
            prodi_coord_task_reserve(p, 1) != 0)
            return -1;
    return 0;
}

static uint32_t task_ix(uint64_t id) { return (uint32_t)(id & ((1u << CO_TASK_BITS) - 1)); }

/* Count units lost (delta < 0) or found (delta > 0) in p's accounts (when
 * there is one) and the coordinator's. */
static void account(prod_coordinator *c, co_pipeline *p, int64_t delta)
{
    uint64_t n = (uint64_t)(delta < 0 ? -delta : delta);
    if (p)
        *(delta < 0 ? &p->units.lost : &p->units.found) += n;
    *(delta < 0 ? &c->counts.units.lost : &c->counts.units.found) += n;
}

/* The cargo task k was to take on is gone: a liquidation ends, a DELIVER or
 * SELL waits for its node to be bought again. */
static void task_lost_cargo(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint32_t reason)
{
    if (!prodi_coord_task_open(&p->tasks[ix]))
        return;
    if (p->tasks[ix].type == PROD_TASK_LIQUIDATE)
        prodi_coord_end(c, p, ix, PROD_COORD_REASON_CARGO_LOST);
    else
        prodi_coord_cargo_lost(c, p, ix, reason);
    prodi_coord_settle(c, p);
}

prod_status prodi_coord_remove_worker(prod_coordinator *c, uint64_t id, int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_worker_remove");
    co_worker *w = st == PROD_OK ? prodi_coord_worker(c, id) : NULL;
    if (st == PROD_OK && !w)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND,
                           "coord_worker_remove: no worker %llu", (unsigned long long)id);
    if (st == PROD_OK && reserve_for(c, w) != 0)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY,
                           "coord_worker_remove: out of memory");
    if (st != PROD_OK)
        return st;
    c->time = now;
    co_pipeline *p;
    co_task *t = w->task ? prodi_coord_task(c, w->task, &p) : NULL;
    if (t && prodi_coord_buys(t->type))
        prodi_coord_release(c, p, task_ix(w->task), PROD_COORD_REASON_WORKER_REMOVED, 0);
    co_cargo held[PROD_COORD_MAX_CARGO];
    uint32_t n = w->cargo_count;
    memcpy(held, w->cargo, n * sizeof *held);
    w->cargo_count = 0;
    for (uint32_t i = 0; i < n; i++) {
        t = held[i].task ? prodi_coord_task(c, held[i].task, &p) : NULL;
        account(c, t ? p : NULL, -(int64_t)held[i].qty);
        if (t)
            task_lost_cargo(c, p, task_ix(held[i].task), PROD_COORD_REASON_WORKER_REMOVED);
    }
    w = prodi_coord_worker(c, id);
    w->task = 0;
    prodi_coord_worker_forget(c, w);
    return PROD_OK;
}

/* --- reconciliation --------------------------------------------------------- */

typedef struct reported {
    const prod_item_qty *cargo;
    uint32_t n;
    uint8_t used[PROD_COORD_MAX_CARGO];
} reported;

/* The reported quantity of item (marked used), or 0. */
static uint32_t take(reported *r, prod_item_id item)
{
    for (uint32_t i = 0; i < r->n; i++)
        if (r->cargo[i].item == item && !r->used[i]) {
            r->used[i] = 1;
            return r->cargo[i].qty;
        }
    return 0;
}

static prod_status check_cargo(prod_coordinator *c, const co_worker *w, const prod_item_qty *cargo,
                               uint32_t n)
{
    uint64_t total = 0;
    if (n > PROD_COORD_MAX_CARGO)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                             "coord_worker_cargo: %u stacks (at most %u)", n, PROD_COORD_MAX_CARGO);
    for (uint32_t i = 0; i < n; i++) {
        const char *bad = !prodi_reg_item_name(c->ctx->reg, cargo[i].item) ? "is not an item"
                          : cargo[i].qty == 0                               ? "has 0 units"
                                                                            : NULL;
        for (uint32_t j = 0; !bad && j < i; j++)
            if (cargo[j].item == cargo[i].item)
                bad = "is listed twice";
        if (bad)
            return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                                 "coord_worker_cargo: stack %u (item %u) %s", i, cargo[i].item,
                                 bad);
        total += cargo[i].qty;
    }
    if (total > w->capacity)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                             "coord_worker_cargo: %llu units, more than worker %llu's capacity %u",
                             (unsigned long long)total, (unsigned long long)w->id, w->capacity);
    return PROD_OK;
}

/* A stack the coordinator knew of is not there: taken on during the outage
 * when its task was under way (a DELIVER, SELL or LIQUIDATE in progress),
 * else lost. */
static void vanished(prod_coordinator *c, co_worker *w, uint32_t i, uint64_t cur)
{
    co_cargo s = w->cargo[i];
    co_pipeline *p = NULL;
    co_task *k = s.task ? prodi_coord_task(c, s.task, &p) : NULL;
    prodi_coord_cargo_drop(w, &w->cargo[i]);
    if (k && s.task == cur && !prodi_coord_buys(k->type) &&
        (k->state == PROD_TASK_ASSIGNED || k->state == PROD_TASK_EXECUTING)) {
        *prodi_coord_units_out(&p->units, k->type) += s.qty;
        *prodi_coord_units_out(&c->counts.units, k->type) += s.qty;
        k->flags |= CO_TASK_RECONCILED;
        prodi_coord_complete(c, p, task_ix(s.task), s.qty, 0, PROD_COORD_REASON_ALREADY_DONE);
        prodi_coord_delivery(c, p, task_ix(s.task), w->id, s.qty);
        return;
    }
    account(c, k ? p : NULL, -(int64_t)s.qty);
    if (k)
        task_lost_cargo(c, p, task_ix(s.task), PROD_COORD_REASON_CARGO_LOST);
}

/* The stacks the coordinator knew of, against the report. */
static void known_stacks(prod_coordinator *c, co_worker *w, reported *r, uint64_t cur)
{
    for (uint32_t i = 0; i < w->cargo_count;) {
        co_cargo *s = &w->cargo[i];
        uint32_t qty = take(r, s->item);
        if (!qty) {
            vanished(c, w, i, cur);
            continue;
        }
        co_pipeline *p = NULL;
        account(c, s->task && prodi_coord_task(c, s->task, &p) ? p : NULL,
                (int64_t)qty - (int64_t)s->qty);
        s->qty = qty;
        i++;
    }
}

/* Its purchase task's item in w's hold: the purchase was made (seed 002
 * scenario 2). */
static void purchase_made(prod_coordinator *c, co_worker *w, co_pipeline *p, uint32_t ix,
                          uint32_t qty)
{
    (void)prodi_coord_cargo_add(w, p->tasks[ix].item, qty, 0);
    account(c, p, qty);
    p->tasks[ix].flags |= CO_TASK_RECONCILED;
    prodi_coord_handover(c, p, ix, w, prodi_coord_cargo_of(w, p->tasks[ix].item), qty, 0,
                         PROD_COORD_REASON_ALREADY_DONE);
}

/* An unassigned purchase of s's item whose work is due takes w (seed 002
 * scenario 3). 1 when one did. */
static int take_over(prod_coordinator *c, co_worker *w, prod_item_id item, uint32_t qty)
{
    for (uint32_t i = 0; i < c->npipes; i++) {
        co_pipeline *p = c->pipes[i];
        for (uint32_t ix = 0; prodi_coord_pipeline_live(p) && ix < p->task_count; ix++) {
            co_task *t = &p->tasks[ix];
            if (!prodi_coord_buys(t->type) || t->item != item || t->worker ||
                (t->state != PROD_TASK_PENDING && t->state != PROD_TASK_READY) ||
                !prodi_coord_deps_done(p, ix))
                continue;
            t->wake_at = -1;
            prodi_coord_try_ready(c, p, ix);
            prodi_coord_assign(c, p, ix, w);
            purchase_made(c, w, p, ix, qty);
            return 1;
        }
    }
    return 0;
}

static void orphan(prod_coordinator *c, co_worker *w, co_pipeline *rp, prod_item_id item,
                   uint32_t qty, uint64_t cur)
{
    co_pipeline *p;
    co_task *t = w->task ? prodi_coord_task(c, w->task, &p) : NULL;
    if (t && prodi_coord_buys(t->type)) /* it must sell this first */
        prodi_coord_release(c, p, task_ix(w->task), PROD_COORD_REASON_CARGO_MISMATCH, 0);
    (void)prodi_coord_cargo_add(w, item, qty, 0);
    account(c, rp, qty);
    if (rp->task_count == 0)
        prodi_coord_emit_pipeline(c, PROD_COORD_EVENT_PIPELINE_CREATED, rp);
    (void)prodi_coord_liquidate(c, rp, w, prodi_coord_cargo_of(w, item),
                                cur ? PROD_COORD_REASON_CARGO_MISMATCH
                                    : PROD_COORD_REASON_ORPHAN_CARGO);
}

/* A recovery pipeline with room for n liquidations when the report names
 * an item w was not known to hold; NULL when none is needed. -1 on OOM. */
static int recovery_for(prod_coordinator *c, const co_worker *w, const prod_item_qty *cargo,
                        uint32_t n, co_pipeline **rp)
{
    *rp = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (!prodi_coord_cargo_of((co_worker *)w, cargo[i].item)) {
            *rp = prodi_coord_pipeline_new(c, PROD_PIPELINE_RECOVERY, c->time);
            if (*rp && prodi_coord_task_reserve(*rp, n) == 0)
                return 0;
            if (*rp)
                prodi_coord_pipeline_drop_last(c);
            return -1;
        }
    return 0;
}

static void reconcile(prod_coordinator *c, co_worker *w, reported *r, co_pipeline *rp)
{
    uint64_t cur = w->task;
    co_pipeline *p;
    known_stacks(c, w, r, cur);
    co_task *t = w->task ? prodi_coord_task(c, w->task, &p) : NULL;
    uint32_t qty;
    if (t && prodi_coord_buys(t->type) && (qty = take(r, t->item)) > 0)
        purchase_made(c, w, p, task_ix(w->task), qty);
    for (uint32_t i = 0; i < r->n; i++) {
        if (r->used[i])
            continue;
        r->used[i] = 1;
        if (w->task || !take_over(c, w, r->cargo[i].item, r->cargo[i].qty))
            orphan(c, w, rp, r->cargo[i].item, r->cargo[i].qty, cur);
    }
    if (cur && w->task == cur && (t = prodi_coord_task(c, cur, &p)) != NULL)
        prodi_coord_emit_task(c, PROD_COORD_EVENT_RESUMED, p, task_ix(cur), PROD_COORD_REASON_NONE);
    prodi_coord_worker_next(c, w);
}

prod_status prodi_coord_reconcile(prod_coordinator *c, uint64_t id, const prod_item_qty *cargo,
                                  uint32_t n, int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_worker_cargo");
    co_worker *w = st == PROD_OK ? prodi_coord_worker(c, id) : NULL;
    co_pipeline *rp = NULL;
    if (st == PROD_OK && !w)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND,
                           "coord_worker_cargo: no worker %llu", (unsigned long long)id);
    if (st == PROD_OK)
        st = check_cargo(c, w, cargo, n);
    if (st == PROD_OK && (reserve_for(c, w) != 0 || recovery_for(c, w, cargo, n, &rp) != 0))
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY,
                           "coord_worker_cargo: out of memory");
    if (st != PROD_OK)
        return st;
    c->time = now;
    if (rp)
        rp->created_at = now;
    reported r = {.cargo = cargo, .n = n};
    reconcile(c, w, &r, rp);
    if (rp && rp->task_count == 0)
        prodi_coord_pipeline_drop_last(c);
    else if (rp)
        prodi_coord_settle(c, rp);
    return PROD_OK;
}
