/* it_coord_recovery.c - recovery after a load and the failure table of
 * seed 002, through the real .so: its four recovery scenarios (a crash mid
 * navigation, after a purchase before the delivery, an assignment lost
 * with the cargo aboard, orphaned cargo), a cargo mismatch, the idempotent
 * retries (an ACQUIRE whose cargo is there completes, a DELIVER whose cargo
 * is gone completes, a SELL sells what is left), each row of the failure
 * table (depleted market, price moved, factory no longer exporting, a
 * refused delivery), cancellation with cargo in flight, and the accounts
 * saying where every unit went. */
#include <string.h>

#include "testworld.h"

static const char *SO;
static tw W;

/* The MACHINERY world of it_coord_flow (IRON at 11, factory 12, buyer 13)
 * with a second IRON source at 14 and no opportunity scan. */
static int machinery(void)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    if (!tw_open(&W, SO, TW_SPACETRADERS, &c, 0))
        return 0;
    tw_machinery(&W);
    tw_market(&W, 14, 4);
    tw_add(&W, 14, "IRON", PROD_QUOTE_SELLS, 11, 0, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 30);
    tw_add(&W, 13, "IRON", PROD_QUOTE_BUYS, 0, 9, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 30);
    return 1;
}

static uint64_t plan(void)
{
    uint64_t id = 0;
    CHECK_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), W.now, &id));
    return id;
}

static const prod_coord_event *first(uint32_t type, size_t from)
{
    size_t i = tw_find(&W, type, from, 0);
    return i == (size_t)-1 ? NULL : &W.ev[i];
}

static prod_worker_info worker(uint64_t id)
{
    prod_worker_info i = {.struct_size = sizeof i};
    CHECK_OK(W.h.api->coord_worker_get(W.c, id, &i));
    return i;
}

static prod_status cargo(uint64_t worker_id, const char *item, uint32_t qty)
{
    prod_item_qty s = {item ? tw_item(&W, item) : 0, qty};
    prod_status st = W.h.api->coord_worker_cargo(W.c, worker_id, &s, qty ? 1 : 0, W.now);
    if (st != PROD_OK)
        fprintf(stderr, "  coord_worker_cargo: %s\n", W.h.api->coord_last_error(W.c));
    return st;
}

static prod_pipeline_status *status(uint64_t p) { return tw_status(&W, p); }

/* 1 when every unit of s was delivered, sold, liquidated, lost or is held. */
static int balanced(const prod_pipeline_status *s)
{
    return s && s->units_bought + s->units_found == s->units_delivered + s->units_sold +
                                                        s->units_liquidated + s->units_lost +
                                                        s->units_held;
}

/* 1 when PIPELINE_DONE was emitted for pipeline p. */
static int done_event(uint64_t p)
{
    for (size_t i = 0; i < W.nev; i++)
        if (W.ev[i].type == PROD_COORD_EVENT_PIPELINE_DONE && W.ev[i].pipeline == p)
            return 1;
    return 0;
}

/* --- seed 002's recovery scenarios ------------------------------------------------------ */

/* Scenario 1: the DELIVER was under way with 18 IRON aboard when the server
 * went down; the reloaded coordinator hears the cargo matches and the worker
 * finishes the delivery. */
static void crash_mid_navigation_resumes_the_delivery(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_step(&W, 0); /* bought 18, on its way to the factory */
    REQUIRE(worker(1).task_type == PROD_TASK_DELIVER);
    REQUIRE(tw_reload(&W));
    size_t from = W.nev;
    REQUIRE_OK(cargo(1, "IRON", 18));
    const prod_coord_event *r = first(PROD_COORD_EVENT_RESUMED, from);
    CHECK(r && r->worker == 1 && r->task_type == PROD_TASK_DELIVER);
    tw_run(&W, 12000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(tw_task(s, PROD_TASK_DELIVER)->state == PROD_TASK_COMPLETED && s->units_delivered == 18);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* Scenario 2: the purchase was made but its report was lost in the crash;
 * the cargo report completes the ACQUIRE (the idempotent retry) and hands
 * the worker its DELIVER. */
static void crash_after_the_purchase_completes_it_and_delivers(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].hold = 1;
    uint64_t p = plan();
    tw_step(&W, 0);
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION, .worker = 1,
                      .flags = PROD_ARRIVAL_NO_BUDGET};
    prod_order o = {.struct_size = sizeof o};
    REQUIRE_OK(W.h.api->coord_arrive(W.c, &a, &o));
    REQUIRE(o.action == PROD_ORDER_BUY && o.quantity == 18);
    REQUIRE(tw_reload(&W)); /* the host bought 18 and went down before reporting */
    size_t from = W.nev;
    REQUIRE_OK(cargo(1, "IRON", 18));
    const prod_coord_event *c = first(PROD_COORD_EVENT_TASK_COMPLETED, from);
    CHECK(c && c->task_type == PROD_TASK_ACQUIRE && c->quantity == 18 &&
          c->reason == PROD_COORD_REASON_ALREADY_DONE);
    const prod_coord_event *d = first(PROD_COORD_EVENT_TASK_ASSIGNED, from);
    CHECK(d && d->task_type == PROD_TASK_DELIVER && d->worker == 1 && d->market == 12);
    W.w[0].hold = 0;
    W.w[0].cargo[0] = (prod_item_qty){tw_item(&W, "IRON"), 18};
    W.w[0].cargo_count = 1;
    tw_run(&W, 12000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->units_found == 18 && s->units_delivered == 18 && balanced(s));
    CHECK(tw_task(s, PROD_TASK_ACQUIRE)->cost == 0); /* what it paid was never reported */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* Scenario 3: the ACQUIRE is READY with no worker, and an idle worker turns
 * out to hold its item: it takes the task over and delivers. */
static void lost_assignment_with_the_cargo_aboard_is_taken_over(void)
{
    REQUIRE(machinery());
    uint64_t p = plan(); /* no worker yet: the ACQUIRE waits READY */
    REQUIRE(tw_reload(&W));
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].cargo[0] = (prod_item_qty){tw_item(&W, "IRON"), 25};
    W.w[0].cargo_count = 1;
    size_t from = W.nev;
    REQUIRE_OK(cargo(1, "IRON", 25));
    const prod_coord_event *a = first(PROD_COORD_EVENT_TASK_ASSIGNED, from);
    CHECK(a && a->task_type == PROD_TASK_ACQUIRE && a->worker == 1);
    const prod_coord_event *d = first(PROD_COORD_EVENT_TASK_ASSIGNED, a ? (size_t)(a - W.ev) + 1 : 0);
    CHECK(d && d->task_type == PROD_TASK_DELIVER && d->quantity == 25);
    tw_run(&W, 12000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(tw_task(s, PROD_TASK_DELIVER)->state == PROD_TASK_COMPLETED && s->units_delivered == 25);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* Scenario 4: the IRON was bought by another worker; the cargo nobody needs
 * is liquidated (priority 100) at the best buyer, in a recovery pipeline. */
static void orphaned_cargo_is_liquidated(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    tw_worker_add(&W, 2, 13, 40);
    plan();
    tw_step(&W, 0); /* 1 took the ACQUIRE */
    REQUIRE(tw_reload(&W));
    W.w[1].cargo[0] = (prod_item_qty){tw_item(&W, "IRON"), 30};
    W.w[1].cargo_count = 1;
    size_t from = W.nev;
    REQUIRE_OK(cargo(2, "IRON", 30));
    const prod_coord_event *l = first(PROD_COORD_EVENT_LIQUIDATION, from);
    REQUIRE(l);
    CHECK(l->worker == 2 && l->quantity == 30 && l->reason == PROD_COORD_REASON_ORPHAN_CARGO);
    const prod_coord_event *a = first(PROD_COORD_EVENT_TASK_ASSIGNED, from);
    CHECK(a && a->task_type == PROD_TASK_LIQUIDATE && a->market == 13); /* the WEAK buyer */
    prod_pipeline_status *s = status(l->pipeline);
    REQUIRE(s);
    CHECK(s->kind == PROD_PIPELINE_RECOVERY && s->tasks[0].priority == 100);
    W.h.api->free_buffer(s);
    tw_run(&W, 10000, 1000);
    s = status(l->pipeline);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_COMPLETED && s->units_liquidated == 30 &&
          s->units_found == 30 && s->revenue == 30 * 9);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* Cargo that is not its task's: liquidated first (priority 100), and the
 * task goes back for another worker. */
static void mismatched_cargo_is_liquidated_and_the_task_goes_back(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 13, 40);
    W.w[0].hold = 1;
    uint64_t p = plan();
    tw_step(&W, 0); /* 1 ASSIGNED to the ACQUIRE */
    REQUIRE(tw_reload(&W));
    size_t from = W.nev;
    REQUIRE_OK(cargo(1, "COPPER_ORE", 10));
    const prod_coord_event *r = first(PROD_COORD_EVENT_TASK_RELEASED, from);
    CHECK(r && r->task_type == PROD_TASK_ACQUIRE && r->reason == PROD_COORD_REASON_CARGO_MISMATCH);
    const prod_coord_event *l = first(PROD_COORD_EVENT_LIQUIDATION, from);
    CHECK(l && l->reason == PROD_COORD_REASON_CARGO_MISMATCH && l->worker == 1);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(tw_task(s, PROD_TASK_ACQUIRE)->state == PROD_TASK_READY &&
          tw_task(s, PROD_TASK_ACQUIRE)->worker == 0);
    CHECK(worker(1).state == PROD_WORKER_HOLDING); /* nobody buys COPPER_ORE here: it waits */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* --- idempotent retries ------------------------------------------------------------------ */

/* The worker was delivering and reports an empty hold: the delivery was
 * made during the outage; the task completes with what it carried. */
static void delivery_with_an_empty_hold_completes(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_step(&W, 0);
    REQUIRE(tw_reload(&W));
    size_t from = W.nev;
    REQUIRE_OK(cargo(1, NULL, 0));
    const prod_coord_event *c = first(PROD_COORD_EVENT_TASK_COMPLETED, from);
    CHECK(c && c->task_type == PROD_TASK_DELIVER && c->quantity == 18 &&
          c->reason == PROD_COORD_REASON_ALREADY_DONE);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->factories[0].state == PROD_FACTORY_INPUTS_COMPLETE && balanced(s));
    CHECK(worker(1).state == PROD_WORKER_IDLE);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* The worker sold part of the product before the crash: the SELL sells
 * what is left, and the accounts count the rest as lost. */
static void sale_sells_what_is_left(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_run(&W, 345000, 1000); /* collected 24 at 340 s, on its way to sell */
    REQUIRE(worker(1).task_type == PROD_TASK_SELL);
    REQUIRE(tw_reload(&W));
    REQUIRE_OK(cargo(1, "MACHINERY", 10));
    W.w[0].cargo[0].qty = 10;
    tw_run(&W, 360000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(tw_task(s, PROD_TASK_SELL)->quantity == 10 && s->state == PROD_PIPELINE_COMPLETED);
    CHECK(s->units_sold == 10 && s->units_lost == 14 && balanced(s));
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void cargo_reports_the_host_cannot_make_are_refused(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    prod_item_qty two[2] = {{tw_item(&W, "IRON"), 5}, {tw_item(&W, "IRON"), 5}};
    CHECK(W.h.api->coord_worker_cargo(W.c, 1, two, 2, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(cargo(1, "IRON", 41) == PROD_ERR_INVALID_ARGUMENT); /* past its capacity */
    prod_item_qty bad = {9999, 1};
    CHECK(W.h.api->coord_worker_cargo(W.c, 1, &bad, 1, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(W.h.api->coord_worker_cargo(W.c, 9, NULL, 0, 0) == PROD_ERR_NOT_FOUND);
    CHECK(W.h.api->coord_worker_cargo(W.c, 1, NULL, 1, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(worker(1).cargo_count == 0 && W.nev == 0);
    tw_close(&W);
}

/* --- the failure table ------------------------------------------------------------------------ */

/* "Market depleted: find alternative market or wait." */
static void depleted_market_is_left_for_another_source(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].fail_next = PROD_COORD_FAIL_DEPLETED;
    uint64_t p = plan();
    tw_step(&W, 0);
    const prod_coord_event *r = first(PROD_COORD_EVENT_TASK_RELEASED, 0);
    CHECK(r && r->reason == PROD_COORD_FAIL_DEPLETED && r->worker == 1);
    tw_run(&W, 61000, 1000);
    size_t i = tw_find(&W, PROD_COORD_EVENT_TASK_ASSIGNED, 0, 0);
    i = tw_find(&W, PROD_COORD_EVENT_TASK_ASSIGNED, i + 1, 0);
    CHECK(i != (size_t)-1 && W.ev[i].market == 14 && W.ev[i].time == 60000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(tw_task(s, PROD_TASK_ACQUIRE)->retries == 0); /* waiting is not a failure */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* "Price changed unfavorably: abort task, liquidate cargo." The product's
 * price at the sell market fell by more than margin_drop_pct (20%). */
static void price_fall_aborts_the_sale_and_liquidates(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_run(&W, 345000, 1000); /* on its way to sell 24 */
    tw_entry_of(&W, 13, "MACHINERY")->sell = 70;
    tw_run(&W, 370000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_FAILED && s->reason == PROD_COORD_REASON_PRICE_MOVED);
    CHECK(tw_task(s, PROD_TASK_SELL)->state == PROD_TASK_FAILED);
    const prod_coord_task *l = tw_task(s, PROD_TASK_LIQUIDATE);
    CHECK(l && l->state == PROD_TASK_COMPLETED && l->quantity == 24 && l->revenue == 24 * 70);
    CHECK(s->units_liquidated == 24 && balanced(s));
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void price_fall_before_a_purchase_aborts_before_spending(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_entry_of(&W, 13, "MACHINERY")->sell = 79; /* more than 20% under the 100 planned */
    tw_step(&W, 0);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_FAILED && s->reason == PROD_COORD_REASON_PRICE_MOVED);
    CHECK(s->cost == 0 && s->units_bought == 0 && worker(1).state == PROD_WORKER_IDLE);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* "Factory no longer exports: abort pipeline." */
static void factory_that_stops_exporting_aborts_the_pipeline(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_run(&W, 339000, 1000); /* COLLECT about to be assigned */
    tw_worker_of(&W, 1)->hold = 1;
    tw_step(&W, 340000);
    REQUIRE(worker(1).task_type == PROD_TASK_COLLECT);
    tw_entry_of(&W, 12, "MACHINERY")->flags = 0;
    tw_worker_of(&W, 1)->hold = 0;
    tw_step(&W, 341000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_FAILED && s->reason == PROD_COORD_REASON_FACTORY_GONE);
    CHECK(worker(1).state == PROD_WORKER_IDLE);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void refused_delivery_aborts_and_liquidates_the_cargo(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_step(&W, 0);
    W.w[0].fail_next = PROD_COORD_FAIL_REFUSED;
    tw_run(&W, 30000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_FAILED && s->reason == PROD_COORD_REASON_NOT_TRADED);
    const prod_coord_task *l = tw_task(s, PROD_TASK_LIQUIDATE);
    CHECK(l && l->state == PROD_TASK_COMPLETED && l->quantity == 18 && l->market == 13);
    CHECK(s->units_liquidated == 18 && balanced(s) && s->state == PROD_PIPELINE_FAILED);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void cancel_liquidates_the_cargo_in_flight(void)
{
    REQUIRE(machinery());
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan();
    tw_step(&W, 0); /* 18 IRON aboard, on the way */
    REQUIRE_OK(W.h.api->coord_cancel(W.c, p, 1000));
    W.now = 1000;
    const prod_coord_event *l = first(PROD_COORD_EVENT_LIQUIDATION, 0);
    CHECK(l && l->reason == PROD_COORD_REASON_CANCELLED && l->quantity == 18);
    tw_run(&W, 40000, 1000);
    prod_pipeline_status *s = status(p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_CANCELLED && s->units_liquidated == 18 && balanced(s));
    CHECK(done_event(p));
    W.h.api->free_buffer(s);
    tw_close(&W);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(crash_mid_navigation_resumes_the_delivery);
    RUN(crash_after_the_purchase_completes_it_and_delivers);
    RUN(lost_assignment_with_the_cargo_aboard_is_taken_over);
    RUN(orphaned_cargo_is_liquidated);
    RUN(mismatched_cargo_is_liquidated_and_the_task_goes_back);
    RUN(delivery_with_an_empty_hold_completes);
    RUN(sale_sells_what_is_left);
    RUN(cargo_reports_the_host_cannot_make_are_refused);
    RUN(depleted_market_is_left_for_another_source);
    RUN(price_fall_aborts_the_sale_and_liquidates);
    RUN(price_fall_before_a_purchase_aborts_before_spending);
    RUN(factory_that_stops_exporting_aborts_the_pipeline);
    RUN(refused_delivery_aborts_and_liquidates_the_cargo);
    RUN(cancel_liquidates_the_cargo_in_flight);
    return check_finish("it_coord_recovery");
}
