/* pipelines.c - pipeline state changes, PIPELINE_DONE and retirement (see
 * pipelines.h). */
#include "pipeline/pipelines.h"

#include "pipeline/events.h"

#include <string.h>

void prodi_coord_pipeline_state(prod_coordinator *c, co_pipeline *p, uint32_t state,
                                uint32_t reason)
{
    if (p->state == state)
        return;
    p->state = state;
    p->reason = reason;
    if (!prodi_coord_pipeline_live(p))
        p->finished_at = c->time;
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
    prodi_coord_emit_pipeline(c, PROD_COORD_EVENT_PIPELINE_DONE, p);
}

void prodi_coord_retire(prod_coordinator *c)
{
    if (c->done_pipes <= c->cfg.keep_finished)
        return;
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
