/* chunk_streaming.c - one manager per chunk, and chunks that leave the
 * player's view saved to SQLite and unloaded, then loaded again and caught
 * up when the player comes back: the way a server keeps only nearby chunks
 * in memory. Every chunk runs the same repeating smelting job; chunks 0 and
 * 1 spend game minutes 1..9 in the store. Catch-up is exact, so every chunk
 * ends with the same ingots as if it had been ticked all along.
 *
 *   cc chunk_streaming.c $(pkg-config --cflags --libs production sqlite3)
 *   ./a.out chunks.db
 *
 * A row holds a chunk's manager bytes (serialize) and the host's own state
 * of that chunk (its inventory) in one transaction: the plugin's save never
 * holds the game's items. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "production.h"

#define CHUNKS 4
#define ORE 1 /* item ids, in order of first appearance in RECIPES */
#define INGOT 2
#define MINUTE_MS 60000

static const char *RECIPES = "[{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"
                             "\"outputs\":[{\"item\":\"ingot\",\"qty\":1}],\"duration_ms\":1000}]";

typedef struct chunk {
    prod_manager *m;  /* NULL while the chunk is in the store */
    uint64_t ore, ingots;
} chunk;

typedef struct world {
    const prod_api *api;
    prod_ctx *ctx;
    sqlite3 *db;
    chunk chunks[CHUNKS];
} world;

/* ---- the game's inventories: one per chunk, inventory id = chunk index ---- */

static int32_t consume(void *user, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    chunk *c = &((world *)user)->chunks[inv];
    for (uint32_t i = 0; i < n; i++)
        if (r[i].item != ORE || c->ore < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        c->ore -= r[i].consume ? r[i].qty : 0;
    return PROD_HOST_OK;
}

static int32_t add(void *user, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    chunk *c = &((world *)user)->chunks[inv];
    for (uint32_t i = 0; i < n; i++)
        c->ingots += items[i].item == INGOT ? items[i].qty : 0;
    return PROD_HOST_OK;
}

/* ---- the store: one row per chunk ---------------------------------------- */

static int sql(world *w, const char *text)
{
    char *err = NULL;
    if (sqlite3_exec(w->db, text, NULL, NULL, &err) == SQLITE_OK)
        return 0;
    fprintf(stderr, "sqlite: %s\n", err);
    sqlite3_free(err);
    return -1;
}

/* Serialize chunk i, write its row with its inventory, then destroy the
 * manager: the row is committed before anything is dropped. */
static int unload(world *w, int i)
{
    chunk *c = &w->chunks[i];
    uint8_t *bytes = NULL;
    size_t len = 0;
    sqlite3_stmt *put = NULL;
    prod_status st = w->api->serialize(c->m, &bytes, &len);
    if (st != PROD_OK)
        return fprintf(stderr, "serialize: %s\n", w->api->manager_last_error(c->m)), -1;
    int ok = sqlite3_prepare_v2(w->db, "INSERT OR REPLACE INTO chunk VALUES (?, ?, ?, ?)", -1,
                                &put, NULL) == SQLITE_OK &&
             sqlite3_bind_int(put, 1, i) == SQLITE_OK &&
             sqlite3_bind_blob(put, 2, bytes, (int)len, SQLITE_TRANSIENT) == SQLITE_OK &&
             sqlite3_bind_int64(put, 3, (sqlite3_int64)c->ore) == SQLITE_OK &&
             sqlite3_bind_int64(put, 4, (sqlite3_int64)c->ingots) == SQLITE_OK &&
             sqlite3_step(put) == SQLITE_DONE;
    sqlite3_finalize(put);
    w->api->free_buffer(bytes);
    if (!ok)
        return fprintf(stderr, "store: %s\n", sqlite3_errmsg(w->db)), -1;
    w->api->manager_destroy(c->m);
    c->m = NULL;
    c->ore = c->ingots = 0; /* the inventory is in the row now */
    return 0;
}

/* Read chunk i's row back, rebuild its manager and catch it up to now. */
static int reload(world *w, int i, int64_t now)
{
    chunk *c = &w->chunks[i];
    sqlite3_stmt *get = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(w->db, "SELECT manager, ore, ingots FROM chunk WHERE key = ?", -1, &get,
                           NULL) == SQLITE_OK &&
        sqlite3_bind_int(get, 1, i) == SQLITE_OK && sqlite3_step(get) == SQLITE_ROW) {
        c->ore = (uint64_t)sqlite3_column_int64(get, 1);
        c->ingots = (uint64_t)sqlite3_column_int64(get, 2);
        prod_status st = w->api->deserialize(w->ctx, sqlite3_column_blob(get, 0),
                                             (size_t)sqlite3_column_bytes(get, 0), NULL, &c->m);
        if (st == PROD_OK)
            st = w->api->tick(c->m, now); /* every cycle that fell due, in order */
        if (st == PROD_OK)
            rc = 0;
        else
            fprintf(stderr, "chunk %d: %s: %s\n", i, w->api->status_str(st),
                    c->m ? w->api->manager_last_error(c->m) : w->api->last_error(w->ctx));
    } else {
        fprintf(stderr, "chunk %d is not in the store: %s\n", i, sqlite3_errmsg(w->db));
    }
    sqlite3_finalize(get);
    return rc;
}

/* ---- the game loop ------------------------------------------------------- */

static int start_chunks(world *w)
{
    prod_recipe_ix smelt;
    if (w->api->recipe_find(w->ctx, "smelt", &smelt) != PROD_OK)
        return -1;
    for (int i = 0; i < CHUNKS; i++) {
        prod_manager_config mc = {.struct_size = sizeof mc,
                                  .version = PROD_MANAGER_CONFIG_VERSION, .tag = (uint64_t)i,
                                  .id_space = (uint32_t)i + 1};
        w->chunks[i].ore = 2000; /* 1000 cycles */
        prod_status st = w->api->manager_create(w->ctx, &mc, &w->chunks[i].m);
        if (st == PROD_OK)
            st = w->api->start_repeating(w->chunks[i].m, smelt, 1, (uint64_t)i, 0, NULL);
        if (st != PROD_OK)
            return fprintf(stderr, "chunk %d: %s\n", i, w->api->status_str(st)), -1;
    }
    return 0;
}

/* Ten game minutes, one tick per loaded chunk per game second. */
static int play(world *w)
{
    for (int64_t now = 1000; now <= 10 * MINUTE_MS; now += 1000) {
        for (int i = 0; i < 2; i++) {
            if (now == 1 * MINUTE_MS && unload(w, i) != 0)
                return -1;
            if (now == 9 * MINUTE_MS && reload(w, i, now) != 0)
                return -1;
        }
        for (int i = 0; i < CHUNKS; i++) {
            prod_status st = w->chunks[i].m ? w->api->tick(w->chunks[i].m, now) : PROD_OK;
            if (st != PROD_OK)
                return fprintf(stderr, "tick: %s\n", w->api->status_str(st)), -1;
        }
    }
    return 0;
}

static int run(world *w)
{
    if (sql(w, "CREATE TABLE IF NOT EXISTS chunk (key INTEGER PRIMARY KEY, manager BLOB, "
               "ore INTEGER, ingots INTEGER); DELETE FROM chunk;") != 0 ||
        start_chunks(w) != 0 || play(w) != 0)
        return 1;
    int same = 1;
    for (int i = 0; i < CHUNKS; i++) {
        printf("chunk %d: %llu ingots, %llu ore left%s\n", i,
               (unsigned long long)w->chunks[i].ingots, (unsigned long long)w->chunks[i].ore,
               i < 2 ? " (in the store for 8 minutes)" : "");
        same = same && w->chunks[i].ingots == w->chunks[0].ingots;
    }
    printf(same ? "every chunk made the same ingots\n" : "chunks differ\n");
    return same ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *why = NULL;
    world w;
    memset(&w, 0, sizeof w);
    if (!(w.api = prod_get_api(PROD_ABI_VERSION, &why)))
        return fprintf(stderr, "prod_get_api: %s\n", why), 1;
    if (sqlite3_open(argc > 1 ? argv[1] : "chunks.db", &w.db) != SQLITE_OK)
        return fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(w.db)), sqlite3_close(w.db), 1;
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION, .user = &w,
                      .inventory_consume = consume, .inventory_add = add};
    prod_recipe_source src = {.json = RECIPES, .name = "chunk_streaming.c"};
    char err[512] = "";
    prod_init_params ip = {.struct_size = sizeof ip, .version = PROD_INIT_PARAMS_VERSION,
                           .host = &host, .sources = &src, .source_count = 1, .error = err,
                           .error_cap = sizeof err};
    int rc = 1;
    if (w.api->init(&ip, &w.ctx) == PROD_OK)
        rc = run(&w);
    else
        fprintf(stderr, "init: %s\n", err);
    for (int i = 0; i < CHUNKS; i++)
        w.api->manager_destroy(w.chunks[i].m);
    w.api->shutdown(w.ctx);
    sqlite3_close(w.db);
    return rc;
}
