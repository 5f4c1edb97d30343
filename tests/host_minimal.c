/* host_minimal.c - the minimal host (host-stub/minimal) with the real plugin:
 * the loader's handshake and its refusals, and every callback of ABI 1.2
 * through ph_host: inventory_consume all or nothing (tools checked, not
 * removed), inventory_add answering PROD_HOST_FULL (the job blocks, then
 * completes once there is room), inventory_count (build_max and
 * recipes_startable), both modifier sources multiplied, on_event, log, and
 * market_quote (market_best_buy, a quote set again, an item no market
 * trades). Self-contained checks: usage: host_minimal PLUGIN RECIPES */
#include <stdio.h>
#include <string.h>

#include "ph_host.h"
#include "ph_loader.h"

static int failures;
#define EXPECT(cond)                                                                 \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);       \
            failures++;                                                              \
        }                                                                            \
    } while (0)

typedef struct seen {
    uint32_t types[16];
    int64_t times[16];
    uint32_t n;
    int logs;
    int32_t last_level;
} seen;

static void on_event(void *user, const prod_event *e)
{
    seen *s = user;
    if (s->n < 16) {
        s->types[s->n] = e->type;
        s->times[s->n++] = e->time;
    }
}

static void on_log(void *user, int32_t level, const char *message)
{
    seen *s = user;
    s->logs++;
    s->last_level = level;
    (void)message;
}

typedef struct fixture {
    const prod_api *api;
    ph_host h;
    prod_ctx *ctx;
    prod_manager *m;
    seen seen;
    prod_recipe_ix sword;
    prod_item_id ingot, hammer, log, gem;
} fixture;

static uint64_t count(fixture *f, uint64_t inv, prod_item_id item)
{
    uint64_t n = 0;
    EXPECT(ph_inv_count(f->h.inv, inv, item, &n) == PROD_HOST_OK);
    return n;
}

static void stock(fixture *f, uint64_t inv, uint64_t capacity, uint32_t ingots)
{
    prod_item_qty items[] = {{f->ingot, ingots}, {f->hammer, 1}};
    EXPECT(ph_inv_open(f->h.inv, inv, capacity) == 0);
    EXPECT(ph_inv_add(f->h.inv, inv, items, 2) == PROD_HOST_OK);
}

/* Consume is all or nothing; the hammer is a tool. */
static void consume(fixture *f)
{
    stock(f, 1, 100, 2);
    EXPECT(f->api->start(f->m, f->sword, 7, 1, 0, NULL) == PROD_ERR_INSUFFICIENT);
    EXPECT(count(f, 1, f->ingot) == 2 && count(f, 1, f->hammer) == 1 && f->seen.n == 0);
    prod_item_qty one = {f->ingot, 1};
    EXPECT(ph_inv_add(f->h.inv, 1, &one, 1) == PROD_HOST_OK);
    prod_job_id job = 0;
    EXPECT(f->api->start(f->m, f->sword, 7, 1, 0, &job) == PROD_OK);
    EXPECT(count(f, 1, f->ingot) == 0 && count(f, 1, f->hammer) == 1);
    EXPECT(f->seen.n == 1 && f->seen.types[0] == PROD_EVENT_STARTED && f->seen.times[0] == 0);
    EXPECT(f->api->tick(f->m, 5000) == PROD_OK);
    EXPECT(f->seen.n == 2 && f->seen.types[1] == PROD_EVENT_COMPLETED && f->seen.times[1] == 5000);
    uint64_t swords = 0;
    prod_item_id sword_item = 0;
    EXPECT(f->api->item_find(f->ctx, "iron_sword", &sword_item) == PROD_OK);
    EXPECT(ph_inv_count(f->h.inv, 1, sword_item, &swords) == PROD_HOST_OK && swords == 1);
}

/* An inventory with no room: the output is held, then delivered. */
static void full(fixture *f)
{
    stock(f, 2, 5, 3); /* 4 items; the start leaves 1 */
    prod_item_qty logs = {f->log, 4};
    f->seen.n = 0;
    EXPECT(f->api->start(f->m, f->sword, 7, 2, 10000, NULL) == PROD_OK);
    EXPECT(ph_inv_add(f->h.inv, 2, &logs, 1) == PROD_HOST_OK);
    EXPECT(ph_inv_add(f->h.inv, 2, &logs, 1) == PROD_HOST_FULL);
    EXPECT(f->api->tick(f->m, 15000) == PROD_OK);
    EXPECT(f->seen.n == 2 && f->seen.types[1] == PROD_EVENT_OUTPUT_BLOCKED);
    EXPECT(ph_inv_take(f->h.inv, 2, f->log, 4) == 4);
    EXPECT(f->api->tick(f->m, 16000) == PROD_OK);
    EXPECT(f->seen.n == 3 && f->seen.types[2] == PROD_EVENT_COMPLETED &&
           f->seen.times[2] == 16000);
}

/* inventory_count answers the "what can I build" queries. */
static void counts(fixture *f)
{
    stock(f, 3, 100, 7);
    prod_item_id sword_item = 0;
    EXPECT(f->api->item_find(f->ctx, "iron_sword", &sword_item) == PROD_OK);
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = sword_item, .runs = 1};
    uint64_t n = 0;
    EXPECT(f->api->build_max(f->ctx, &q, 3, &n) == PROD_OK && n == 2);
    prod_recipe_ix *list = NULL;
    uint32_t k = 0;
    EXPECT(f->api->recipes_startable(f->ctx, 3, &list, &k) == PROD_OK);
    int has_sword = 0;
    for (uint32_t i = 0; i < k; i++)
        has_sword |= list[i] == f->sword;
    EXPECT(has_sword);
    f->api->free_buffer(list);
}

/* Manager and owner sources multiply: 5000 ms x 0.5 x 0.5. */
static void modifiers(fixture *f)
{
    prod_modifiers half = {1, 1, 0.5}, bad = {1, 1, -1};
    EXPECT(ph_host_set_modifiers(&f->h, PH_MOD_BY_MANAGER, 42, half) == 0);
    EXPECT(ph_host_set_modifiers(&f->h, PH_MOD_BY_OWNER, 8, half) == 0);
    EXPECT(ph_host_set_modifiers(&f->h, PH_MOD_BY_OWNER, 9, bad) == -1);
    EXPECT(ph_host_set_modifiers(&f->h, PH_MOD_SOURCES, 9, half) == -1);
    stock(f, 4, 100, 6);
    prod_job_id a = 0, b = 0;
    EXPECT(f->api->start(f->m, f->sword, 8, 4, 20000, &a) == PROD_OK); /* both sources */
    EXPECT(f->api->start(f->m, f->sword, 7, 4, 20000, &b) == PROD_OK); /* manager only */
    prod_job_info ja = {.struct_size = sizeof ja}, jb = {.struct_size = sizeof jb};
    EXPECT(f->api->job_get(f->m, a, 20000, &ja) == PROD_OK && ja.duration == 1250);
    EXPECT(f->api->job_get(f->m, b, 20000, &jb) == PROD_OK && jb.duration == 2500);
    EXPECT(f->api->tick(f->m, 30000) == PROD_OK);
}

static prod_market_quote quote(uint64_t market, uint32_t flags, double buy, double sell,
                               uint32_t supply, uint32_t activity)
{
    return (prod_market_quote){.flags = flags, .market = market, .buy_price = buy,
                               .sell_price = sell, .supply = supply, .activity = activity,
                               .trade_volume = 10};
}

static void market(fixture *f)
{
    prod_market_quote a = quote(1, PROD_QUOTE_SELLS, 12, 0, PROD_SUPPLY_MODERATE,
                                PROD_ACTIVITY_WEAK);
    prod_market_quote b = quote(2, PROD_QUOTE_SELLS | PROD_QUOTE_BUYS, 10, 8,
                                PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK);
    EXPECT(ph_market_set(f->h.market, f->ingot, &a) == 0);
    EXPECT(ph_market_set(f->h.market, f->ingot, &b) == 0);
    prod_market_quote best = {.struct_size = sizeof best};
    EXPECT(f->api->market_best_buy(f->ctx, f->ingot, &best) == PROD_OK);
    EXPECT(best.market == 2 && best.buy_price == 10);
    a.buy_price = 9; /* market 1 gets cheaper: set again, same place */
    EXPECT(ph_market_set(f->h.market, f->ingot, &a) == 0);
    EXPECT(f->api->market_best_buy(f->ctx, f->ingot, &best) == PROD_OK);
    EXPECT(best.market == 1 && best.buy_price == 9);
    prod_market_quote q = {.struct_size = sizeof q};
    EXPECT(ph_market_quote(f->h.market, f->ingot, 0, &q) == PROD_HOST_OK && q.market == 1);
    EXPECT(ph_market_quote(f->h.market, f->ingot, 1, &q) == PROD_HOST_OK && q.market == 2);
    EXPECT(ph_market_quote(f->h.market, f->ingot, 2, &q) == PROD_HOST_NO_MORE);
    EXPECT(f->api->market_best_buy(f->ctx, f->gem, &best) == PROD_ERR_NOT_FOUND);
    ph_market_clear(f->h.market);
    EXPECT(f->api->market_best_buy(f->ctx, f->ingot, &best) == PROD_ERR_NOT_FOUND);
}

/* The log route (the plugin logs host errors during ticks). */
static void logs(fixture *f)
{
    prod_host table;
    ph_host_table(&f->h, &table);
    table.log(table.user, PROD_LOG_WARN, "a warning");
    EXPECT(f->seen.logs == 1 && f->seen.last_level == PROD_LOG_WARN);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: host_minimal PLUGIN RECIPES\n");
        return 2;
    }
    ph_plugin p;
    char why[512];
    EXPECT(ph_plugin_load("/nonexistent/libproduction.so", &p, why, sizeof why) == -1);
    EXPECT(p.api == NULL && strstr(why, "cannot load plugin /nonexistent/") != NULL);
    EXPECT(ph_plugin_load("libc.so.6", &p, why, sizeof why) == -1);
    EXPECT(strstr(why, "does not export prod_get_api") != NULL);
    if (ph_plugin_load(argv[1], &p, why, sizeof why) != 0) {
        fprintf(stderr, "host_minimal: %s\n", why);
        return 1;
    }
    fixture f = {.api = p.api};
    EXPECT(ph_host_init(&f.h) == 0);
    f.h.event_fn = on_event;
    f.h.event_user = &f.seen;
    f.h.log_fn = on_log;
    f.h.log_user = &f.seen;
    prod_host table;
    ph_host_table(&f.h, &table);
    EXPECT(table.struct_size == sizeof table && table.modifier_source_count == PH_MOD_SOURCES);
    EXPECT(table.inventory_count && table.inventory_consume && table.inventory_add &&
           table.on_event && table.get_modifiers && table.log && table.market_quote);
    prod_recipe_source src = {.path = argv[2]};
    prod_init_params ip = {.struct_size = sizeof ip, .version = PROD_INIT_PARAMS_VERSION,
                           .host = &table, .sources = &src, .source_count = 1, .error = why,
                           .error_cap = sizeof why};
    prod_manager_config mc = {.struct_size = sizeof mc, .version = PROD_MANAGER_CONFIG_VERSION,
                              .tag = 42, .seed = 1, .id_space = 1};
    if (f.api->init(&ip, &f.ctx) != PROD_OK || f.api->manager_create(f.ctx, &mc, &f.m) ||
        f.api->recipe_find(f.ctx, "iron_sword", &f.sword) ||
        f.api->item_find(f.ctx, "iron_ingot", &f.ingot) ||
        f.api->item_find(f.ctx, "hammer", &f.hammer) || f.api->item_find(f.ctx, "log", &f.log) ||
        f.api->item_find(f.ctx, "gem", &f.gem)) {
        fprintf(stderr, "host_minimal: setup: %s %s\n", why, f.ctx ? f.api->last_error(f.ctx) : "");
        return 1;
    }
    consume(&f);
    full(&f);
    counts(&f);
    modifiers(&f);
    market(&f);
    logs(&f);
    f.api->manager_destroy(f.m);
    f.api->shutdown(f.ctx);
    ph_host_free(&f.h);
    ph_plugin_unload(&p);
    if (failures)
        fprintf(stderr, "host_minimal: %d check(s) failed\n", failures);
    else
        printf("host_minimal: ok\n");
    return failures != 0;
}
