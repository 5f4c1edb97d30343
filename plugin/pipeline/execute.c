/* execute.c - coord_arrive and coord_report (see execute.h). An arrival is
 * decided from fresh quotes first (nothing changes if the host answers
 * nonsense), then applied; a report is checked whole, then applied. */
#include "pipeline/execute.h"

#include "core/abi_struct.h"
#include "pipeline/factory.h"
#include "pipeline/liquidate.h"
#include "pipeline/quotes.h"
#include "pipeline/tasks.h"
#include "pipeline/workers.h"

#include <math.h>

/* What an arrival leads to. (A retry made idempotent by the cargo a worker
 * reports, an ACQUIRE whose cargo is there, a DELIVER whose cargo is gone,
 * is settled by the reconciliation itself: recover.c.) */
#define D_TRADE 0u   /* an order to buy or sell */
#define D_RELEASE 1u /* the task is released and waits (supply, no trade) */
#define D_ABORT 2u   /* the failure table aborts the pipeline */

typedef struct decision {
    uint32_t kind, reason, qty, supply;
    double price;
} decision;

/* A worker and the task it is on. */
typedef struct on_task {
    co_worker *w;
    co_pipeline *p;
    co_task *t;
    uint32_t ix;
} on_task;

static prod_status find(prod_coordinator *c, uint64_t worker, uint64_t task, const char *who,
                        on_task *a)
{
    a->w = prodi_coord_worker(c, worker);
    if (!a->w)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND, "%s: no worker %llu", who,
                             (unsigned long long)worker);
    uint64_t id = task ? task : a->w->task;
    a->t = id ? prodi_coord_task(c, id, &a->p) : NULL;
    if (!a->t && task)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND, "%s: no task %llu", who,
                             (unsigned long long)task);
    if (!a->t)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_STATE, "%s: worker %llu has no task",
                             who, (unsigned long long)worker);
    a->ix = (uint32_t)(id & ((1u << CO_TASK_BITS) - 1));
    return PROD_OK;
}

static prod_status wrong_state(prod_coordinator *c, const char *who, const on_task *a,
                               const char *want)
{
    static const char *const STATE[] = {"?", "PENDING", "READY", "ASSIGNED", "EXECUTING",
                                        "COMPLETED", "FAILED"};
    return prodi_err_set(prodi_coord_err(c), PROD_ERR_STATE,
                         "%s: task %llu is %s%s, not %s by worker %llu", who,
                         (unsigned long long)prodi_coord_task_id(a->p, a->ix), STATE[a->t->state],
                         a->w->task == prodi_coord_task_id(a->p, a->ix) ? "" : " (not its task)",
                         want, (unsigned long long)a->w->id);
}

/* The stack of w the task takes on (a DELIVER, SELL or LIQUIDATE), or NULL. */
static co_cargo *stack_of(const on_task *a)
{
    uint64_t id = prodi_coord_task_id(a->p, a->ix);
    for (uint32_t i = 0; i < a->w->cargo_count; i++)
        if (a->w->cargo[i].task == id)
            return &a->w->cargo[i];
    return NULL;
}

static int below_margin(const prod_coordinator *c, const co_pipeline *p, double price)
{
    return p->kind == PROD_PIPELINE_PRODUCE && c->cfg.margin_drop_pct < 100 &&
           price < p->expected_price * (100.0 - c->cfg.margin_drop_pct) / 100.0;
}

/* 1 in *moved when the product's price at the sell market fell past the margin. */
static prod_status price_moved(prod_coordinator *c, const co_pipeline *p, int *moved)
{
    *moved = 0;
    if (p->kind != PROD_PIPELINE_PRODUCE || c->cfg.margin_drop_pct >= 100)
        return PROD_OK;
    prod_market_quote q;
    int found;
    prod_status st = prodi_coord_quote_at(c, p->item, p->sell_market, &q, &found);
    *moved = st == PROD_OK && below_margin(c, p, found && (q.flags & PROD_QUOTE_BUYS)
                                                      ? q.sell_price : 0);
    return st;
}

static void decided(decision *d, uint32_t kind, uint32_t reason)
{
    d->kind = kind;
    d->reason = reason;
}

static prod_status decide_buy(prod_coordinator *c, const on_task *a, const prod_arrival *arr,
                              decision *d)
{
    const co_task *t = a->t;
    prod_market_quote q;
    int found, moved;
    prod_status st = prodi_coord_quote_at(c, t->item, t->market, &q, &found);
    if (st != PROD_OK)
        return st;
    d->supply = found ? q.supply : PROD_SUPPLY_UNKNOWN;
    uint32_t exec = t->type == PROD_TASK_ACQUIRE ? c->cfg.acquire_execute_supply
                                                 : c->cfg.collect_execute_supply;
    if (!found || !(q.flags & PROD_QUOTE_SELLS))
        decided(d, t->type == PROD_TASK_COLLECT ? D_ABORT : D_RELEASE,
                t->type == PROD_TASK_COLLECT ? PROD_COORD_REASON_FACTORY_GONE
                                             : PROD_COORD_REASON_NOT_TRADED);
    else if (q.supply < exec)
        decided(d, D_RELEASE, PROD_COORD_REASON_SUPPLY_LOW);
    else if ((st = price_moved(c, a->p, &moved)) != PROD_OK || moved)
        decided(d, D_ABORT, PROD_COORD_REASON_PRICE_MOVED);
    else {
        int budget = !(arr->flags & PROD_ARRIVAL_NO_BUDGET);
        prod_trade_request tr = {.struct_size = sizeof tr, .version = PROD_TRADE_REQUEST_VERSION,
                                 .cargo = a->w->capacity - prodi_coord_cargo_total(a->w),
                                 .trade_volume = q.trade_volume, .supply = q.supply,
                                 .price = budget ? q.buy_price : 0,
                                 .credits = budget ? arr->credits : 0};
        (void)prodi_market_trade_size(&tr, &d->qty);
        d->price = q.buy_price;
        decided(d, d->qty ? D_TRADE : D_RELEASE, d->qty ? 0 : PROD_COORD_REASON_NO_TRADE);
    }
    return st;
}

static prod_status decide_sell(prod_coordinator *c, const on_task *a, decision *d)
{
    const co_task *t = a->t;
    const co_cargo *s = stack_of(a); /* a sale is assigned only to the worker holding its stack */
    prod_market_quote q;
    int found;
    prod_status st = prodi_coord_quote_at(c, t->item, t->market, &q, &found);
    if (st != PROD_OK)
        return st;
    d->qty = s->qty;
    d->price = q.sell_price;
    if (!found || !(q.flags & PROD_QUOTE_BUYS))
        decided(d, t->type == PROD_TASK_LIQUIDATE ? D_RELEASE : D_ABORT,
                PROD_COORD_REASON_NOT_TRADED);
    else if (t->type == PROD_TASK_SELL && below_margin(c, a->p, q.sell_price))
        decided(d, D_ABORT, PROD_COORD_REASON_PRICE_MOVED);
    else
        decided(d, D_TRADE, 0);
    return PROD_OK;
}

/* Released to wait: a purchase tries another market (ACQUIRE) or watches
 * its factory again (COLLECT); a LIQUIDATE goes to another buyer at once. */
static void release_on_arrival(prod_coordinator *c, const on_task *a, uint32_t reason,
                               uint32_t supply)
{
    co_task *t = a->t;
    uint32_t fx = t->type == PROD_TASK_COLLECT ? a->p->nodes[t->node].factory : CO_NONE;
    if (t->type != PROD_TASK_COLLECT)
        t->failed_market = t->market;
    if (fx != CO_NONE)
        prodi_coord_factory_seen(c, a->p, fx, supply);
    prodi_coord_release(c, a->p, a->ix, reason,
                        t->type == PROD_TASK_LIQUIDATE ? 0 : c->cfg.poll_every_ms);
    if (fx != CO_NONE)
        prodi_coord_factory_watch(c, a->p, fx);
}

static prod_status check_arrival(prod_coordinator *c, const prod_arrival *a, const prod_order *o)
{
    if (a->struct_size < PRODI_SIZE_THROUGH(prod_arrival, reserved0) || a->version < 1 ||
        o->struct_size < PRODI_OUT_HEADER_SIZE)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_VERSION,
                             "coord_arrive: arrival struct_size %u / version %u or order "
                             "struct_size %u not supported",
                             a->struct_size, a->version, o->struct_size);
    if (a->flags & ~PROD_ARRIVAL_NO_BUDGET)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                             "coord_arrive: flags 0x%x are not PROD_ARRIVAL_* flags", a->flags);
    if (!(a->flags & PROD_ARRIVAL_NO_BUDGET) && !(isfinite(a->credits) && a->credits >= 0))
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                             "coord_arrive: credits %g must be finite and >= 0", a->credits);
    return prodi_coord_check_time(c, a->now, "coord_arrive");
}

prod_status prodi_coord_arrive(prod_coordinator *c, const prod_arrival *arr, prod_order *out)
{
    on_task a;
    decision d = {.kind = D_TRADE};
    prod_status st = check_arrival(c, arr, out);
    if (st == PROD_OK)
        st = find(c, arr->worker, 0, "coord_arrive", &a);
    if (st == PROD_OK && a.t->state != PROD_TASK_ASSIGNED)
        st = wrong_state(c, "coord_arrive", &a, "ASSIGNED");
    if (st == PROD_OK)
        st = prodi_coord_buys(a.t->type) ? decide_buy(c, &a, arr, &d) : decide_sell(c, &a, &d);
    if (st != PROD_OK)
        return st;
    c->time = arr->now;
    prodi_coord_worker_move(c, a.w, a.t->market);
    prod_order o = {.task = prodi_coord_task_id(a.p, a.ix), .worker = a.w->id,
                    .market = a.t->market, .item = a.t->item, .task_type = a.t->type,
                    .reason = d.reason};
    if (d.kind == D_TRADE) {
        prodi_coord_start(c, a.p, a.ix, d.qty);
        o.action = prodi_coord_buys(a.t->type) ? PROD_ORDER_BUY : PROD_ORDER_SELL;
        o.quantity = d.qty;
        o.price = d.price;
    } else if (d.kind == D_RELEASE) {
        release_on_arrival(c, &a, d.reason, d.supply);
    } else {
        prodi_coord_abort(c, a.p, PROD_PIPELINE_FAILED, d.reason);
    }
    if (!a.w->task)
        prodi_coord_worker_next(c, a.w);
    prodi_copy_out(out, &o, sizeof o);
    return PROD_OK;
}

/* --- reports --------------------------------------------------------------- */

static prod_status check_report(prod_coordinator *c, const prod_task_report *r)
{
    const char *bad = NULL;
    if (r->struct_size < PRODI_SIZE_THROUGH(prod_task_report, credits) || r->version < 1)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_VERSION,
                             "coord_report: struct_size %u / version %u not supported",
                             r->struct_size, r->version);
    if (r->outcome != PROD_REPORT_DONE && r->outcome != PROD_REPORT_FAILED)
        bad = "outcome is not PROD_REPORT_DONE or PROD_REPORT_FAILED";
    else if (r->outcome == PROD_REPORT_FAILED &&
             (r->failure < PROD_COORD_FAIL_TRAVEL || r->failure > PROD_COORD_FAIL_OTHER))
        bad = "failure is not a PROD_COORD_FAIL_* reason";
    else if (r->outcome == PROD_REPORT_DONE && !(isfinite(r->credits) && r->credits >= 0))
        bad = "credits must be finite and >= 0";
    if (bad)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT, "coord_report: %s",
                             bad);
    return prodi_coord_check_time(c, r->now, "coord_report");
}

/* Quantity and room of a DONE report, against the order and the hold (a
 * reconciliation may have changed it since the order was given). */
static prod_status check_done(prod_coordinator *c, const on_task *a, uint32_t qty)
{
    int buys = prodi_coord_buys(a->t->type);
    const co_cargo *s = stack_of(a);
    uint32_t limit = buys ? a->w->capacity - prodi_coord_cargo_total(a->w) : s ? s->qty : 0;
    if (limit > a->t->order_qty)
        limit = a->t->order_qty;
    if ((buys && qty == 0) || qty > limit)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                             "coord_report: %u units %s for task %llu, whose order allows %s %u "
                             "(a purchase of nothing is a FAILED report, DEPLETED)",
                             qty, buys ? "bought" : "sold",
                             (unsigned long long)prodi_coord_task_id(a->p, a->ix),
                             buys ? "at most" : "", limit);
    if (buys && !prodi_coord_cargo_of(a->w, a->t->item) && a->w->cargo_count >= PROD_COORD_MAX_CARGO)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_LIMIT,
                             "coord_report: worker %llu holds %u items already",
                             (unsigned long long)a->w->id, PROD_COORD_MAX_CARGO);
    return PROD_OK;
}

static void done(prod_coordinator *c, const on_task *a, uint32_t qty, double credits)
{
    if (prodi_coord_buys(a->t->type)) {
        (void)prodi_coord_cargo_add(a->w, a->t->item, qty, 0);
        a->p->units.bought += qty;
        c->counts.units.bought += qty;
        prodi_coord_handover(c, a->p, a->ix, a->w, prodi_coord_cargo_of(a->w, a->t->item), qty,
                             credits, PROD_COORD_REASON_NONE);
        return;
    }
    co_cargo *s = stack_of(a); /* there while the task executes (reconcile completes it else) */
    if (s)
        s->qty -= qty;
    *prodi_coord_units_out(&a->p->units, a->t->type) += qty;
    *prodi_coord_units_out(&c->counts.units, a->t->type) += qty;
    prodi_coord_complete(c, a->p, a->ix, qty, credits, PROD_COORD_REASON_NONE);
    prodi_coord_delivery(c, a->p, a->ix, a->w->id, qty);
    if (s && s->qty == 0)
        prodi_coord_cargo_drop(a->w, s);
    else if (s) /* what the market did not take */
        (void)prodi_coord_liquidate(c, a->p, a->w, s, PROD_COORD_REASON_NOT_TRADED);
}

/* A DELIVER or SELL the failure table ends: its cargo is liquidated and
 * the pipeline aborts. */
static void end_with_cargo(prod_coordinator *c, const on_task *a, uint32_t reason)
{
    co_cargo *s = stack_of(a);
    prodi_coord_end(c, a->p, a->ix, reason);
    if (s)
        (void)prodi_coord_liquidate(c, a->p, a->w, s, reason);
    prodi_coord_abort(c, a->p, PROD_PIPELINE_FAILED, reason);
}

static void failed_buy(prod_coordinator *c, const on_task *a, uint32_t failure)
{
    co_task *t = a->t;
    if (failure == PROD_COORD_FAIL_TRAVEL || failure == PROD_COORD_FAIL_OTHER) {
        if (prodi_coord_fail(c, a->p, a->ix, failure))
            prodi_coord_abort(c, a->p, PROD_PIPELINE_FAILED, PROD_COORD_REASON_RETRIES_EXHAUSTED);
    } else if (t->type == PROD_TASK_COLLECT && failure == PROD_COORD_FAIL_REFUSED) {
        prodi_coord_end(c, a->p, a->ix, PROD_COORD_REASON_FACTORY_GONE);
        prodi_coord_abort(c, a->p, PROD_PIPELINE_FAILED, PROD_COORD_REASON_FACTORY_GONE);
    } else { /* depleted (or an ACQUIRE's market refusing): wait, re-route */
        release_on_arrival(c, a, failure, PROD_SUPPLY_SCARCE);
    }
}

static void failed_sell(prod_coordinator *c, const on_task *a, uint32_t failure)
{
    if (failure == PROD_COORD_FAIL_TRAVEL || failure == PROD_COORD_FAIL_OTHER) {
        if (prodi_coord_fail(c, a->p, a->ix, failure)) { /* never for a LIQUIDATE */
            co_cargo *s = stack_of(a);
            if (s)
                (void)prodi_coord_liquidate(c, a->p, a->w, s,
                                            PROD_COORD_REASON_RETRIES_EXHAUSTED);
            prodi_coord_abort(c, a->p, PROD_PIPELINE_FAILED, PROD_COORD_REASON_RETRIES_EXHAUSTED);
        }
    } else if (a->t->type == PROD_TASK_LIQUIDATE) {
        release_on_arrival(c, a, failure, 0);
    } else {
        end_with_cargo(c, a, PROD_COORD_REASON_NOT_TRADED);
    }
}

prod_status prodi_coord_report(prod_coordinator *c, const prod_task_report *r)
{
    on_task a;
    prod_status st = check_report(c, r);
    if (st == PROD_OK)
        st = find(c, r->worker, r->task, "coord_report", &a);
    if (st == PROD_OK && (a.t->state != PROD_TASK_EXECUTING || a.w->task != r->task))
        st = wrong_state(c, "coord_report", &a, "EXECUTING");
    if (st == PROD_OK && r->outcome == PROD_REPORT_DONE)
        st = check_done(c, &a, r->quantity);
    if (st == PROD_OK && prodi_coord_task_reserve(a.p, 1) != 0)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY, "coord_report: out of memory");
    if (st != PROD_OK)
        return st;
    a.t = &a.p->tasks[a.ix]; /* the reservation may have moved the task list */
    c->time = r->now;
    if (r->outcome == PROD_REPORT_DONE)
        done(c, &a, r->quantity, r->credits);
    else if (prodi_coord_buys(a.t->type))
        failed_buy(c, &a, r->failure);
    else
        failed_sell(c, &a, r->failure);
    if (!a.w->task)
        prodi_coord_worker_next(c, a.w);
    return PROD_OK;
}
