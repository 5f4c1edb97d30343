/* it_reentry.c - what a host can do to a manager or a context at the wrong
 * moment, through the real .so: destroy a manager from inside its own
 * callbacks or from another thread while a call holds it (deferred: no more
 * callbacks, freed when the call ends), shut a context down while something
 * still uses it (refused and logged), call into a manager from inside its
 * callbacks or from a second thread (PROD_ERR_BUSY), and fail context-level
 * calls on several threads at once (each thread reads its own error text).
 * ASan and TSan runs check that none of it touches freed memory or races. */
#include <string.h>

#include "testhost.h"

static const char *SO;

static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"tick\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":10},"
    "{\"id\":\"use\",\"inputs\":[{\"item\":\"x\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"y\",\"qty\":1}],\"duration_ms\":10},"
    "{\"id\":\"now\",\"outputs\":[{\"item\":\"z\",\"qty\":1}],\"duration_ms\":0}]}";

static int open_host(th_host *h)
{
    char err[256] = "";
    th_load(h, SO);
    if (!CHECK_OK(th_init(h, RECIPES, 0, err, sizeof err)))
        fprintf(stderr, "init: %s\n", err);
    return h->ctx != NULL;
}

/* Events recorded after the one at index `after`. */
static size_t events_after(const th_host *h, size_t after) { return h->n_events - after - 1; }

/* ---- destroy from inside a callback --------------------------------------- */

typedef struct destroy_at {
    prod_manager *m;
    uint32_t type;   /* destroy at the first event of this type */
    size_t at;       /* index of that event, SIZE_MAX before */
} destroy_at;

static void destroy_on_event(th_host *h, const prod_event *e)
{
    destroy_at *d = h->hook_data;
    if (d->m && e->type == d->type) {
        d->at = h->n_events - 1;
        h->api->manager_destroy(d->m);
        d->m = NULL;
    }
}

static void destroy_from_on_event_ends_the_call_with_no_more_events(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    REQUIRE_OK(h.api->start_repeating(m, th_recipe(&h, "tick"), 1, 1, 0, NULL));
    REQUIRE_OK(h.api->start_repeating(m, th_recipe(&h, "tick"), 2, 1, 0, NULL));
    destroy_at d = {m, PROD_EVENT_COMPLETED, SIZE_MAX};
    h.hook_data = &d;
    h.event_hook = destroy_on_event;
    CHECK_OK(h.api->tick(m, 1000)); /* 200 cycles due; the first completion destroys */
    CHECK(d.m == NULL && d.at != SIZE_MAX);
    CHECK(events_after(&h, d.at) == 0);
    h.event_hook = NULL;
    th_close(&h); /* the manager is gone, so shutdown frees the context (LSan: no leak) */
}

static void destroy_from_on_event_of_an_instant_start_stops_its_completion(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    destroy_at d = {m, PROD_EVENT_STARTED, SIZE_MAX};
    h.hook_data = &d;
    h.event_hook = destroy_on_event;
    CHECK_OK(h.api->start(m, th_recipe(&h, "now"), 1, 1, 0, NULL)); /* instant */
    CHECK(d.m == NULL && events_after(&h, d.at) == 0);
    h.event_hook = NULL;
    th_close(&h);
}

static void destroy_on_consume(th_host *h)
{
    destroy_at *d = h->hook_data;
    if (d->m) {
        h->api->manager_destroy(d->m);
        d->m = NULL;
    }
}

static void destroy_from_inventory_consume_emits_nothing_more(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    th_set(&h, 1, "x", 5);
    destroy_at d = {m, 0, SIZE_MAX};
    h.hook_data = &d;
    h.consume_hook = destroy_on_consume;
    h.api->start(m, th_recipe(&h, "use"), 1, 1, 0, NULL); /* its status no longer matters */
    CHECK(d.m == NULL);
    CHECK(h.n_events == 0); /* no STARTED for a manager destroyed during its start */
    h.consume_hook = NULL;
    th_close(&h);
}

/* ---- shutdown at the wrong moment ----------------------------------------- */

static void shutdown_on_event(th_host *h, const prod_event *e)
{
    (void)e;
    h->api->shutdown(h->ctx);
}

static void shutdown_from_a_callback_is_refused_and_logged(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    h.event_hook = shutdown_on_event;
    CHECK_OK(h.api->start(m, th_recipe(&h, "tick"), 1, 1, 0, NULL));
    h.event_hook = NULL;
    CHECK(h.log_errors >= 1 && strstr(h.last_log, "shutdown refused") != NULL);
    CHECK(h.api->recipe_count(h.ctx) == 3); /* the context is still there */
    CHECK_OK(h.api->tick(m, 100));
    h.api->manager_destroy(m);
    th_close(&h);
}

static void shutdown_with_a_live_manager_or_registry_is_refused(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    prod_manager_registry *r = NULL;
    REQUIRE(m);
    REQUIRE_OK(h.api->registry_create(h.ctx, &r));
    h.api->shutdown(h.ctx);
    CHECK(h.log_errors == 1 && strstr(h.last_log, "2 managers, manager registries") != NULL);
    h.api->manager_destroy(m);
    h.api->shutdown(h.ctx);
    CHECK(h.log_errors == 2); /* the registry is still there */
    CHECK(h.api->item_count(h.ctx) == 3);
    h.api->registry_destroy(r);
    th_close(&h); /* now it goes */
}

/* ---- calls from inside a callback ----------------------------------------- */

typedef struct inside {
    prod_manager *m;
    prod_status tick, start, cancel, serialize, job_get, next_due;
    int calls;
} inside;

static void call_back_in(th_host *h, const prod_event *e)
{
    inside *in = h->hook_data;
    if (e->type != PROD_EVENT_COMPLETED || in->calls++)
        return;
    uint8_t *b = NULL;
    size_t n = 0;
    prod_job_info info = {.struct_size = sizeof info};
    int64_t due;
    in->tick = h->api->tick(in->m, e->time);
    in->start = h->api->start(in->m, 0, 1, 1, e->time, NULL);
    in->cancel = h->api->cancel(in->m, e->job, PROD_REFUND_FULL, e->time);
    in->serialize = h->api->serialize(in->m, &b, &n);
    in->job_get = h->api->job_get(in->m, e->job, e->time, &info);
    in->next_due = h->api->next_due(in->m, &due);
    h->api->free_buffer(b);
}

static void calls_that_change_a_manager_from_its_callback_are_busy(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(m);
    REQUIRE_OK(h.api->start_repeating(m, th_recipe(&h, "tick"), 1, 1, 0, NULL));
    inside in = {.m = m};
    h.hook_data = &in;
    h.event_hook = call_back_in;
    CHECK_OK(h.api->tick(m, 10));
    h.event_hook = NULL;
    CHECK(in.calls == 1);
    CHECK(in.tick == PROD_ERR_BUSY && in.start == PROD_ERR_BUSY);
    CHECK(in.cancel == PROD_ERR_BUSY && in.serialize == PROD_ERR_BUSY);
    CHECK_OK(in.job_get);  /* read-only queries may look from inside */
    CHECK(in.next_due != PROD_ERR_BUSY); /* NOT_FOUND: the job is between its cycles */
    CHECK_OK(h.api->tick(m, 20)); /* and the manager goes on after */
    h.api->manager_destroy(m);
    th_close(&h);
}

/* ---- a second thread while a call holds the manager ----------------------- */

typedef struct rendezvous {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int inside, done;
    prod_manager *m;
    int destroy;         /* the second thread destroys instead of calling */
    prod_status tick, start, serialize;
    size_t at;           /* event index when the first thread was held */
} rendezvous;

/* The first thread, inside on_event: let the second one act, wait for it. */
static void hold_in_event(th_host *h, const prod_event *e)
{
    rendezvous *z = h->hook_data;
    (void)e;
    pthread_mutex_lock(&z->mu);
    if (z->inside) {
        pthread_mutex_unlock(&z->mu);
        return;
    }
    z->inside = 1;
    z->at = h->n_events - 1;
    pthread_cond_broadcast(&z->cv);
    while (!z->done)
        pthread_cond_wait(&z->cv, &z->mu);
    pthread_mutex_unlock(&z->mu);
}

static void *second_thread(void *arg)
{
    th_host *h = arg;
    rendezvous *z = h->hook_data;
    pthread_mutex_lock(&z->mu);
    while (!z->inside)
        pthread_cond_wait(&z->cv, &z->mu);
    pthread_mutex_unlock(&z->mu);
    if (z->destroy) {
        h->api->manager_destroy(z->m);
    } else {
        uint8_t *b = NULL;
        size_t n = 0;
        z->tick = h->api->tick(z->m, 50);
        z->start = h->api->start(z->m, 0, 1, 1, 50, NULL);
        z->serialize = h->api->serialize(z->m, &b, &n);
        h->api->free_buffer(b);
    }
    pthread_mutex_lock(&z->mu);
    z->done = 1;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
    return NULL;
}

/* Start tick on this thread, held inside its first event while the second
 * thread acts; returns the tick's status. */
static prod_status tick_while_second_thread_acts(th_host *h, rendezvous *z)
{
    pthread_t t;
    h->hook_data = z;
    h->event_hook = hold_in_event;
    if (!CHECK(pthread_create(&t, NULL, second_thread, h) == 0))
        return PROD_ERR_STATE;
    prod_status st = h->api->tick(z->m, 1000);
    CHECK(pthread_join(t, NULL) == 0);
    h->event_hook = NULL;
    return st;
}

static void second_thread_gets_busy_while_a_call_holds_the_manager(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    rendezvous z = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    z.m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(z.m);
    REQUIRE_OK(h.api->start_repeating(z.m, th_recipe(&h, "tick"), 1, 1, 0, NULL));
    CHECK_OK(tick_while_second_thread_acts(&h, &z));
    CHECK(z.tick == PROD_ERR_BUSY && z.start == PROD_ERR_BUSY && z.serialize == PROD_ERR_BUSY);
    CHECK_OK(h.api->tick(z.m, 2000)); /* free again once the first call ended */
    h.api->manager_destroy(z.m);
    th_close(&h);
}

static void destroy_from_a_second_thread_is_deferred_to_the_end_of_the_call(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    rendezvous z = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER,
                    .destroy = 1};
    z.m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    REQUIRE(z.m);
    REQUIRE_OK(h.api->start_repeating(z.m, th_recipe(&h, "tick"), 1, 1, 0, NULL));
    CHECK_OK(tick_while_second_thread_acts(&h, &z)); /* 100 cycles due; destroyed at the first */
    CHECK(events_after(&h, z.at) == 0);
    th_close(&h); /* the tick freed it: the context has no users left */
}

/* ---- error text per thread ------------------------------------------------ */

typedef struct failing {
    th_host *h;
    int runs;           /* 0 = ask for an unknown item instead */
    int wrong;          /* times the thread read another call's text */
} failing;

static void *fail_chains(void *arg)
{
    failing *f = arg;
    const prod_api *api = f->h->api;
    for (int i = 0; i < 2000; i++) {
        prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                                .item = f->runs ? 1 : 999, .runs = f->runs ? -f->runs : 1};
        prod_chain_result *res = NULL;
        prod_status st = api->chain_build(f->h->ctx, &q, &res);
        const char *text = api->last_error(f->h->ctx);
        f->wrong += f->runs ? (st != PROD_ERR_INVALID_ARGUMENT || !strstr(text, "runs must be"))
                            : (st != PROD_ERR_NOT_FOUND || !strstr(text, "no item with id 999"));
    }
    return NULL;
}

static void failing_context_calls_on_two_threads_each_read_their_own_text(void)
{
    th_host h;
    REQUIRE(open_host(&h));
    failing a = {&h, 0, 0}, b = {&h, 3, 0};
    pthread_t ta, tb;
    REQUIRE(pthread_create(&ta, NULL, fail_chains, &a) == 0);
    if (CHECK(pthread_create(&tb, NULL, fail_chains, &b) == 0))
        CHECK(pthread_join(tb, NULL) == 0);
    CHECK(pthread_join(ta, NULL) == 0);
    CHECK(a.wrong == 0 && b.wrong == 0);
    CHECK(h.api->last_error(h.ctx)[0] == '\0'); /* this thread failed nothing */
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(destroy_from_on_event_ends_the_call_with_no_more_events);
    RUN(destroy_from_on_event_of_an_instant_start_stops_its_completion);
    RUN(destroy_from_inventory_consume_emits_nothing_more);
    RUN(shutdown_from_a_callback_is_refused_and_logged);
    RUN(shutdown_with_a_live_manager_or_registry_is_refused);
    RUN(calls_that_change_a_manager_from_its_callback_are_busy);
    RUN(second_thread_gets_busy_while_a_call_holds_the_manager);
    RUN(destroy_from_a_second_thread_is_deferred_to_the_end_of_the_call);
    RUN(failing_context_calls_on_two_threads_each_read_their_own_text);
    return check_finish("it_reentry");
}
