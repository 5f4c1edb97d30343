/* chunk.c - a chunk's manager lifecycle (load/unload seams) and ticking. */
#include "chunk.h"

#include <stdio.h>

#include "ph_inventory.h"
#include "ph_status.h"

uint64_t chunk_tag(int32_t x, int32_t y)
{
    return (uint64_t)(uint32_t)x << 32 | (uint32_t)y;
}

static int report(const sim *s, const chunk *c, prod_status st, const char *what,
                  const char *text)
{
    fprintf(stderr, "prodhost: chunk (%d,%d): %s failed: %s: %s\n", (int)c->x, (int)c->y, what,
            s->api->status_str(st), text);
    return -1;
}

int chunk_fail(const sim *s, const chunk *c, prod_status st, const char *what)
{
    return report(s, c, st, what, c->manager ? s->api->manager_last_error(c->manager) : "");
}

/* Context-level calls leave their text in last_error(ctx). */
static int ctx_fail(const sim *s, const chunk *c, prod_status st, const char *what)
{
    return report(s, c, st, what, s->api->last_error(s->ctx));
}

int chunk_load(sim *s, chunk *c)
{
    prod_manager_config config = {.struct_size = sizeof config, .version = PROD_MANAGER_CONFIG_VERSION, .tag = c->tag,
                                  .seed = c->seed, .id_space = c->id_space,
                                  .output_policy = c->output_policy};
    prod_status st = s->api->manager_create(s->ctx, &config, &c->manager);
    if (st != PROD_OK) {
        c->manager = NULL;
        return ctx_fail(s, c, st, "manager_create");
    }
    st = s->api->registry_add(s->registry, c->tag, c->manager);
    if (st != PROD_OK) {
        ctx_fail(s, c, st, "registry_add");
        s->api->manager_destroy(c->manager);
        c->manager = NULL;
        return -1;
    }
    return 0;
}

/* The event counters of a manager's life, added to sum. */
static void add_events(prod_manager_counters *sum, const prod_manager_counters *c)
{
    sum->starts += c->starts;
    sum->restarts += c->restarts;
    sum->completions += c->completions;
    sum->cancels += c->cancels;
    sum->blocked_outputs += c->blocked_outputs;
    sum->failed_to_restart += c->failed_to_restart;
    sum->failed_output_full += c->failed_output_full;
    sum->recipe_removed += c->recipe_removed;
    sum->events += c->events;
}

void chunk_counters(const sim *s, const chunk *c, prod_manager_counters *out)
{
    *out = c->banked;
    prod_manager_counters now = {.struct_size = sizeof now};
    if (c->manager && s->api->manager_counters(c->manager, &now) == PROD_OK) {
        add_events(out, &now);
        out->jobs = now.jobs;
        out->jobs_blocked = now.jobs_blocked;
        out->bytes_reserved = now.bytes_reserved;
        out->bytes_used = now.bytes_used;
    }
}

void chunk_unload(sim *s, chunk *c)
{
    if (!c->manager)
        return;
    prod_manager_counters now = {.struct_size = sizeof now};
    if (s->api->manager_counters(c->manager, &now) == PROD_OK)
        add_events(&c->banked, &now);
    s->api->registry_remove(s->registry, c->tag);
    s->api->manager_destroy(c->manager);
    c->manager = NULL;
}

void chunk_empty(sim *s, chunk *c)
{
    uint32_t count = s->api->item_count(s->ctx);
    for (uint32_t k = 0; k < KIND_COUNT; k++)
        for (prod_item_id item = 1; item <= count; item++)
            ph_inv_take(s->host->inv, c->buildings[k].inventory, item, UINT64_MAX);
}

int chunk_tick(sim *s, chunk *c, int64_t now)
{
    if (!c->manager) /* unloaded chunks sleep; a reload catches up exactly */
        return 0;
    prod_status st;
    while ((st = s->api->tick(c->manager, now)) == PROD_MORE) /* one budget per call */
        ;
    return st == PROD_OK ? 0 : chunk_fail(s, c, st, "tick");
}
