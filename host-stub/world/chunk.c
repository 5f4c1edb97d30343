/* chunk.c - a chunk's manager lifecycle (load/unload seams) and ticking. */
#include "chunk.h"

#include <stdio.h>

#include "ph_inventory.h"
#include "ph_status.h"

uint64_t chunk_tag(int32_t x, int32_t y)
{
    return (uint64_t)(uint32_t)x << 32 | (uint32_t)y;
}

static int report(const chunk *c, prod_status st, const char *what, const char *text)
{
    fprintf(stderr, "prodhost: %s failed for chunk (%d,%d): %s (%d): %s\n", what, (int)c->x,
            (int)c->y, ph_status_name(st), (int)st, text);
    return -1;
}

int chunk_fail(const sim *s, const chunk *c, prod_status st, const char *what)
{
    return report(c, st, what, c->manager ? s->api->manager_last_error(c->manager) : "");
}

/* Context-level calls leave their text in last_error(ctx). */
static int ctx_fail(const sim *s, const chunk *c, prod_status st, const char *what)
{
    return report(c, st, what, s->api->last_error(s->ctx));
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

void chunk_unload(sim *s, chunk *c)
{
    if (!c->manager)
        return;
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
