/* pipeline.c - a supply-chain coordinator driving two NPC haulers: it
 * plans "ingot" (bought ore delivered to a smelter, the ingots collected
 * once the smelter's stock is up, sold where they pay most), hands the
 * haulers their orders, and the host carries them out and reports what
 * happened. The world is the host's: three markets on a line, a smelter
 * whose ingot stock rises a level every 20 s of game time once ore was
 * delivered, haulers that travel one unit of distance per second.
 *
 *   cc pipeline.c $(pkg-config --cflags --libs production) */
#include <stdio.h>
#include <string.h>

#include "production.h"

static const char *RECIPES = "[{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"
                             "\"outputs\":[{\"item\":\"ingot\",\"qty\":1}],\"duration_ms\":2000}]";

enum { MINE = 1, SMELTER = 2, CITY = 3 }; /* market ids are host locations too */

typedef struct hauler {
    uint64_t id, location, task, dest; /* dest: where its current order is (task 0: none) */
    int64_t arrive_at;
    uint32_t cargo; /* units of whatever it carries */
} hauler;

typedef struct world {
    const prod_api *api;
    prod_ctx *ctx;
    prod_coordinator *coord;
    prod_item_id ore, ingot;
    uint32_t ingot_supply;  /* the smelter's stock level, PROD_SUPPLY_* */
    int64_t ore_in_at;      /* when ore was delivered (-1: not yet) */
    double wallet;
    int done;               /* PIPELINE_DONE came */
    hauler h[2];
} world;

static double position(uint64_t market) { return market == MINE ? 0 : market == SMELTER ? 10 : 25; }

static int32_t travel_cost(void *user, uint64_t from, uint64_t to, double *out)
{
    (void)user;
    double d = position(from) - position(to);
    *out = d < 0 ? -d : d;
    return PROD_HOST_OK;
}

/* Quotes: the mine sells ore, the smelter buys ore and sells ingots, the
 * city buys ingots. */
static int32_t market_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    world *w = user;
    out->activity = PROD_ACTIVITY_STRONG;
    out->trade_volume = 20;
    if (item == w->ore && index < 2) {
        out->market = index == 0 ? MINE : SMELTER;
        out->flags = index == 0 ? PROD_QUOTE_SELLS : PROD_QUOTE_BUYS;
        out->buy_price = 4;
        out->sell_price = 6;
        out->supply = index == 0 ? PROD_SUPPLY_HIGH : PROD_SUPPLY_LIMITED;
        return PROD_HOST_OK;
    }
    if (item == w->ingot && index < 2) {
        out->market = index == 0 ? SMELTER : CITY;
        out->flags = index == 0 ? PROD_QUOTE_SELLS : PROD_QUOTE_BUYS;
        out->buy_price = 12;
        out->sell_price = 30;
        out->supply = index == 0 ? w->ingot_supply : PROD_SUPPLY_LIMITED;
        out->activity = index == 0 ? PROD_ACTIVITY_STRONG : PROD_ACTIVITY_WEAK; /* a hungry buyer */
        return PROD_HOST_OK;
    }
    return PROD_HOST_NO_MORE;
}

static hauler *hauler_of(world *w, uint64_t id)
{
    for (int i = 0; i < 2; i++)
        if (w->h[i].id == id)
            return &w->h[i];
    return NULL;
}

/* Orders arrive as events: TASK_ASSIGNED sends a hauler somewhere; a retry,
 * failure or release of its task voids that order. */
static void on_coord_event(void *user, const prod_coord_event *e)
{
    world *w = user;
    if (e->type == PROD_COORD_EVENT_PIPELINE_DONE)
        w->done = 1;
    hauler *h = e->worker ? hauler_of(w, e->worker) : NULL;
    if (!h)
        return;
    if (e->type == PROD_COORD_EVENT_TASK_ASSIGNED) {
        double d;
        travel_cost(NULL, h->location, e->market, &d);
        h->task = e->task;
        h->dest = e->market;
        h->arrive_at = e->time + (int64_t)(d * 1000);
    } else if ((e->type == PROD_COORD_EVENT_TASK_RETRY || e->type == PROD_COORD_EVENT_TASK_FAILED ||
                e->type == PROD_COORD_EVENT_TASK_RELEASED) &&
               e->task == h->task) {
        h->task = 0;
    }
}

/* The hauler is there: say so, ask for the order, trade, report what
 * happened. */
static void arrive(world *w, hauler *h, int64_t now)
{
    uint64_t task = h->task;
    h->task = 0;
    h->location = h->dest; /* coord_arrive puts the worker there too */
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION, .worker = h->id,
                      .now = now, .credits = w->wallet};
    prod_order o = {.struct_size = sizeof o};
    if (w->api->coord_arrive(w->coord, &a, &o) != PROD_OK || o.action == PROD_ORDER_NONE)
        return; /* nothing to trade (an event may already have sent it on) */
    double credits = o.quantity * o.price;
    if (o.action == PROD_ORDER_BUY) {
        w->wallet -= credits;
        h->cargo += o.quantity;
    } else {
        w->wallet += credits;
        h->cargo -= o.quantity;
        if (o.market == SMELTER && o.item == w->ore)
            w->ore_in_at = now; /* the smelter starts producing */
    }
    prod_task_report r = {.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                          .worker = h->id, .task = task, .now = now,
                          .outcome = PROD_REPORT_DONE, .quantity = o.quantity, .credits = credits};
    w->api->coord_report(w->coord, &r); /* may hand h its next order (an event) */
}

static int setup(world *w)
{
    char err[256] = "";
    const prod_api *api = w->api = prod_get_api(PROD_ABI_VERSION, NULL);
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION, .user = w,
                      .market_quote = market_quote, .travel_cost = travel_cost,
                      .on_coord_event = on_coord_event};
    prod_recipe_source src = {.json = RECIPES, .name = "recipes"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    if (!api || api->init(&p, &w->ctx) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        return 0;
    }
    api->item_find(w->ctx, "ore", &w->ore);
    api->item_find(w->ctx, "ingot", &w->ingot);
    prod_coord_config cfg = {.struct_size = sizeof cfg, .version = PROD_COORD_CONFIG_VERSION,
                             .fields = PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY), .scan_every_ms = 0};
    if (api->coord_create(w->ctx, &cfg, &w->coord) != PROD_OK)
        return 0;
    for (int i = 0; i < 2; i++) {
        w->h[i] = (hauler){.id = 100 + (uint64_t)i, .location = i ? CITY : MINE};
        prod_worker_info wi = {.struct_size = sizeof wi, .version = PROD_WORKER_INFO_VERSION,
                               .id = w->h[i].id, .location = w->h[i].location, .capacity = 40};
        api->coord_worker_add(w->coord, &wi, 0);
    }
    return 1;
}

int main(void)
{
    world w = {.ingot_supply = PROD_SUPPLY_SCARCE, .ore_in_at = -1, .wallet = 1000};
    if (!setup(&w))
        return 1;
    const prod_api *api = w.api;
    uint64_t id = 0;
    if (api->coord_plan(w.coord, w.ingot, 0, &id) != PROD_OK) {
        fprintf(stderr, "coord_plan: %s\n", api->coord_last_error(w.coord));
        return 1;
    }
    for (int64_t now = 0; now <= 3600 * 1000 && !w.done; now += 1000) { /* the game loop, 1 s steps */
        if (w.ore_in_at >= 0 && w.ingot_supply < PROD_SUPPLY_ABUNDANT &&
            now - w.ore_in_at >= 20000 * (w.ingot_supply - PROD_SUPPLY_SCARCE + 1))
            w.ingot_supply++;
        while (api->coord_tick(w.coord, now) == PROD_MORE)
            ;
        for (int i = 0; i < 2; i++)
            if (w.h[i].task && w.h[i].arrive_at <= now)
                arrive(&w, &w.h[i], now);
    }
    prod_pipeline_status *s = NULL;
    if (api->coord_status(w.coord, id, &s) != PROD_OK)
        return 1;
    for (uint32_t i = 0; i < s->task_count; i++) {
        static const char *const TYPE[] = {"", "ACQUIRE", "DELIVER", "COLLECT", "SELL", "LIQUIDATE"};
        const prod_coord_task *t = &s->tasks[i];
        printf("%-8s %-5s x%-3llu worker %llu at market %llu, done at %llds\n", TYPE[t->type],
               api->item_name(w.ctx, t->item), (unsigned long long)t->quantity,
               (unsigned long long)t->worker, (unsigned long long)t->market,
               (long long)(t->completed_at / 1000));
    }
    printf("pipeline %s: cost %.2f, revenue %.2f, profit %.2f; wallet %.2f\n",
           s->state == PROD_PIPELINE_COMPLETED ? "completed" : "not completed", s->cost, s->revenue,
           s->net_profit, w.wallet);
    api->free_buffer(s);
    api->coord_destroy(w.coord);
    api->shutdown(w.ctx);
    return 0;
}
