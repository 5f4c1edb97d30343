/* ph_host.c - owns the minimal host's callback table (see ph_host.h): thin
 * routes to the inventories and the market table, the two modifier
 * sources, and the event and log sinks. */
#include "ph_host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int32_t cb_count(void *user, uint64_t inventory, prod_item_id item, uint64_t *out)
{
    return ph_inv_count(((ph_host *)user)->inv, inventory, item, out);
}

static int32_t cb_consume(void *user, uint64_t inventory, const prod_requirement *reqs, uint32_t n)
{
    return ph_inv_consume(((ph_host *)user)->inv, inventory, reqs, n);
}

static int32_t cb_add(void *user, uint64_t inventory, const prod_item_qty *items, uint32_t n)
{
    return ph_inv_add(((ph_host *)user)->inv, inventory, items, n);
}

static void cb_event(void *user, const prod_event *event)
{
    ph_host *h = user;
    if (h->event_fn)
        h->event_fn(h->event_user, event);
}

/* *out arrives as 1, 1, 1; a key with nothing set leaves it so. */
static int32_t cb_modifiers(void *user, uint32_t source, uint64_t manager_tag, uint64_t owner,
                            uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                            prod_modifiers *out)
{
    (void)inventory;
    (void)recipe;
    (void)now;
    const ph_host *h = user;
    if (source >= PH_MOD_SOURCES)
        return -1;
    uint64_t at = 0;
    if (ph_u64map_get(&h->mods[source].index, source == PH_MOD_BY_MANAGER ? manager_tag : owner,
                      &at))
        *out = h->mods[source].mods[at];
    return 0;
}

static void cb_log(void *user, int32_t level, const char *message)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    ph_host *h = user;
    if (h->log_fn)
        h->log_fn(h->log_user, level, message);
    else if (level >= PROD_LOG_WARN)
        fprintf(stderr, "production plugin: %s: %s\n", level <= PROD_LOG_ERROR ? names[level] : "?",
                message ? message : "");
}

static int32_t cb_market(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    return ph_market_quote(((ph_host *)user)->market, item, index, out);
}

int ph_host_init(ph_host *h)
{
    *h = (ph_host){.inv = ph_inv_create(), .market = ph_market_create()};
    for (uint32_t i = 0; i < PH_MOD_SOURCES; i++)
        ph_u64map_init(&h->mods[i].index);
    if (h->inv && h->market)
        return 0;
    ph_host_free(h);
    return -1;
}

void ph_host_free(ph_host *h)
{
    ph_inv_destroy(h->inv);
    ph_market_destroy(h->market);
    for (uint32_t i = 0; i < PH_MOD_SOURCES; i++) {
        ph_u64map_free(&h->mods[i].index);
        free(h->mods[i].mods);
    }
    *h = (ph_host){0};
}

void ph_host_table(ph_host *h, prod_host *out)
{
    *out = (prod_host){
        .struct_size = sizeof *out,
        .version = PROD_HOST_VERSION,
        .user = h,
        .inventory_count = cb_count,
        .inventory_consume = cb_consume,
        .inventory_add = cb_add,
        .on_event = cb_event,
        .modifier_source_count = PH_MOD_SOURCES,
        .get_modifiers = cb_modifiers,
        .log = cb_log,
        .market_quote = cb_market,
    };
}

static int factor_ok(double f) { return isfinite(f) && f >= 0 && f <= 1000; }

int ph_host_set_modifiers(ph_host *h, uint32_t source, uint64_t key, prod_modifiers mods)
{
    if (source >= PH_MOD_SOURCES || !factor_ok(mods.input_cost) ||
        !factor_ok(mods.output_yield) || !factor_ok(mods.time_speed))
        return -1;
    ph_mod_table *t = &h->mods[source];
    uint64_t at = 0;
    if (ph_u64map_get(&t->index, key, &at)) {
        t->mods[at] = mods;
        return 0;
    }
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        prod_modifiers *grown = realloc(t->mods, cap * sizeof *grown);
        if (!grown)
            return -1;
        t->mods = grown;
        t->cap = cap;
    }
    if (ph_u64map_put(&t->index, key, t->len) != 0)
        return -1;
    t->mods[t->len++] = mods;
    return 0;
}
