/* world.c - the chunk grid, the owners and the game loop. */
#include "world.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buildings.h"
#include "chunk.h"
#include "flows.h"
#include "ph_status.h"
#include "shard.h"
#include "sim.h"
#include "storebench.h"

#define STEP_MS 250            /* game time between two world steps */
#define OWNER_COUNT 8u
#define OWNER_BASE 1000u       /* owner ids are OWNER_BASE + i */
#define SKILL_MAX 10u
#define LEVEL_MAX 3u
#define BUFF_PERMILLE 5u       /* per step: a random owner gets a buff */
#define BUFF_MS 120000         /* how long a buff lasts */
#define CANCEL_PERMILLE 2u     /* per chunk and step: cancel one building's job */
#define CRAMPED_PERMILLE 333u  /* chunks whose buildings have half capacity */
#define FAIL_POLICY_EVERY 4u   /* every 4th chunk uses PROD_OUTPUT_FAIL */

struct world {
    sim sim;
    world_config cfg;
    uint32_t width, height;
    chunk *chunks;
    uint64_t owners[OWNER_COUNT];
    uint64_t stocked; /* items in the inventories right after setup */
    stream stream;
    shard *shard;     /* on a shared store: this server's share of the world */
};

static uint32_t grid_width(uint32_t n)
{
    uint32_t w = 1;
    while (w * w < n)
        w++;
    return w;
}

static int setup_owners(world *w)
{
    for (uint32_t i = 0; i < OWNER_COUNT; i++) {
        w->owners[i] = OWNER_BASE + i;
        uint32_t smithing = prng_below(&w->sim.rng, SKILL_MAX + 1);
        uint32_t efficiency = prng_below(&w->sim.rng, SKILL_MAX + 1);
        if (mod_set_skill(w->sim.host->mods, w->owners[i], smithing, efficiency) != 0)
            return -1;
    }
    return 0;
}

static int layout_buildings(world *w, chunk *c)
{
    int cramped = prng_permille(&w->sim.rng, CRAMPED_PERMILLE);
    for (uint32_t kind = 0; kind < KIND_COUNT; kind++) {
        uint64_t owner = w->owners[prng_below(&w->sim.rng, OWNER_COUNT)];
        if (building_layout(&w->sim, c, kind, owner, cramped) != 0)
            return -1;
    }
    return 0;
}

static int setup_chunk(world *w, uint32_t index)
{
    chunk *c = &w->chunks[index];
    c->x = (int32_t)(index % w->width);
    c->y = (int32_t)(index / w->width);
    c->tag = chunk_tag(c->x, c->y);
    c->seed = prng_mix(w->cfg.seed, index);
    c->id_space = index + 1;
    c->output_policy = index % FAIL_POLICY_EVERY == FAIL_POLICY_EVERY - 1 ? PROD_OUTPUT_FAIL
                                                                          : PROD_OUTPUT_HOLD;
    if (mod_set_level(w->sim.host->mods, c->tag, prng_below(&w->sim.rng, LEVEL_MAX + 1)) != 0) {
        fprintf(stderr, "prodhost: out of memory setting building levels\n");
        return -1;
    }
    return layout_buildings(w, c);
}

static int setup_world(world *w, const char *recipes_name)
{
    prod_status st = w->sim.api->registry_create(w->sim.ctx, &w->sim.registry);
    if (st != PROD_OK) {
        fprintf(stderr, "prodhost: cannot make the manager registry: %s: %s\n",
                w->sim.api->status_str(st), w->sim.api->last_error(w->sim.ctx));
        return -1;
    }
    if (content_resolve(&w->sim.content, w->sim.api, w->sim.ctx, recipes_name) != 0)
        return -1;
    if (setup_owners(w) != 0) {
        fprintf(stderr, "prodhost: out of memory setting skills\n");
        return -1;
    }
    for (uint32_t i = 0; i < w->cfg.chunks; i++)
        if (setup_chunk(w, i) != 0)
            return -1;
    return 0;
}

/* One process runs every chunk: create them all now. */
static int create_chunks(world *w)
{
    for (uint32_t i = 0; i < w->cfg.chunks; i++)
        if (buildings_create(&w->sim, &w->chunks[i]) != 0)
            return -1;
    return 0;
}

/* On a shared store the chunks are created, handed over or taken over by
 * the servers as they run them (shard.c). */
static int open_shard(world *w)
{
    const shard_world shape = {.seed = w->cfg.seed, .chunks = w->cfg.chunks,
                               .minutes = w->cfg.minutes, .view = w->stream.walk.view};
    w->shard = shard_open(&w->cfg.stream.region, &w->stream.walk, &shape, w->stream.store);
    return w->shard ? shard_start(w->shard, &w->sim, w->chunks, w->cfg.chunks) : -1;
}

world *world_create(const world_config *cfg, const prod_api *api, prod_ctx *ctx,
                    host_services *host, const char *recipes_name)
{
    world *w = calloc(1, sizeof *w);
    chunk *chunks = calloc(cfg->chunks ? cfg->chunks : 1, sizeof *chunks);
    if (!w || !chunks) {
        fprintf(stderr, "prodhost: out of memory creating %" PRIu32 " chunks\n", cfg->chunks);
        free(w);
        free(chunks);
        return NULL;
    }
    w->sim = (sim){.api = api, .ctx = ctx, .host = host};
    prng_seed(&w->sim.rng, cfg->seed);
    w->cfg = *cfg;
    w->width = grid_width(cfg->chunks);
    w->height = (cfg->chunks + w->width - 1) / w->width;
    w->chunks = chunks;
    if (setup_world(w, recipes_name) != 0 ||
        stream_open(&w->stream, &cfg->stream, cfg->chunks, w->width, w->height,
                    cfg->minutes) != 0 ||
        (stream_shared(&w->stream) ? open_shard(w) : create_chunks(w)) != 0) {
        world_destroy(w);
        return NULL;
    }
    w->stocked = audit_inventory_items(&w->sim);
    return w;
}

void world_enable_reload(world *w, ph_plugin *p, prod_ctx **ctx, const char *plugin_path,
                         const char *recipes)
{
    stream_enable_reload(&w->stream, p, ctx, plugin_path, recipes);
}

void world_destroy(world *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->cfg.chunks; i++)
        chunk_unload(&w->sim, &w->chunks[i]);
    if (w->sim.registry)
        w->sim.api->registry_destroy(w->sim.registry);
    shard_close(w->shard);
    stream_close(&w->stream);
    free(w->chunks);
    free(w);
}

/* --- the game loop ---------------------------------------------------------- */

static int grant_buff(world *w, int64_t now)
{
    if (!prng_permille(&w->sim.rng, BUFF_PERMILLE))
        return 0;
    uint64_t owner = w->owners[prng_below(&w->sim.rng, OWNER_COUNT)];
    if (mod_set_buff(w->sim.host->mods, owner, now + BUFF_MS) != 0) {
        fprintf(stderr, "prodhost: out of memory granting a buff\n");
        return -1;
    }
    w->sim.stats.buffs++;
    return 0;
}

static int maybe_cancel(world *w, chunk *c, int64_t now)
{
    if (!prng_permille(&c->rng, CANCEL_PERMILLE))
        return 0;
    return building_cancel(&w->sim, c, prng_below(&c->rng, KIND_COUNT), now);
}

static int step_chunk(world *w, chunk *c, int64_t now)
{
    if (!c->manager)
        return 0;
    /* Deliver what fell due first, so buildings see their finished jobs. */
    if (chunk_tick(&w->sim, c, now) != 0)
        return -1;
    if (!stream_near(&w->stream, c, now)) /* far from the player: jobs only */
        return 0;
    flows_run(&w->sim, c, now);
    for (uint32_t kind = 0; kind < KIND_COUNT; kind++)
        if (building_step(&w->sim, c, kind, now) != 0)
            return -1;
    return maybe_cancel(w, c, now);
}

int world_step(world *w, int64_t now)
{
    if (grant_buff(w, now) != 0 ||
        (w->shard ? shard_step(w->shard, &w->sim, w->chunks, w->cfg.chunks, now)
                  : stream_step(&w->stream, &w->sim, w->chunks, w->cfg.chunks, now)) != 0)
        return -1;
    for (uint32_t i = 0; i < w->cfg.chunks; i++)
        if (step_chunk(w, &w->chunks[i], now) != 0)
            return -1;
    return 0;
}

int world_run(world *w)
{
    int64_t end = (int64_t)w->cfg.minutes * 60000;
    for (int64_t now = 0; now <= end; now += STEP_MS) {
        if (world_step(w, now) != 0)
            return -1;
        if (w->cfg.progress && now % 1000 == 0)
            w->cfg.progress(w->cfg.progress_user, now, end);
        if (w->shard)
            shard_pace(w->shard);
    }
    if (w->shard)
        return shard_finish(w->shard, &w->sim, w->chunks, w->cfg.chunks, end);
    return stream_finish(&w->stream, &w->sim, w->chunks, w->cfg.chunks, end);
}

int world_checkpoint(world *w, int64_t now, const store_meta *meta, uint32_t meta_count)
{
    if (w->shard) {
        fprintf(stderr, "prodhost: soak runs on the SQLite store only\n");
        return -1;
    }
    return stream_checkpoint(&w->stream, &w->sim, w->chunks, w->cfg.chunks, now, meta,
                             meta_count);
}

/* --- the summary ------------------------------------------------------------ */

static uint32_t managers_loaded(const world *w)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->cfg.chunks; i++)
        n += w->chunks[i].manager != NULL;
    return n;
}

static uint64_t jobs_alive(const world *w)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < w->cfg.chunks; i++)
        if (w->chunks[i].manager)
            n += w->sim.api->job_count(w->chunks[i].manager);
    return n;
}

static void print_inventory_totals(const world *w, FILE *out)
{
    uint32_t n = w->sim.api->item_count(w->sim.ctx) + 1;
    uint64_t *totals = calloc(n, sizeof *totals);
    if (!totals) {
        fprintf(out, "inventory totals:      (out of memory)\n");
        return;
    }
    ph_inv_totals(w->sim.host->inv, totals, n);
    fprintf(out, "inventory totals:");
    for (uint32_t item = 1, col = 0; item < n; item++) {
        if (totals[item] == 0)
            continue;
        const char *name = w->sim.api->item_name(w->sim.ctx, item);
        fprintf(out, "%s%s %" PRIu64, col % 6 ? ", " : "\n  ", name ? name : "?", totals[item]);
        col++;
    }
    fputc('\n', out);
    free(totals);
}

static void print_actions(const action_stats *a, FILE *out)
{
    fprintf(out, "host starts:           %" PRIu64 " ok, %" PRIu64 " refused (missing inputs)\n",
            a->starts, a->starts_refused);
    fprintf(out, "host cancels:          %" PRIu64 " ok, %" PRIu64
            " refused (blocked, or refund did not fit)\n", a->cancels, a->cancels_refused);
    fprintf(out, "buffs granted:         %" PRIu64 "\n", a->buffs);
    fprintf(out, "logistics:             delivered %" PRIu64 " (refused, full %" PRIu64
            "), hauled %" PRIu64 ", sold %" PRIu64 "\n",
            a->delivered, a->delivery_refused, a->hauled, a->sold);
}

/* One server: its own figures. Several: the world's, summed over the rows. */
static void print_audit(const world *w, FILE *out)
{
    audit_figures live;
    const audit_figures *f = w->shard ? shard_figures(w->shard) : &live;
    if (!w->shard)
        audit_live(&w->sim, w->chunks, w->cfg.chunks, w->stocked, &live);
    if (f)
        audit_print(f, out);
    else
        fprintf(out, "conservation:          (the world's rows could not be summed, see above)\n");
}

void world_print_summary(const world *w, FILE *out)
{
    const prod_api *api = w->sim.api;
    const char *version = api->plugin_version ? api->plugin_version : "?";
    fprintf(out, "prodhost demo: plugin %s (ABI %u.%u), %u recipes, %u items\n", version,
            api->abi_version >> 16, api->abi_version & 0xFFFFu, api->recipe_count(w->sim.ctx),
            api->item_count(w->sim.ctx));
    fprintf(out, "chunks:                %" PRIu32 " (%" PRIu32 "x%" PRIu32 " grid, seed %" PRIu64
            ", %" PRIu32 " game minutes in %d ms steps)\n", w->cfg.chunks, w->width, w->height,
            w->cfg.seed, w->cfg.minutes, STEP_MS);
    fprintf(out, "managers:              %" PRIu32 " (registered %" PRIu32 "), %" PRIu32
            " buildings, %u owners\n", managers_loaded(w), api->registry_count(w->sim.registry),
            w->cfg.chunks * KIND_COUNT, OWNER_COUNT);
    event_stats_print(&w->sim.host->events.stats, out);
    fprintf(out, "jobs in managers:      %" PRIu64 "\n", jobs_alive(w));
    print_actions(&w->sim.stats, out);
    print_inventory_totals(w, out);
    print_audit(w, out);
    stream_print(&w->stream, out);
    if (w->shard)
        shard_print(w->shard, out);
}

int world_storebench(world *w, const char *where, uint32_t rounds, FILE *out)
{
    return storebench_run(&w->sim, w->chunks, w->cfg.chunks, where, rounds, out);
}

static cJSON *actions_json(const action_stats *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "starts", (double)a->starts);
    cJSON_AddNumberToObject(o, "starts_refused", (double)a->starts_refused);
    cJSON_AddNumberToObject(o, "cancels", (double)a->cancels);
    cJSON_AddNumberToObject(o, "cancels_refused", (double)a->cancels_refused);
    cJSON_AddNumberToObject(o, "buffs", (double)a->buffs);
    cJSON_AddNumberToObject(o, "delivered", (double)a->delivered);
    cJSON_AddNumberToObject(o, "delivery_refused", (double)a->delivery_refused);
    cJSON_AddNumberToObject(o, "hauled", (double)a->hauled);
    cJSON_AddNumberToObject(o, "sold", (double)a->sold);
    return o;
}

/* {item name: total} over every inventory, items with none left out. */
static cJSON *inventory_totals_json(const world *w)
{
    uint32_t n = w->sim.api->item_count(w->sim.ctx) + 1;
    uint64_t *totals = calloc(n, sizeof *totals);
    cJSON *o = totals ? cJSON_CreateObject() : NULL;
    if (o)
        ph_inv_totals(w->sim.host->inv, totals, n);
    for (uint32_t item = 1; o && item < n; item++) {
        const char *name = w->sim.api->item_name(w->sim.ctx, item);
        if (totals[item] && name)
            cJSON_AddNumberToObject(o, name, (double)totals[item]);
    }
    free(totals);
    return o;
}

/* child under key, or a NULL child making the whole document NULL. */
static int attach(cJSON *o, const char *key, cJSON *child)
{
    if (child && cJSON_AddItemToObject(o, key, child))
        return 1;
    cJSON_Delete(child);
    return 0;
}

cJSON *world_summary_json(const world *w)
{
    const prod_api *api = w->sim.api;
    char abi[16];
    snprintf(abi, sizeof abi, "%u.%u", api->abi_version >> 16, api->abi_version & 0xFFFFu);
    audit_figures live;
    const audit_figures *f = w->shard ? shard_figures(w->shard) : &live;
    if (!w->shard)
        audit_live(&w->sim, w->chunks, w->cfg.chunks, w->stocked, &live);
    cJSON *o = f ? cJSON_CreateObject() : NULL;
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "plugin_version", api->plugin_version ? api->plugin_version : "?");
    cJSON_AddStringToObject(o, "abi", abi);
    cJSON_AddNumberToObject(o, "recipes", api->recipe_count(w->sim.ctx));
    cJSON_AddNumberToObject(o, "items", api->item_count(w->sim.ctx));
    cJSON_AddNumberToObject(o, "chunks", w->cfg.chunks);
    cJSON_AddNumberToObject(o, "grid_width", w->width);
    cJSON_AddNumberToObject(o, "grid_height", w->height);
    cJSON_AddNumberToObject(o, "seed", (double)w->cfg.seed);
    cJSON_AddNumberToObject(o, "minutes", w->cfg.minutes);
    cJSON_AddNumberToObject(o, "step_ms", STEP_MS);
    cJSON_AddNumberToObject(o, "managers", managers_loaded(w));
    cJSON_AddNumberToObject(o, "registered", api->registry_count(w->sim.registry));
    cJSON_AddNumberToObject(o, "jobs_in_managers", (double)jobs_alive(w));
    int ok = attach(o, "events", event_stats_json(&w->sim.host->events.stats)) &&
             attach(o, "host_actions", actions_json(&w->sim.stats)) &&
             attach(o, "inventory_totals", inventory_totals_json(w)) &&
             attach(o, "audit", audit_json(f)) && attach(o, "stream", stream_json(&w->stream));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* --- metrics -------------------------------------------------------------- */

typedef struct metric {
    const char *name, *type, *help;
    size_t offset; /* of its uint64_t in prod_manager_counters */
} metric;

#define METRIC(n, t, h, field) {n, t, h, offsetof(prod_manager_counters, field)}

static const metric METRICS[] = {
    METRIC("prod_job_starts_total", "counter", "Jobs started.", starts),
    METRIC("prod_job_restarts_total", "counter", "Further cycles of repeating jobs begun.",
           restarts),
    METRIC("prod_cycles_completed_total", "counter", "Cycles finished, outputs delivered.",
           completions),
    METRIC("prod_job_cancels_total", "counter", "Jobs cancelled.", cancels),
    METRIC("prod_outputs_blocked_total", "counter", "Cycles whose outputs did not fit.",
           blocked_outputs),
    METRIC("prod_failed_to_restart_total", "counter",
           "Repeating jobs that ended for lack of inputs.", failed_to_restart),
    METRIC("prod_failed_output_full_total", "counter", "Jobs failed under the FAIL policy.",
           failed_output_full),
    METRIC("prod_recipe_removed_total", "counter", "Loaded jobs whose recipe was gone.",
           recipe_removed),
    METRIC("prod_events_total", "counter", "Events the managers emitted.", events),
    METRIC("prod_jobs", "gauge", "Running and blocked jobs.", jobs),
    METRIC("prod_jobs_blocked", "gauge", "Jobs holding outputs that do not fit.", jobs_blocked),
    METRIC("prod_manager_bytes_reserved", "gauge", "Bytes the manager obtained.",
           bytes_reserved),
    METRIC("prod_manager_bytes_used", "gauge", "Bytes holding live data.", bytes_used),
};

int world_write_metrics(const world *w, FILE *out)
{
    uint32_t n = w->cfg.chunks;
    prod_manager_counters *c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        chunk_counters(&w->sim, &w->chunks[i], &c[i]);
    for (size_t k = 0; k < sizeof METRICS / sizeof METRICS[0]; k++) {
        const metric *m = &METRICS[k];
        fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help, m->name, m->type);
        for (uint32_t i = 0; i < n; i++) {
            uint64_t v;
            memcpy(&v, (const char *)&c[i] + m->offset, sizeof v);
            fprintf(out, "%s{chunk=\"%d,%d\"} %llu\n", m->name, (int)w->chunks[i].x,
                    (int)w->chunks[i].y, (unsigned long long)v);
        }
    }
    free(c);
    return ferror(out) ? -1 : 0;
}
