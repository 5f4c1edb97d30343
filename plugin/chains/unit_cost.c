/* unit_cost.c - see unit_cost.h. Per run of recipe r, a consumed input of
 * base quantity b counts max(1, b x (1 - me/100)) units, a tool b units; the
 * run's cost (inputs at their unit costs + job cost) and time divided by the
 * expected yield give the make cost and time per unit. A priced purchase
 * wins ties and any make cost that counts an unpriced item. The pass is an
 * explicit-stack depth-first walk: no recursion. */
#include "chains/unit_cost.h"

#include "chains/rules.h"
#include "core/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_NEW 0
#define UNIT_BUSY 1
#define UNIT_DONE 2

struct unit_frame {
    uint32_t slot;
    const prod_recipe_ix *list; /* candidate recipes (CHEAPEST), else NULL */
    prod_recipe_ix single;      /* the one recipe when list is NULL */
    uint32_t count, rpos, ipos; /* recipes, and where the walk is in them */
};

typedef struct make_est {
    double cost, time_ms;
    int partial, expected;
} make_est;

static prod_status no_memory(prod_ctx *ctx)
{
    return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY, "unit costs: out of memory");
}

static const unit_entry *find(const unit_table *t, prod_item_id item)
{
    uint32_t slot;
    return prodi_u64map_get(&t->index, item, &slot) ? &t->e[slot] : NULL;
}

/* The slot of item, created (state NEW) when missing. */
/* A zeroed table takes the context's allocator at its first entry. */
static void table_mem(const prod_ctx *ctx, unit_table *t)
{
    if (!t->mem) {
        t->mem = &ctx->mem;
        t->index.mem = t->mem;
    }
}

static prod_status slot_of(prod_ctx *ctx, unit_table *t, prod_item_id item, uint32_t *slot)
{
    if (prodi_u64map_get(&t->index, item, slot))
        return PROD_OK;
    table_mem(ctx, t);
    if (PRODI_VEC_HEAP(t->mem, t->e, t->cap, (size_t)t->n + 1, 32) != 0 ||
        prodi_u64map_put(&t->index, item, t->n) != 0)
        return no_memory(ctx);
    t->e[t->n] = (unit_entry){.item = item, .recipe = PROD_RECIPE_NONE};
    *slot = t->n++;
    return PROD_OK;
}

/* Make estimate per unit of item by recipe rix; -1 if an input is unknown. */
static int estimate(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
                    prod_item_id item, prod_recipe_ix rix, make_est *m)
{
    const prodi_recipe *r = prodi_reg_recipe(ctx->reg, rix);
    memset(m, 0, sizeof *m);
    double y = prodi_chain_yield(r, item, &m->expected);
    double keep = prodi_chain_keep_f(q, r, PROD_BONUS_MATERIAL);
    if (y <= 0)
        return -1;
    double cost = prodi_chain_job_base(ctx, q, rix) * q->job_cost_index;
    double time = (double)r->duration_ms * prodi_chain_keep_f(q, r, PROD_BONUS_TIME);
    for (uint32_t i = 0; i < r->input_count; i++) {
        const unit_entry *in = find(t, r->inputs[i].item);
        if (!in || in->state != UNIT_DONE)
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

/* The cheapest estimate among the frame's recipes (ties: load order). */
static int best_make(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
                     const unit_frame *f, prod_item_id item, prod_recipe_ix *rix, make_est *m)
{
    int found = -1;
    for (uint32_t i = 0; i < f->count; i++) {
        prod_recipe_ix cand = f->list ? f->list[i] : f->single;
        make_est c;
        if (estimate(ctx, t, q, item, cand, &c) == 0 && (found != 0 || c.cost < m->cost)) {
            *m = c;
            *rix = cand;
            found = 0;
        }
    }
    return found;
}

static void settle(unit_entry *e, int can_make, const make_est *m)
{
    e->state = UNIT_DONE;
    e->bought = e->market.sells && (!can_make || m->partial || e->market.min_buy <= m->cost);
    if (e->bought) {
        e->cost = e->market.min_buy;
    } else if (can_make) {
        e->cost = m->cost;
        e->time_ms = m->time_ms;
        e->partial = (uint8_t)m->partial;
        e->expected = (uint8_t)m->expected;
    } else {
        e->partial = 1; /* raw and unpriced */
    }
}

/* A frame for a new item: its candidate recipes. */
static unit_frame frame_for(const prod_ctx *ctx, const prod_chain_request *q, uint32_t slot,
                            prod_item_id item)
{
    unit_frame f = {.slot = slot};
    if (!prodi_chain_pick_recipe(ctx, q, item, &f.single))
        return f; /* raw: no recipes */
    f.count = 1;
    if (q->choice == PROD_CHOOSE_CHEAPEST)
        f.list = prodi_reg_by_output(ctx->reg, item, &f.count);
    return f;
}

/* The next input of the frame's recipes, or 0 when all were visited. */
static prod_item_id next_input(const prod_ctx *ctx, unit_frame *f)
{
    while (f->rpos < f->count) {
        const prodi_recipe *r = prodi_reg_recipe(ctx->reg, f->list ? f->list[f->rpos] : f->single);
        if (f->ipos < r->input_count)
            return r->inputs[f->ipos++].item;
        f->rpos++;
        f->ipos = 0;
    }
    return 0;
}

static prod_status push(prod_ctx *ctx, const prod_chain_request *q, unit_table *t,
                        prod_item_id item, uint32_t slot)
{
    table_mem(ctx, t);
    if (PRODI_VEC_HEAP(t->mem, t->stack, t->stack_cap, (size_t)t->depth + 1, 32) != 0)
        return no_memory(ctx);
    t->e[slot].state = UNIT_BUSY;
    t->stack[t->depth++] = frame_for(ctx, q, slot, item);
    return PROD_OK;
}

/* Every input of the top frame known: price and settle its item. */
static prod_status complete(prod_ctx *ctx, const prod_chain_request *q, unit_table *t)
{
    unit_frame *f = &t->stack[--t->depth];
    unit_entry *e = &t->e[f->slot];
    if (ctx->host.market_quote) {
        prod_status st = prodi_market_summarize(ctx, e->item, PROD_SUPPLY_UNKNOWN, &e->market);
        if (st != PROD_OK)
            return st;
    }
    make_est m = {0};
    prod_recipe_ix rix = PROD_RECIPE_NONE;
    int can_make = best_make(ctx, t, q, f, e->item, &rix, &m) == 0;
    e->recipe = can_make ? rix : PROD_RECIPE_NONE;
    settle(e, can_make, &m);
    return PROD_OK;
}

prod_status prodi_unit_need(prod_ctx *ctx, const prod_chain_request *q, unit_table *t,
                            prod_item_id item, const unit_entry **out)
{
    uint32_t slot;
    prod_status st = slot_of(ctx, t, item, &slot);
    if (st == PROD_OK && t->e[slot].state == UNIT_NEW)
        st = push(ctx, q, t, item, slot);
    while (st == PROD_OK && t->depth > 0) {
        prod_item_id in = next_input(ctx, &t->stack[t->depth - 1]);
        if (!in) {
            st = complete(ctx, q, t);
            continue;
        }
        uint32_t in_slot;
        st = slot_of(ctx, t, in, &in_slot);
        if (st == PROD_OK && t->e[in_slot].state == UNIT_NEW)
            st = push(ctx, q, t, in, in_slot);
    }
    t->depth = 0;
    if (st == PROD_OK)
        *out = find(t, item);
    return st;
}

void prodi_unit_table_free(unit_table *t)
{
    prodi_u64map_free(&t->index);
    prodi_free(t->mem, t->e);
    prodi_free(t->mem, t->stack);
    memset(t, 0, sizeof *t);
}

int prodi_unit_econ(const prod_ctx *ctx, const unit_table *t, const prod_chain_request *q,
                    prod_item_id item, prod_econ_info *e)
{
    const unit_entry *u = find(t, item);
    if (!u || u->state != UNIT_DONE || u->recipe == PROD_RECIPE_NONE)
        return -1;
    const prodi_recipe *r = prodi_reg_recipe(ctx->reg, u->recipe);
    uint64_t runs = (uint64_t)q->runs;
    int expected = 0;
    memset(e, 0, sizeof *e);
    e->struct_size = (uint32_t)sizeof *e;
    e->item = item;
    e->recipe = u->recipe;
    e->qty = (uint64_t)floor((double)runs * prodi_chain_yield(r, item, &expected) + 1e-9);
    e->job_cost = (double)runs * prodi_chain_job_base(ctx, q, u->recipe) * q->job_cost_index;
    if (prodi_chain_step_ms(q, r, runs, &e->duration_ms) != 0)
        return -1;
    double chain_ms = (double)e->duration_ms;
    for (uint32_t i = 0; i < r->input_count; i++) {
        const unit_entry *in = find(t, r->inputs[i].item);
        uint64_t units;
        if (!in || prodi_chain_input_qty(q, r, &r->inputs[i], runs, &units) != 0)
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
    prodi_market_set_prices(e, &u->market);
    return 0;
}
