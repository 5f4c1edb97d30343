/* chunk_persist.c - saving a chunk into the store and restoring it. */
#include "chunk_persist.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fnv.h"
#include "ph_inventory.h"

/* --- inventories as JSON ---------------------------------------------------- */

static uint64_t inventory_total(const sim *s, uint64_t inventory)
{
    uint64_t total = 0, n = 0;
    uint32_t items = s->api->item_count(s->ctx);
    for (prod_item_id item = 1; item <= items; item++)
        if (ph_inv_count(s->host->inv, inventory, item, &n) == PROD_HOST_OK)
            total += n;
    return total;
}

static uint64_t inventory_capacity(const sim *s, uint64_t inventory)
{
    return ph_inv_space(s->host->inv, inventory) + inventory_total(s, inventory);
}

/* {"id": N, "capacity": N, "items": {"name": qty, ...}}, or NULL (OOM). */
static cJSON *inventory_json(const sim *s, uint64_t inventory)
{
    cJSON *o = cJSON_CreateObject(), *items = cJSON_CreateObject();
    int ok = o && items && cJSON_AddNumberToObject(o, "id", (double)inventory) &&
             cJSON_AddNumberToObject(o, "capacity", (double)inventory_capacity(s, inventory));
    uint32_t count = s->api->item_count(s->ctx);
    for (prod_item_id item = 1; ok && item <= count; item++) {
        uint64_t n = 0;
        ph_inv_count(s->host->inv, inventory, item, &n);
        const char *name = s->api->item_name(s->ctx, item);
        if (n > 0)
            ok = name && cJSON_AddNumberToObject(items, name, (double)n);
    }
    if (ok && cJSON_AddItemToObject(o, "items", items))
        return o;
    cJSON_Delete(items);
    cJSON_Delete(o);
    return NULL;
}

char *chunk_inventories_json(const sim *s, const chunk *c)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *list = root ? cJSON_AddArrayToObject(root, "inventories") : NULL;
    int ok = list != NULL;
    for (uint32_t k = 0; ok && k < KIND_COUNT; k++) {
        cJSON *inv = inventory_json(s, c->buildings[k].inventory);
        ok = inv && cJSON_AddItemToArray(list, inv);
        if (!ok)
            cJSON_Delete(inv);
    }
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

/* --- save and drop ---------------------------------------------------------- */

int chunk_save(sim *s, chunk *c, chunk_store *st, int64_t now)
{
    uint8_t *blob = NULL;
    size_t len = 0;
    prod_status rc = s->api->serialize(c->manager, &blob, &len);
    if (rc != PROD_OK)
        return chunk_fail(s, c, rc, "serialize");
    char *host = chunk_inventories_json(s, c);
    int out = -1;
    if (!host) {
        fprintf(stderr, "prodhost: out of memory saving chunk (%d,%d)\n", (int)c->x, (int)c->y);
    } else {
        store_row row = {.key = c->tag, .saved_at = now,
                         .plugin_version = (char *)s->api->plugin_version, .blob = blob,
                         .blob_len = len, .host = host,
                         .digest = fnv_bytes(FNV_OFFSET, blob, len)};
        out = store_put(st, &row);
    }
    cJSON_free(host);
    s->api->free_buffer(blob);
    return out;
}

static void empty_inventories(sim *s, chunk *c)
{
    uint32_t count = s->api->item_count(s->ctx);
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        for (prod_item_id item = 1; item <= count; item++)
            ph_inv_take(s->host->inv, c->buildings[k].inventory, item, UINT64_MAX);
}

void chunk_drop(sim *s, chunk *c)
{
    empty_inventories(s, c);
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        c->buildings[k].job = 0;
    chunk_unload(s, c);
}

/* --- restore ---------------------------------------------------------------- */

typedef struct inv_image {
    prod_item_qty *stacks;
    uint32_t count;
} inv_image;

static int bad_row(const chunk *c, const char *why, const char *detail)
{
    fprintf(stderr, "prodhost: chunk (%d,%d): stored inventories refused: %s%s%s\n", (int)c->x,
            (int)c->y, why, detail ? ": " : "", detail ? detail : "");
    return -1;
}

static int is_count(const cJSON *v, double max)
{
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= max &&
           floor(v->valuedouble) == v->valuedouble;
}

/* Check one stored inventory against building b and read its stacks. */
static int read_inventory(const sim *s, const chunk *c, const building *b, const cJSON *o,
                          inv_image *img)
{
    double capacity = (double)inventory_capacity(s, b->inventory);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    if (!is_count(cJSON_GetObjectItemCaseSensitive(o, "id"), 1e15) ||
        cJSON_GetObjectItemCaseSensitive(o, "id")->valuedouble != (double)b->inventory)
        return bad_row(c, "an inventory id does not match the chunk's building", NULL);
    const cJSON *cap = cJSON_GetObjectItemCaseSensitive(o, "capacity");
    if (!is_count(cap, 1e15) || cap->valuedouble != capacity)
        return bad_row(c, "an inventory's capacity differs from the building's", NULL);
    if (inventory_total(s, b->inventory) != 0)
        return bad_row(c, "the chunk's inventories are not empty (is it loaded?)", NULL);
    if (!cJSON_IsObject(items))
        return bad_row(c, "\"items\" is not an object", NULL);
    img->stacks = calloc((size_t)cJSON_GetArraySize(items) + 1, sizeof *img->stacks);
    if (!img->stacks)
        return bad_row(c, "out of memory", NULL);
    double sum = 0;
    for (const cJSON *it = items->child; it; it = it->next) {
        prod_item_id id = 0;
        if (s->api->item_find(s->ctx, it->string, &id) != PROD_OK)
            return bad_row(c, "unknown item", it->string);
        if (!is_count(it, capacity) || it->valuedouble < 1 || (sum += it->valuedouble) > capacity)
            return bad_row(c, "bad item count", it->string);
        img->stacks[img->count++] = (prod_item_qty){id, (uint32_t)it->valuedouble};
    }
    return 0;
}

static int read_inventories(const sim *s, const chunk *c, const char *text, inv_image *imgs)
{
    cJSON *root = cJSON_Parse(text);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "inventories");
    int rc = -1;
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) != KIND_COUNT)
        bad_row(c, root ? "\"inventories\" is not an array of one per building" : "not JSON",
                NULL);
    else
        for (uint32_t k = 0; k < KIND_COUNT; k++)
            if ((rc = read_inventory(s, c, &c->buildings[k], cJSON_GetArrayItem(list, (int)k),
                                     &imgs[k])) != 0)
                break;
    cJSON_Delete(root);
    return rc;
}

static int fill_inventories(sim *s, chunk *c, const inv_image *imgs)
{
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        if (ph_inv_add(s->host->inv, c->buildings[k].inventory, imgs[k].stacks,
                          imgs[k].count) != PROD_HOST_OK) {
            empty_inventories(s, c);
            return bad_row(c, "the items do not fit back (out of memory?)", NULL);
        }
    return 0;
}

/* Point each building at the live job in its inventory (there is at most one). */
static int relink_jobs(sim *s, chunk *c)
{
    uint32_t n = 0;
    s->api->jobs_all(c->manager, NULL, 0, &n);
    prod_job_id *ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return bad_row(c, "out of memory", NULL);
    s->api->jobs_all(c->manager, ids, n, &n);
    for (uint32_t i = 0; i < n; i++) {
        prod_job_info info = {.struct_size = sizeof info};
        if (s->api->job_get(c->manager, ids[i], s->api->manager_time(c->manager), &info) != PROD_OK)
            continue;
        for (uint32_t k = 0; k < KIND_COUNT; k++)
            if (c->buildings[k].inventory == info.inventory)
                c->buildings[k].job = ids[i];
    }
    free(ids);
    return 0;
}

/* Deserialize and check the manager is this chunk's. 0 or -1 (printed, nothing kept). */
static int load_manager(sim *s, chunk *c, const store_row *row)
{
    prod_manager *m = NULL;
    prod_status rc = s->api->deserialize(s->ctx, row->blob, row->blob_len, NULL, &m);
    if (rc != PROD_OK) {
        fprintf(stderr, "prodhost: chunk (%d,%d): the stored bytes do not load: %s: %s\n",
                (int)c->x, (int)c->y, s->api->status_str(rc), s->api->last_error(s->ctx));
        return -1;
    }
    prod_manager_config cfg = {.struct_size = sizeof cfg};
    rc = s->api->manager_config(m, &cfg);
    if (rc != PROD_OK || cfg.tag != c->tag || cfg.id_space != c->id_space) {
        fprintf(stderr, "prodhost: chunk (%d,%d): the stored manager belongs to another chunk\n",
                (int)c->x, (int)c->y);
        s->api->manager_destroy(m);
        return -1;
    }
    rc = s->api->registry_add(s->registry, c->tag, m);
    if (rc != PROD_OK) {
        fprintf(stderr, "prodhost: chunk (%d,%d): cannot register the loaded chunk: %s: %s\n",
                (int)c->x, (int)c->y, s->api->status_str(rc), s->api->last_error(s->ctx));
        s->api->manager_destroy(m);
        return -1;
    }
    c->manager = m;
    return 0;
}

int chunk_restore(sim *s, chunk *c, chunk_store *st)
{
    store_row row;
    int found = store_get(st, c->tag, &row);
    if (found <= 0) {
        if (found == 0)
            fprintf(stderr, "prodhost: chunk (%d,%d) is not in store %s\n", (int)c->x, (int)c->y,
                    store_path(st));
        return -1;
    }
    inv_image imgs[KIND_COUNT] = {{0}};
    int rc = read_inventories(s, c, row.host, imgs);
    if (rc == 0)
        rc = fill_inventories(s, c, imgs);
    if (rc == 0 && (rc = load_manager(s, c, &row)) != 0)
        empty_inventories(s, c);
    if (rc == 0 && (rc = relink_jobs(s, c)) != 0)
        chunk_drop(s, c);
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        free(imgs[k].stacks);
    store_row_free(&row);
    return rc;
}
