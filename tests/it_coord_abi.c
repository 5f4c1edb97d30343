/* it_coord_abi.c - what a host can do to a coordinator at the wrong moment
 * or with the wrong things, through the real .so: call into it from its own
 * event callback (BUSY, nothing changed; queries still answer), destroy it
 * from there (deferred: no more events), shut its context down while it
 * lives (refused), load it as an older host whose prod_host lacks the new
 * callbacks, pass NULLs, answer nonsense from market_quote or travel_cost
 * (the step is deferred and counted), split its ticks by a budget (the same
 * events), call it from a second thread while a call holds it (BUSY), and
 * run two coordinators of one context on two threads (TSan checks). */
#include <string.h>

#include "testworld.h"

static const char *SO;
static tw W;

/* The MACHINERY world of it_coord_flow, no scan. */
static int machinery(tw *w, const prod_coord_config *extra)
{
    prod_coord_config c = extra ? *extra : tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    c.fields |= PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY);
    c.scan_every_ms = 0;
    if (!tw_open(w, SO, TW_SPACETRADERS, &c, 0))
        return 0;
    tw_machinery(w);
    return 1;
}

/* --- from inside the event callback ---------------------------------------------------- */

typedef struct reentry {
    int done;
    prod_status st[12];
    prod_coord_stats stats;
    prod_status status_st;
} reentry;

static void call_back_in(tw *w, const prod_coord_event *e)
{
    reentry *r = w->hook_data;
    const prod_api *a = w->h.api;
    if (r->done || e->type != PROD_COORD_EVENT_TASK_ASSIGNED)
        return;
    r->done = 1;
    prod_worker_info wi = {.struct_size = sizeof wi, .version = 1, .id = 77, .capacity = 5};
    prod_arrival arr = {.struct_size = sizeof arr, .version = 1, .worker = e->worker, .now = e->time};
    prod_order o = {.struct_size = sizeof o};
    prod_task_report rep = {.struct_size = sizeof rep, .version = 1, .worker = e->worker,
                            .task = e->task, .now = e->time, .outcome = PROD_REPORT_DONE,
                            .quantity = 1};
    prod_coord_config u = tw_cfg(PROD_COORD_FIELD_MAX_WORKERS, 2);
    uint8_t *bytes = NULL;
    size_t len;
    r->st[0] = a->coord_tick(w->c, e->time);
    r->st[1] = a->coord_plan(w->c, tw_item(w, "MACHINERY"), e->time, NULL);
    r->st[2] = a->coord_worker_add(w->c, &wi, e->time);
    r->st[3] = a->coord_arrive(w->c, &arr, &o);
    r->st[4] = a->coord_report(w->c, &rep);
    r->st[5] = a->coord_config_set(w->c, &u, e->time);
    r->st[6] = a->coord_serialize(w->c, &bytes, &len);
    r->st[7] = a->coord_cancel(w->c, e->pipeline, e->time);
    r->st[8] = a->coord_worker_remove(w->c, e->worker, e->time);
    r->st[9] = a->coord_worker_move(w->c, e->worker, 5, e->time);
    r->st[10] = a->coord_worker_cargo(w->c, e->worker, NULL, 0, e->time);
    r->st[11] = bytes ? PROD_ERR_STATE : PROD_OK;
    r->stats.struct_size = sizeof r->stats;
    (void)a->coord_stats(w->c, &r->stats);
    prod_pipeline_status *s = NULL;
    r->status_st = a->coord_status(w->c, e->pipeline, &s);
    a->free_buffer(s);
}

static void calls_from_inside_an_event_are_busy_and_change_nothing(void)
{
    REQUIRE(machinery(&W, NULL));
    reentry r = {0};
    W.hook = call_back_in;
    W.hook_data = &r;
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].hold = 1;
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
    REQUIRE_OK(W.h.api->coord_tick(W.c, 0));
    REQUIRE(r.done);
    int busy = 1;
    for (int i = 0; i < 11; i++)
        busy &= r.st[i] == PROD_ERR_BUSY;
    CHECK(busy && r.st[11] == PROD_OK);
    CHECK(r.stats.workers == 1 && r.stats.workers_busy == 1 && r.status_st == PROD_OK);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.workers == 1 && st.config_pending == 0 && st.pipelines == 1);
    tw_close(&W);
}

static void destroy_on_event(tw *w, const prod_coord_event *e)
{
    size_t *at = w->hook_data;
    if (*at == SIZE_MAX && e->type == PROD_COORD_EVENT_TASK_READY) {
        *at = w->nev;
        w->h.api->coord_destroy(w->c);
    }
}

static void destroy_from_an_event_is_deferred_and_ends_the_events(void)
{
    REQUIRE(machinery(&W, NULL));
    size_t at = SIZE_MAX;
    W.hook = destroy_on_event;
    W.hook_data = &at;
    tw_worker_add(&W, 1, 11, 40);
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
    CHECK(at != SIZE_MAX && W.nev == at); /* nothing after the destroy */
    W.c = NULL;                           /* freed when coord_plan returned */
    tw_close(&W);
}

static void shutdown_is_refused_while_a_coordinator_lives(void)
{
    REQUIRE(machinery(&W, NULL));
    int errors = W.h.log_errors;
    W.h.api->shutdown(W.h.ctx);
    CHECK(W.h.log_errors == errors + 1 && strstr(W.h.last_log, "shutdown refused"));
    prod_item_id id;
    CHECK_OK(W.h.api->item_find(W.h.ctx, "IRON", &id)); /* still usable */
    tw_close(&W);                                      /* destroys it, then shuts down */
}

/* --- a host built before the coordinators ------------------------------------------------------ */

static void an_older_host_without_the_coordinator_callbacks_still_works(void)
{
    th_host h;
    char err[256];
    th_load(&h, SO);
    h.host.struct_size = (uint32_t)offsetof(prod_host, travel_cost);
    h.host.market_quote = NULL;
    REQUIRE_OK(th_init(&h, TW_SPACETRADERS, 0, err, sizeof err));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    th_set(&h, 1, "IRON", 5);
    CHECK_OK(h.api->start(m, th_recipe(&h, "make_MACHINERY"), 1, 1, 0, NULL));
    CHECK_OK(h.api->tick(m, 1000));
    CHECK(th_count(&h, 1, "MACHINERY") == 1);
    h.api->manager_destroy(m);
    prod_coordinator *c = NULL;
    REQUIRE_OK(h.api->coord_create(h.ctx, NULL, &c));
    prod_worker_info wi = {.struct_size = sizeof wi, .version = 1, .id = 3, .capacity = 9};
    CHECK_OK(h.api->coord_worker_add(c, &wi, 0));
    CHECK(h.api->coord_plan(c, th_item(&h, "MACHINERY"), 0, NULL) == PROD_ERR_NOT_PROVIDED);
    CHECK_OK(h.api->coord_tick(c, 10));
    prod_worker_info got = {.struct_size = sizeof got};
    CHECK_OK(h.api->coord_worker_get(c, 3, &got));
    CHECK(got.state == PROD_WORKER_IDLE && got.capacity == 9);
    h.api->coord_destroy(c);
    th_close(&h);
}

/* An older host with market data but no travel_cost or on_coord_event: it
 * reads its workers' orders with coord_worker_get. */
/* Every item is sold at market 1 and bought at market 2 (read-only: any thread). */
static int32_t quote_two(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    (void)user, (void)item;
    if (index > 1)
        return PROD_HOST_NO_MORE;
    *out = (prod_market_quote){.struct_size = out->struct_size, .market = 1 + index,
                               .flags = index ? PROD_QUOTE_BUYS : PROD_QUOTE_SELLS,
                               .buy_price = 5, .sell_price = 50, .supply = PROD_SUPPLY_HIGH,
                               .activity = PROD_ACTIVITY_WEAK, .trade_volume = 20};
    return PROD_HOST_OK;
}

static void an_order_can_be_read_back_without_events(void)
{
    th_host h;
    char err[256];
    th_load(&h, SO);
    h.host.struct_size = (uint32_t)offsetof(prod_host, travel_cost);
    h.host.market_quote = quote_two;
    REQUIRE_OK(th_init(&h, TW_SPACETRADERS, 0, err, sizeof err));
    prod_coordinator *c = NULL;
    prod_coord_config cfg = tw_cfg(PROD_COORD_FIELD_STRATEGY, PROD_STRATEGY_BUY_IF_SOLD);
    REQUIRE_OK(h.api->coord_create(h.ctx, &cfg, &c));
    prod_worker_info wi = {.struct_size = sizeof wi, .version = 1, .id = 3, .location = 7,
                           .capacity = 9};
    REQUIRE_OK(h.api->coord_worker_add(c, &wi, 0));
    REQUIRE_OK(h.api->coord_plan(c, th_item(&h, "IRON"), 0, NULL)); /* bought: ACQUIRE, SELL */
    REQUIRE_OK(h.api->coord_tick(c, 0));
    prod_worker_info got = {.struct_size = sizeof got};
    REQUIRE_OK(h.api->coord_worker_get(c, 3, &got));
    CHECK(got.state == PROD_WORKER_BUSY && got.task_type == PROD_TASK_ACQUIRE && got.market == 1);
    CHECK(got.task_state == PROD_TASK_ASSIGNED && h.n_events == 0);
    h.api->coord_destroy(c);
    th_close(&h);
}

static void null_arguments_are_invalid(void)
{
    REQUIRE(machinery(&W, NULL));
    const prod_api *a = W.h.api;
    prod_coordinator *c = NULL;
    uint32_t n;
    int64_t t;
    uint8_t *b;
    size_t len;
    prod_order o = {.struct_size = sizeof o};
    CHECK(a->coord_create(NULL, NULL, &c) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_create(W.h.ctx, NULL, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_tick(NULL, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_plan(NULL, 1, 0, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_worker_add(W.c, NULL, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_arrive(W.c, NULL, &o) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_report(W.c, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_config_set(W.c, NULL, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_config_get(W.c, 2, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_config_history(W.c, NULL, 3, &n) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_pipelines(W.c, NULL, 0, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_status(W.c, 1, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_stats(W.c, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_worker_get(W.c, 1, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_next_due(NULL, &t) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_serialize(W.c, NULL, &len) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_serialize(NULL, &b, &len) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->coord_deserialize(NULL, NULL, 0, &c) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(strcmp(a->coord_last_error(NULL), "") == 0);
    a->coord_destroy(NULL);
    CHECK(a->struct_size >= offsetof(prod_api, coord_deserialize) + sizeof(void *));
    CHECK(a->abi_version == PROD_ABI_VERSION);
    tw_close(&W);
}

/* --- host answers that make no sense ---------------------------------------------------------- */

static void nonsense_market_answers_in_a_tick_defer_the_poll(void)
{
    REQUIRE(machinery(&W, NULL));
    tw_worker_add(&W, 1, 11, 40);
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
    tw_run(&W, 20000, 1000); /* delivered at 10 s: the first poll is due at 40 s */
    W.e[2].broken = 1;
    int errors = W.h.log_errors;
    tw_run(&W, 45000, 1000);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.host_errors == 1 && st.polls == 0 && W.h.log_errors == errors + 1);
    CHECK(strstr(W.h.last_log, "market_quote"));
    W.e[2].broken = 0;
    tw_run(&W, 101000, 1000);
    CHECK_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.polls == 1 && st.host_errors == 1); /* polled a poll interval later */
    tw_close(&W);
}

static int32_t bad_travel(void *user, uint64_t from, uint64_t to, double *out)
{
    (void)user, (void)from, (void)to;
    *out = -1;
    return PROD_HOST_OK;
}

static void nonsense_travel_costs_defer_the_assignment(void)
{
    char err[256];
    REQUIRE(machinery(&W, NULL)); /* then the same world on a host whose travel_cost lies */
    W.h.api->coord_destroy(W.c);
    W.h.api->shutdown(W.h.ctx);
    W.h.host.travel_cost = bad_travel;
    REQUIRE_OK(th_init(&W.h, TW_SPACETRADERS, 0, err, sizeof err));
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_SCAN_EVERY, 0);
    REQUIRE_OK(W.h.api->coord_create(W.h.ctx, &c, &W.c));
    tw_worker_add(&W, 1, 12, 40);
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
    tw_step(&W, 0);
    prod_coord_stats st = {.struct_size = sizeof st};
    CHECK_OK(W.h.api->coord_stats(W.c, &st));
    CHECK(st.host_errors == 1 && tw_count(&W, PROD_COORD_EVENT_TASK_ASSIGNED) == 0);
    CHECK(strstr(W.h.last_log, "travel_cost"));
    tw_close(&W);
}

static void plan_with_nonsense_market_answers_is_a_host_error(void)
{
    REQUIRE(machinery(&W, NULL));
    W.e[0].broken = 1;
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL) == PROD_ERR_HOST);
    CHECK(strstr(W.h.api->coord_last_error(W.c), "market_quote"));
    uint32_t n = 1;
    CHECK_OK(W.h.api->coord_pipelines(W.c, NULL, 0, &n));
    CHECK(n == 0 && W.nev == 0);
    CHECK(strcmp(W.h.api->last_error(W.h.ctx), "") == 0); /* the context's text is left alone */
    tw_close(&W);
}

/* --- the tick budget --------------------------------------------------------------------------- */

static void a_tick_budget_splits_the_work_without_changing_it(void)
{
    tw x, y;
    prod_coord_config small = tw_cfg(PROD_COORD_FIELD_TICK_BUDGET, 1);
    REQUIRE(machinery(&x, NULL) && machinery(&y, &small));
    for (int k = 0; k < 2; k++) {
        tw *w = k ? &y : &x;
        for (uint64_t id = 1; id <= 6; id++)
            tw_worker_add(w, id, 11 + id % 3, 40);
        prod_coord_config u = tw_cfg(PROD_COORD_FIELD_MAX_PIPELINES, 3);
        CHECK_OK(w->h.api->coord_config_set(w->c, &u, 0));
        tw_step(w, 0);
        for (int i = 0; i < 3; i++)
            CHECK_OK(w->h.api->coord_plan(w->c, tw_item(w, "MACHINERY"), 0, NULL));
        tw_run(w, 400000, 1000);
    }
    size_t same = x.nev == y.nev;
    for (size_t i = 0; same && i < x.nev; i++)
        same = memcmp(&x.ev[i], &y.ev[i], sizeof x.ev[i]) == 0;
    CHECK(same && x.nev > 40);
    tw_close(&x);
    tw_close(&y);
}

/* --- threads ------------------------------------------------------------------------------------- */

typedef struct holder {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int in_event, released;
    prod_status second;
} holder;

static void hold_in_event(tw *w, const prod_coord_event *e)
{
    holder *z = w->hook_data;
    if (e->type != PROD_COORD_EVENT_TASK_ASSIGNED || z->in_event)
        return;
    pthread_mutex_lock(&z->mu);
    z->in_event = 1;
    pthread_cond_broadcast(&z->cv);
    while (!z->released)
        pthread_cond_wait(&z->cv, &z->mu);
    pthread_mutex_unlock(&z->mu);
}

static void *second_thread(void *arg)
{
    holder *z = W.hook_data;
    (void)arg;
    pthread_mutex_lock(&z->mu);
    while (!z->in_event)
        pthread_cond_wait(&z->cv, &z->mu);
    pthread_mutex_unlock(&z->mu);
    z->second = W.h.api->coord_tick(W.c, 0);
    pthread_mutex_lock(&z->mu);
    z->released = 1;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
    return NULL;
}

static void a_second_thread_gets_busy_while_a_call_holds_the_coordinator(void)
{
    REQUIRE(machinery(&W, NULL));
    holder z = {.second = PROD_OK};
    pthread_mutex_init(&z.mu, NULL);
    pthread_cond_init(&z.cv, NULL);
    W.hook = hold_in_event;
    W.hook_data = &z;
    tw_worker_add(&W, 1, 11, 40);
    W.w[0].hold = 1;
    REQUIRE_OK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL));
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, second_thread, NULL) == 0);
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(z.second == PROD_ERR_BUSY);
    pthread_mutex_destroy(&z.mu);
    pthread_cond_destroy(&z.cv);
    tw_close(&W);
}

/* Two coordinators of one context, each on its own thread, with a host
 * whose market data is read-only and which keeps no events. */
typedef struct runner {
    const prod_api *api;
    prod_ctx *ctx;
    prod_item_id product;
    int completed;
} runner;

static void *run_one(void *arg)
{
    runner *r = arg;
    prod_coordinator *c = NULL;
    prod_coord_config cfg = tw_cfg(PROD_COORD_FIELD_STRATEGY, PROD_STRATEGY_BUY_IF_SOLD);
    if (r->api->coord_create(r->ctx, &cfg, &c) != PROD_OK)
        return NULL;
    prod_worker_info wi = {.struct_size = sizeof wi, .version = 1, .id = 1, .capacity = 9};
    (void)r->api->coord_worker_add(c, &wi, 0);
    for (int64_t now = 0; now < 200; now++) {
        (void)r->api->coord_plan(c, r->product, now, NULL);
        (void)r->api->coord_tick(c, now);
        prod_worker_info got = {.struct_size = sizeof got};
        (void)r->api->coord_worker_get(c, 1, &got);
        prod_arrival a = {.struct_size = sizeof a, .version = 1, .worker = 1, .now = now,
                          .flags = PROD_ARRIVAL_NO_BUDGET};
        prod_order o = {.struct_size = sizeof o};
        if (got.task_state != PROD_TASK_ASSIGNED || r->api->coord_arrive(c, &a, &o) != PROD_OK ||
            o.action == PROD_ORDER_NONE)
            continue;
        prod_task_report rep = {.struct_size = sizeof rep, .version = 1, .worker = 1,
                                .task = o.task, .now = now, .outcome = PROD_REPORT_DONE,
                                .quantity = o.quantity, .credits = o.quantity * o.price};
        r->completed += r->api->coord_report(c, &rep) == PROD_OK;
    }
    r->api->coord_destroy(c);
    return NULL;
}

static void two_coordinators_run_on_two_threads_at_once(void)
{
    th_host h;
    char err[256];
    th_load(&h, SO);
    h.host.market_quote = quote_two;
    REQUIRE_OK(th_init(&h, TW_SPACETRADERS, 0, err, sizeof err));
    runner a = {h.api, h.ctx, th_item(&h, "IRON"), 0}, b = a;
    pthread_t ta, tb;
    REQUIRE(pthread_create(&ta, NULL, run_one, &a) == 0);
    if (CHECK(pthread_create(&tb, NULL, run_one, &b) == 0))
        CHECK(pthread_join(tb, NULL) == 0);
    CHECK(pthread_join(ta, NULL) == 0);
    CHECK(a.completed > 50 && a.completed == b.completed);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(calls_from_inside_an_event_are_busy_and_change_nothing);
    RUN(destroy_from_an_event_is_deferred_and_ends_the_events);
    RUN(shutdown_is_refused_while_a_coordinator_lives);
    RUN(an_older_host_without_the_coordinator_callbacks_still_works);
    RUN(an_order_can_be_read_back_without_events);
    RUN(null_arguments_are_invalid);
    RUN(nonsense_market_answers_in_a_tick_defer_the_poll);
    RUN(nonsense_travel_costs_defer_the_assignment);
    RUN(plan_with_nonsense_market_answers_is_a_host_error);
    RUN(a_tick_budget_splits_the_work_without_changing_it);
    RUN(a_second_thread_gets_busy_while_a_call_holds_the_coordinator);
    RUN(two_coordinators_run_on_two_threads_at_once);
    return check_finish("it_coord_abi");
}
