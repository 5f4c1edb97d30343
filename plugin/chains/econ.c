/* econ.c - economics of one item and the ranked opportunities. An item's
 * numbers come from its chain walked under PROD_STRATEGY_MIN_COST with the
 * root made (each input at the cheaper of buying and making, recursively)
 * and from its own market summary; formulas are documented on
 * prod_econ_info. */
#include "chains/econ.h"

#include "chains/market.h"
#include "core/abi_struct.h"
#include "chains/rules.h"
#include "chains/unit_cost.h"
#include "chains/walk.h"

#include <stdlib.h>
#include <string.h>

/* Fill a full-size info for req (already checked). */
static prod_status econ_fill(prod_ctx *ctx, const prod_chain_request *req, prod_econ_info *e)
{
    prod_recipe_ix rix;
    if (!prodi_chain_pick_recipe(ctx, req, req->item, &rix))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND, "econ: no recipe produces %s",
                             prodi_reg_item_name(ctx->reg, req->item));
    chain_tree t;
    prod_status st = prodi_chain_walk(ctx, req, PROD_STRATEGY_MIN_COST, 1, &t);
    market_summary s;
    if (st == PROD_OK)
        st = prodi_market_summarize(ctx, req->item, PROD_SUPPLY_UNKNOWN, &s);
    if (st != PROD_OK) {
        prodi_free(&ctx->mem, t.nodes);
        return st;
    }
    const prod_chain_node *root = &t.nodes[0];
    memset(e, 0, sizeof *e);
    e->struct_size = (uint32_t)sizeof *e;
    e->item = req->item;
    e->recipe = root->recipe;
    e->qty = root->qty_produced;
    e->job_cost = t.job_cost;
    e->total_cost = root->cost;
    e->material_cost = e->total_cost - e->job_cost;
    e->duration_ms = root->duration_ms;
    e->chain_duration_ms = t.duration_ms;
    for (uint32_t i = 0; i < t.n; i++) {
        if (t.nodes[i].flags & PROD_NODE_NO_PRICE)
            e->flags |= PROD_ECON_PARTIAL_COST;
        if (t.nodes[i].flags & PROD_NODE_EXPECTED)
            e->flags |= PROD_ECON_EXPECTED;
    }
    prodi_free(&ctx->mem, t.nodes);
    prodi_market_set_prices(e, &s);
    return prodi_market_check_finite(ctx, e);
}

prod_status prodi_econ_item(prod_ctx *ctx, const prod_chain_request *req, prod_econ_info *out)
{
    if (out->struct_size < PRODI_OUT_HEADER_SIZE)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "econ_item: out->struct_size %u too small", out->struct_size);
    prod_chain_request local;
    prod_status st = prodi_chain_check_request(ctx, req, 1, &local);
    prod_econ_info e;
    if (st == PROD_OK)
        st = econ_fill(ctx, &local, &e);
    if (st != PROD_OK)
        return st;
    prodi_copy_out(out, &e, sizeof e);
    return PROD_OK;
}

/* ---- opportunities ------------------------------------------------------- */


typedef struct ranked {
    prod_econ_info info;
    double key;
} ranked;

static int by_key(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->info.item < y->info.item ? -1 : x->info.item > y->info.item;
}

static prod_status check_opp(prod_ctx *ctx, const prod_opportunity_request *q,
                             prod_chain_request *base)
{
    if (!q)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "opportunities: request is NULL");
    if (q->struct_size < PRODI_OPPORTUNITY_REQUEST_MIN_SIZE || q->version < 1)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "opportunities: request struct_size %u / version %u not supported",
                             q->struct_size, q->version);
    if (q->rank > PROD_RANK_ROI || q->min_roi != q->min_roi || q->min_profit != q->min_profit)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "opportunities: unknown rank %u or NaN filter", q->rank);
    if (q->base) {
        if (q->base->struct_size < PRODI_CHAIN_REQUEST_MIN_SIZE)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                                 "opportunities: base request too small");
        prodi_copy_in(base, q->base, sizeof *base);
    } else {
        *base = (prod_chain_request){.struct_size = sizeof *base,
                                     .version = PROD_CHAIN_REQUEST_VERSION, .runs = 1};
    }
    base->strategy = PROD_STRATEGY_MIN_COST;
    base->override_count = 0;
    base->units = 0; /* ranks per base->runs */
    base->item = 1;
    return prodi_reg_item_count(ctx->reg) ? prodi_chain_check_request(ctx, base, 1, base) : PROD_OK;
}

static int keep(const prod_opportunity_request *q, const prod_econ_info *e)
{
    return !(e->flags & PROD_ECON_NO_SELL_PRICE) && e->roi_sell >= q->min_roi &&
           e->profit_sell >= q->min_profit;
}

prod_status prodi_econ_opportunities(prod_ctx *ctx, const prod_opportunity_request *q,
                                     prod_econ_info **out, uint32_t *count)
{
    prod_chain_request base;
    prod_status st = check_opp(ctx, q, &base);
    const chain_graph *g = ctx->chains;
    unit_table t;
    memset(&t, 0, sizeof t);
    ranked *list = NULL;
    uint32_t n = 0;
    if (st == PROD_OK && !ctx->host.market_quote)
        st = prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_PROVIDED,
                           "opportunities need the host's market_quote callback (NULL)");
    if (st == PROD_OK && g->topo_count &&
        !(list = prodi_zalloc(&ctx->mem, g->topo_count, sizeof *list)))
        st = prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY, "opportunities: out of memory");
    for (uint32_t i = 0; st == PROD_OK && i < g->topo_count; i++) {
        const unit_entry *u;
        prod_item_id it = g->topo[i];
        st = prodi_unit_need(ctx, &base, &t, it, &u);
        if (st != PROD_OK || prodi_unit_econ(ctx, &t, &base, it, &list[n].info) != 0)
            continue;
        st = prodi_market_check_finite(ctx, &list[n].info);
        if (st == PROD_OK && keep(q, &list[n].info)) {
            const prod_econ_info *e = &list[n].info;
            list[n].key = q->rank == PROD_RANK_ROI ? e->roi_sell : e->profit_sell;
            n++;
        }
    }
    prodi_unit_table_free(&t);
    if (st == PROD_OK && n > 0) {
        qsort(list, n, sizeof *list, by_key);
        if (q->limit && n > q->limit)
            n = q->limit;
        prod_econ_info *res = prodi_buf_alloc(&ctx->mem, (size_t)n * sizeof *res);
        if (!res)
            st = prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY,
                               "opportunities: out of memory");
        for (uint32_t i = 0; res && i < n; i++)
            res[i] = list[i].info;
        *out = res;
        *count = res ? n : 0;
    }
    prodi_free(&ctx->mem, list);
    return st;
}
