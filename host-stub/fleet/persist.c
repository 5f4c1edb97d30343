/* persist.c - owns the fleet's rows in the store: the world row (the
 * coordinator's bytes, and as JSON the haulers with cargo and orders, the
 * markets' stock, the factories' inventories, the books, clock and PRNG)
 * and one row per factory manager, all written in one transaction; and the
 * world rebuilt from them, every stored value checked. */
#include "persist.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"

#define HOST_FORMAT 1

/* ---- saving ---------------------------------------------------------------- */

static cJSON *items_json(fleet_world *w, const prod_item_qty *q, uint32_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; a && i < n; i++) {
        cJSON *e = cJSON_CreateArray();
        cJSON_AddItemToArray(a, e);
        cJSON_AddItemToArray(e, cJSON_CreateString(w->api->item_name(w->ctx, q[i].item)));
        cJSON_AddItemToArray(e, cJSON_CreateNumber(q[i].qty));
    }
    return a;
}

static cJSON *ship_json(fleet_world *w, const fleet_ship *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "location", (double)s->location);
    cJSON_AddNumberToObject(o, "dest", (double)s->dest);
    cJSON_AddNumberToObject(o, "task", (double)s->task);
    cJSON_AddNumberToObject(o, "arrive_at", (double)s->arrive_at);
    cJSON_AddItemToObject(o, "cargo", items_json(w, s->cargo, s->cargo_count));
    return o;
}

/* A market inventory's stacks (the factories' inputs waiting). */
static cJSON *inventory_json(fleet_world *w, uint64_t market)
{
    uint32_t n = w->api->item_count(w->ctx), k = 0;
    prod_item_qty q[64];
    for (prod_item_id it = 1; it <= n && k < 64; it++) {
        uint64_t c = 0;
        if (ph_inv_count(w->host.inv, market, it, &c) == PROD_HOST_OK && c > 0)
            q[k++] = (prod_item_qty){.item = it, .qty = (uint32_t)c};
    }
    return items_json(w, q, k);
}

static cJSON *accounts_json(const fleet_accounts *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "start", a->start_credits);
    cJSON_AddNumberToObject(o, "credits", a->credits);
    cJSON_AddNumberToObject(o, "spent", a->spent);
    cJSON_AddNumberToObject(o, "earned", a->earned);
    cJSON_AddNumberToObject(o, "bought", (double)a->units_bought);
    cJSON_AddNumberToObject(o, "sold", (double)a->units_sold);
    cJSON_AddNumberToObject(o, "failed", (double)a->failed_reports);
    cJSON *t = cJSON_AddArrayToObject(o, "tasks");
    for (uint32_t i = 0; i < FLEET_TASK_TYPES; i++)
        cJSON_AddItemToArray(t, cJSON_CreateNumber((double)a->tasks[i]));
    return o;
}

static char *host_json(fleet_world *w)
{
    cJSON *o = cJSON_CreateObject();
    char rng[24];
    snprintf(rng, sizeof rng, "%016" PRIx64, w->rng.state);
    cJSON_AddNumberToObject(o, "format", HOST_FORMAT);
    cJSON_AddNumberToObject(o, "now", (double)w->now);
    cJSON_AddStringToObject(o, "rng", rng);
    cJSON_AddNumberToObject(o, "seed_lo", (double)(w->seed & 0xFFFFFFFFu));
    cJSON_AddNumberToObject(o, "seed_hi", (double)(w->seed >> 32));
    cJSON_AddNumberToObject(o, "serial", w->serial);
    cJSON_AddNumberToObject(o, "next_product", w->next_product);
    cJSON_AddNumberToObject(o, "config_seen", (double)w->config_seen);
    cJSON_AddItemToObject(o, "accounts", accounts_json(&w->acc));
    cJSON *ships = cJSON_AddArrayToObject(o, "ships");
    for (uint32_t i = 0; i < w->nships; i++)
        cJSON_AddItemToArray(ships, ship_json(w, &w->ships[i]));
    cJSON *stock = cJSON_AddArrayToObject(o, "stock");
    for (uint32_t i = 0; i < w->ngoods; i++)
        cJSON_AddItemToArray(stock, cJSON_CreateNumber(w->goods[i].stock));
    cJSON *inv = cJSON_AddArrayToObject(o, "inventories");
    for (uint64_t m = 1; m <= w->nmarkets; m++)
        cJSON_AddItemToArray(inv, inventory_json(w, m));
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}

static int put(fleet_world *w, chunk_store *s, uint64_t key, uint8_t *blob, size_t len,
               const char *host)
{
    store_row row = {.key = key, .saved_at = w->now,
                     .plugin_version = (char *)w->api->plugin_version, .blob = blob,
                     .blob_len = len, .host = (char *)host,
                     .digest = fnv_bytes(FNV_OFFSET, blob, len)};
    int rc = store_put(s, &row);
    w->api->free_buffer(blob);
    return rc == 0 ? 0 : fleet_fail(w, "store_put of row %" PRIx64 " failed", key);
}

static int put_rows(fleet_world *w, chunk_store *s)
{
    for (uint32_t i = 0; i < w->nfactories; i++) {
        uint8_t *b = NULL;
        size_t n = 0;
        if (w->api->serialize(w->factories[i].m, &b, &n) != PROD_OK)
            return fleet_fail(w, "serialize: %s", w->api->manager_last_error(w->factories[i].m));
        if (put(w, s, FLEET_KEY + 1 + i, b, n, "{}") != 0)
            return -1;
    }
    uint8_t *b = NULL;
    size_t n = 0;
    if (w->api->coord_serialize(w->coord, &b, &n) != PROD_OK)
        return fleet_fail(w, "coord_serialize: %s", w->api->coord_last_error(w->coord));
    char *host = host_json(w);
    int rc = host ? put(w, s, FLEET_KEY, b, n, host) : fleet_fail(w, "out of memory");
    if (!host)
        w->api->free_buffer(b);
    cJSON_free(host);
    return rc;
}

int fleet_save(fleet_world *w, chunk_store *s)
{
    if (store_begin(s) != 0)
        return fleet_fail(w, "store_begin failed");
    if (put_rows(w, s) != 0 || store_set_meta(s, "fleet_saved_at", w->now) != 0 ||
        store_commit(s) != 0) {
        store_rollback(s);
        return w->error[0] ? -1 : fleet_fail(w, "the save's transaction failed");
    }
    return 0;
}

int fleet_saved(chunk_store *s)
{
    int64_t at = 0;
    return store_get_meta(s, "fleet_saved_at", &at);
}
