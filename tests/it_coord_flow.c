/* it_coord_flow.c - a coordinator at work through the real .so, against the
 * deterministic world of testworld.c: seed 001's coordinator and worker
 * scenarios (idle workers found and assigned, completion, a failing worker
 * retried with another, buying what is available, fabricating a good no
 * market sells, polling at 30 s then 60 s, the long-wait warning without a
 * timeout, cancellation while polling, the best source market), seed 002's
 * assignment (closest idle worker, START and EXECUTE thresholds, the trade
 * size, no idle worker, a worker removed mid-task, retries with backoff, the
 * factory lifecycle) and the status, statistics and accounts. */
#include <string.h>

#include "testworld.h"

static const char *SO;
static tw W;
static prod_coord_config NO_SCAN;

/* MACHINERY from IRON: IRON sold at 11 (HIGH, STRONG, volume 30), the
 * factory 12 imports IRON and exports MACHINERY (not listed until made;
 * supply up a level a minute after IRON arrives), 13 buys MACHINERY (WEAK).
 * Markets at 0, 10, 20 on the line, 1 s a unit. cfg NULL: the defaults;
 * either way no opportunity scan unless cfg asks for one. */
static int machinery(const prod_coord_config *cfg, int no_travel)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    if (cfg) {
        c = *cfg;
        c.fields |= cfg->fields & PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY)
                        ? 0
                        : PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY);
        c.scan_every_ms = cfg->fields & PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY)
                              ? cfg->scan_every_ms
                              : 0;
    }
    if (!tw_open(&W, SO, TW_SPACETRADERS, &c, no_travel))
        return 0;
    tw_machinery(&W);
    tw_market(&W, 14, 30);
    return 1;
}

static uint64_t plan(const char *item)
{
    uint64_t id = 0;
    if (!CHECK_OK(W.h.api->coord_plan(W.c, tw_item(&W, item), W.now, &id)))
        fprintf(stderr, "coord_plan: %s\n", W.h.api->coord_last_error(W.c));
    return id;
}

static const prod_coord_event *first(uint32_t type, uint64_t task)
{
    size_t i = tw_find(&W, type, 0, task);
    return i == (size_t)-1 ? NULL : &W.ev[i];
}

static const prod_coord_event *last(uint32_t type)
{
    for (size_t i = W.nev; i-- > 0;)
        if (W.ev[i].type == type)
            return &W.ev[i];
    return NULL;
}

static uint64_t task_id(uint64_t pipeline, uint32_t type)
{
    prod_pipeline_status *s = tw_status(&W, pipeline);
    const prod_coord_task *t = tw_task(s, type);
    uint64_t id = t ? t->id : 0;
    W.h.api->free_buffer(s);
    return id;
}

static prod_worker_info worker(uint64_t id)
{
    prod_worker_info i = {.struct_size = sizeof i};
    CHECK_OK(W.h.api->coord_worker_get(W.c, id, &i));
    return i;
}

static void set(uint32_t field, double v)
{
    prod_coord_config u = tw_cfg(field, v);
    CHECK_OK(W.h.api->coord_config_set(W.c, &u, W.now));
}

/* --- assignment --------------------------------------------------------------------- */

static void ready_acquire_goes_to_the_closest_idle_worker(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 13, 40); /* 20 units from the IRON at 11 */
    tw_worker_add(&W, 2, 12, 40); /* 10 units */
    plan("MACHINERY");
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    const prod_coord_event *a = first(PROD_COORD_EVENT_TASK_ASSIGNED, 0);
    REQUIRE(a);
    CHECK(a->worker == 2 && a->market == 11 && a->task_type == PROD_TASK_ACQUIRE);
    CHECK(a->quantity == 40); /* the room it has */
    CHECK(worker(2).state == PROD_WORKER_BUSY && worker(1).state == PROD_WORKER_IDLE);
    tw_close(&W);
}

static void equal_distances_go_to_the_worker_idle_longest(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 7, 12, 40);
    tw_worker_add(&W, 3, 12, 40);
    plan("MACHINERY");
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK(first(PROD_COORD_EVENT_TASK_ASSIGNED, 0) &&
          first(PROD_COORD_EVENT_TASK_ASSIGNED, 0)->worker == 7);
    tw_close(&W);
}

/* The i-th TASK_ASSIGNED event's worker (0 when there are fewer). */
static uint64_t assigned_worker(size_t i)
{
    for (size_t k = 0; k < W.nev; k++)
        if (W.ev[k].type == PROD_COORD_EVENT_TASK_ASSIGNED && i-- == 0)
            return W.ev[k].worker;
    return 0;
}

static void idle_workers_moved_keep_their_turn(void)
{
    REQUIRE(machinery(NULL, 0));
    for (uint64_t k = 1; k <= 6; k++)
        tw_worker_add(&W, k, 13, 40);
    for (uint64_t k = 6; k >= 4; k--) /* to 12, nearer IRON at 11, newest first */
        CHECK_OK(W.h.api->coord_worker_move(W.c, k, 12, 0));
    CHECK_OK(W.h.api->coord_worker_move(W.c, 1, 12, 0)); /* idle longest of all */
    for (int i = 0; i < 3; i++)
        plan("MACHINERY");
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK(assigned_worker(0) == 1 && assigned_worker(1) == 4 && assigned_worker(2) == 5);
    tw_close(&W);
}

static void without_travel_costs_the_worker_idle_longest_is_taken(void)
{
    REQUIRE(machinery(NULL, 1));
    tw_worker_add(&W, 1, 14, 40); /* far, but registered first */
    tw_worker_add(&W, 2, 11, 40);
    plan("MACHINERY");
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK(first(PROD_COORD_EVENT_TASK_ASSIGNED, 0) &&
          first(PROD_COORD_EVENT_TASK_ASSIGNED, 0)->worker == 1);
    tw_close(&W);
}

/* seed 001 "Select best market": STRONG with ABUNDANT over GROWING with
 * MODERATE over WEAK with SCARCE. */
static void acquire_goes_to_the_strong_abundant_source(void)
{
    REQUIRE(machinery(NULL, 0));
    W.n = 0;
    tw_add(&W, 11, "COPPER_ORE", PROD_QUOTE_SELLS, 5, 0, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 30);
    tw_add(&W, 12, "COPPER_ORE", PROD_QUOTE_SELLS, 6, 0, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG,
           30);
    tw_add(&W, 13, "COPPER_ORE", PROD_QUOTE_SELLS, 4, 0, PROD_SUPPLY_MODERATE,
           PROD_ACTIVITY_GROWING, 30);
    tw_add(&W, 14, "COPPER_ORE", PROD_QUOTE_BUYS, 0, 7, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 13, "COPPER", PROD_QUOTE_BUYS, 0, 30, 2, PROD_ACTIVITY_WEAK, 30);
    tw_worker_add(&W, 1, 11, 40);
    plan("COPPER");
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK(first(PROD_COORD_EVENT_TASK_ASSIGNED, 0) &&
          first(PROD_COORD_EVENT_TASK_ASSIGNED, 0)->market == 12);
    tw_close(&W);
}

static void start_threshold_holds_an_acquire_until_the_supply_meets_it(void)
{
    REQUIRE(machinery(NULL, 0));
    W.e[0].supply = PROD_SUPPLY_LIMITED; /* below acquire_start_supply MODERATE */
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].hold = 1;
    plan("MACHINERY");
    tw_step(&W, 0);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 0);
    W.e[0].supply = PROD_SUPPLY_MODERATE;
    tw_step(&W, 30000);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 0); /* re-checked a poll interval on */
    tw_step(&W, 60000);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 1);
    tw_close(&W);
}

static void execute_threshold_missed_on_arrival_releases_the_task(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 12, 40); /* 10 s from the IRON */
    plan("MACHINERY");
    tw_step(&W, 0);
    W.e[0].supply = PROD_SUPPLY_SCARCE; /* below acquire_execute_supply LIMITED by arrival */
    tw_step(&W, 10000);
    const prod_coord_event *r = first(PROD_COORD_EVENT_TASK_RELEASED, 0);
    REQUIRE(r);
    CHECK(r->reason == PROD_COORD_REASON_SUPPLY_LOW && r->state == PROD_TASK_PENDING);
    CHECK(worker(1).state == PROD_WORKER_IDLE && worker(1).location == 11);
    W.e[0].supply = PROD_SUPPLY_HIGH;
    tw_run(&W, 80000, 1000);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) >= 3); /* again, then its DELIVER */
    CHECK(last(PROD_COORD_EVENT_TASK_COMPLETED) &&
          last(PROD_COORD_EVENT_TASK_COMPLETED)->task_type == PROD_TASK_DELIVER);
    tw_close(&W);
}

/* seed 002's example: 40 cargo, volume 30, HIGH supply (60%): 18 units. */
static void purchase_is_the_trade_size(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    plan("MACHINERY");
    tw_step(&W, 0);
    const prod_coord_event *s = first(PROD_COORD_EVENT_TASK_STARTED, 0);
    const prod_coord_event *d = first(PROD_COORD_EVENT_TASK_COMPLETED, 0);
    REQUIRE(s && d);
    CHECK(s->quantity == 18 && d->quantity == 18 && d->credits == 180);
    tw_close(&W);
}

static void purchase_is_capped_by_the_credits_given(void)
{
    REQUIRE(machinery(NULL, 0));
    W.credits = 55; /* 5 units of IRON at 10 */
    tw_worker_add(&W, 1, 11, 40);
    plan("MACHINERY");
    tw_step(&W, 0);
    CHECK(first(PROD_COORD_EVENT_TASK_STARTED, 0) &&
          first(PROD_COORD_EVENT_TASK_STARTED, 0)->quantity == 5);
    tw_close(&W);
}

/* --- seed 001: fabricating, polling ---------------------------------------------------- */

static void good_no_market_sells_is_fabricated_end_to_end(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan("MACHINERY");
    tw_run(&W, 400000, 1000);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_COMPLETED && s->tasks_done == s->task_count);
    const prod_coord_task *collect = tw_task(s, PROD_TASK_COLLECT);
    CHECK(collect && collect->market == 12 && collect->quantity == 24); /* ABUNDANT: 80% of 30 */
    CHECK(tw_task(s, PROD_TASK_SELL)->quantity == 24 && tw_task(s, PROD_TASK_SELL)->market == 13);
    CHECK(s->cost == 18 * 10 + 24 * 50 && s->revenue == 18 * 12 + 24 * 100);
    CHECK(s->net_profit == s->revenue - s->cost);
    CHECK(s->units_bought == 42 && s->units_delivered == 18 && s->units_sold == 24 &&
          s->units_held == 0);
    CHECK(last(PROD_COORD_EVENT_PIPELINE_DONE) &&
          last(PROD_COORD_EVENT_PIPELINE_DONE)->state == PROD_PIPELINE_COMPLETED);
    CHECK(worker(1).state == PROD_WORKER_IDLE && worker(1).location == 13);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void polls_come_30_s_after_the_inputs_then_every_60_s(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    plan("MACHINERY");
    tw_run(&W, 300000, 1000);
    const prod_coord_event *in = NULL;
    for (size_t i = 0; i < W.nev; i++)
        if (W.ev[i].type == PROD_COORD_EVENT_FACTORY_STATE &&
            W.ev[i].state == PROD_FACTORY_INPUTS_COMPLETE)
            in = &W.ev[i];
    REQUIRE(in && in->time == 10000);
    int64_t want = in->time + 30000;
    uint32_t n = 0;
    for (size_t i = 0; i < W.nev; i++) {
        if (W.ev[i].type != PROD_COORD_EVENT_POLL)
            continue;
        CHECK(W.ev[i].time == want && W.ev[i].polls == ++n && W.ev[i].due == want + 60000);
        want += 60000;
    }
    CHECK(n == 5);
    tw_close(&W);
}

/* The factory is READY at the first poll whose supply meets
 * collect_execute_supply; here seed 001's criterion (anything but SCARCE). */
static void factory_is_ready_at_the_first_poll_meeting_the_threshold(void)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_COLLECT_START, PROD_SUPPLY_LIMITED);
    c.fields |= PROD_COORD_F(PROD_COORD_FIELD_COLLECT_EXECUTE);
    c.collect_execute_supply = PROD_SUPPLY_LIMITED;
    REQUIRE(machinery(&c, 0));
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan("MACHINERY");
    tw_run(&W, 200000, 1000);
    const prod_coord_event *ready = NULL;
    for (size_t i = 0; i < W.nev && !ready; i++)
        if (W.ev[i].type == PROD_COORD_EVENT_FACTORY_STATE &&
            W.ev[i].state == PROD_FACTORY_READY_FOR_COLLECTION)
            ready = &W.ev[i];
    REQUIRE(ready);
    CHECK(ready->time == 160000 && ready->polls == 3 && ready->supply == PROD_SUPPLY_LIMITED);
    const prod_coord_event *r = first(PROD_COORD_EVENT_TASK_READY, task_id(p, PROD_TASK_COLLECT));
    CHECK(r && r->time == 160000);
    tw_close(&W);
}

static void long_production_warns_once_after_20_polls_and_never_times_out(void)
{
    REQUIRE(machinery(NULL, 0));
    W.e[2].rise_ms = 0; /* nothing comes out */
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan("MACHINERY");
    tw_run(&W, 10000 + 30000 + 60000 * 23, 1000); /* 24 polls */
    const prod_coord_event *warn = first(PROD_COORD_EVENT_LONG_WAIT, 0);
    REQUIRE(warn);
    CHECK(warn->polls == 21 && tw_count(&W, PROD_COORD_EVENT_LONG_WAIT) == 1);
    CHECK(tw_count(&W, PROD_COORD_EVENT_POLL) == 24);
    W.e[2].supply = PROD_SUPPLY_ABUNDANT; /* it finally appears, by poll 25 */
    tw_run(&W, W.now + 100000, 1000);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_COMPLETED && s->factories[0].polls == 25);
    CHECK(tw_count(&W, PROD_COORD_EVENT_LONG_WAIT) == 1);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void cancel_while_polling_ends_the_tasks_and_the_polls(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan("MACHINERY");
    tw_run(&W, 10000 + 30000 + 4 * 60000, 1000); /* poll 5 */
    size_t polls = tw_count(&W, PROD_COORD_EVENT_POLL);
    CHECK(polls == 5);
    REQUIRE_OK(W.h.api->coord_cancel(W.c, p, W.now));
    tw_run(&W, W.now + 600000, 1000);
    CHECK(tw_count(&W, PROD_COORD_EVENT_POLL) == polls);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_CANCELLED && s->reason == PROD_COORD_REASON_CANCELLED);
    CHECK(tw_task(s, PROD_TASK_COLLECT)->state == PROD_TASK_FAILED &&
          tw_task(s, PROD_TASK_COLLECT)->reason == PROD_COORD_REASON_CANCELLED);
    CHECK(tw_task(s, PROD_TASK_SELL)->state == PROD_TASK_FAILED);
    CHECK(worker(1).state == PROD_WORKER_IDLE);
    CHECK(W.h.api->coord_cancel(W.c, p, W.now) == PROD_ERR_STATE);
    CHECK(W.h.api->coord_cancel(W.c, 999, W.now) == PROD_ERR_NOT_FOUND);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void factory_goes_through_its_lifecycle(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    plan("MACHINERY");
    tw_run(&W, 300000, 1000);
    uint32_t seen[8] = {0}, n = 0;
    for (size_t i = 0; i < W.nev; i++)
        if (W.ev[i].type == PROD_COORD_EVENT_FACTORY_STATE && n < 8)
            seen[n++] = W.ev[i].state;
    CHECK(n == 3 && seen[0] == PROD_FACTORY_INPUTS_COMPLETE &&
          seen[1] == PROD_FACTORY_PRODUCTION_IN_PROGRESS &&
          seen[2] == PROD_FACTORY_READY_FOR_COLLECTION);
    tw_close(&W);
}

/* Three inputs arrive one by one: AWAITING -> PARTIAL -> COMPLETE. */
static void factory_with_several_inputs_is_partial_until_all_are_in(void)
{
    REQUIRE(tw_open(&W, SO, TW_SPACETRADERS, &NO_SCAN, 0));
    tw_market(&W, 1, 0);
    tw_market(&W, 2, 5);
    tw_market(&W, 3, 9);
    static const char *const IN[] = {"DIAMONDS", "PLATINUM", "ADVANCED_CIRCUITRY"};
    for (int i = 0; i < 3; i++) {
        tw_add(&W, 1, IN[i], PROD_QUOTE_SELLS, 10, 0, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 30);
        tw_add(&W, 2, IN[i], PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    }
    tw_add(&W, 3, "LASER_RIFLES", PROD_QUOTE_BUYS, 0, 900, 2, PROD_ACTIVITY_WEAK, 30);
    tw_worker_add(&W, 1, 1, 40);
    uint64_t p = plan("LASER_RIFLES");
    tw_run(&W, 100000, 1000);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->factory_count == 1 && s->factories[0].input_count == 3);
    CHECK(s->factories[0].delivery_count == 3 && s->deliveries[0].worker == 1);
    CHECK(s->deliveries[0].quantity == 18 && s->deliveries[0].time == 5000);
    uint32_t seen[4] = {0}, n = 0;
    for (size_t i = 0; i < W.nev; i++)
        if (W.ev[i].type == PROD_COORD_EVENT_FACTORY_STATE && n < 4)
            seen[n++] = W.ev[i].state;
    CHECK(seen[0] == PROD_FACTORY_INPUTS_PARTIAL && seen[1] == PROD_FACTORY_INPUTS_COMPLETE);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* --- workers failing, busy, removed ------------------------------------------------------ */

static void failed_worker_is_retried_after_backoff_with_another_worker(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    tw_worker_add(&W, 2, 13, 40);
    W.w[0].fail_next = PROD_COORD_FAIL_TRAVEL;
    uint64_t p = plan("MACHINERY");
    tw_step(&W, 0);
    const prod_coord_event *r = first(PROD_COORD_EVENT_TASK_RETRY, 0);
    REQUIRE(r);
    CHECK(r->retries == 1 && r->due == 5000 && r->reason == PROD_COORD_FAIL_TRAVEL);
    CHECK(worker(1).state == PROD_WORKER_IDLE);
    tw_step(&W, 4999);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 1);
    tw_step(&W, 5000);
    const prod_coord_event *a = last(PROD_COORD_EVENT_TASK_ASSIGNED);
    CHECK(a && a->worker == 2 && a->task == task_id(p, PROD_TASK_ACQUIRE)); /* not the closer 1 */
    tw_close(&W);
}

static void retries_back_off_doubling_then_the_pipeline_fails(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan("MACHINERY");
    int64_t dues[3] = {0};
    for (int k = 0; k < 4; k++) {
        W.w[0].fail_next = PROD_COORD_FAIL_OTHER;
        tw_step(&W, k == 0 ? 0 : dues[k - 1]);
        const prod_coord_event *r = last(PROD_COORD_EVENT_TASK_RETRY);
        if (k < 3 && CHECK(r && r->retries == (uint32_t)k + 1))
            dues[k] = r->due;
    }
    CHECK(dues[0] == 5000 && dues[1] == 15000 && dues[2] == 35000);
    const prod_coord_event *f = first(PROD_COORD_EVENT_TASK_FAILED, task_id(p, PROD_TASK_ACQUIRE));
    REQUIRE(f);
    CHECK(f->reason == PROD_COORD_REASON_RETRIES_EXHAUSTED && f->retries == 4);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_FAILED && s->reason == PROD_COORD_REASON_RETRIES_EXHAUSTED);
    CHECK(last(PROD_COORD_EVENT_PIPELINE_DONE) && worker(1).state == PROD_WORKER_IDLE);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* Two acquires, one worker: the second waits READY until the first trip
 * (its ACQUIRE and DELIVER) is over; ties go by task id. */
static void without_an_idle_worker_a_ready_task_waits(void)
{
    REQUIRE(tw_open(&W, SO, TW_SPACETRADERS, &NO_SCAN, 0));
    tw_market(&W, 1, 0);
    tw_market(&W, 2, 5);
    tw_market(&W, 3, 9);
    tw_add(&W, 1, "SILICON_CRYSTALS", PROD_QUOTE_SELLS, 10, 0, 4, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 1, "COPPER", PROD_QUOTE_SELLS, 10, 0, 4, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 2, "SILICON_CRYSTALS", PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 2, "COPPER", PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 3, "ELECTRONICS", PROD_QUOTE_BUYS, 0, 90, 2, PROD_ACTIVITY_WEAK, 30);
    tw_worker_add(&W, 1, 1, 40);
    uint64_t p = plan("ELECTRONICS");
    tw_step(&W, 0);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->tasks[0].type == PROD_TASK_ACQUIRE && s->tasks[0].state == PROD_TASK_COMPLETED);
    CHECK(s->tasks[2].type == PROD_TASK_ACQUIRE && s->tasks[2].state == PROD_TASK_READY);
    W.h.api->free_buffer(s);
    tw_run(&W, 11000, 1000); /* delivered at 5 s; assigned at the next tick, back at 11 s */
    s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->tasks[2].state == PROD_TASK_COMPLETED && s->tasks[2].worker == 1);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void max_workers_caps_the_workers_busy_at_once(void)
{
    REQUIRE(tw_open(&W, SO, TW_SPACETRADERS, &NO_SCAN, 0));
    tw_add(&W, 1, "SILICON_CRYSTALS", PROD_QUOTE_SELLS, 10, 0, 4, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 1, "COPPER", PROD_QUOTE_SELLS, 10, 0, 4, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 2, "SILICON_CRYSTALS", PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 2, "COPPER", PROD_QUOTE_BUYS, 0, 11, 2, PROD_ACTIVITY_STRONG, 30);
    tw_add(&W, 3, "ELECTRONICS", PROD_QUOTE_BUYS, 0, 90, 2, PROD_ACTIVITY_WEAK, 30);
    tw_add(&W, 3, "MICROPROCESSORS", PROD_QUOTE_BUYS, 0, 90, 2, PROD_ACTIVITY_WEAK, 30);
    for (uint64_t k = 1; k <= 4; k++) {
        tw_worker_add(&W, k, 1, 40);
        W.w[k - 1].hold = 1;
    }
    set(PROD_COORD_FIELD_MAX_WORKERS, 3);
    plan("ELECTRONICS");
    plan("MICROPROCESSORS");
    tw_step(&W, 0);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 3);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.workers == 4 && st.workers_busy == 3);
    tw_close(&W);
}

static void removed_worker_task_goes_back_to_pending_and_to_another(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 12, 40);
    tw_worker_add(&W, 2, 14, 40);
    uint64_t p = plan("MACHINERY");
    tw_step(&W, 0);
    uint64_t acq = task_id(p, PROD_TASK_ACQUIRE);
    REQUIRE_OK(W.h.api->coord_worker_remove(W.c, 1, 1000));
    W.w[0].live = 0;
    const prod_coord_event *r = first(PROD_COORD_EVENT_TASK_RELEASED, acq);
    REQUIRE(r);
    CHECK(r->reason == PROD_COORD_REASON_WORKER_REMOVED);
    CHECK(first(PROD_COORD_EVENT_TASK_READY, acq) != last(PROD_COORD_EVENT_TASK_READY));
    tw_step(&W, 2000);
    CHECK(last(PROD_COORD_EVENT_TASK_ASSIGNED)->worker == 2);
    prod_worker_info gone = {.struct_size = sizeof gone};
    CHECK(W.h.api->coord_worker_get(W.c, 1, &gone) == PROD_ERR_NOT_FOUND);
    tw_close(&W);
}

static void removed_worker_cargo_is_written_off_and_bought_again(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    tw_worker_add(&W, 2, 14, 40);
    uint64_t p = plan("MACHINERY");
    tw_step(&W, 0); /* 1 bought 18 IRON and goes to the factory */
    REQUIRE_OK(W.h.api->coord_worker_remove(W.c, 1, 5000));
    W.w[0].live = 0;
    W.now = 5000;
    CHECK(first(PROD_COORD_EVENT_TASK_CREATED, 0) &&
          first(PROD_COORD_EVENT_TASK_CREATED, 0)->task_type == PROD_TASK_ACQUIRE);
    tw_run(&W, 500000, 1000);
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_COMPLETED && s->units_lost == 18);
    CHECK(s->units_bought == s->units_delivered + s->units_sold + s->units_lost);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* Twelve workers removed with the IRON they bought: each loss adds an
 * ACQUIRE, so the pipeline holds 16 tasks, a full task list; the 13th
 * purchase's report must grow it and still hand the IRON to its DELIVER. */
static void purchase_reported_as_the_task_list_grows_is_delivered(void)
{
    REQUIRE(machinery(NULL, 0)); /* the world's allocator moves every block it resizes */
    uint64_t p = plan("MACHINERY");
    for (uint64_t k = 1; k <= 12; k++) {
        tw_worker_add(&W, k, 11, 40);
        tw_step(&W, W.now + 1000); /* k buys IRON and heads for the factory */
        REQUIRE(tw_worker_of(&W, k)->cargo_count == 1);
        W.now += 500;
        REQUIRE_OK(W.h.api->coord_worker_remove(W.c, k, W.now));
        tw_worker_of(&W, k)->live = 0;
    }
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->task_count == 16 && s->units_lost == 12 * 18);
    W.h.api->free_buffer(s);
    tw_worker_add(&W, 13, 11, 40);
    tw_run(&W, W.now + 500000, 1000);
    s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_COMPLETED && s->units_liquidated == 0);
    CHECK(s->units_delivered == 18 && s->units_lost == 12 * 18 && s->units_sold > 0);
    CHECK(s->units_bought == 13 * 18 + s->units_sold); /* the IRON, and the MACHINERY collected */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* --- reports the host cannot make ------------------------------------------------------------ */

static int same_state(prod_pipeline_status *a, prod_pipeline_status *b)
{
    return a && b && a->task_count == b->task_count &&
           memcmp(a->tasks, b->tasks, a->task_count * sizeof *a->tasks) == 0;
}

static prod_status report(uint64_t worker_id, uint64_t task, uint32_t outcome, uint32_t qty,
                          double credits)
{
    prod_task_report r = {.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                          .worker = worker_id, .task = task, .now = W.now, .outcome = outcome,
                          .failure = PROD_COORD_FAIL_OTHER, .quantity = qty, .credits = credits};
    return W.h.api->coord_report(W.c, &r);
}

static void illegal_transitions_are_refused_and_change_nothing(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 12, 40);
    tw_worker_add(&W, 2, 14, 40);
    uint64_t p = plan("MACHINERY");
    tw_step(&W, 0); /* 1 is ASSIGNED to the ACQUIRE, on its way */
    uint64_t acq = task_id(p, PROD_TASK_ACQUIRE);
    prod_pipeline_status *before = tw_status(&W, p);
    size_t events = W.nev;
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION, .worker = 2,
                      .now = W.now, .credits = 100};
    prod_order o = {.struct_size = sizeof o};
    CHECK(W.h.api->coord_arrive(W.c, &a, &o) == PROD_ERR_STATE); /* 2 has no task */
    a.worker = 99;
    CHECK(W.h.api->coord_arrive(W.c, &a, &o) == PROD_ERR_NOT_FOUND);
    a.worker = 1;
    a.credits = -1;
    CHECK(W.h.api->coord_arrive(W.c, &a, &o) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(report(1, acq, PROD_REPORT_DONE, 5, 50) == PROD_ERR_STATE); /* not arrived yet */
    CHECK(strstr(W.h.api->coord_last_error(W.c), "ASSIGNED"));
    CHECK(report(1, acq + 77, PROD_REPORT_DONE, 5, 50) == PROD_ERR_NOT_FOUND);
    a.credits = 1000;
    REQUIRE_OK(W.h.api->coord_arrive(W.c, &a, &o)); /* now EXECUTING: BUY at most 18 */
    REQUIRE(o.action == PROD_ORDER_BUY && o.quantity == 18);
    prod_pipeline_status *mid = tw_status(&W, p);
    events = W.nev;
    CHECK(report(1, acq, PROD_REPORT_DONE, 19, 190) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(report(1, acq, PROD_REPORT_DONE, 0, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(report(1, acq, PROD_REPORT_DONE, 5, -1) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(report(1, acq, PROD_REPORT_DONE, 5, 0.0 / 0.0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(report(1, acq, 7, 5, 50) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(report(2, acq, PROD_REPORT_DONE, 5, 50) == PROD_ERR_STATE); /* not its task */
    CHECK(report(99, acq, PROD_REPORT_DONE, 5, 50) == PROD_ERR_NOT_FOUND);
    prod_pipeline_status *after = tw_status(&W, p);
    CHECK(same_state(mid, after) && W.nev == events);
    CHECK(!same_state(before, mid));
    CHECK(worker(1).cargo_count == 0);
    CHECK_OK(report(1, acq, PROD_REPORT_DONE, 18, 180));
    CHECK(worker(1).cargo_count == 1 && worker(1).cargo[0].qty == 18);
    W.h.api->free_buffer(before);
    W.h.api->free_buffer(mid);
    W.h.api->free_buffer(after);
    tw_close(&W);
}

/* --- status, statistics ----------------------------------------------------------------------- */

static void status_shows_the_tree_its_tasks_workers_quantities_and_polls(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    uint64_t p = plan("MACHINERY");
    tw_run(&W, 110000, 1000); /* delivered, 2 polls */
    prod_pipeline_status *s = tw_status(&W, p);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_EXECUTING && s->tasks_done == 2 && s->task_count == 4);
    const prod_coord_node *root = &s->nodes[0], *iron = &s->nodes[1];
    CHECK(root->decision == PROD_DECISION_MAKE && root->factory == 0);
    CHECK(s->factories[root->factory].polls == 2 &&
          s->factories[root->factory].state == PROD_FACTORY_PRODUCTION_IN_PROGRESS);
    CHECK(iron->decision == PROD_DECISION_RAW && iron->supply == PROD_SUPPLY_HIGH);
    const prod_coord_task *acq = tw_task(s, PROD_TASK_ACQUIRE);
    CHECK(acq->id == iron->task && acq->worker == 1 && acq->quantity == 18 && acq->cost == 180);
    CHECK(acq->created_at == 0 && acq->ready_at == 0 && acq->completed_at == 0);
    CHECK(tw_task(s, PROD_TASK_COLLECT)->state == PROD_TASK_PENDING);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void statistics_count_tasks_credits_and_busy_time(void)
{
    REQUIRE(machinery(NULL, 0));
    tw_worker_add(&W, 1, 11, 40);
    plan("MACHINERY");
    tw_run(&W, 400000, 1000);
    prod_coord_stats st = {.struct_size = sizeof st};
    REQUIRE_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.tasks_completed == 4 && st.pipelines_completed == 1 && st.pipelines_active == 0);
    CHECK(st.credits_spent == 1380 && st.credits_earned == 2616);
    CHECK(st.polls == 6 && st.workers == 1 && st.workers_busy == 0); /* HIGH at 5, ABUNDANT at 6 */
    CHECK(st.worker_busy_ms == 10000 + 10000); /* the two trips; waiting for supply is not busy */
    CHECK(worker(1).busy_ms == st.worker_busy_ms);
    CHECK(st.time == 400000 && st.units_bought == 42);
    tw_close(&W);
}

static void next_due_says_when_work_is_scheduled(void)
{
    prod_coord_config scan = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 120000);
    REQUIRE(machinery(&scan, 0));
    int64_t due = -1;
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK_OK(W.h.api->coord_next_due(W.c, &due));
    CHECK(due == 120000); /* the next opportunity scan */
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].hold = 1;
    plan("MACHINERY");
    CHECK_OK(W.h.api->coord_next_due(W.c, &due));
    CHECK(due == 0); /* a READY task and a free worker: now */
    tw_close(&W);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    NO_SCAN = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    RUN(ready_acquire_goes_to_the_closest_idle_worker);
    RUN(equal_distances_go_to_the_worker_idle_longest);
    RUN(idle_workers_moved_keep_their_turn);
    RUN(without_travel_costs_the_worker_idle_longest_is_taken);
    RUN(acquire_goes_to_the_strong_abundant_source);
    RUN(start_threshold_holds_an_acquire_until_the_supply_meets_it);
    RUN(execute_threshold_missed_on_arrival_releases_the_task);
    RUN(purchase_is_the_trade_size);
    RUN(purchase_is_capped_by_the_credits_given);
    RUN(good_no_market_sells_is_fabricated_end_to_end);
    RUN(polls_come_30_s_after_the_inputs_then_every_60_s);
    RUN(factory_is_ready_at_the_first_poll_meeting_the_threshold);
    RUN(long_production_warns_once_after_20_polls_and_never_times_out);
    RUN(cancel_while_polling_ends_the_tasks_and_the_polls);
    RUN(factory_goes_through_its_lifecycle);
    RUN(factory_with_several_inputs_is_partial_until_all_are_in);
    RUN(failed_worker_is_retried_after_backoff_with_another_worker);
    RUN(retries_back_off_doubling_then_the_pipeline_fails);
    RUN(without_an_idle_worker_a_ready_task_waits);
    RUN(max_workers_caps_the_workers_busy_at_once);
    RUN(removed_worker_task_goes_back_to_pending_and_to_another);
    RUN(removed_worker_cargo_is_written_off_and_bought_again);
    RUN(purchase_reported_as_the_task_list_grows_is_delivered);
    RUN(illegal_transitions_are_refused_and_change_nothing);
    RUN(status_shows_the_tree_its_tasks_workers_quantities_and_polls);
    RUN(statistics_count_tasks_credits_and_busy_time);
    RUN(next_due_says_when_work_is_scheduled);
    return check_finish("it_coord_flow");
}
