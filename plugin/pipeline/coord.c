/* coord.c - a coordinator's lifecycle (create from the context's defaults
 * and a config, destroy now or at the end of the call holding it), its
 * error text and time rule, and the storage of its pipelines and tasks. */
#include "pipeline/coord.h"

#include "core/vec.h"
#include "pipeline/config.h"

#include <stdlib.h>
#include <string.h>

prod_status prodi_coord_create(prod_ctx *ctx, const prod_coord_config *cfg,
                               prod_coordinator **out)
{
    prod_coord_config base;
    if (ctx->coord_defaults)
        base = *ctx->coord_defaults;
    else
        prodi_coord_cfg_defaults(&base);
    prod_status st = cfg ? prodi_coord_cfg_merge(prodi_ctx_err(ctx), "coord_create", &base, cfg, 1)
                         : PROD_OK;
    if (st != PROD_OK)
        return st;
    prod_coordinator *c = prodi_zalloc(&ctx->mem, 1, sizeof *c);
    if (!c)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY, "coord_create: out of memory");
    atomic_init(&c->state, 0);
    c->ctx = ctx;
    c->cfg = c->pending = base;
    c->next_pipeline = 1;
    c->free_slot = CO_NONE;
    c->done_stale = 1; /* a load adds done pipelines without listing them */
    c->next_scan = base.scan_every_ms > 0 ? 0 : -1;
    prodi_u64map_init(&c->worker_ix, &ctx->mem);
    prodi_u64map_init(&c->group_ix, &ctx->mem);
    c->queues_dirty = 1; /* the first tick fills them (the scan timer) */
    prodi_ctx_use(ctx);
    *out = c;
    return PROD_OK;
}

void prodi_coord_destroy(prod_coordinator *c)
{
    if (prodi_claim_destroy(&c->state))
        prodi_coord_free(c);
}

void prodi_coord_pipeline_free(co_pipeline *p)
{
    if (!p)
        return;
    const prodi_mem *m = p->mem;
    for (uint32_t f = 0; f < p->factory_count; f++) {
        prodi_free(m, p->factories[f].inputs);
        prodi_free(m, p->factories[f].delivered);
        prodi_free(m, p->factories[f].deliveries);
    }
    prodi_free(m, p->factories);
    prodi_free(m, p->nodes);
    prodi_free(m, p->tasks);
    prodi_free(m, p);
}

void prodi_coord_free(prod_coordinator *c)
{
    for (uint32_t i = 0; i < c->npipes; i++)
        prodi_coord_pipeline_free(c->pipes[i]);
    const prodi_mem *m = &c->ctx->mem;
    prodi_free(m, c->pipes);
    prodi_free(m, c->done_ids);
    prodi_free(m, c->workers);
    for (uint32_t g = 0; g < c->group_count; g++)
        prodi_free(m, c->groups[g].heap);
    prodi_free(m, c->groups);
    prodi_free(m, c->active_groups);
    prodi_u64map_free(&c->worker_ix);
    prodi_u64map_free(&c->group_ix);
    prodi_free(m, c->timers.v);
    prodi_free(m, c->ready.v);
    prodi_free(m, c->err);
    prod_ctx *ctx = c->ctx;
    prodi_free(m, c);
    prodi_ctx_unuse(ctx);
}

prodi_errbuf *prodi_coord_err(prod_coordinator *c)
{
    if (!c->err) {
        c->err = prodi_zalloc(&c->ctx->mem, 1, sizeof *c->err);
        c->err_lost = c->err == NULL;
    }
    return c->err;
}

const char *prodi_coord_err_text(const prod_coordinator *c)
{
    if (c->err_lost)
        return "out of memory (the text of the last error could not be kept)";
    return c->err ? c->err->text : "";
}

prod_status prodi_coord_check_time(prod_coordinator *c, int64_t now, const char *who)
{
    if (now < 0 || now > PROD_TIME_MAX)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_TIME, "%s: now %lld is outside [0, 2^52]",
                             who, (long long)now);
    if (now < c->time)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_TIME,
                             "%s: now %lld is before the coordinator's time %lld", who,
                             (long long)now, (long long)c->time);
    return PROD_OK;
}

/* --- pipelines ------------------------------------------------------------ */

uint32_t prodi_coord_pipeline_find(const prod_coordinator *c, uint32_t from, uint64_t id)
{
    uint32_t lo = from, hi = c->npipes;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->pipes[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->npipes && c->pipes[lo]->id == id ? lo : c->npipes;
}

co_pipeline *prodi_coord_pipeline(const prod_coordinator *c, uint64_t id)
{
    uint32_t ix = prodi_coord_pipeline_find(c, 0, id);
    return ix < c->npipes ? c->pipes[ix] : NULL;
}

co_task *prodi_coord_task(const prod_coordinator *c, uint64_t id, co_pipeline **p)
{
    *p = prodi_coord_pipeline(c, id >> CO_TASK_BITS);
    uint32_t ix = (uint32_t)(id & ((1u << CO_TASK_BITS) - 1));
    return *p && ix < (*p)->task_count ? &(*p)->tasks[ix] : NULL;
}

co_pipeline *prodi_coord_pipeline_new(prod_coordinator *c, uint32_t kind, int64_t now)
{
    if (c->next_pipeline > CO_MAX_PIPELINE_ID ||
        PRODI_VEC_HEAP(&c->ctx->mem, c->pipes, c->pipes_cap, (size_t)c->npipes + 1, 16) != 0)
        return NULL;
    co_pipeline *p = prodi_zalloc(&c->ctx->mem, 1, sizeof *p);
    if (!p)
        return NULL;
    p->mem = &c->ctx->mem;
    p->id = c->next_pipeline++;
    p->kind = kind;
    p->state = kind == PROD_PIPELINE_PRODUCE ? PROD_PIPELINE_PLANNING : PROD_PIPELINE_EXECUTING;
    p->created_at = now;
    p->finished_at = -1;
    c->pipes[c->npipes++] = p;
    c->live_produce += kind == PROD_PIPELINE_PRODUCE;
    return p;
}

void prodi_coord_pipeline_drop_last(prod_coordinator *c)
{
    const co_pipeline *p = c->pipes[c->npipes - 1];
    c->live_produce -= p->kind == PROD_PIPELINE_PRODUCE && prodi_coord_pipeline_live(p);
    prodi_coord_pipeline_free(c->pipes[--c->npipes]);
    c->next_pipeline--;
}

uint32_t prodi_coord_task_add(co_pipeline *p, uint32_t type, prod_item_id item, uint32_t node,
                              uint64_t market, int64_t now)
{
    static const uint32_t PRIORITY[] = {0, 10, 20, 30, 40, 100}; /* by PROD_TASK_* */
    if (p->task_count >= PROD_COORD_MAX_TASKS ||
        PRODI_VEC_HEAP(p->mem, p->tasks, p->task_cap, (size_t)p->task_count + 1, 16) != 0)
        return CO_NONE;
    uint32_t ix = p->task_count++;
    co_task *t = &p->tasks[ix];
    memset(t, 0, sizeof *t);
    t->type = (uint8_t)type;
    t->state = PROD_TASK_PENDING;
    t->node = node;
    t->item = item;
    t->priority = PRIORITY[type];
    t->market = market;
    t->created_at = now;
    t->ready_at = t->started_at = t->completed_at = t->wake_at = -1;
    return ix;
}

