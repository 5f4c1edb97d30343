/* pipelines.c - pipeline state changes, PIPELINE_DONE and retirement (see
 * pipelines.h). */
#include "pipeline/pipelines.h"

#include "core/vec.h"
#include "pipeline/events.h"

#include <string.h>

void prodi_coord_pipeline_state(prod_coordinator *c, co_pipeline *p, uint32_t state,
                                uint32_t reason)
{
    if (p->state == state)
        return;
    int was_live = prodi_coord_pipeline_live(p);
    p->state = state;
    p->reason = reason;
    if (!prodi_coord_pipeline_live(p)) {
        p->finished_at = c->time;
        c->live_produce -= was_live && p->kind == PROD_PIPELINE_PRODUCE;
    }
    if (p->kind == PROD_PIPELINE_PRODUCE) {
        c->counts.pipelines_completed += state == PROD_PIPELINE_COMPLETED;
        c->counts.pipelines_failed += state == PROD_PIPELINE_FAILED;
        c->counts.pipelines_cancelled += state == PROD_PIPELINE_CANCELLED;
    }
    prodi_coord_emit_pipeline(c, PROD_COORD_EVENT_PIPELINE_STATE, p);
}

uint32_t prodi_coord_open_tasks(const co_pipeline *p)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->task_count; i++)
        n += prodi_coord_task_open(&p->tasks[i]);
    return n;
}

/* Note id in the done list (kept increasing) unless the list is stale;
 * out of memory makes it stale (the next retirement rebuilds it). */
static void list_done(prod_coordinator *c, uint64_t id)
{
    if (c->done_stale)
        return;
    if (PRODI_VEC_HEAP(&c->ctx->mem, c->done_ids, c->done_cap, (size_t)c->done_pipes, 16) != 0) {
        c->done_stale = 1;
        return;
    }
    uint32_t i = c->done_pipes - 1;
    while (i > 0 && c->done_ids[i - 1] > id) {
        c->done_ids[i] = c->done_ids[i - 1];
        i--;
    }
    c->done_ids[i] = id;
}

void prodi_coord_settle(prod_coordinator *c, co_pipeline *p)
{
    if (p->done || prodi_coord_open_tasks(p))
        return;
    if (p->kind == PROD_PIPELINE_RECOVERY && prodi_coord_pipeline_live(p))
        prodi_coord_pipeline_state(c, p, PROD_PIPELINE_COMPLETED, PROD_COORD_REASON_NONE);
    if (prodi_coord_pipeline_live(p))
        return;
    p->done = 1;
    c->done_pipes++;
    list_done(c, p->id);
    prodi_coord_emit_pipeline(c, PROD_COORD_EVENT_PIPELINE_DONE, p);
}

/* The done list made again from the pipelines (after a load, or after it
 * ran out of memory): 0, or -1 out of memory (it stays stale). */
static int relist(prod_coordinator *c)
{
    if (PRODI_VEC_HEAP(&c->ctx->mem, c->done_ids, c->done_cap, (size_t)c->done_pipes, 16) != 0)
        return -1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->npipes && n < c->done_pipes; i++)
        if (c->pipes[i]->done)
            c->done_ids[n++] = c->pipes[i]->id;
    c->done_stale = n != c->done_pipes;
    return c->done_stale ? -1 : 0;
}

/* Retirement without the list: one pass over every pipeline. */
static void retire_scan(prod_coordinator *c)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < c->npipes; i++) {
        co_pipeline *p = c->pipes[i];
        if (p->done && c->done_pipes > c->cfg.keep_finished) {
            prodi_coord_pipeline_free(p);
            c->done_pipes--;
            continue;
        }
        c->pipes[w++] = p;
    }
    c->npipes = w;
}

/* Free the pipelines of done_ids[0 .. k) and close the gaps: each is found
 * by a binary search of the part of the array not yet moved, so no other
 * pipeline is read. 0, or -1 when one is missing (the list was wrong). */
static int drop_listed(prod_coordinator *c, uint32_t k)
{
    uint32_t w = 0, r = 0, i = 0;
    for (; i < k; i++) {
        uint32_t at = prodi_coord_pipeline_find(c, r, c->done_ids[i]);
        if (at == c->npipes)
            break;
        memmove(&c->pipes[w], &c->pipes[r], (at - r) * sizeof *c->pipes);
        w += at - r;
        prodi_coord_pipeline_free(c->pipes[at]);
        r = at + 1;
    }
    memmove(&c->pipes[w], &c->pipes[r], (c->npipes - r) * sizeof *c->pipes);
    c->npipes = w + (c->npipes - r);
    c->done_pipes -= i;
    memmove(c->done_ids, c->done_ids + i, (size_t)c->done_pipes * sizeof *c->done_ids);
    return i == k ? 0 : -1;
}

void prodi_coord_retire(prod_coordinator *c)
{
    if (c->done_pipes <= c->cfg.keep_finished)
        return;
    if (c->done_stale && relist(c) != 0) {
        retire_scan(c);
        return;
    }
    if (drop_listed(c, c->done_pipes - c->cfg.keep_finished) != 0) {
        c->done_stale = 1;
        retire_scan(c);
    }
}
