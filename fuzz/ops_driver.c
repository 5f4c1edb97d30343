/* ops_driver.c - see ops_driver.h. The host here keeps small array
 * inventories with a total capacity (so outputs block), remembers what the
 * last inventory call took or gave until an event announces it, and can be
 * told to destroy the manager, or to call back into it, from inside the next
 * event. Each input byte picks an operation and its arguments. */
#include "ops_driver.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "moving_alloc.h"
#include "persist_recipes.h"

#define OPS_INVS 4u
#define OPS_ITEMS 16u
#define OPS_MAX_IO 64u

typedef struct ops_host {
    const prod_api *api;
    prod_ctx *ctx;
    prod_manager *m;
    uint64_t count[OPS_INVS][OPS_ITEMS];
    uint64_t room[OPS_INVS];   /* total items an inventory holds at most */
    int pending;               /* 1: `taken` awaits STARTED/RESTARTED, 2: `given` awaits
                                  COMPLETED/CANCELLED */
    prod_requirement taken[OPS_MAX_IO];
    prod_item_qty given[OPS_MAX_IO];
    uint32_t n_pending;
    int destroy_next;          /* the next event destroys the manager */
    int reenter_next;          /* the next event calls tick and start: both must be BUSY */
    int destroyed;             /* the manager was destroyed from a callback */
    int broken;
    char *why;
    size_t why_cap;
} ops_host;

static void broke(ops_host *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void broke(ops_host *h, const char *fmt, ...)
{
    if (h->broken++)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->why, h->why_cap, fmt, ap);
    va_end(ap);
}

static uint64_t total(const ops_host *h, uint64_t inv)
{
    uint64_t t = 0;
    for (uint32_t i = 0; i < OPS_ITEMS; i++)
        t += h->count[inv][i];
    return t;
}

/* ---- callbacks ------------------------------------------------------------ */

static int32_t cb_consume(void *u, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    ops_host *h = u;
    if (h->pending || h->destroyed)
        broke(h, "inventory_consume while %s", h->destroyed ? "destroyed" : "items unannounced");
    if (inv >= OPS_INVS || n > OPS_MAX_IO)
        return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].item >= OPS_ITEMS || h->count[inv][r[i].item] < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].consume)
            h->count[inv][r[i].item] -= r[i].qty;
    memcpy(h->taken, r, n * sizeof *r);
    h->n_pending = n;
    h->pending = 1;
    return PROD_HOST_OK;
}

static int32_t cb_add(void *u, uint64_t inv, const prod_item_qty *s, uint32_t n)
{
    ops_host *h = u;
    if (h->pending || h->destroyed)
        broke(h, "inventory_add while %s", h->destroyed ? "destroyed" : "items unannounced");
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += s[i].qty;
    if (inv >= OPS_INVS || n > OPS_MAX_IO || total(h, inv) + sum > h->room[inv])
        return PROD_HOST_FULL;
    for (uint32_t i = 0; i < n; i++) {
        if (s[i].item >= OPS_ITEMS)
            return broke(h, "inventory_add of unknown item %u", s[i].item), PROD_HOST_FULL;
        h->count[inv][s[i].item] += s[i].qty;
    }
    memcpy(h->given, s, n * sizeof *s);
    h->n_pending = n;
    h->pending = 2;
    return PROD_HOST_OK;
}

/* The consumption just made is what the started job's inputs say. */
static void match_taken(ops_host *h, const prod_event *e)
{
    prod_job_info info = {.struct_size = sizeof info};
    if (h->api->job_get(h->m, e->job, e->time, &info) != PROD_OK)
        return broke(h, "job %llx of a START event is unknown", (unsigned long long)e->job);
    if (info.input_count != h->n_pending ||
        memcmp(info.inputs, h->taken, h->n_pending * sizeof *h->taken) != 0)
        broke(h, "job %llx consumed other items than its inputs", (unsigned long long)e->job);
}

static void check_event(ops_host *h, const prod_event *e)
{
    int takes = e->type == PROD_EVENT_STARTED || e->type == PROD_EVENT_RESTARTED;
    int gives = e->type == PROD_EVENT_COMPLETED || e->type == PROD_EVENT_CANCELLED;
    if (h->pending == 1 && !takes)
        broke(h, "items consumed, then event %u instead of a start", e->type);
    if (h->pending == 1 && takes)
        match_taken(h, e);
    if (h->pending == 2 && (!gives || e->item_count != h->n_pending ||
                            memcmp(e->items, h->given, h->n_pending * sizeof *h->given) != 0))
        broke(h, "items added, then event %u announcing others", e->type);
    if (h->pending == 0 && gives && e->item_count > 0)
        broke(h, "event %u announces %u stacks that were never added", e->type, e->item_count);
    h->pending = 0;
}

static void cb_event(void *u, const prod_event *e)
{
    ops_host *h = u;
    if (h->destroyed)
        return broke(h, "event %u after the manager was destroyed", e->type);
    if (h->m) /* deserialize's refunds come before the host holds the manager */
        check_event(h, e);
    if (h->reenter_next && h->m) {
        h->reenter_next = 0;
        if (h->api->tick(h->m, e->time) != PROD_ERR_BUSY ||
            h->api->start(h->m, 0, 1, 0, e->time, NULL) != PROD_ERR_BUSY)
            broke(h, "a call from inside a callback was not refused with BUSY");
    }
    if (h->destroy_next && h->m) {
        h->destroy_next = 0;
        h->api->manager_destroy(h->m); /* freed when the running call ends */
        h->destroyed = 1;
        h->pending = 0; /* destroyed: no events, no refunds */
    }
}

/* ---- operations ----------------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t n, at;
} reader;

static uint32_t next(reader *r) { return r->at < r->n ? r->p[r->at++] : 0; }

static prod_manager *fresh_manager(ops_host *h, uint32_t budget)
{
    prod_manager_config c = {.struct_size = sizeof c,
                             .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = 5,
                             .seed = 11,
                             .id_space = 3,
                             .max_completions = budget};
    prod_manager *m = NULL;
    return h->api->manager_create(h->ctx, &c, &m) == PROD_OK ? m : NULL;
}

/* Tick to now, again while it answers PROD_MORE (bounded). */
static void tick(ops_host *h, int64_t now)
{
    prod_status st = PROD_MORE;
    for (int i = 0; i < 256 && h->m && !h->destroyed && st == PROD_MORE; i++)
        st = h->api->tick(h->m, now);
    if (st != PROD_OK && st != PROD_MORE && st != PROD_ERR_NO_MEMORY && !h->destroyed)
        broke(h, "tick answered %d", (int)st);
}

/* Save, destroy, load, save again: the two saves must be the same bytes. */
static void reload(ops_host *h)
{
    uint8_t *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    prod_manager *m2 = NULL;
    if (h->api->serialize(h->m, &a, &la) != PROD_OK)
        return;
    h->api->manager_destroy(h->m);
    h->m = NULL;
    if (h->api->deserialize(h->ctx, a, la, NULL, &m2) != PROD_OK)
        broke(h, "a save did not load: %s", h->api->last_error(h->ctx));
    else if (h->api->serialize(m2, &b, &lb) != PROD_OK || la != lb || memcmp(a, b, la) != 0)
        broke(h, "a loaded save saves to other bytes");
    h->m = m2;
    h->api->free_buffer(a);
    h->api->free_buffer(b);
}

static void job_ops(ops_host *h, reader *r, uint32_t op, int64_t now)
{
    prod_job_id ids[64];
    uint32_t n = 0;
    if (h->api->jobs_all(h->m, ids, 64, &n) != PROD_OK)
        return broke(h, "jobs_all failed");
    for (uint32_t i = 1; i < n && i < 64; i++)
        if (ids[i] <= ids[i - 1])
            broke(h, "jobs_all ids not increasing");
    if (op == 2 && n > 0) /* cancel; a held job answers STATE, a full refund INVENTORY_FULL */
        h->api->cancel(h->m, ids[next(r) % (n < 64 ? n : 64)], next(r) % 3, now);
}

static void step(ops_host *h, reader *r, uint32_t recipes, int64_t *now)
{
    uint32_t op = next(r) % 10, a = next(r);
    switch (op) {
    case 0:
    case 1:
        h->api->start(h->m, a % recipes, next(r) % 3, next(r) % OPS_INVS, *now, NULL);
        if (op == 1 && !h->destroyed) /* a destroyed manager is not the host's to call */
            h->api->start_repeating(h->m, a % recipes, 1, a % OPS_INVS, *now, NULL);
        break;
    case 2:
    case 3:
        job_ops(h, r, op, *now);
        break;
    case 4:
        *now += (int64_t)a * (a & 1 ? 997 : 13);
        tick(h, *now);
        break;
    case 5:
        reload(h);
        break;
    case 6: /* the game moves items on its own */
        h->count[a % OPS_INVS][next(r) % OPS_ITEMS] = next(r);
        break;
    case 7:
        h->room[a % OPS_INVS] = next(r) * 4;
        break;
    case 8:
        h->destroy_next = a % 4 == 0;
        h->reenter_next = a % 4 == 1;
        break;
    default:
        *now += a;
        h->api->tick(h->m, *now); /* a single tick: PROD_MORE may be left pending */
        break;
    }
}

static int setup(ops_host *h, const prod_api *api)
{
    static prod_host table; /* copied by init; the callbacks are static functions */
    table = (prod_host){.struct_size = sizeof table,
                        .version = PROD_HOST_VERSION,
                        .user = h,
                        .inventory_consume = cb_consume,
                        .inventory_add = cb_add,
                        .on_event = cb_event,
                        .allocate = moving_allocate};
    prod_recipe_source src = {.json = PERSIST_RECIPES, .name = "ops"};
    prod_init_params p = {.struct_size = sizeof p,
                          .version = PROD_INIT_PARAMS_VERSION,
                          .host = &table,
                          .sources = &src,
                          .source_count = 1};
    h->api = api;
    for (uint32_t i = 0; i < OPS_INVS; i++)
        h->room[i] = 200;
    return api->init(&p, &h->ctx) == PROD_OK ? 0 : -1;
}

int ops_run(const prod_api *api, const uint8_t *data, size_t size, char *why, size_t cap)
{
    ops_host h;
    memset(&h, 0, sizeof h);
    h.why = why;
    h.why_cap = cap;
    if (cap)
        why[0] = '\0';
    reader r = {data, size, 0};
    if (setup(&h, api) != 0)
        return -1;
    uint32_t recipes = api->recipe_count(h.ctx), budget = 1 + next(&r) % 64;
    int64_t now = 0;
    h.m = fresh_manager(&h, budget);
    while (h.m && r.at < r.n && !h.broken) {
        step(&h, &r, recipes, &now);
        if (h.destroyed) { /* the call that ran has freed it */
            h.destroyed = 0;
            h.m = fresh_manager(&h, budget);
            now = 0;
        }
        if (h.pending)
            broke(&h, "items %s but no event announced them",
                  h.pending == 1 ? "consumed" : "added");
    }
    if (h.m)
        api->manager_destroy(h.m);
    api->shutdown(h.ctx);
    return h.broken ? 1 : 0;
}
