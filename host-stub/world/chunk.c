/* chunk.c - a chunk's manager lifecycle (load/unload seams) and ticking. */
#include "chunk.h"

#include <stdio.h>


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

void chunk_unload(sim *s, chunk *c)
{
    if (!c->manager)
        return;
    s->api->registry_remove(s->registry, c->tag);
    s->api->manager_destroy(c->manager);
    c->manager = NULL;
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
