/* scan.c - the opportunity scan (see scan.h). */
#include "pipeline/scan.h"

#include "chains/econ.h"
#include "chains/graph.h"
#include "pipeline/events.h"
#include "pipeline/plan.h"
#include "pipeline/quotes.h"

#include <stdlib.h>

typedef struct candidate {
    prod_item_id item;
    double score, profit;
} candidate;

static int by_rank(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->profit != y->profit)
        return x->profit > y->profit ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

/* One flag per item id: a live PRODUCE pipeline makes it (the context's
 * memory; one pass over the pipelines, so the scan is not items x
 * pipelines). NULL when out of memory. */
static uint8_t *items_in_work(prod_coordinator *c)
{
    uint8_t *in_work = prodi_zalloc(&c->ctx->mem, prodi_reg_item_count(c->ctx->reg) + 1u, 1);
    for (uint32_t i = 0; in_work && i < c->npipes; i++)
        if (c->pipes[i]->kind == PROD_PIPELINE_PRODUCE && prodi_coord_pipeline_live(c->pipes[i]))
            in_work[c->pipes[i]->item] = 1;
    return in_work;
}

/* The opportunities worth a pipeline, scored; *n of them (the context's memory). */
static prod_status candidates(prod_coordinator *c, candidate **out, uint32_t *n)
{
    prod_opportunity_request q = {.struct_size = sizeof q,
                                  .version = PROD_OPPORTUNITY_REQUEST_VERSION,
                                  .rank = PROD_RANK_PROFIT};
    prod_econ_info *list = NULL;
    uint32_t count = 0;
    prodi_errbuf saved = *prodi_ctx_err(c->ctx);
    prod_status st = prodi_econ_opportunities(c->ctx, &q, &list, &count);
    st = prodi_coord_take_error(c, st, &saved, "opportunity scan");
    *out = count ? prodi_alloc(&c->ctx->mem, count * sizeof **out) : NULL;
    uint8_t *in_work = count ? items_in_work(c) : NULL;
    *n = 0;
    if (st == PROD_OK && count && (!*out || !in_work))
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY, "opportunity scan: out of memory");
    for (uint32_t i = 0; st == PROD_OK && i < count; i++) {
        const prod_econ_info *e = &list[i];
        if (e->profit_sell <= 0 || e->sell_price < c->cfg.min_purchase_price || in_work[e->item])
            continue;
        prod_market_quote mq;
        double score = 0;
        int found = 0;
        uint32_t height = c->ctx->chains->height[e->item];
        st = prodi_coord_best_buyer(c, e->item, prodi_coord_depth_bonus(height), 0, 0, 0, &mq,
                                    &score, &found);
        if (st == PROD_OK && found && mq.sell_price >= c->cfg.min_purchase_price)
            (*out)[(*n)++] = (candidate){.item = e->item, .score = score, .profit = e->profit_sell};
    }
    prodi_buf_free(list);
    prodi_free(&c->ctx->mem, in_work);
    return st;
}

void prodi_coord_scan(prod_coordinator *c)
{
    uint32_t active = prodi_coord_active(c), n = 0;
    if (active >= c->cfg.max_pipelines)
        return;
    candidate *list = NULL;
    if (candidates(c, &list, &n) != PROD_OK) {
        prodi_coord_host_error(c);
        prodi_free(&c->ctx->mem, list);
        return;
    }
    if (n)
        qsort(list, n, sizeof *list, by_rank);
    for (uint32_t i = 0; i < n && active < c->cfg.max_pipelines && !prodi_coord_dying(c); i++) {
        c->budget = c->budget ? c->budget - 1 : 0;
        prod_status st = prodi_coord_plan(c, list[i].item, NULL);
        if (st == PROD_OK) {
            active++;
            continue;
        }
        prod_coord_event e = prodi_coord_ev(c, PROD_COORD_EVENT_PLAN_FAILED);
        e.item = list[i].item;
        e.status = st;
        prodi_coord_emit(c, &e);
    }
    prodi_free(&c->ctx->mem, list);
}
