/* streaming.c - the player's walk, unloading distant chunks into the chunk
 * store, reloading them on approach, and the mid-run plugin reload. */
#include "streaming.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk_persist.h"
#include "option.h"
#include "reload.h"

#define MAX_VIEW 1000u
#define MAX_UNLOAD_S 86400u
#define MAX_RELOAD_MIN 1000000u

int stream_option(stream_config *c, const char *opt, const char *value)
{
    if (strcmp(opt, "--view") == 0)
        return option_u32(opt, value, MAX_VIEW, &c->view);
    if (strcmp(opt, "--unload-every") == 0)
        return option_u32(opt, value, MAX_UNLOAD_S, &c->unload_every_s);
    if (strcmp(opt, "--reload-at") == 0)
        return option_u32(opt, value, MAX_RELOAD_MIN, &c->reload_at_min);
    if (strcmp(opt, "--reload-plugin") == 0)
        return option_text(opt, value, &c->reload_plugin);
    if (strcmp(opt, "--db") == 0 || strcmp(opt, "--store") == 0)
        return option_text(opt, value, &c->db);
    if (strcmp(opt, "--pg") == 0)
        return option_text(opt, value, &c->pg);
    return region_option(&c->region, opt, value);
}

void stream_usage(FILE *out)
{
    fprintf(out,
            "  --view R        a player walks the grid; the host acts only within R chunks\n"
            "                  of it, other chunks just run their jobs (default: everywhere)\n"
            "  --unload-every S  every S game seconds save chunks outside the view to the\n"
            "                  store and unload them; they reload when the player nears\n"
            "                  (default view 1)\n"
            "  --reload-at M   at game minute M save and unload every chunk, dlclose the\n"
            "                  plugin, dlopen it again, init, and reload every chunk\n"
            "  --reload-plugin PATH  the plugin to dlopen at --reload-at (default --plugin)\n"
            "  --db PATH       the SQLite chunk store (default: a temporary file, removed;\n"
            "                  with --db every chunk is also saved at the end); --store\n"
            "                  PATH is the same, --store postgres://... the same as --pg\n");
    region_usage(out);
}

static int open_temp_store(stream *st)
{
    strcpy(st->temp_path, "/tmp/prodhost-store-XXXXXX");
    int fd = mkstemp(st->temp_path);
    if (fd < 0) {
        fprintf(stderr, "prodhost: cannot create a temporary store under /tmp: %s\n",
                strerror(errno));
        st->temp_path[0] = '\0';
        return -1;
    }
    close(fd);
    return store_open(st->temp_path, 1, &st->store);
}

static int is_url(const char *where)
{
    return strncmp(where, "postgres://", 11) == 0 || strncmp(where, "postgresql://", 13) == 0;
}

/* --pg as given when it is a URL, else "pg:" and the conninfo. */
static int open_pg(stream *st, const char *pg)
{
    size_t n = strlen(pg) + 4;
    char *where = malloc(n);
    if (!where) {
        fprintf(stderr, "prodhost: out of memory\n");
        return -1;
    }
    snprintf(where, n, "%s%s", is_url(pg) ? "" : "pg:", pg);
    int rc = store_open(where, 1, &st->store);
    free(where);
    return rc;
}

/* What a store of this kind cannot do. 0 or -1 (printed). */
static int check_store_kind(const stream *st)
{
    const stream_config *c = &st->cfg;
    const region_config *r = &c->region;
    int shared = st->store && store_shared(st->store);
    if (shared && (c->unload_every_s || c->reload_at_min)) {
        fprintf(stderr, "prodhost: --unload-every and --reload-at work with the SQLite store "
                "only (on a shared store a server holds the chunks it runs)\n");
        return -1;
    }
    if (!shared && (r->count || r->lease_ms || r->pace_ms || r->checkpoint_s)) {
        fprintf(stderr, "prodhost: --region, --lease-ms, --pace and --checkpoint-every need a "
                "shared store (--pg CONNINFO or --store postgres://...)\n");
        return -1;
    }
    return 0;
}

int stream_open(stream *st, const stream_config *cfg, uint32_t chunks, uint32_t width,
                uint32_t height, uint32_t minutes)
{
    *st = (stream){.cfg = *cfg, .walk = {.view = cfg->view, .width = width, .height = height}};
    if (st->cfg.unload_every_s && !st->cfg.view)
        st->walk.view = st->cfg.view = 1;
    if (cfg->reload_at_min > minutes) {
        fprintf(stderr, "prodhost: --reload-at %u is after the last minute (%u)\n",
                cfg->reload_at_min, minutes);
        return -1;
    }
    if (cfg->db && cfg->pg) {
        fprintf(stderr, "prodhost: --pg and --db/--store name two stores; give one\n");
        return -1;
    }
    st->broken = calloc(chunks ? chunks : 1, 1);
    if (!st->broken) {
        fprintf(stderr, "prodhost: out of memory\n");
        return -1;
    }
    int rc = cfg->pg                                       ? open_pg(st, cfg->pg)
             : cfg->db                                     ? store_open(cfg->db, 1, &st->store)
             : cfg->unload_every_s || cfg->reload_at_min ? open_temp_store(st)
                                                           : 0;
    return rc != 0 ? -1 : check_store_kind(st);
}

int stream_shared(const stream *st)
{
    return st->store && store_shared(st->store);
}

void stream_close(stream *st)
{
    store_close(st->store);
    st->store = NULL;
    free(st->broken);
    st->broken = NULL;
    if (!st->temp_path[0])
        return;
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[80];
        snprintf(path, sizeof path, "%s%s", st->temp_path, suffixes[i]);
        unlink(path);
    }
    st->temp_path[0] = '\0';
}

void stream_enable_reload(stream *st, ph_plugin *p, prod_ctx **ctx, const char *plugin_path,
                          const char *recipes)
{
    st->plugin = p;
    st->ctx_slot = ctx;
    st->plugin_path = plugin_path;
    st->recipes = recipes;
}

int stream_near(const stream *st, const chunk *c, int64_t now)
{
    return player_near(&st->walk, c->x, c->y, now);
}

static int picked(const stream *st, const chunk *c, int64_t now, int all)
{
    return c->manager && (all || !stream_near(st, c, now));
}

/* One transaction: the rows of the picked chunks and the meta counters. Only
 * after the commit, and if drop, are those chunks unloaded. 0 or -1. */
static int save_batch(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now, int all,
                      int drop, const store_meta *meta, uint32_t meta_count)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += (uint32_t)picked(st, &chunks[i], now, all);
    if (count == 0 && !all) /* an unload with nothing to unload */
        return 0;
    if (store_begin(st->store) != 0)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        if (picked(st, &chunks[i], now, all) && chunk_save(s, &chunks[i], st->store, now) != 0) {
            store_rollback(st->store);
            return -1;
        }
    for (uint32_t i = 0; i < meta_count; i++)
        if (store_set_meta(st->store, meta[i].name, meta[i].value) != 0) {
            store_rollback(st->store);
            return -1;
        }
    if (store_commit(st->store) != 0)
        return -1;
    st->saves++;
    st->rows += count;
    for (uint32_t i = 0; drop && i < n; i++)
        if (picked(st, &chunks[i], now, all)) {
            chunk_drop(s, &chunks[i]);
            st->unloads++;
        }
    return 0;
}

int stream_checkpoint(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now,
                      const store_meta *meta, uint32_t meta_count)
{
    return save_batch(st, s, chunks, n, now, 1, 0, meta, meta_count);
}

/* Reload one chunk and catch it up to now. A damaged row is reported and the
 * chunk stays unloaded (it is not retried); only a failing tick is fatal. */
static int restore_one(stream *st, sim *s, chunk *chunks, uint32_t i, int64_t now)
{
    chunk *c = &chunks[i];
    if (chunk_restore(s, c, st->store) != 0) {
        fprintf(stderr, "prodhost: chunk (%d,%d) stays unloaded\n", (int)c->x, (int)c->y);
        st->broken[i] = 1;
        st->failed++;
        return 0;
    }
    st->reloads++;
    return chunk_tick(s, c, now);
}

static int restore_where(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now, int all)
{
    for (uint32_t i = 0; i < n; i++)
        if (!chunks[i].manager && !st->broken[i] && (all || stream_near(st, &chunks[i], now)) &&
            restore_one(st, s, chunks, i, now) != 0)
            return -1;
    return 0;
}

static int hot_reload(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now)
{
    const store_meta meta = {"game_time", now};
    if (save_batch(st, s, chunks, n, now, 1, 1, &meta, 1) != 0)
        return -1;
    const char *path = st->cfg.reload_plugin ? st->cfg.reload_plugin : st->plugin_path;
    if (plugin_reload(s, st->plugin, st->ctx_slot, path, st->recipes) != 0)
        return -1;
    st->plugin_reloads++;
    return 0;
}

int stream_step(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now)
{
    if (st->plugin && st->cfg.reload_at_min && now == (int64_t)st->cfg.reload_at_min * 60000 &&
        hot_reload(st, s, chunks, n, now) != 0)
        return -1;
    if (st->store && restore_where(st, s, chunks, n, now, 0) != 0)
        return -1;
    const store_meta meta = {"game_time", now};
    if (st->cfg.unload_every_s && now > 0 && now % ((int64_t)st->cfg.unload_every_s * 1000) == 0)
        return save_batch(st, s, chunks, n, now, 0, 1, &meta, 1);
    return 0;
}

int stream_finish(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now)
{
    if (!st->store)
        return 0;
    if (restore_where(st, s, chunks, n, now, 1) != 0)
        return -1;
    const store_meta meta = {"game_time", now};
    return save_batch(st, s, chunks, n, now, 1, 0, &meta, 1);
}

void stream_print(const stream *st, FILE *out)
{
    if (st->cfg.view)
        fprintf(out, "view:                  radius %" PRIu32 " around a walking player (moves "
                "every %d s); the host acts only there\n", st->cfg.view, PLAYER_MOVE_MS / 1000);
    if (!st->store || store_shared(st->store)) /* shard.c prints a shared store's line */
        return;
    fprintf(out, "store:                 %s%s, %" PRIu64 " saves (%" PRIu64 " chunk rows), %"
            PRIu64 " unloads, %" PRIu64 " reloads, %" PRIu64 " failed loads, %" PRIu64
            " plugin reloads\n", st->temp_path[0] ? "temporary " : "", store_path(st->store),
            st->saves, st->rows, st->unloads, st->reloads, st->failed, st->plugin_reloads);
}

cJSON *stream_json(const stream *st)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "view", st->cfg.view);
    if (!st->store)
        return o;
    cJSON_AddStringToObject(o, "store", store_path(st->store));
    cJSON_AddBoolToObject(o, "temporary", st->temp_path[0] != '\0');
    cJSON_AddNumberToObject(o, "saves", (double)st->saves);
    cJSON_AddNumberToObject(o, "rows", (double)st->rows);
    cJSON_AddNumberToObject(o, "unloads", (double)st->unloads);
    cJSON_AddNumberToObject(o, "reloads", (double)st->reloads);
    cJSON_AddNumberToObject(o, "failed_loads", (double)st->failed);
    cJSON_AddNumberToObject(o, "plugin_reloads", (double)st->plugin_reloads);
    return o;
}
