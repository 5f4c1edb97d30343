/* restore.c - owns rebuilding the fleet from its rows (persist.h): the
 * world made from the same files, the factories' managers and the
 * coordinator loaded from their bytes, the host's part read back with every
 * value checked, then each hauler's cargo reported to the coordinator so
 * that it resumes or liquidates (seed 002's reconciliation). */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist.h"

#define HOST_FORMAT 1

typedef struct reader {
    fleet_world *w;
    int bad;            /* a value was missing or out of range */
} reader;

static double num(reader *r, const cJSON *o, const char *key, double lo, double hi)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi) {
        if (!r->bad)
            fleet_fail(r->w, "the saved fleet's \"%s\" is missing or out of range", key);
        r->bad = 1;
        return lo;
    }
    return v->valuedouble;
}

static const cJSON *array(reader *r, const cJSON *o, const char *key, int n)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsArray(a) || (n >= 0 && cJSON_GetArraySize(a) != n)) {
        if (!r->bad)
            fleet_fail(r->w, "the saved fleet's \"%s\" is not an array of %d", key, n);
        r->bad = 1;
        return NULL;
    }
    return a;
}

/* [["ITEM", qty], ...] into q (at most cap stacks); their count, or -1. */
static int items(reader *r, const cJSON *a, prod_item_qty *q, uint32_t cap)
{
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        const cJSON *name = cJSON_GetArrayItem(e, 0), *qty = cJSON_GetArrayItem(e, 1);
        prod_item_id id = 0;
        if ((uint32_t)n >= cap || !cJSON_IsString(name) || !cJSON_IsNumber(qty) ||
            qty->valuedouble < 1 || qty->valuedouble > 1e9 ||
            r->w->api->item_find(r->w->ctx, name->valuestring, &id) != PROD_OK) {
            r->bad = 1;
            fleet_fail(r->w, "a saved cargo or inventory stack is not [known item, 1..1e9]");
            return -1;
        }
        q[n++] = (prod_item_qty){.item = id, .qty = (uint32_t)qty->valuedouble};
    }
    return n;
}

static void read_accounts(reader *r, const cJSON *o)
{
    fleet_accounts *a = &r->w->acc;
    a->start_credits = num(r, o, "start", 0, 1e15);
    a->credits = num(r, o, "credits", -1e15, 1e15);
    a->spent = num(r, o, "spent", 0, 1e15);
    a->earned = num(r, o, "earned", 0, 1e15);
    a->units_bought = (uint64_t)num(r, o, "bought", 0, 1e15);
    a->units_sold = (uint64_t)num(r, o, "sold", 0, 1e15);
    a->failed_reports = (uint64_t)num(r, o, "failed", 0, 1e15);
    const cJSON *t = array(r, o, "tasks", FLEET_TASK_TYPES);
    for (uint32_t i = 0; t && i < FLEET_TASK_TYPES; i++) {
        const cJSON *v = cJSON_GetArrayItem(t, (int)i);
        a->tasks[i] = cJSON_IsNumber(v) && v->valuedouble >= 0 ? (uint64_t)v->valuedouble : 0;
    }
}

static void read_ships(reader *r, const cJSON *a)
{
    fleet_world *w = r->w;
    int n = cJSON_GetArraySize(a);
    if (n < 1 || n > (int)FLEET_MAX_SHIPS || !(w->ships = calloc((size_t)n, sizeof *w->ships))) {
        r->bad = 1;
        fleet_fail(w, "the saved fleet has %d ships (1..%u)", n, FLEET_MAX_SHIPS);
        return;
    }
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        fleet_ship *s = &w->ships[w->nships];
        s->id = ++w->nships;
        s->location = (uint64_t)num(r, o, "location", 1, w->nmarkets);
        s->dest = (uint64_t)num(r, o, "dest", 0, w->nmarkets);
        s->task = (uint64_t)num(r, o, "task", 0, 9e15);
        s->arrive_at = (int64_t)num(r, o, "arrive_at", 0, 9e15);
        const cJSON *c = array(r, o, "cargo", -1);
        int k = c ? items(r, c, s->cargo, PROD_COORD_MAX_CARGO) : -1;
        s->cargo_count = k > 0 ? (uint32_t)k : 0;
    }
}

static void read_markets(reader *r, const cJSON *root)
{
    fleet_world *w = r->w;
    const cJSON *stock = array(r, root, "stock", (int)w->ngoods);
    const cJSON *inv = array(r, root, "inventories", (int)w->nmarkets);
    for (uint32_t i = 0; stock && i < w->ngoods; i++) {
        const cJSON *v = cJSON_GetArrayItem(stock, (int)i);
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
            v->valuedouble > 1e12)
            r->bad = 1;
        else
            w->goods[i].stock = v->valuedouble;
    }
    for (uint32_t m = 0; inv && m < w->nmarkets && !r->bad; m++) {
        prod_item_qty q[64];
        int k = items(r, cJSON_GetArrayItem(inv, (int)m), q, 64);
        if (k > 0 && ph_inv_add(w->host.inv, m + 1, q, (uint32_t)k) != PROD_HOST_OK)
            r->bad = 1;
    }
    if (r->bad && !w->error[0])
        fleet_fail(w, "the saved market stock or inventories are out of range");
}

static int read_host(fleet_world *w, const char *text)
{
    reader r = {.w = w};
    cJSON *root = cJSON_Parse(text);
    const cJSON *rng = cJSON_GetObjectItemCaseSensitive(root, "rng");
    if (!root || num(&r, root, "format", HOST_FORMAT, HOST_FORMAT) != HOST_FORMAT ||
        !cJSON_IsString(rng) || sscanf(rng->valuestring, "%" SCNx64, &w->rng.state) != 1) {
        cJSON_Delete(root);
        return r.bad ? -1 : fleet_fail(w, "the saved fleet's host part is not format %d JSON",
                                       HOST_FORMAT);
    }
    w->now = (int64_t)num(&r, root, "now", 0, 9e15);
    w->config_seen = (int64_t)num(&r, root, "config_seen", 0, 9e15);
    w->next_product = (uint32_t)num(&r, root, "next_product", 0, w->nproducts ? w->nproducts - 1 : 0);
    read_accounts(&r, cJSON_GetObjectItemCaseSensitive(root, "accounts"));
    const cJSON *ships = array(&r, root, "ships", -1);
    if (ships && !r.bad)
        read_ships(&r, ships);
    if (!r.bad)
        read_markets(&r, root);
    cJSON_Delete(root);
    return r.bad ? -1 : 0;
}

/* The saved seed and serial flag, to make the world they were run with,
 * and the last configuration request applied. */
static int saved_params(fleet_world *w, const char *text, fleet_params *p, int64_t *seen)
{
    reader r = {.w = w};
    cJSON *root = cJSON_Parse(text);
    p->seed = (uint64_t)num(&r, root, "seed_lo", 0, 4294967295.0) |
              (uint64_t)num(&r, root, "seed_hi", 0, 4294967295.0) << 32;
    p->serial = (uint32_t)num(&r, root, "serial", 0, 1);
    *seen = (int64_t)num(&r, root, "config_seen", 0, 9e15);
    cJSON_Delete(root);
    return r.bad ? -1 : 0;
}

static int load_managers(fleet_world *w, chunk_store *s)
{
    for (uint32_t i = 0; i < w->nfactories; i++) {
        store_row row;
        prod_manager *m = NULL;
        if (store_get(s, FLEET_KEY + 1 + i, &row) != 1)
            return fleet_fail(w, "the saved fleet lacks factory row %u", i + 1);
        prod_status st = w->api->deserialize(w->ctx, row.blob, row.blob_len, NULL, &m);
        store_row_free(&row);
        if (st != PROD_OK)
            return fleet_fail(w, "factory %u: %s", i + 1, w->api->last_error(w->ctx));
        w->api->manager_destroy(w->factories[i].m);
        w->factories[i].m = m;
    }
    return 0;
}

/* Seed 002's reconciliation: each ship's actual cargo; the log says what
 * came of it. */
static int reconcile(fleet_world *w)
{
    uint64_t before[FLEET_EVENT_TYPES];
    memcpy(before, w->events, sizeof before);
    for (uint32_t i = 0; i < w->nships; i++) {
        const fleet_ship *s = &w->ships[i];
        if (w->api->coord_worker_cargo(w->coord, s->id, s->cargo, s->cargo_count, w->now) !=
            PROD_OK)
            return fleet_fail(w, "coord_worker_cargo: %s", w->api->coord_last_error(w->coord));
    }
#define SINCE(t) (unsigned long long)(w->events[t] - before[t])
    fprintf(stderr, "prodhost fleet run: reconciled %u ships: %llu resumed, %llu re-assigned, "
                    "%llu liquidations\n", w->nships, SINCE(PROD_COORD_EVENT_RESUMED),
            SINCE(PROD_COORD_EVENT_TASK_ASSIGNED), SINCE(PROD_COORD_EVENT_LIQUIDATION));
#undef SINCE
    return 0;
}

int fleet_load_coordinator(fleet_world *w, const prod_api *api, const fleet_params *p,
                           chunk_store *s, store_row *row)
{
    fleet_params saved = *p;
    if (store_get(s, FLEET_KEY, row) != 1) {
        memset(w, 0, sizeof *w);
        return fleet_fail(w, "%s holds no saved fleet", store_path(s));
    }
    int64_t seen = 0;
    int rc = saved_params(w, row->host, &saved, &seen);
    if (rc == 0 && (rc = fleet_open_world(w, api, &saved)) == 0)
        w->config_seen = seen;
    if (rc == 0 && api->coord_deserialize(w->ctx, row->blob, row->blob_len, &w->coord) != PROD_OK) {
        fleet_fail(w, "coord_deserialize: %s", api->last_error(w->ctx));
        rc = fleet_undo(w);
    }
    if (rc != 0)
        store_row_free(row);
    return rc;
}

int fleet_restore(fleet_world *w, const prod_api *api, const fleet_params *p, chunk_store *s)
{
    store_row row;
    if (fleet_load_coordinator(w, api, p, s, &row) != 0)
        return -1;
    int rc = load_managers(w, s) == 0 && read_host(w, row.host) == 0 ? reconcile(w) : -1;
    if (rc != 0)
        fleet_undo(w);
    store_row_free(&row);
    return rc;
}
