/* tally.c - the world's figures summed over the store's rows. */
#include "tally.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "chunk_json.h"
#include "ledger.h"
#include "ph_status.h"

/* The items inside the row's jobs (its manager deserialized with no callback). */
static int job_items(const sim *s, const store_row *row, const char *who, audit_figures *f)
{
    prod_load_options opts = {.struct_size = sizeof opts, .version = PROD_LOAD_OPTIONS_VERSION,
                              .missing_recipe = PROD_MISSING_RECIPE_ERROR};
    prod_manager *m = NULL;
    prod_status st = s->api->deserialize(s->ctx, row->blob, row->blob_len, &opts, &m);
    if (st != PROD_OK) {
        fprintf(stderr, "prodhost: %s: deserialize refused the stored bytes: %s: %s\n", who,
                ph_status_name(st), s->api->last_error(s->ctx));
        return -1;
    }
    audit_job_items(s, m, &f->inputs, &f->held);
    s->api->manager_destroy(m);
    return 0;
}

/* The chunk's own balance: what is in it is what came and went. */
static int balanced(const chunk_image *img, const char *who)
{
    uint64_t items = chunk_image_items(img);
    uint64_t expect = img->flows.stocked + img->flows.delivered - img->flows.sold +
                      img->account.added - img->account.consumed;
    if (items == expect)
        return 1;
    fprintf(stderr, "prodhost: %s does not balance: %" PRIu64 " items in it, %" PRIu64
            " came and went (items lost or doubled)\n", who, items, expect);
    return 0;
}

static void add_image(const chunk_image *img, uint64_t key, audit_figures *f)
{
    f->inventories += chunk_image_items(img);
    f->stocked += img->flows.stocked;
    f->delivered += img->flows.delivered;
    f->sold += img->flows.sold;
    f->consumed += img->account.consumed;
    f->added += img->account.added;
    f->events += img->account.events;
    if (img->account.events > 0)
        f->digest += ledger_chain_digest(key, img->account.chain);
}

static int tally_row(const sim *s, chunk_store *st, uint64_t key, audit_figures *f)
{
    char who[80];
    snprintf(who, sizeof who, "chunk (%d,%d)", (int32_t)(uint32_t)(key >> 32),
             (int32_t)(uint32_t)key);
    store_lease l = {0};
    if (store_shared(st) && store_lease_get(st, key, &l) == 0 && (l.held || l.expired)) {
        fprintf(stderr, "prodhost: %s is still held by a server\n", who);
        return -1;
    }
    store_row row;
    if (store_get(st, key, &row) != 1)
        return -1;
    chunk_image img;
    int rc = chunk_image_read(s, NULL, who, row.host, &img);
    if (rc == 0) {
        add_image(&img, key, f);
        rc = balanced(&img, who) ? job_items(s, &row, who, f) : -1;
    }
    chunk_image_free(&img);
    store_row_free(&row);
    return rc;
}

int tally_store(const sim *s, chunk_store *st, uint32_t chunks, audit_figures *out)
{
    *out = (audit_figures){0};
    uint64_t *keys = NULL;
    size_t n = 0, bad = 0;
    if (store_keys(st, &keys, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        bad += tally_row(s, st, keys[i], out) != 0;
    free(keys);
    if (n != chunks)
        fprintf(stderr, "prodhost: store %s holds %zu chunks, the world has %" PRIu32 "\n",
                store_path(st), n, chunks);
    out->unloaded = bad > 0 || n != chunks;
    return bad == 0 && n == chunks ? 0 : -1;
}
