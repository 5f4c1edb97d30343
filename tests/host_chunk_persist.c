/* host_chunk_persist.c - prodhost's chunk trip through the store
 * (host-stub/world/chunk_persist.c) with the real plugin: save + drop empties the
 * inventories and unloads the manager; restore gives back the same
 * inventories, the same manager bytes and the same building->job links. A
 * row whose host part is damaged in any way (not JSON, wrong shape, another
 * building's id, another capacity, unknown item, bad counts, a PRNG state or
 * tally that is missing or not what it must be), whose bytes
 * are not a save, that is missing, or that belongs to another chunk is
 * refused with nothing changed: the chunk stays unloaded, its inventories
 * empty. usage: host_chunk_persist PLUGIN RECIPES */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buildings.h"
#include "chunk_json.h"
#include "chunk_persist.h"
#include "ph_loader.h"
#include "testhost.h"

typedef struct fixture {
    ph_plugin p;
    host_services host;
    sim s;
    chunk c;
    chunk_store *st;
    char path[64];
    char *good_host;   /* the chunk's inventories as saved */
    uint8_t *good_blob; /* the manager's bytes as saved */
    size_t good_len;
} fixture;

static int setup(fixture *f, const char *plugin_path, const char *recipes)
{
    prod_ctx *ctx = NULL;
    if (host_plugin_load(plugin_path, &f->p) != 0 || host_services_init(&f->host, NULL) != 0 ||
        host_open_context(f->p.api, &f->host, recipes, &ctx) != 0)
        return -1;
    f->s = (sim){.api = f->p.api, .ctx = ctx, .host = &f->host};
    prng_seed(&f->s.rng, 7);
    f->c = (chunk){.x = 2, .y = 3, .tag = chunk_tag(2, 3), .seed = 9, .id_space = 5};
    if (f->p.api->registry_create(ctx, &f->s.registry) != PROD_OK ||
        content_resolve(&f->s.content, f->p.api, ctx, recipes) != 0)
        return -1;
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        if (building_layout(&f->s, &f->c, k, 1000 + k, 0) != 0)
            return -1;
    if (buildings_create(&f->s, &f->c) != 0)
        return -1;
    snprintf(f->path, sizeof f->path, "/tmp/host_chunk_persist-%ld.db", (long)getpid());
    return store_open(f->path, 1, &f->st);
}

/* A repeating mine job and a one-shot smelter job, ticked to 1000 ms. */
static void start_jobs(fixture *f)
{
    const prod_api *api = f->p.api;
    building *mine = &f->c.buildings[KIND_MINE], *smelter = &f->c.buildings[KIND_SMELTER];
    CHECK_OK(api->start_repeating(f->c.manager, f->s.content.recipe[R_MINE_IRON], mine->owner,
                                  mine->inventory, 0, &mine->job));
    CHECK_OK(api->start(f->c.manager, f->s.content.recipe[R_IRON_INGOT], smelter->owner,
                        smelter->inventory, 0, &smelter->job));
    CHECK_OK(api->tick(f->c.manager, 1000));
    CHECK(api->job_count(f->c.manager) == 2);
}

static uint8_t *serialize(fixture *f, size_t *len)
{
    uint8_t *bytes = NULL;
    CHECK_OK(f->p.api->serialize(f->c.manager, &bytes, len));
    return bytes;
}

static void save_and_drop(fixture *f)
{
    CHECK(store_begin(f->st) == 0);
    CHECK(chunk_save(&f->s, &f->c, f->st, 1000) == 0);
    CHECK(store_commit(f->st) == 0);
    chunk_drop(&f->s, &f->c);
    CHECK(f->c.manager == NULL);
    CHECK(audit_inventory_items(&f->s) == 0);
    CHECK(f->p.api->registry_count(f->s.registry) == 0);
}

/* Restore must give back exactly what was saved. */
static void check_restored(fixture *f, prod_job_id mine_job, prod_job_id smelter_job)
{
    CHECK(chunk_restore(&f->s, &f->c, f->st) == 0);
    CHECK(f->c.manager != NULL && f->p.api->registry_count(f->s.registry) == 1);
    if (!f->c.manager)
        return;
    char *host = chunk_host_json(&f->s, &f->c);
    CHECK(host && strcmp(host, f->good_host) == 0);
    cJSON_free(host);
    size_t len = 0;
    uint8_t *bytes = serialize(f, &len);
    CHECK(len == f->good_len && bytes && memcmp(bytes, f->good_blob, len) == 0);
    f->p.api->free_buffer(bytes);
    CHECK(f->c.buildings[KIND_MINE].job == mine_job);
    CHECK(f->c.buildings[KIND_SMELTER].job == smelter_job);
    CHECK(f->c.buildings[KIND_FORGE].job == 0);
}

/* Rewrite the stored row with other host text or bytes (the store computes a
 * matching checksum, so only chunk_restore's own checks stand in the way). */
static void rewrite(fixture *f, uint64_t key, const char *host, const uint8_t *blob, size_t len)
{
    store_row r = {.key = key, .saved_at = 1000, .plugin_version = "test",
                   .blob = (uint8_t *)blob, .blob_len = len, .host = (char *)host};
    CHECK(store_begin(f->st) == 0 && store_put(f->st, &r) == 0 && store_commit(f->st) == 0);
}

static void expect_refused(fixture *f, const char *what)
{
    fprintf(stderr, "-- expected refusal: %s\n", what);
    CHECK(chunk_restore(&f->s, &f->c, f->st) == -1);
    CHECK(f->c.manager == NULL);
    CHECK(audit_inventory_items(&f->s) == 0);
    CHECK(f->p.api->registry_count(f->s.registry) == 0);
}

/* Damage the saved inventories one way: edit(inventories array). */
static void refuse_host(fixture *f, const char *what, void (*edit)(cJSON *list))
{
    cJSON *root = cJSON_Parse(f->good_host);
    edit(cJSON_GetObjectItem(root, "inventories"));
    char *text = cJSON_PrintUnformatted(root);
    rewrite(f, f->c.tag, text, f->good_blob, f->good_len);
    expect_refused(f, what);
    cJSON_free(text);
    cJSON_Delete(root);
}

/* Damage the saved host part outside the inventories: edit(root). */
static void refuse_root(fixture *f, const char *what, void (*edit)(cJSON *root))
{
    cJSON *root = cJSON_Parse(f->good_host);
    edit(root);
    char *text = cJSON_PrintUnformatted(root);
    rewrite(f, f->c.tag, text, f->good_blob, f->good_len);
    expect_refused(f, what);
    cJSON_free(text);
    cJSON_Delete(root);
}

static void set_tally(cJSON *root, const char *key, cJSON *v)
{
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(root, "tally"), key, v);
}
static void rng_short(cJSON *r) { cJSON_ReplaceItemInObject(r, "rng", cJSON_CreateString("0x12")); }
static void rng_not_hex(cJSON *r)
{
    cJSON_ReplaceItemInObject(r, "rng", cJSON_CreateString("0x0123456789abcdeg"));
}
static void rng_number(cJSON *r) { cJSON_ReplaceItemInObject(r, "rng", cJSON_CreateNumber(5)); }
static void no_tally(cJSON *r) { cJSON_DeleteItemFromObject(r, "tally"); }
static void tally_negative(cJSON *r) { set_tally(r, "sold", cJSON_CreateNumber(-1)); }
static void tally_fraction(cJSON *r) { set_tally(r, "consumed", cJSON_CreateNumber(2.5)); }
static void tally_huge(cJSON *r) { set_tally(r, "added", cJSON_CreateNumber(1e17)); }
static void tally_missing(cJSON *r)
{
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(r, "tally"), "events");
}
static void chain_bad(cJSON *r) { set_tally(r, "chain", cJSON_CreateString("chain")); }

static void drop_last(cJSON *l) { cJSON_DeleteItemFromArray(l, KIND_COUNT - 1); }
static void swap_ids(cJSON *l)
{
    cJSON_ReplaceItemInObject(cJSON_GetArrayItem(l, 0), "id", cJSON_CreateNumber(
        cJSON_GetObjectItem(cJSON_GetArrayItem(l, 1), "id")->valuedouble));
}
static void set_first(cJSON *l, const char *key, cJSON *v)
{
    cJSON_ReplaceItemInObject(cJSON_GetArrayItem(l, 0), key, v);
}
static void more_capacity(cJSON *l)
{
    set_first(l, "capacity", cJSON_CreateNumber(
        cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "capacity")->valuedouble + 1));
}
static void add_item(cJSON *l, const char *name, double qty)
{
    cJSON_AddNumberToObject(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "items"), name, qty);
}
static void unknown_item(cJSON *l) { add_item(l, "unobtainium", 1); }
static void zero_count(cJSON *l) { add_item(l, "gravel", 0); }
static void negative_count(cJSON *l) { add_item(l, "gravel", -3); }
static void fractional_count(cJSON *l) { add_item(l, "gravel", 1.5); }
static void over_capacity(cJSON *l) { add_item(l, "gravel", 1e6); }
static void items_not_object(cJSON *l) { set_first(l, "items", cJSON_CreateArray()); }

static void refuse_all(fixture *f)
{
    rewrite(f, f->c.tag, "not json", f->good_blob, f->good_len);
    expect_refused(f, "host text is not JSON");
    refuse_host(f, "three inventories", drop_last);
    refuse_host(f, "another building's inventory id", swap_ids);
    refuse_host(f, "another capacity", more_capacity);
    refuse_host(f, "unknown item", unknown_item);
    refuse_host(f, "count 0", zero_count);
    refuse_host(f, "negative count", negative_count);
    refuse_host(f, "fractional count", fractional_count);
    refuse_host(f, "count above capacity", over_capacity);
    refuse_host(f, "items not an object", items_not_object);
    refuse_root(f, "rng too short", rng_short);
    refuse_root(f, "rng not hex", rng_not_hex);
    refuse_root(f, "rng a number", rng_number);
    refuse_root(f, "no tally", no_tally);
    refuse_root(f, "negative tally count", tally_negative);
    refuse_root(f, "fractional tally count", tally_fraction);
    refuse_root(f, "tally count past 2^53", tally_huge);
    refuse_root(f, "tally without events", tally_missing);
    refuse_root(f, "tally chain not hex", chain_bad);
    static const uint8_t junk[] = {0x93, 0xa8, 'P', 'R', 'O', 'D', 'S', 'A', 'V', 'E', 1, 0};
    rewrite(f, f->c.tag, f->good_host, junk, sizeof junk);
    expect_refused(f, "bytes that are not a save (the refilled inventories are emptied again)");
    rewrite(f, f->c.tag, f->good_host, f->good_blob, f->good_len);
    chunk other = f->c;
    other.tag = chunk_tag(9, 9);
    CHECK(chunk_restore(&f->s, &other, f->st) == -1 && other.manager == NULL);
    other.tag = f->c.tag;
    other.id_space = 6;
    fprintf(stderr, "-- expected refusal: a manager that belongs to another chunk\n");
    CHECK(chunk_restore(&f->s, &other, f->st) == -1 && other.manager == NULL);
    CHECK(audit_inventory_items(&f->s) == 0);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: host_chunk_persist PLUGIN RECIPES\n");
        return 2;
    }
    fixture f = {0};
    if (setup(&f, argv[1], argv[2]) != 0) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    start_jobs(&f);
    prod_job_id mine_job = f.c.buildings[KIND_MINE].job, smelter_job = f.c.buildings[KIND_SMELTER].job;
    uint64_t items = audit_inventory_items(&f.s);
    f.good_host = chunk_host_json(&f.s, &f.c);
    f.good_blob = serialize(&f, &f.good_len);
    CHECK(items > 0 && f.good_host && f.good_blob);
    save_and_drop(&f);
    check_restored(&f, mine_job, smelter_job);
    CHECK(audit_inventory_items(&f.s) == items);
    fprintf(stderr, "-- expected refusal: the chunk is loaded (its inventories are not empty)\n");
    CHECK(chunk_restore(&f.s, &f.c, f.st) == -1);
    save_and_drop(&f);
    refuse_all(&f);
    rewrite(&f, f.c.tag, f.good_host, f.good_blob, f.good_len);
    check_restored(&f, mine_job, smelter_job);
    CHECK(audit_inventory_items(&f.s) == items);
    chunk_unload(&f.s, &f.c);
    store_close(f.st);
    char wal[80];
    unlink(f.path);
    snprintf(wal, sizeof wal, "%s-wal", f.path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", f.path);
    unlink(wal);
    cJSON_free(f.good_host);
    f.p.api->free_buffer(f.good_blob);
    f.p.api->registry_destroy(f.s.registry);
    f.p.api->shutdown(f.s.ctx);
    host_services_free(&f.host);
    ph_plugin_unload(&f.p);
    return th_finish("host_chunk_persist");
}
