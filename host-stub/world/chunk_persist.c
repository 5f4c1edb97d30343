/* chunk_persist.c - saving a chunk into the store and restoring it. */
#include "chunk_persist.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "chunk_json.h"
#include "fnv.h"
#include "ph_inventory.h"

/* --- save and drop ---------------------------------------------------------- */

int chunk_save(sim *s, chunk *c, chunk_store *st, int64_t now)
{
    uint8_t *blob = NULL;
    size_t len = 0;
    prod_status rc = s->api->serialize(c->manager, &blob, &len);
    if (rc != PROD_OK)
        return chunk_fail(s, c, rc, "serialize");
    char *host = chunk_host_json(s, c);
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

void chunk_drop(sim *s, chunk *c)
{
    chunk_empty(s, c);
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        c->buildings[k].job = 0;
    chunk_unload(s, c);
}

/* --- restore ---------------------------------------------------------------- */

static int bad_row(const chunk *c, const char *why)
{
    fprintf(stderr, "prodhost: chunk (%d,%d): stored inventories refused: %s\n", (int)c->x,
            (int)c->y, why);
    return -1;
}

static int is_empty(const sim *s, const chunk *c)
{
    uint32_t count = s->api->item_count(s->ctx);
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        for (prod_item_id item = 1; item <= count; item++) {
            uint64_t n = 0;
            if (ph_inv_count(s->host->inv, c->buildings[k].inventory, item, &n) == PROD_HOST_OK &&
                n > 0)
                return 0;
        }
    return 1;
}

static int fill_inventories(sim *s, chunk *c, const chunk_image *img)
{
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        if (ph_inv_add(s->host->inv, c->buildings[k].inventory, img->inv[k].stacks,
                       img->inv[k].count) != PROD_HOST_OK) {
            chunk_empty(s, c);
            return bad_row(c, "the items do not fit back (out of memory?)");
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
        return bad_row(c, "out of memory");
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

/* Everything that can fail, in an order that undoes itself. 0 or -1. */
static int apply_row(sim *s, chunk *c, const store_row *row, const chunk_image *img)
{
    if (fill_inventories(s, c, img) != 0)
        return -1;
    if (load_manager(s, c, row) != 0) {
        chunk_empty(s, c);
        return -1;
    }
    if (relink_jobs(s, c) != 0) {
        chunk_drop(s, c);
        return -1;
    }
    if (ledger_account_set(&s->host->ledger, c->tag, &img->account) != 0) {
        chunk_drop(s, c);
        return bad_row(c, "out of memory");
    }
    c->rng.state = img->rng;
    c->flows = img->flows;
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
    char who[64];
    snprintf(who, sizeof who, "chunk (%d,%d)", (int)c->x, (int)c->y);
    chunk_image img;
    int rc = chunk_image_read(s, c, who, row.host, &img);
    if (rc == 0 && !is_empty(s, c))
        rc = bad_row(c, "the chunk's inventories are not empty (is it loaded?)");
    if (rc == 0)
        rc = apply_row(s, c, &row, &img);
    chunk_image_free(&img);
    store_row_free(&row);
    return rc;
}
