/* streaming.h - chunk streaming in the demo. A player walks the grid (one
 * chunk every 15 game seconds, row by row) and the host acts (logistics,
 * starts, cancels) only in chunks within --view of it; the other chunks only
 * run their jobs. With --unload-every, distant chunks are saved to the chunk
 * store and unloaded, and reloaded (caught up to the present) as soon as the
 * player comes near again; with --reload-at, the plugin itself is swapped
 * mid-run through the store. The host never acts in a distant chunk and a
 * reload is exact, so a run with unloading or a plugin reload makes the same
 * decisions and prints the same summary as one without (only the "store:"
 * line differs).
 *
 * The store is SQLite (--db, --store PATH) or, shared by several servers,
 * PostgreSQL (--pg, --store postgres://...); on a shared store the world
 * runs through shard.h instead (regions, leases, hand-overs), and this file
 * only opens the store and says where the player is. */
#ifndef PRODHOST_STREAMING_H
#define PRODHOST_STREAMING_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "ph_loader.h"
#include "player.h"
#include "region.h"
#include "sim.h"
#include "store.h"

typedef struct stream_config {
    uint32_t view;             /* 0: no player, the host acts everywhere */
    uint32_t unload_every_s;   /* 0: never unload (given without --view: view 1) */
    uint32_t reload_at_min;    /* 0: no plugin reload */
    const char *reload_plugin; /* NULL: reload the plugin file already loaded */
    const char *db;            /* NULL: a temporary file under /tmp, removed at exit */
    const char *pg;            /* a PostgreSQL conninfo (--pg), or NULL */
    region_config region;      /* --region and its companions (shared stores) */
} stream_config;

/* A counter written in the same transaction as a checkpoint. */
typedef struct store_meta {
    const char *name;
    int64_t value;
} store_meta;

typedef struct stream {
    stream_config cfg;
    chunk_store *store;    /* NULL when nothing needs one */
    char temp_path[64];    /* "" unless the store is a temporary file */
    player_walk walk;
    ph_plugin *plugin;        /* set by stream_enable_reload */
    prod_ctx **ctx_slot;
    const char *plugin_path, *recipes;
    uint8_t *broken;       /* per chunk: its row could not be loaded; stays unloaded */
    uint64_t saves, rows, unloads, reloads, failed, plugin_reloads;
} stream;

/* Demo options: 1 = it was one (value used), 0 = not one, -1 = bad value (printed). */
int stream_option(stream_config *c, const char *opt, const char *value);
void stream_usage(FILE *out);

/* Check the config against the world and open the store if one is needed
 * (--db, --store, --pg, --unload-every or --reload-at). 0 or -1 (printed). */
int stream_open(stream *st, const stream_config *cfg, uint32_t chunks, uint32_t width,
                uint32_t height, uint32_t minutes);
/* Close the store and remove a temporary one. */
void stream_close(stream *st);
/* Let --reload-at swap *p (loaded from plugin_path) and *ctx (made from recipes). */
void stream_enable_reload(stream *st, ph_plugin *p, prod_ctx **ctx, const char *plugin_path,
                          const char *recipes);
/* 1 if the store is shared: the world then runs through shard.h. */
int stream_shared(const stream *st);
/* 1 if the host acts in c at now (within view of the player). */
int stream_near(const stream *st, const chunk *c, int64_t now);
/* Before the chunks step at now: reload the plugin if due, reload near
 * unloaded chunks (caught up to now), unload distant ones if due. 0 or -1. */
int stream_step(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now);
/* After the last step: reload every unloaded chunk (caught up to now) and,
 * with a store, save every chunk in one transaction. 0 or -1. */
int stream_finish(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now);
/* Save every loaded chunk, plus meta, in one transaction (nothing unloaded). */
int stream_checkpoint(stream *st, sim *s, chunk *chunks, uint32_t n, int64_t now,
                      const store_meta *meta, uint32_t meta_count);
void stream_print(const stream *st, FILE *out);
/* The view and the store's counters as a JSON object (NULL when out of memory). */
cJSON *stream_json(const stream *st);

#endif
