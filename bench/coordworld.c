/* coordworld.c - the coordinator workload's host world (see coordworld.h).
 * Everything the host does itself is plain arrays and arithmetic, so the
 * time measured is the plugin's: only the plugin calls are timed, and the
 * callbacks they make (quotes, travel, events, allocation) are kept lean. */
#include "coordworld.h"

#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SELLERS 4u         /* markets selling each raw */
#define BUYERS 2u          /* markets buying each product */
#define RISE_MS 15000      /* a factory's supply rises a level this often once its inputs are in */
#define TRAVEL_MS 2000.0   /* game ms per unit of distance */
#define CAPACITY 20u       /* every worker's cargo units */
#define VOLUME 50u         /* every market's trade volume */

struct cw_quote {
    uint64_t market;
    double buy, sell;
    uint32_t flags, supply, activity;
    uint32_t factory; /* product index + 1 when this is a factory's export, else 0 */
};

struct cw_factory {
    prod_item_id in[2];
    uint32_t got;    /* bit i: in[i] delivered */
    int64_t started; /* -1, or when both inputs were in */
};

struct cw_worker {
    uint64_t location, dest, task; /* task: the order in hand, 0 when none */
    int64_t arrive_at;
};

struct cw_arrival {
    int64_t at;
    uint64_t task;
    uint32_t worker;
};

static void die(const char *what, const char *why)
{
    fprintf(stderr, "prodbench coord: %s: %s\n", what, why);
    exit(2);
}

static void *grow(void *p, size_t n, size_t elem)
{
    void *q = realloc(p, n * elem);
    if (!q)
        die("host", "out of memory");
    return q;
}

/* --- the map ------------------------------------------------------------------ */

static uint32_t raw_a(uint32_t k) { return k % CW_RAWS; }
static uint32_t raw_b(uint32_t k) { return (raw_a(k) + 1 + (k / CW_RAWS) % (CW_RAWS - 1)) % CW_RAWS; }
static uint64_t factory_of(uint32_t k) { return 1 + k % CW_MARKETS; }
static uint64_t seller_of(uint32_t r, uint32_t j) { return 1 + (r * 37 + j * 25) % CW_MARKETS; }
static uint64_t buyer_of(uint32_t k, uint32_t j) { return 1 + (k * 13 + 50 + j * 25) % CW_MARKETS; }

static double travel(uint64_t from, uint64_t to)
{
    double dx = (double)((from - 1) % 10) - (double)((to - 1) % 10);
    double dy = (double)((from - 1) / 10) - (double)((to - 1) / 10);
    return sqrt(dx * dx + dy * dy);
}

static char *recipes_json(size_t *len)
{
    size_t cap = (size_t)CW_PRODUCTS * 160 + 64, n = 0;
    char *s = grow(NULL, cap, 1);
    n += (size_t)snprintf(s, cap, "{\"recipes\":[");
    for (uint32_t k = 0; k < CW_PRODUCTS; k++)
        n += (size_t)snprintf(s + n, cap - n,
                              "%s{\"id\":\"make_p%u\",\"inputs\":[{\"item\":\"r%u\",\"qty\":1},"
                              "{\"item\":\"r%u\",\"qty\":1}],\"outputs\":[{\"item\":\"p%u\","
                              "\"qty\":1}],\"duration_ms\":1000}",
                              k ? "," : "", k, raw_a(k), raw_b(k), k);
    n += (size_t)snprintf(s + n, cap - n, "]}");
    if (n >= cap)
        die("recipes", "buffer too small");
    *len = n;
    return s;
}

/* The quote cell of (item slot, market) in a dense build table. */
static cw_quote *cell(cw_quote *t, uint32_t slot, uint64_t market)
{
    cw_quote *q = &t[(size_t)slot * CW_MARKETS + (market - 1)];
    q->market = market;
    return q;
}

static void fill_table(cw_quote *t)
{
    for (uint32_t r = 0; r < CW_RAWS; r++)
        for (uint32_t j = 0; j < SELLERS; j++) {
            cw_quote *q = cell(t, r, seller_of(r, j));
            q->flags |= PROD_QUOTE_SELLS;
            q->buy = 10 + j;
        }
    for (uint32_t k = 0; k < CW_PRODUCTS; k++) {
        cw_quote *in[2] = {cell(t, raw_a(k), factory_of(k)), cell(t, raw_b(k), factory_of(k))};
        for (int i = 0; i < 2; i++) {
            in[i]->flags |= PROD_QUOTE_BUYS;
            in[i]->sell = 12;
        }
        cw_quote *f = cell(t, CW_RAWS + k, factory_of(k));
        f->flags |= PROD_QUOTE_SELLS;
        f->buy = 50;
        f->factory = k + 1;
        for (uint32_t j = 0; j < BUYERS; j++) {
            cw_quote *q = cell(t, CW_RAWS + k, buyer_of(k, j));
            q->flags |= PROD_QUOTE_BUYS;
            q->sell = 100 + k % 7 + j;
        }
    }
}

/* Every item's quotes in market order (the host's order), from the table. */
static void build_quotes(cw *w)
{
    const uint32_t slots = CW_RAWS + CW_PRODUCTS, items = w->items = w->api->item_count(w->ctx);
    cw_quote *t = calloc((size_t)slots * CW_MARKETS, sizeof *t);
    if (!t)
        die("host", "out of memory");
    fill_table(t);
    w->first = calloc((size_t)items + 2, sizeof *w->first);
    w->quotes = grow(NULL, (size_t)slots * CW_MARKETS, sizeof *w->quotes);
    if (!w->first)
        die("host", "out of memory");
    uint32_t n = 0;
    for (prod_item_id item = 1; item <= items; item++) {
        w->first[item] = n;
        for (uint32_t s = 0; s < slots; s++) {
            if ((s < CW_RAWS ? w->raw[s] : w->product[s - CW_RAWS]) != item)
                continue;
            for (uint32_t m = 0; m < CW_MARKETS; m++) {
                cw_quote q = t[(size_t)s * CW_MARKETS + m];
                if (!q.flags)
                    continue;
                int sells = (q.flags & PROD_QUOTE_SELLS) != 0;
                q.activity = sells || s < CW_RAWS ? PROD_ACTIVITY_STRONG : PROD_ACTIVITY_WEAK;
                q.supply = sells && !q.factory ? PROD_SUPPLY_HIGH : PROD_SUPPLY_LIMITED;
                w->quotes[n++] = q;
            }
        }
    }
    w->first[items + 1] = n;
    free(t);
}

static void find_items(cw *w)
{
    char name[16];
    for (uint32_t i = 0; i < CW_RAWS + CW_PRODUCTS; i++) {
        int raw = i < CW_RAWS;
        snprintf(name, sizeof name, "%s%u", raw ? "r" : "p", raw ? i : i - CW_RAWS);
        prod_item_id *id = raw ? &w->raw[i] : &w->product[i - CW_RAWS];
        if (w->api->item_find(w->ctx, name, id) != PROD_OK)
            die("item_find", name);
    }
}

/* --- the factories ------------------------------------------------------------ */

static uint32_t factory_supply(const cw *w, uint32_t k)
{
    const cw_factory *f = &w->factories[k];
    int64_t up = f->started < 0 ? 0 : (w->now - f->started) / RISE_MS;
    return up >= PROD_SUPPLY_ABUNDANT - PROD_SUPPLY_SCARCE ? PROD_SUPPLY_ABUNDANT
                                                           : PROD_SUPPLY_SCARCE + (uint32_t)up;
}

/* item sold at market: every factory there needing it notes it. */
static void delivered(cw *w, uint64_t market, prod_item_id item)
{
    for (uint32_t k = (uint32_t)(market - 1); k < w->pipelines; k += CW_MARKETS) {
        cw_factory *f = &w->factories[k];
        for (uint32_t i = 0; i < 2; i++)
            f->got |= (uint32_t)(f->in[i] == item) << i;
        if (f->got == 3 && f->started < 0)
            f->started = w->now;
    }
}

static void collected(cw *w, const cw_quote *q)
{
    if (q && q->factory) {
        w->factories[q->factory - 1].got = 0;
        w->factories[q->factory - 1].started = -1;
    }
}

static const cw_quote *quote_at(const cw *w, prod_item_id item, uint64_t market)
{
    for (uint32_t i = w->first[item]; i < w->first[item + 1]; i++)
        if (w->quotes[i].market == market)
            return &w->quotes[i];
    return NULL;
}

/* --- callbacks ------------------------------------------------------------------ */

static int32_t cb_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    const cw *w = user;
    if (item == 0 || item > w->items || index >= w->first[item + 1] - w->first[item])
        return PROD_HOST_NO_MORE;
    const cw_quote *q = &w->quotes[w->first[item] + index];
    out->market = q->market;
    out->flags = q->flags;
    out->buy_price = q->buy;
    out->sell_price = q->sell;
    out->supply = q->factory ? factory_supply(w, q->factory - 1) : q->supply;
    out->activity = q->activity;
    out->trade_volume = VOLUME;
    return PROD_HOST_OK;
}

static int32_t cb_travel(void *user, uint64_t from, uint64_t to, double *out)
{
    (void)user;
    *out = travel(from, to);
    return PROD_HOST_OK;
}

static void *cb_allocate(void *user, void *ptr, size_t old_size, size_t new_size)
{
    cw *w = user;
    if (new_size == 0) {
        free(ptr);
        w->live_bytes -= (int64_t)old_size;
        return NULL;
    }
    void *q = realloc(ptr, new_size);
    if (q)
        w->live_bytes += (int64_t)new_size - (int64_t)old_size;
    return q;
}

static void push_arrival(cw *w, cw_arrival a)
{
    if (w->nheap == w->capheap) {
        w->capheap = w->capheap ? 2 * w->capheap : 1024;
        w->heap = grow(w->heap, w->capheap, sizeof *w->heap);
    }
    uint32_t i = w->nheap++;
    while (i > 0 && w->heap[(i - 1) / 2].at > a.at) {
        w->heap[i] = w->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    w->heap[i] = a;
}

static cw_arrival pop_arrival(cw *w)
{
    cw_arrival top = w->heap[0], last = w->heap[--w->nheap];
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, m = l + 1 < w->nheap && w->heap[l + 1].at < w->heap[l].at ? l + 1 : l;
        if (l >= w->nheap || w->heap[m].at >= last.at)
            break;
        w->heap[i] = w->heap[m];
        i = m;
    }
    if (w->nheap)
        w->heap[i] = last;
    return top;
}

static void cb_event(void *user, const prod_coord_event *e)
{
    cw *w = user;
    w->calls.events[e->type < CW_EVENT_TYPES ? e->type : 0]++;
    w->calls.events_total++;
    cw_worker *k = e->worker >= 1 && e->worker <= w->workers ? &w->crew[e->worker - 1] : NULL;
    switch (e->type) {
    case PROD_COORD_EVENT_TASK_ASSIGNED:
        if (!k)
            die("TASK_ASSIGNED", "names an unknown worker");
        k->task = e->task;
        k->dest = e->market;
        k->arrive_at = e->time + (int64_t)(travel(k->location, e->market) * TRAVEL_MS);
        push_arrival(w, (cw_arrival){.at = k->arrive_at, .task = e->task,
                                     .worker = (uint32_t)e->worker});
        break;
    case PROD_COORD_EVENT_TASK_RELEASED:
    case PROD_COORD_EVENT_TASK_RETRY:
    case PROD_COORD_EVENT_TASK_FAILED:
        if (k && k->task == e->task)
            k->task = 0; /* the order is void */
        break;
    case PROD_COORD_EVENT_PIPELINE_DONE:
        if (e->item && w->nreplan < CW_PRODUCTS)
            w->replan[w->nreplan++] = e->item;
        break;
    default:
        break;
    }
}

/* --- opening and closing ------------------------------------------------------------ */

static void init_ctx(cw *w)
{
    size_t len;
    char *json = recipes_json(&len), err[512] = "";
    w->host = (prod_host){.struct_size = sizeof w->host, .version = PROD_HOST_VERSION,
                          .user = w, .market_quote = cb_quote, .allocate = cb_allocate,
                          .travel_cost = cb_travel, .on_coord_event = cb_event};
    prod_recipe_source src = {.json = json, .json_len = len, .name = "coordworld"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &w->host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    if (w->api->init(&p, &w->ctx) != PROD_OK)
        die("init", err);
    free(json);
}

void cw_open(cw *w, const prod_api *api, uint32_t pipelines, uint32_t workers)
{
    memset(w, 0, sizeof *w);
    w->api = api;
    w->pipelines = pipelines < CW_PRODUCTS ? pipelines : CW_PRODUCTS;
    w->workers = workers;
    init_ctx(w);
    find_items(w);
    build_quotes(w);
    w->factories = grow(NULL, CW_PRODUCTS, sizeof *w->factories);
    for (uint32_t k = 0; k < CW_PRODUCTS; k++)
        w->factories[k] = (cw_factory){.in = {w->raw[raw_a(k)], w->raw[raw_b(k)]}, .started = -1};
    w->crew = calloc(workers ? workers : 1, sizeof *w->crew);
    w->replan = grow(NULL, CW_PRODUCTS, sizeof *w->replan);
    if (!w->crew)
        die("host", "out of memory");
    prod_coord_config cfg = {
        .struct_size = sizeof cfg, .version = PROD_COORD_CONFIG_VERSION, .tag = 1,
        .fields = PROD_COORD_F(PROD_COORD_FIELD_TAG) | PROD_COORD_F(PROD_COORD_FIELD_MAX_PIPELINES) |
                  PROD_COORD_F(PROD_COORD_FIELD_MAX_WORKERS) | PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY),
        .max_pipelines = w->pipelines, .max_workers = workers, .scan_every_ms = 0};
    if (api->coord_create(w->ctx, &cfg, &w->c) != PROD_OK)
        die("coord_create", api->last_error(w->ctx));
}

void cw_close(cw *w)
{
    w->api->coord_destroy(w->c);
    w->api->shutdown(w->ctx);
    free(w->quotes);
    free(w->first);
    free(w->factories);
    free(w->crew);
    free(w->heap);
    free(w->replan);
}

/* --- the host's calls, timed -------------------------------------------------------- */

static void check(cw *w, prod_status st, const char *what)
{
    if (st != PROD_OK)
        die(what, w->api->coord_last_error(w->c));
}

void cw_add_workers(cw *w)
{
    for (uint32_t k = 1; k <= w->workers; k++) {
        w->crew[k - 1].location = 1 + (uint64_t)k * 7919 % CW_MARKETS;
        prod_worker_info info = {.struct_size = sizeof info, .version = PROD_WORKER_INFO_VERSION,
                                 .id = k, .location = w->crew[k - 1].location,
                                 .capacity = CAPACITY};
        check(w, w->api->coord_worker_add(w->c, &info, w->now), "coord_worker_add");
    }
}

static void plan(cw *w, prod_item_id item)
{
    double t0 = bench_now_ns();
    prod_status st = w->api->coord_plan(w->c, item, w->now, NULL);
    w->calls.host_ns += bench_now_ns() - t0;
    w->calls.plans++;
    check(w, st, "coord_plan");
}

void cw_plan_all(cw *w)
{
    for (uint32_t k = 0; k < w->pipelines; k++)
        plan(w, w->product[k]);
}

static void tick(cw *w)
{
    prod_status st;
    do {
        double t0 = bench_now_ns();
        st = w->api->coord_tick(w->c, w->now);
        w->calls.tick_ns += bench_now_ns() - t0;
        w->calls.ticks++;
    } while (st == PROD_MORE);
    check(w, st, "coord_tick");
}

static void report(cw *w, uint32_t worker, const prod_order *o)
{
    prod_task_report r = {.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                          .worker = worker, .task = o->task, .now = w->now,
                          .outcome = PROD_REPORT_DONE, .quantity = o->quantity,
                          .credits = o->quantity * o->price};
    double t0 = bench_now_ns();
    prod_status st = w->api->coord_report(w->c, &r);
    w->calls.host_ns += bench_now_ns() - t0;
    w->calls.reports++;
    check(w, st, "coord_report");
}

/* The worker reached its order's market: it says where it is, arrives,
 * trades what it is told and reports it. */
static void act(cw *w, uint32_t worker)
{
    cw_worker *k = &w->crew[worker - 1];
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION, .worker = worker,
                      .now = w->now, .flags = PROD_ARRIVAL_NO_BUDGET};
    prod_order o = {.struct_size = sizeof o};
    k->location = k->dest;
    k->task = 0;
    double t0 = bench_now_ns();
    prod_status moved = w->api->coord_worker_move(w->c, worker, k->location, w->now);
    prod_status st = w->api->coord_arrive(w->c, &a, &o);
    w->calls.host_ns += bench_now_ns() - t0;
    w->calls.moves++;
    w->calls.arrives++;
    check(w, moved, "coord_worker_move");
    check(w, st, "coord_arrive");
    if (o.action == PROD_ORDER_BUY)
        collected(w, quote_at(w, o.item, o.market));
    else if (o.action == PROD_ORDER_SELL)
        delivered(w, o.market, o.item);
    if (o.action != PROD_ORDER_NONE)
        report(w, worker, &o);
}

void cw_step(cw *w, int64_t now)
{
    w->now = now;
    tick(w);
    while (w->nheap && w->heap[0].at <= now) {
        cw_arrival a = pop_arrival(w);
        const cw_worker *k = &w->crew[a.worker - 1];
        if (k->task == a.task && k->arrive_at == a.at)
            act(w, a.worker);
    }
    for (uint32_t i = 0; i < w->nreplan; i++)
        plan(w, w->replan[i]);
    w->nreplan = 0;
}

void cw_run(cw *w, int64_t until, int64_t step_ms)
{
    for (int64_t t = w->now + step_ms; t <= until; t += step_ms)
        cw_step(w, t);
}
