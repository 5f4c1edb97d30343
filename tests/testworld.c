/* testworld.c - the coordinator tests' world (see testworld.h). */
#include "testworld.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "spacetraders_recipes.h"

const char *TW_SPACETRADERS = SPACETRADERS_RECIPES;

static tw *of(void *user) { return (tw *)user; }

static double pos(const tw *w, uint64_t market)
{
    for (uint32_t i = 0; i < w->nmarkets; i++)
        if (w->market_ids[i] == market)
            return w->market_pos[i];
    return 0;
}

static int32_t cb_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    tw *w = of(user);
    uint32_t seen = 0;
    w->quotes++;
    for (uint32_t i = 0; i < w->n; i++) {
        const tw_entry *e = &w->e[i];
        uint32_t flags = e->supply ? e->flags : e->flags & ~PROD_QUOTE_SELLS;
        if (e->item == item && e->broken)
            return 42;
        if (e->item != item || !flags || seen++ < index)
            continue;
        out->market = e->market;
        out->flags = flags;
        out->buy_price = e->buy;
        out->sell_price = e->sell;
        out->supply = e->supply;
        out->activity = e->activity;
        out->trade_volume = e->volume;
        return PROD_HOST_OK;
    }
    return PROD_HOST_NO_MORE;
}

static int32_t cb_travel(void *user, uint64_t from, uint64_t to, double *out)
{
    tw *w = of(user);
    *out = fabs(pos(w, from) - pos(w, to));
    return PROD_HOST_OK;
}

static void cb_event(void *user, const prod_coord_event *e)
{
    tw *w = of(user);
    if (w->nev == w->capev) {
        w->capev = w->capev ? 2 * w->capev : 1024;
        w->ev = realloc(w->ev, w->capev * sizeof *w->ev);
        if (!w->ev) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    w->ev[w->nev++] = *e;
    tw_worker *k = e->worker ? tw_worker_of(w, e->worker) : NULL;
    int void_order = e->type == PROD_COORD_EVENT_TASK_RELEASED ||
                     e->type == PROD_COORD_EVENT_TASK_RETRY || e->type == PROD_COORD_EVENT_TASK_FAILED;
    if (k && void_order && k->task == e->task)
        k->task = 0;
    if (k && e->type == PROD_COORD_EVENT_TASK_ASSIGNED) {
        k->task = e->task;
        k->dest = e->market;
        k->arrive_at = e->time + (int64_t)(fabs(pos(w, k->location) - pos(w, e->market)) * w->speed);
    }
    if (w->hook)
        w->hook(w, e);
}

/* A failed call's text on stderr, unless the world is lenient. */
static void say(const tw *w, const char *what, const char *text)
{
    if (!w->lenient)
        fprintf(stderr, "%s: %s\n", what, text);
}

/* A call's status: CHECKed, or counted when the world is lenient. */
static int ok(tw *w, prod_status st)
{
    if (!w->lenient)
        return CHECK_OK(st);
    w->failures += st != PROD_OK;
    return st == PROD_OK;
}

/* The world's callbacks on a host table already loaded. */
static void callbacks(tw *w, int no_travel)
{
    w->h.host.market_quote = cb_quote;
    w->h.host.travel_cost = no_travel ? NULL : cb_travel;
    w->h.host.on_coord_event = cb_event;
    w->speed = 1000;
    w->credits = 1e9;
}

void tw_prepare(tw *w, const char *so, int no_travel)
{
    memset(w, 0, sizeof *w);
    th_load(&w->h, so);
    callbacks(w, no_travel);
}

void tw_attach(tw *w, const prod_api *api, int no_travel)
{
    memset(w, 0, sizeof *w);
    th_attach(&w->h, api);
    callbacks(w, no_travel);
}

int tw_start(tw *w, const char *recipes, const prod_coord_config *cfg)
{
    char err[512] = "";
    if (!ok(w, th_init(&w->h, recipes, 0, err, sizeof err))) {
        say(w, "init", err);
        return 0;
    }
    if (!ok(w, w->h.api->coord_create(w->h.ctx, cfg, &w->c))) {
        say(w, "coord_create", w->h.api->last_error(w->h.ctx));
        return 0;
    }
    return 1;
}

int tw_open(tw *w, const char *so, const char *recipes, const prod_coord_config *cfg,
            int no_travel)
{
    tw_prepare(w, so, no_travel);
    return tw_start(w, recipes, cfg);
}

void tw_machinery(tw *w)
{
    tw_market(w, 11, 0);
    tw_market(w, 12, 10);
    tw_market(w, 13, 20);
    tw_add(w, 11, "IRON", PROD_QUOTE_SELLS, 10, 0, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 30);
    tw_add(w, 12, "IRON", PROD_QUOTE_BUYS, 0, 12, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_STRONG, 30);
    tw_factory(w, tw_add(w, 12, "MACHINERY", PROD_QUOTE_SELLS, 50, 0, 0, PROD_ACTIVITY_STRONG, 30),
               60000, "IRON", NULL);
    tw_add(w, 13, "MACHINERY", PROD_QUOTE_BUYS, 0, 100, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK,
           30);
}

void tw_products(tw *w)
{
    for (uint64_t m = 1; m <= 8; m++)
        tw_market(w, m, (double)(m * 7 % 11));
    tw_add(w, 1, "IRON", PROD_QUOTE_SELLS, 10, 0, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 30);
    tw_add(w, 2, "IRON", PROD_QUOTE_BUYS, 0, 12, 2, PROD_ACTIVITY_STRONG, 30);
    tw_factory(w, tw_add(w, 2, "MACHINERY", PROD_QUOTE_SELLS, 50, 0, 0, PROD_ACTIVITY_STRONG, 30),
               45000, "IRON", NULL);
    tw_add(w, 3, "MACHINERY", PROD_QUOTE_BUYS, 0, 100, 2, PROD_ACTIVITY_WEAK, 30);
    tw_add(w, 4, "SILICON_CRYSTALS", PROD_QUOTE_SELLS, 8, 0, 5, PROD_ACTIVITY_STRONG, 40);
    tw_add(w, 5, "COPPER_ORE", PROD_QUOTE_SELLS, 3, 0, 4, PROD_ACTIVITY_GROWING, 40);
    tw_add(w, 6, "COPPER_ORE", PROD_QUOTE_BUYS, 0, 4, 2, PROD_ACTIVITY_STRONG, 40);
    tw_factory(w, tw_add(w, 6, "COPPER", PROD_QUOTE_SELLS, 20, 0, 0, PROD_ACTIVITY_STRONG, 40),
               30000, "COPPER_ORE", NULL);
    tw_add(w, 7, "SILICON_CRYSTALS", PROD_QUOTE_BUYS, 0, 9, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(w, 7, "COPPER", PROD_QUOTE_BUYS, 0, 25, 2, PROD_ACTIVITY_WEAK, 40);
    tw_factory(w, tw_add(w, 7, "ELECTRONICS", PROD_QUOTE_SELLS, 70, 0, 0, PROD_ACTIVITY_STRONG, 40),
               40000, "SILICON_CRYSTALS", "COPPER", NULL);
    tw_add(w, 8, "ELECTRONICS", PROD_QUOTE_BUYS, 0, 160, 1, PROD_ACTIVITY_RESTRICTED, 40);
    tw_add(w, 8, "COPPER", PROD_QUOTE_BUYS, 0, 22, 3, PROD_ACTIVITY_WEAK, 40);
    tw_add(w, 3, "IRON", PROD_QUOTE_BUYS, 0, 9, 2, PROD_ACTIVITY_WEAK, 40);
}

/* The events, one a line, on stderr (TW_TRACE=1 in the environment). */
static void dump(const tw *w)
{
    static const char *const NAMES[] = {"?", "CREATED", "PIPE_STATE", "PIPE_DONE", "TASK_CREATED",
                                        "LIQUIDATION", "READY", "ASSIGNED", "STARTED", "COMPLETED",
                                        "RETRY", "FAILED", "RELEASED", "FACTORY", "POLL",
                                        "LONG_WAIT", "CONFIG", "PLAN_FAILED", "RESUMED"};
    for (size_t i = 0; i < w->nev; i++) {
        const prod_coord_event *e = &w->ev[i];
        fprintf(stderr, "  %8lld %-12s p%llu t%llx type%u w%llu m%llu item%u state%u reason%u "
                        "q%llu cr%g polls%u supply%u due%lld\n",
                (long long)e->time, e->type < 19 ? NAMES[e->type] : "?",
                (unsigned long long)e->pipeline, (unsigned long long)e->task, e->task_type,
                (unsigned long long)e->worker, (unsigned long long)e->market, e->item, e->state,
                e->reason, (unsigned long long)e->quantity, e->credits, e->polls, e->supply,
                (long long)e->due);
    }
}

void tw_close(tw *w)
{
    if (getenv("TW_TRACE"))
        dump(w);
    w->h.api->coord_destroy(w->c);
    w->c = NULL;
    free(w->ev);
    w->ev = NULL;
    w->nev = w->capev = 0;
    th_close(&w->h);
}

void tw_market(tw *w, uint64_t id, double p)
{
    w->market_ids[w->nmarkets] = id;
    w->market_pos[w->nmarkets++] = p;
}

prod_item_id tw_item(tw *w, const char *name) { return th_item(&w->h, name); }

uint32_t tw_add(tw *w, uint64_t market, const char *item, uint32_t flags, double buy,
                double sell, uint32_t supply, uint32_t activity, uint32_t volume)
{
    tw_entry *e = &w->e[w->n];
    *e = (tw_entry){.market = market, .item = tw_item(w, item), .flags = flags, .supply = supply,
                    .activity = activity, .volume = volume, .buy = buy, .sell = sell,
                    .started = -1};
    return w->n++;
}

void tw_factory(tw *w, uint32_t ix, int64_t rise_ms, ...)
{
    va_list ap;
    va_start(ap, rise_ms);
    tw_entry *e = &w->e[ix];
    e->rise_ms = rise_ms;
    for (const char *in; (in = va_arg(ap, const char *)) != NULL && e->input_count < TW_INPUTS;)
        e->inputs[e->input_count++] = tw_item(w, in);
    va_end(ap);
}

tw_entry *tw_entry_of(tw *w, uint64_t market, const char *item)
{
    prod_item_id id = tw_item(w, item);
    for (uint32_t i = 0; i < w->n; i++)
        if (w->e[i].market == market && w->e[i].item == id)
            return &w->e[i];
    return NULL;
}

static tw_entry *entry(tw *w, uint64_t market, prod_item_id item)
{
    for (uint32_t i = 0; i < w->n; i++)
        if (w->e[i].market == market && w->e[i].item == item)
            return &w->e[i];
    return NULL;
}

void tw_worker_add(tw *w, uint64_t id, uint64_t location, uint32_t capacity)
{
    tw_worker *k = &w->w[w->nw++];
    *k = (tw_worker){.id = id, .location = location, .capacity = capacity, .live = 1};
    prod_worker_info info = {.struct_size = sizeof info, .version = PROD_WORKER_INFO_VERSION,
                             .id = id, .location = location, .capacity = capacity};
    if (!ok(w, w->h.api->coord_worker_add(w->c, &info, w->now)))
        say(w, "coord_worker_add", w->h.api->coord_last_error(w->c));
}

tw_worker *tw_worker_of(tw *w, uint64_t id)
{
    for (uint32_t i = 0; i < w->nw; i++)
        if (w->w[i].id == id && w->w[i].live)
            return &w->w[i];
    return NULL;
}

/* --- the world moving -------------------------------------------------------- */

/* A delivery of item to market: the factories there needing it note it,
 * and one with all its inputs starts producing. */
static void delivered(tw *w, uint64_t market, prod_item_id item)
{
    for (uint32_t i = 0; i < w->n; i++) {
        tw_entry *e = &w->e[i];
        uint32_t got = 0;
        if (e->market != market || !e->input_count)
            continue;
        for (uint32_t k = 0; k < e->input_count; k++) {
            e->delivered[k] |= e->inputs[k] == item;
            got += e->delivered[k];
        }
        if (got == e->input_count && e->started < 0) {
            e->started = w->now;
            e->base = e->supply;
        }
    }
}

static void produce(tw *w)
{
    for (uint32_t i = 0; i < w->n; i++) {
        tw_entry *e = &w->e[i];
        if (e->started < 0 || !e->rise_ms)
            continue;
        int64_t up = (w->now - e->started) / e->rise_ms + e->base;
        e->supply = up > PROD_SUPPLY_ABUNDANT ? PROD_SUPPLY_ABUNDANT : (uint32_t)up;
    }
}

static prod_item_qty *held(tw_worker *k, prod_item_id item)
{
    for (uint32_t i = 0; i < k->cargo_count; i++)
        if (k->cargo[i].item == item)
            return &k->cargo[i];
    return NULL;
}

static void report(tw *w, tw_worker *k, uint64_t task, uint32_t outcome, uint32_t failure,
                   uint32_t qty, double credits)
{
    prod_task_report r = {.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                          .worker = k->id, .task = task, .now = w->now, .outcome = outcome,
                          .failure = failure, .quantity = qty, .credits = credits};
    w->reports++;
    w->last_report = w->h.api->coord_report(w->c, &r);
    if (!ok(w, w->last_report))
        say(w, "coord_report", w->h.api->coord_last_error(w->c));
}

static void buy(tw *w, tw_worker *k, const prod_order *o)
{
    tw_entry *e = entry(w, o->market, o->item);
    prod_item_qty *s = held(k, o->item);
    if (!s) {
        s = &k->cargo[k->cargo_count++];
        *s = (prod_item_qty){o->item, 0};
    }
    s->qty += o->quantity;
    w->credits -= o->quantity * e->buy;
    if (e->supply > PROD_SUPPLY_SCARCE && e->input_count) { /* a factory's output collected */
        e->supply--;
        e->started = -1;
        memset(e->delivered, 0, sizeof e->delivered);
    }
    report(w, k, o->task, PROD_REPORT_DONE, 0, o->quantity, o->quantity * e->buy);
}

static void sell(tw *w, tw_worker *k, const prod_order *o)
{
    tw_entry *e = entry(w, o->market, o->item);
    prod_item_qty *s = held(k, o->item);
    s->qty -= o->quantity;
    if (!s->qty)
        *s = k->cargo[--k->cargo_count];
    w->credits += o->quantity * e->sell;
    delivered(w, o->market, o->item);
    report(w, k, o->task, PROD_REPORT_DONE, 0, o->quantity, o->quantity * e->sell);
}

/* 1 when k arrived and did something. */
static int act(tw *w, tw_worker *k)
{
    if (!k->live || !k->task || k->hold || k->arrive_at > w->now)
        return 0;
    uint64_t task = k->task;
    k->task = 0;
    k->location = k->dest;
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION, .worker = k->id,
                      .now = w->now, .credits = w->credits > 0 ? w->credits : 0};
    prod_order o = {.struct_size = sizeof o};
    w->arrivals++;
    w->last_arrive = w->h.api->coord_arrive(w->c, &a, &o);
    if (w->last_arrive != PROD_OK) {
        say(w, "coord_arrive", w->h.api->coord_last_error(w->c));
        return 1;
    }
    if (o.action != PROD_ORDER_NONE && k->fail_next) {
        report(w, k, task, PROD_REPORT_FAILED, k->fail_next, 0, 0);
        k->fail_next = 0;
    } else if (o.action == PROD_ORDER_BUY) {
        buy(w, k, &o);
    } else if (o.action == PROD_ORDER_SELL) {
        sell(w, k, &o);
    }
    return 1;
}

void tw_step(tw *w, int64_t now)
{
    w->now = now;
    produce(w);
    prod_status st;
    while ((st = w->h.api->coord_tick(w->c, now)) == PROD_MORE)
        ;
    if (!ok(w, st))
        say(w, "coord_tick", w->h.api->coord_last_error(w->c));
    for (int any = 1; any;) {
        any = 0;
        for (uint32_t i = 0; i < w->nw; i++)
            any |= act(w, &w->w[i]);
        produce(w);
    }
}

void tw_run(tw *w, int64_t until, int64_t step)
{
    for (int64_t t = w->now; t <= until; t += step)
        tw_step(w, t);
}

int tw_reload(tw *w)
{
    uint8_t *b = NULL;
    size_t len = 0;
    const prod_api *a = w->h.api;
    if (!ok(w, a->coord_serialize(w->c, &b, &len)))
        return 0;
    a->coord_destroy(w->c);
    w->c = NULL;
    prod_status st = a->coord_deserialize(w->h.ctx, b, len, &w->c);
    a->free_buffer(b);
    if (!ok(w, st)) {
        say(w, "coord_deserialize", a->last_error(w->h.ctx));
        return 0;
    }
    return 1;
}

/* --- reading back ---------------------------------------------------------------- */

size_t tw_count(const tw *w, uint32_t type)
{
    size_t n = 0;
    for (size_t i = 0; i < w->nev; i++)
        n += w->ev[i].type == type;
    return n;
}

size_t tw_find(const tw *w, uint32_t type, size_t from, uint64_t task)
{
    for (size_t i = from; i < w->nev; i++)
        if (w->ev[i].type == type && (!task || w->ev[i].task == task))
            return i;
    return (size_t)-1;
}

prod_pipeline_status *tw_status(tw *w, uint64_t pipeline)
{
    prod_pipeline_status *s = NULL;
    if (!ok(w, w->h.api->coord_status(w->c, pipeline, &s)))
        say(w, "coord_status", w->h.api->coord_last_error(w->c));
    return s;
}

const prod_coord_task *tw_task(const prod_pipeline_status *s, uint32_t type)
{
    for (uint32_t i = 0; s && i < s->task_count; i++)
        if (s->tasks[i].type == type)
            return &s->tasks[i];
    return NULL;
}

prod_coord_config tw_cfg(uint32_t field, double v)
{
    prod_coord_config c = {.struct_size = sizeof c, .version = PROD_COORD_CONFIG_VERSION,
                           .fields = PROD_COORD_F(field)};
    switch (field) {
    case PROD_COORD_FIELD_TAG: c.tag = (uint64_t)v; break;
    case PROD_COORD_FIELD_PRESET: c.preset = (uint32_t)v; break;
    case PROD_COORD_FIELD_MAX_PIPELINES: c.max_pipelines = (uint32_t)v; break;
    case PROD_COORD_FIELD_MAX_WORKERS: c.max_workers = (uint32_t)v; break;
    case PROD_COORD_FIELD_COLLECT_START: c.collect_start_supply = (uint32_t)v; break;
    case PROD_COORD_FIELD_COLLECT_EXECUTE: c.collect_execute_supply = (uint32_t)v; break;
    case PROD_COORD_FIELD_ACQUIRE_START: c.acquire_start_supply = (uint32_t)v; break;
    case PROD_COORD_FIELD_ACQUIRE_EXECUTE: c.acquire_execute_supply = (uint32_t)v; break;
    case PROD_COORD_FIELD_MIN_PURCHASE_PRICE: c.min_purchase_price = v; break;
    case PROD_COORD_FIELD_STRATEGY: c.strategy = (uint32_t)v; break;
    case PROD_COORD_FIELD_MAX_RETRIES: c.max_retries = (uint32_t)v; break;
    case PROD_COORD_FIELD_LONG_WAIT_POLLS: c.long_wait_polls = (uint32_t)v; break;
    case PROD_COORD_FIELD_RETRY_BACKOFF: c.retry_backoff_ms = (int64_t)v; break;
    case PROD_COORD_FIELD_POLL_FIRST: c.poll_first_ms = (int64_t)v; break;
    case PROD_COORD_FIELD_POLL_EVERY: c.poll_every_ms = (int64_t)v; break;
    case PROD_COORD_FIELD_SCAN_EVERY: c.scan_every_ms = (int64_t)v; break;
    case PROD_COORD_FIELD_TICK_BUDGET: c.tick_budget = (uint32_t)v; break;
    case PROD_COORD_FIELD_MARGIN_DROP: c.margin_drop_pct = (uint32_t)v; break;
    default: c.keep_finished = (uint32_t)v; break;
    }
    return c;
}
