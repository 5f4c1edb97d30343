/* unit_cost.c - see unit_cost.h. Per run of recipe r, a consumed input of
 * base quantity b counts max(1, b x (1 - me/100)) units, a tool b units; the
 * run's cost (inputs at their unit costs + job cost) and time divided by the
 * expected yield give the make cost and time per unit. A priced purchase
 * wins ties and any make cost that counts an unpriced item. */
#include "unit_cost.h"

#include "chain.h"
#include "context.h"
#include "econ.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct make_est {
    double cost, time_ms;
    int partial, expected;
} make_est;

static double job_base(const prod_ctx *ctx, const prod_chain_request *q, prod_recipe_ix rix)
{
    double b = ctx->chains->job_base[rix];
    return b < 0 ? q->default_job_cost : b;
}

/* Make estimate per unit of item by recipe rix; -1 if an input is not known. */
static int estimate(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
                    prod_item_id item, prod_recipe_ix rix, make_est *m)
{
    const prod_recipe *r = reg_recipe(ctx->reg, rix);
    memset(m, 0, sizeof *m);
    double y = chain_yield(r, item, &m->expected);
    double keep = 1.0 - chain_me(q, r) / 100.0;
    if (y <= 0)
        return -1;
    double cost = job_base(ctx, q, rix) * q->job_cost_index;
    double time = (double)r->duration_ms * (1.0 - q->te / 100.0);
    for (uint32_t i = 0; i < r->input_count; i++) {
        const unit_entry *in = &t->e[r->inputs[i].item];
        if (!in->done)
            return -1;
        double units = r->inputs[i].consume ? fmax(1.0, r->inputs[i].qty * keep)
                                            : (double)r->inputs[i].qty;
        cost += units * in->cost;
        time += units * in->time_ms;
        m->partial |= in->partial;
        m->expected |= in->expected;
    }
    m->cost = cost / y;
    m->time_ms = time / y;
    return 0;
}

/* The recipe that makes item under the request's choice (CHEAPEST: the lowest
 * estimate). -1 when none can be estimated. */
static int best_make(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
                     prod_item_id item, prod_recipe_ix *rix, make_est *m)
{
    if (!chain_pick_recipe(ctx, q, item, rix))
        return -1;
    if (q->choice != PROD_CHOOSE_CHEAPEST)
        return estimate(ctx, t, q, item, *rix, m);
    uint32_t n;
    const prod_recipe_ix *list = reg_by_output(ctx->reg, item, &n);
    int found = -1;
    for (uint32_t i = 0; i < n; i++) {
        make_est c;
        if (estimate(ctx, t, q, item, list[i], &c) == 0 && (found != 0 || c.cost < m->cost)) {
            *m = c;
            *rix = list[i];
            found = 0;
        }
    }
    return found;
}

static void settle(unit_entry *e, int can_make, const make_est *m)
{
    int buy = e->market.sells &&
              (!can_make || m->partial || e->market.min_buy <= m->cost);
    e->done = 1;
    if (buy) {
        e->cost = e->market.min_buy;
        return;
    }
    if (can_make) {
        e->cost = m->cost;
        e->time_ms = m->time_ms;
        e->partial = (uint8_t)m->partial;
        e->expected = (uint8_t)m->expected;
    } else {
        e->partial = 1; /* raw and unpriced */
    }
}

prod_status unit_table_build(prod_ctx *ctx, const prod_chain_request *q, unit_table *t)
{
    const chain_graph *g = ctx->chains;
    t->n = g->item_count;
    t->e = calloc((size_t)g->item_count + 1, sizeof *t->e);
    if (!t->e)
        return err_set(&ctx->err, PROD_ERR_NO_MEMORY, "opportunities: out of memory");
    for (uint32_t i = 0; i < g->topo_count; i++) {
        prod_item_id item = g->topo[i];
        unit_entry *e = &t->e[item];
        prod_status st = market_summarize(ctx, item, PROD_SUPPLY_UNKNOWN, &e->market);
        if (st != PROD_OK) {
            unit_table_free(t);
            return st;
        }
        make_est m;
        e->recipe = PROD_RECIPE_NONE;
        int can_make = best_make(ctx, t, q, item, &e->recipe, &m) == 0;
        if (!can_make)
            e->recipe = PROD_RECIPE_NONE;
        settle(e, can_make, &m);
    }
    return PROD_OK;
}

void unit_table_free(unit_table *t)
{
    free(t->e);
    t->e = NULL;
}

int unit_econ(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
              prod_item_id item, prod_econ_info *e)
{
    const unit_entry *u = &t->e[item];
    if (!u->done || u->recipe == PROD_RECIPE_NONE)
        return -1;
    const prod_recipe *r = reg_recipe(ctx->reg, u->recipe);
    uint64_t runs = (uint64_t)q->runs;
    int expected = 0;
    memset(e, 0, sizeof *e);
    e->struct_size = (uint32_t)sizeof *e;
    e->item = item;
    e->recipe = u->recipe;
    e->qty = (uint64_t)floor((double)runs * chain_yield(r, item, &expected) + 1e-9);
    e->job_cost = (double)runs * job_base(ctx, q, u->recipe) * q->job_cost_index;
    e->duration_ms = (int64_t)ceil((double)runs * (double)r->duration_ms * (100 - q->te) / 100.0);
    double chain_ms = (double)e->duration_ms;
    for (uint32_t i = 0; i < r->input_count; i++) {
        const unit_entry *in = &t->e[r->inputs[i].item];
        uint64_t units;
        if (chain_input_qty(chain_me(q, r), &r->inputs[i], runs, &units) != 0)
            return -1;
        e->material_cost += (double)units * in->cost;
        chain_ms += (double)units * in->time_ms;
        expected |= in->expected;
        if (in->partial)
            e->flags |= PROD_ECON_PARTIAL_COST;
    }
    e->chain_duration_ms = (int64_t)ceil(chain_ms);
    e->total_cost = e->material_cost + e->job_cost;
    if (expected)
        e->flags |= PROD_ECON_EXPECTED;
    econ_set_prices(e, &u->market);
    return 0;
}
