/* chunk_json.c - a chunk's host part as JSON (chunk_json.h has the shape):
 * written from the live chunk, read back into an image, checked field by
 * field before anything is used. */
#include "chunk_json.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ph_inventory.h"

#define MAX_COUNT 9007199254740992.0 /* 2^53: what a JSON number holds exactly */

/* --- writing ---------------------------------------------------------------- */

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

static int add_hex(cJSON *o, const char *name, uint64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "0x%016" PRIx64, v);
    return cJSON_AddStringToObject(o, name, text) != NULL;
}

static cJSON *tally_json(const sim *s, const chunk *c)
{
    ledger_account a;
    ledger_account_get(&s->host->ledger, c->tag, &a);
    const struct {
        const char *name;
        uint64_t v;
    } counts[] = {{"stocked", c->flows.stocked}, {"delivered", c->flows.delivered},
                  {"sold", c->flows.sold},       {"consumed", a.consumed},
                  {"added", a.added},            {"events", a.events}};
    cJSON *o = cJSON_CreateObject();
    int ok = o != NULL;
    for (size_t i = 0; ok && i < sizeof counts / sizeof counts[0]; i++)
        ok = cJSON_AddNumberToObject(o, counts[i].name, (double)counts[i].v) != NULL;
    if (ok && add_hex(o, "chain", a.events ? a.chain : 0))
        return o;
    cJSON_Delete(o);
    return NULL;
}

char *chunk_host_json(const sim *s, const chunk *c)
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
    ok = ok && add_hex(root, "rng", c->rng.state);
    cJSON *tally = ok ? tally_json(s, c) : NULL;
    if (tally && !cJSON_AddItemToObject(root, "tally", tally)) {
        cJSON_Delete(tally);
        tally = NULL;
    }
    ok = ok && tally;
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

/* --- reading ---------------------------------------------------------------- */

static int bad(const char *who, const char *why, const char *detail)
{
    fprintf(stderr, "prodhost: %s: stored host state refused: %s%s%s\n", who, why,
            detail ? ": " : "", detail ? detail : "");
    return -1;
}

static int is_count(const cJSON *v, double max)
{
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= max &&
           floor(v->valuedouble) == v->valuedouble;
}

/* "0x" and exactly 16 hex digits. */
static int read_hex(const cJSON *v, uint64_t *out)
{
    const char *t = cJSON_GetStringValue(v);
    if (!t || strlen(t) != 18 || t[0] != '0' || t[1] != 'x')
        return -1;
    uint64_t x = 0;
    for (const char *p = t + 2; *p; p++) {
        int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        x = x << 4 | (uint64_t)d;
    }
    *out = x;
    return 0;
}

/* One stored inventory's stacks (item names known, counts within its capacity). */
static int read_stacks(const sim *s, const char *who, const cJSON *items, chunk_inventory *inv)
{
    if (!cJSON_IsObject(items))
        return bad(who, "\"items\" is not an object", NULL);
    inv->stacks = calloc((size_t)cJSON_GetArraySize(items) + 1, sizeof *inv->stacks);
    if (!inv->stacks)
        return bad(who, "out of memory", NULL);
    double sum = 0;
    for (const cJSON *it = items->child; it; it = it->next) {
        prod_item_id id = 0;
        if (s->api->item_find(s->ctx, it->string, &id) != PROD_OK)
            return bad(who, "unknown item", it->string);
        if (!is_count(it, (double)inv->capacity) || it->valuedouble < 1 ||
            (sum += it->valuedouble) > (double)inv->capacity)
            return bad(who, "bad item count", it->string);
        inv->stacks[inv->count++] = (prod_item_qty){id, (uint32_t)it->valuedouble};
    }
    return 0;
}

/* One stored inventory; with b, it must be that building's. */
static int read_inventory(const sim *s, const building *b, const char *who, const cJSON *o,
                          chunk_inventory *inv)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *cap = cJSON_GetObjectItemCaseSensitive(o, "capacity");
    if (!is_count(id, 1e15) || !is_count(cap, 1e15))
        return bad(who, "an inventory without a proper id and capacity", NULL);
    inv->id = (uint64_t)id->valuedouble;
    inv->capacity = (uint64_t)cap->valuedouble;
    if (b && inv->id != b->inventory)
        return bad(who, "an inventory id does not match the chunk's building", NULL);
    if (b && inv->capacity != inventory_capacity(s, b->inventory))
        return bad(who, "an inventory's capacity differs from the building's", NULL);
    return read_stacks(s, who, cJSON_GetObjectItemCaseSensitive(o, "items"), inv);
}

static int read_tally(const char *who, const cJSON *t, chunk_image *img)
{
    uint64_t *const slots[] = {&img->flows.stocked, &img->flows.delivered, &img->flows.sold,
                               &img->account.consumed, &img->account.added,
                               &img->account.events};
    static const char *const names[] = {"stocked", "delivered", "sold",
                                        "consumed", "added", "events"};
    if (!cJSON_IsObject(t))
        return bad(who, "no \"tally\" object", NULL);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, names[i]);
        if (!is_count(v, MAX_COUNT))
            return bad(who, "a tally count that is not a whole number >= 0", names[i]);
        *slots[i] = (uint64_t)v->valuedouble;
    }
    if (read_hex(cJSON_GetObjectItemCaseSensitive(t, "chain"), &img->account.chain) != 0)
        return bad(who, "the tally's chain is not \"0x\" and 16 hex digits", NULL);
    return 0;
}

int chunk_image_read(const sim *s, const chunk *c, const char *who, const char *text,
                     chunk_image *img)
{
    *img = (chunk_image){0};
    cJSON *root = cJSON_Parse(text);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "inventories");
    int rc = -1;
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) != KIND_COUNT)
        bad(who, root ? "\"inventories\" is not an array of one per building" : "not JSON", NULL);
    else if (read_hex(cJSON_GetObjectItemCaseSensitive(root, "rng"), &img->rng) != 0)
        bad(who, "\"rng\" is not \"0x\" and 16 hex digits", NULL);
    else if (read_tally(who, cJSON_GetObjectItemCaseSensitive(root, "tally"), img) == 0)
        for (uint32_t k = 0; k < KIND_COUNT; k++)
            if ((rc = read_inventory(s, c ? &c->buildings[k] : NULL, who,
                                     cJSON_GetArrayItem(list, (int)k), &img->inv[k])) != 0)
                break;
    cJSON_Delete(root);
    return rc;
}

void chunk_image_free(chunk_image *img)
{
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        free(img->inv[k].stacks);
    *img = (chunk_image){0};
}

uint64_t chunk_image_items(const chunk_image *img)
{
    uint64_t sum = 0;
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        for (uint32_t i = 0; i < img->inv[k].count; i++)
            sum += img->inv[k].stacks[i].qty;
    return sum;
}
