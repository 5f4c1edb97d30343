/* coord_driver.c - see coord_driver.h. The host here is a static market
 * table whose answers move with a counter (and are sometimes nonsense); the
 * check loads the bytes, proves the round trip, then drives what loaded
 * through reconciliation, ticks, arrivals and reports at game times after
 * its own, comparing saves around every refused call. Its allocator moves
 * every block it resizes (moving_alloc.h). */
#include "coord_driver.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "moving_alloc.h"
#include "spacetraders_recipes.h"

#define CD_MARKETS 8u        /* market ids 1..CD_MARKETS */
#define CD_NONSENSE 13u      /* every CD_NONSENSE-th answer is nonsense */
#define CD_KNOWN_IDS 16u     /* worker ids 1..CD_KNOWN_IDS are asked for (the corpus's) */
#define CD_MAX_IDS 64u       /* pipelines and workers looked at */
#define CD_TICKS 6           /* game times the loaded coordinator is run at */
#define CD_STEP_MS 40000     /* between them */
#define CD_MORE 256          /* coord_tick calls at one time at most */
#define CD_NEW_WORKER 1000u  /* a worker the host adds after the load */

/* ---- the host ---------------------------------------------------------- */

static int nonsense(cd_host *h) { return ++h->answers % CD_NONSENSE == 0; }

/* A nonsense quote of one of three kinds: a NaN price, a supply level that
 * does not exist, a status code that does not exist. */
static int32_t bad_quote(const cd_host *h, uint32_t index, prod_market_quote *out)
{
    uint64_t kind = h->answers / CD_NONSENSE % 3;
    out->market = index + 1;
    out->flags = PROD_QUOTE_SELLS | PROD_QUOTE_BUYS;
    out->buy_price = kind == 0 ? NAN : 10;
    out->sell_price = 12;
    out->supply = kind == 1 ? 99 : PROD_SUPPLY_HIGH;
    out->activity = PROD_ACTIVITY_STRONG;
    out->trade_volume = 10;
    return kind == 2 ? 42 : PROD_HOST_OK;
}

static int32_t cb_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    cd_host *h = user;
    if (index >= CD_MARKETS)
        return PROD_HOST_NO_MORE;
    if (nonsense(h))
        return bad_quote(h, index, out);
    uint64_t n = h->answers + index + item;
    out->market = index + 1;
    out->flags = PROD_QUOTE_SELLS | PROD_QUOTE_BUYS;
    out->buy_price = 10 + (double)(n % 7);
    out->sell_price = 12 + (double)(n % 11);
    out->supply = PROD_SUPPLY_SCARCE + (uint32_t)(n % 5);
    out->activity = PROD_ACTIVITY_WEAK + (uint32_t)(n % 4);
    out->trade_volume = 10 + (uint32_t)(n % 30);
    return PROD_HOST_OK;
}

static int32_t cb_travel(void *user, uint64_t from, uint64_t to, double *out)
{
    cd_host *h = user;
    *out = nonsense(h) ? -1.0 : fabs((double)from - (double)to);
    return PROD_HOST_OK;
}

static void cb_event(void *user, const prod_coord_event *e)
{
    cd_host *h = user;
    (void)e;
    h->events++;
}

int cd_open(cd_host *h, const prod_api *api)
{
    memset(h, 0, sizeof *h);
    h->api = api;
    prod_host host = {.struct_size = sizeof host,
                      .version = PROD_HOST_VERSION,
                      .user = h,
                      .market_quote = cb_quote,
                      .travel_cost = cb_travel,
                      .on_coord_event = cb_event,
                      .allocate = moving_allocate};
    prod_recipe_source src = {.json = SPACETRADERS_RECIPES, .name = "coord"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1};
    return api->init(&p, &h->ctx) == PROD_OK ? 0 : -1;
}

void cd_close(cd_host *h)
{
    if (h->ctx)
        h->api->shutdown(h->ctx);
    h->ctx = NULL;
}

/* ---- the check ------------------------------------------------------------ */

typedef struct cd_check {
    cd_host *h;
    const prod_api *a;
    prod_coordinator *c;
    prod_item_id stranger;  /* an item the corpus's pipelines never hold */
    uint64_t workers[CD_MAX_IDS];
    uint32_t nworkers;
    uint64_t first_pipeline; /* the lowest id listed, 0 when none */
    char *why;
    size_t cap;
    int broken;
} cd_check;

static void broke(cd_check *k, const char *what, prod_status st, const char *detail)
{
    if (k->broken++)
        return;
    snprintf(k->why, k->cap, "%s: status %d (%s)", what, (int)st, detail ? detail : "");
}

static const char *err(const cd_check *k) { return k->a->coord_last_error(k->c); }

static void note_worker(cd_check *k, uint64_t id)
{
    for (uint32_t i = 0; i < k->nworkers; i++)
        if (k->workers[i] == id)
            return;
    if (id && k->nworkers < CD_MAX_IDS)
        k->workers[k->nworkers++] = id;
}

static uint8_t *save(cd_check *k, prod_coordinator *c, size_t *len)
{
    uint8_t *b = NULL;
    prod_status st = k->a->coord_serialize(c, &b, len);
    if (st != PROD_OK)
        broke(k, "coord_serialize", st, k->a->coord_last_error(c));
    return st == PROD_OK ? b : NULL;
}

/* save(c) == save(load(save(c))): a loaded state is a fixed point. */
static void round_trip(cd_check *k)
{
    size_t la = 0, lb = 0;
    uint8_t *a = save(k, k->c, &la), *b = NULL;
    prod_coordinator *c2 = NULL;
    prod_status st = a ? k->a->coord_deserialize(k->h->ctx, a, la, &c2) : PROD_OK;
    if (st != PROD_OK)
        broke(k, "coord_deserialize of its own save", st, k->a->last_error(k->h->ctx));
    else if (c2 && (b = save(k, c2, &lb)) && (la != lb || memcmp(a, b, la) != 0))
        broke(k, "save, load, save gave other bytes", PROD_OK, NULL);
    k->a->free_buffer(a);
    k->a->free_buffer(b);
    k->a->coord_destroy(c2);
}

/* A refused call (st) must have changed nothing: the bytes saved before it
 * (before, len) are the bytes now. Frees before. */
static void unchanged(cd_check *k, const char *what, prod_status st, uint8_t *before, size_t len)
{
    if (st != PROD_OK && st != PROD_ERR_BUSY && before) {
        size_t n = 0;
        uint8_t *now = save(k, k->c, &n);
        if (now && (n != len || memcmp(before, now, n) != 0))
            broke(k, what, st, "a refused call changed the coordinator");
        k->a->free_buffer(now);
    }
    k->a->free_buffer(before);
}

/* first + count inside a table of n. */
static int inside(uint32_t first, uint32_t count, uint32_t n) { return first <= n && count <= n - first; }

/* A status block must hold together: its tasks' dependencies and nodes and
 * its factories' inputs and deliveries inside it (sanitizers then see a
 * block that is shorter than it says). */
static int coherent(const prod_pipeline_status *s)
{
    int ok = s->tasks_done <= s->task_count;
    for (uint32_t t = 0; ok && t < s->task_count; t++) {
        const prod_coord_task *x = &s->tasks[t];
        ok = inside(x->dep_first, x->dep_count, s->dep_count) &&
             (x->node == PROD_NODE_NONE || x->node < s->node_count);
    }
    for (uint32_t f = 0; ok && f < s->factory_count; f++) {
        const prod_coord_factory *x = &s->factories[f];
        ok = inside(x->input_first, x->input_count, s->input_count) &&
             inside(x->delivery_first, x->delivery_count, s->delivery_count);
    }
    uint64_t sum = 0;
    for (uint32_t i = 0; ok && i < s->dep_count; i++)
        sum += s->deps[i];
    for (uint32_t i = 0; ok && i < s->input_count; i++)
        sum += s->inputs[i];
    for (uint32_t i = 0; ok && i < s->delivery_count; i++)
        sum += s->deliveries[i].quantity;
    for (uint32_t i = 0; ok && i < s->node_count; i++)
        sum += s->nodes[i].market;
    return ok && sum != 1; /* sum: every element read */
}

/* Every pipeline's status (the first CD_MAX_IDS), noting its workers. */
static void statuses(cd_check *k)
{
    uint64_t ids[CD_MAX_IDS];
    uint32_t n = 0;
    prod_status st = k->a->coord_pipelines(k->c, ids, CD_MAX_IDS, &n);
    if (st != PROD_OK)
        broke(k, "coord_pipelines", st, err(k));
    k->first_pipeline = st == PROD_OK && n ? ids[0] : 0;
    for (uint32_t i = 0; st == PROD_OK && i < n && i < CD_MAX_IDS && !k->broken; i++) {
        prod_pipeline_status *s = NULL;
        if ((st = k->a->coord_status(k->c, ids[i], &s)) != PROD_OK) {
            broke(k, "coord_status of a listed pipeline", st, err(k));
            break;
        }
        if (s->id != ids[i] || !coherent(s))
            broke(k, "coord_status", st, "a block that does not hold together");
        for (uint32_t t = 0; t < s->task_count; t++)
            note_worker(k, s->tasks[t].worker);
        k->a->free_buffer(s);
    }
}

/* The cargo the host reports for worker w (variant 0..3): what the
 * coordinator knows, nothing, one unit more of the first stack, or one unit
 * of an item nothing needs. */
static uint32_t reported(const cd_check *k, const prod_worker_info *w, uint32_t variant,
                         prod_item_qty *out)
{
    uint32_t n = w->cargo_count < PROD_COORD_MAX_CARGO ? w->cargo_count : PROD_COORD_MAX_CARGO;
    memcpy(out, w->cargo, n * sizeof *out);
    if (variant == 1)
        return 0;
    if (variant == 2 && n)
        out[0].qty++;
    if (variant == 3)
        out[n < PROD_COORD_MAX_CARGO ? n++ : 0] = (prod_item_qty){k->stranger, 1};
    return n;
}

/* After the load, the host reports each worker's cargo (coord_worker_cargo). */
static void reconcile(cd_check *k, int64_t now)
{
    for (uint32_t i = 0; i < k->nworkers && !k->broken; i++) {
        prod_worker_info w = {.struct_size = sizeof w, .version = PROD_WORKER_INFO_VERSION};
        if (k->a->coord_worker_get(k->c, k->workers[i], &w) != PROD_OK)
            continue;
        prod_item_qty cargo[PROD_COORD_MAX_CARGO];
        uint32_t n = reported(k, &w, (uint32_t)(w.id % 4), cargo);
        size_t len = 0;
        uint8_t *before = save(k, k->c, &len);
        prod_status st = k->a->coord_worker_cargo(k->c, w.id, cargo, n, now);
        unchanged(k, "coord_worker_cargo", st, before, len);
    }
}

/* What the worker did with its order: done as ordered, or (one worker in
 * three) a failure of a kind picked by its id. */
static void report(cd_check *k, const prod_worker_info *w, const prod_order *o, int64_t now)
{
    prod_task_report r = {.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                          .worker = w->id, .task = o->task, .now = now,
                          .outcome = PROD_REPORT_DONE, .quantity = o->quantity,
                          .credits = o->quantity * (isfinite(o->price) ? o->price : 0)};
    if (w->id % 3 == 0 || !o->quantity)
        r = (prod_task_report){.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                               .worker = w->id, .task = o->task, .now = now,
                               .outcome = PROD_REPORT_FAILED,
                               .failure = PROD_COORD_FAIL_TRAVEL + (uint32_t)(w->id / 3 % 4)};
    size_t len = 0;
    uint8_t *before = save(k, k->c, &len);
    prod_status st = k->a->coord_report(k->c, &r);
    unchanged(k, "coord_report", st, before, len);
}

/* Every worker on an ASSIGNED task arrives and does what it is told. */
static void trips(cd_check *k, int64_t now)
{
    for (uint32_t i = 0; i < k->nworkers && !k->broken; i++) {
        prod_worker_info w = {.struct_size = sizeof w, .version = PROD_WORKER_INFO_VERSION};
        if (k->a->coord_worker_get(k->c, k->workers[i], &w) != PROD_OK || !w.task ||
            w.task_state != PROD_TASK_ASSIGNED)
            continue;
        prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION,
                          .worker = w.id, .now = now, .credits = 1e6};
        prod_order o = {.struct_size = sizeof o};
        size_t len = 0;
        uint8_t *before = save(k, k->c, &len);
        prod_status st = k->a->coord_arrive(k->c, &a, &o);
        unchanged(k, "coord_arrive", st, before, len);
        if (st == PROD_OK && o.action != PROD_ORDER_NONE)
            report(k, &w, &o, now);
    }
}

/* Between ticks the host changes things (step 1..3): it plans a pipeline,
 * cancels the first one held, removes the first worker. A refusal changes
 * nothing. */
static void host_move(cd_check *k, int step, int64_t now)
{
    prod_item_id item = 0;
    size_t len = 0;
    uint8_t *before = step >= 1 && step <= 3 ? save(k, k->c, &len) : NULL;
    prod_status st = PROD_OK;
    if (step == 1 && k->a->item_find(k->h->ctx, "MACHINERY", &item) == PROD_OK)
        st = k->a->coord_plan(k->c, item, now, NULL);
    else if (step == 2 && k->first_pipeline)
        st = k->a->coord_cancel(k->c, k->first_pipeline, now);
    else if (step == 3)
        st = k->a->coord_worker_remove(k->c, k->workers[0], now);
    unchanged(k, step == 1 ? "coord_plan" : step == 2 ? "coord_cancel" : "coord_worker_remove", st,
              before, len);
}

/* CD_TICKS game times CD_STEP_MS apart from the coordinator's own: a tick
 * (until it is not MORE, at most CD_MORE calls), then the trips. */
static void run(cd_check *k)
{
    prod_coord_stats s = {.struct_size = sizeof s};
    prod_status got = k->a->coord_stats(k->c, &s);
    if (got != PROD_OK) {
        broke(k, "coord_stats", got, err(k));
        return;
    }
    reconcile(k, s.time);
    prod_worker_info nw = {.struct_size = sizeof nw, .version = PROD_WORKER_INFO_VERSION,
                           .id = CD_NEW_WORKER, .location = 1, .capacity = 40};
    if (k->a->coord_worker_add(k->c, &nw, s.time) == PROD_OK)
        note_worker(k, CD_NEW_WORKER);
    for (int i = 0; i < CD_TICKS && !k->broken; i++) {
        int64_t now = s.time + (int64_t)i * CD_STEP_MS;
        now = now < PROD_TIME_MAX ? now : PROD_TIME_MAX;
        prod_status st = PROD_MORE;
        for (int j = 0; j < CD_MORE && st == PROD_MORE; j++)
            st = k->a->coord_tick(k->c, now);
        if (st != PROD_OK && st != PROD_MORE)
            broke(k, "coord_tick", st, err(k));
        trips(k, now);
        host_move(k, i + 1, now);
    }
}

int cd_run(cd_host *h, const uint8_t *data, size_t size, char *why, size_t cap)
{
    cd_check k = {.h = h, .a = h->api, .why = why, .cap = cap};
    h->answers = h->events = 0;
    prod_status st = h->api->coord_deserialize(h->ctx, data, size, &k.c);
    if (h->answers || h->events)
        broke(&k, "coord_deserialize", st, "it called the host");
    if (st != PROD_OK) {
        if (k.c || h->api->last_error(h->ctx)[0] == '\0')
            broke(&k, "a refused load", st, "created something or said nothing");
        return k.broken != 0;
    }
    (void)h->api->item_find(h->ctx, "PLATINUM", &k.stranger);
    for (uint32_t id = 1; id <= CD_KNOWN_IDS; id++)
        note_worker(&k, id);
    round_trip(&k);
    statuses(&k);
    if (!k.broken)
        run(&k);
    if (!k.broken)
        statuses(&k);
    if (!k.broken)
        round_trip(&k);
    h->api->coord_destroy(k.c);
    return k.broken != 0;
}
