/* world.h - the demo world: a grid of chunks (one prod_manager each, all
 * registered in a prod_manager_registry), owners with crafting skills, and
 * the game loop over simulated game time that starts one-shot and repeating
 * jobs, runs the logistics, grants buffs, occasionally cancels, and ticks
 * every loaded manager. */
#ifndef PRODHOST_WORLD_H
#define PRODHOST_WORLD_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include <stdio.h>

#include "host.h"
#include "ph_loader.h"
#include "production.h"
#include "streaming.h"

typedef struct world_config {
    uint32_t chunks;  /* number of chunks, laid out on a near-square grid */
    uint32_t minutes; /* game minutes to simulate */
    uint64_t seed;    /* seeds the host PRNG and every manager */
    stream_config stream; /* view, unloading, store, plugin reload */
    /* Optional: told every game second of world_run how far it is
     * (now of end game ms). */
    void (*progress)(void *user, int64_t now, int64_t end);
    void *progress_user;
} world_config;

typedef struct world world;

/* Build the world on an initialised context. NULL after printing why. */
world *world_create(const world_config *cfg, const prod_api *api, prod_ctx *ctx,
                    host_services *host, const char *recipes_name);
/* Run the game loop. 0, or -1 after printing the plugin error. */
int world_run(world *w);
/* One step of the game loop at now (world_run calls it every 250 ms). 0 or -1. */
int world_step(world *w, int64_t now);
/* Save every chunk and the meta counters in one store transaction. 0 or -1. */
int world_checkpoint(world *w, int64_t now, const store_meta *meta, uint32_t meta_count);
/* Allow --reload-at to swap *p and *ctx (the caller shuts down *ctx after). */
void world_enable_reload(world *w, ph_plugin *p, prod_ctx **ctx, const char *plugin_path,
                         const char *recipes);
void world_print_summary(const world *w, FILE *out);
/* The same summary as a JSON object (the caller deletes it); NULL when out
 * of memory. */
cJSON *world_summary_json(const world *w);
/* Every chunk's production counters (ABI 1.4 manager_counters, summed over
 * the managers each chunk had) in the Prometheus text format, one sample
 * per chunk labelled chunk="X,Y". 0, or -1 when writing failed. */
int world_write_metrics(const world *w, FILE *out);
/* storebench.h's measures on this world's chunks against the store at where. 0 or -1. */
int world_storebench(world *w, const char *where, uint32_t rounds, FILE *out);
/* Unload every chunk (destroying its manager) and free the world. NULL ok. */
void world_destroy(world *w);

#endif
