/* walk.c - the chain walk. It is iterative: an
 * explicit stack of made steps (bounded by PROD_CHAIN_MAX_DEPTH) emits nodes
 * in pre-order, so a node's subtree is always the tail of the node array.
 * MIN_COST decisions and CHEAPEST recipe choices are look-ups in per-unit
 * costs memoized per item (unit_cost.c), so no subtree is walked twice; a
 * MIN_COST subtree that loops or outgrows the limits is cut back to a
 * purchase at the nearest step a market sells. Cycles are found by scanning
 * the current path (at most PROD_CHAIN_MAX_DEPTH items). Market answers are
 * cached per query. The rules are documented on prod_chain_request and the
 * PROD_STRATEGY_* constants. */
#include "chains/walk.h"

#include "chains/market.h"
#include "chains/rules.h"
#include "chains/unit_cost.h"
#include "core/hashmap.h"
#include "core/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct walk_frame {
    uint32_t node;
    uint32_t next;          /* next input of r */
    const prodi_recipe *r;
    int can_buy;            /* MIN_COST: a market sells it (a fallback on errors) */
} walk_frame;

/* What one query keeps besides its tree. */
typedef struct walk_shared {
    prodi_u64map seen;           /* item -> index in sums */
    market_summary *sums;
    uint32_t nsums;
    size_t capsums;
    unit_table units;           /* MIN_COST and CHEAPEST: per-unit costs by item */
    const prodi_mem *mem;       /* the context's */
    prodi_errbuf saved;          /* the error text before the query (restored on a recovery) */
    uint64_t work;              /* nodes created so far, discarded ones included */
} walk_shared;

typedef struct walk {
    prod_ctx *ctx;
    const prod_chain_request *req;
    uint32_t strategy;
    uint32_t threshold;
    chain_tree *t;
    walk_frame stack[PROD_CHAIN_MAX_DEPTH + 1];
    uint32_t top;
    walk_shared *sh;
} walk;

/* ---- market cache -------------------------------------------------------- */

static prod_status summary(walk *w, prod_item_id item, const market_summary **out)
{
    walk_shared *sh = w->sh;
    uint32_t ix;
    if (prodi_u64map_get(&sh->seen, item, &ix)) {
        *out = &sh->sums[ix];
        return PROD_OK;
    }
    if (PRODI_VEC_HEAP(sh->mem, sh->sums, sh->capsums, (size_t)sh->nsums + 1, 32) != 0)
        return prodi_err_set(prodi_ctx_err(w->ctx), PROD_ERR_NO_MEMORY, "chain: out of memory");
    prod_status st = prodi_market_summarize(w->ctx, item, w->threshold, &sh->sums[sh->nsums]);
    if (st != PROD_OK)
        return st;
    if (prodi_u64map_put(&sh->seen, item, sh->nsums) != 0)
        return prodi_err_set(prodi_ctx_err(w->ctx), PROD_ERR_NO_MEMORY, "chain: out of memory");
    *out = &sh->sums[sh->nsums++];
    return PROD_OK;
}

/* ---- nodes --------------------------------------------------------------- */

static prod_status add_node(walk *w, prod_item_id item, uint64_t qty, uint32_t parent,
                            uint32_t depth, uint32_t flags, uint32_t *ix)
{
    chain_tree *t = w->t;
    if (t->n >= PROD_CHAIN_MAX_NODES)
        return prodi_err_set(prodi_ctx_err(w->ctx), PROD_ERR_LIMIT, "chain: more than %u nodes",
                             PROD_CHAIN_MAX_NODES);
    if (++w->sh->work > CHAIN_MAX_WORK)
        return prodi_err_set(prodi_ctx_err(w->ctx), PROD_ERR_LIMIT,
                             "chain: more than %llu nodes visited (purchases and candidates "
                             "weighed included)",
                             (unsigned long long)CHAIN_MAX_WORK);
    if (PRODI_VEC_HEAP(&w->ctx->mem, t->nodes, t->cap, (size_t)t->n + 1, 32) != 0)
        return prodi_err_set(prodi_ctx_err(w->ctx), PROD_ERR_NO_MEMORY, "chain: out of memory");
    t->nodes[t->n] = (prod_chain_node){.item = item, .recipe = PROD_RECIPE_NONE,
                                        .parent = parent, .depth = depth, .flags = flags,
                                        .qty_needed = qty};
    if (depth > t->max_depth)
        t->max_depth = depth;
    *ix = t->n++;
    return PROD_OK;
}

/* A bought or raw node: priced at the best buy price when a market sells it. */
static prod_status buy_node(walk *w, uint32_t ix, uint32_t decision, int at_threshold)
{
    prod_chain_node *nd = &w->t->nodes[ix];
    nd->decision = decision;
    nd->recipe = PROD_RECIPE_NONE;
    nd->runs = nd->qty_produced = 0;
    nd->duration_ms = 0;
    nd->unit_price = nd->cost = 0;
    nd->market = 0;
    nd->flags |= PROD_NODE_NO_PRICE;
    if (!w->ctx->host.market_quote && w->strategy == PROD_STRATEGY_MAKE_ALL)
        return PROD_OK;
    const market_summary *s = NULL;
    prod_status st = summary(w, nd->item, &s);
    if (st != PROD_OK)
        return st;
    nd = &w->t->nodes[ix];
    if (at_threshold ? s->sells_at : s->sells) {
        nd->unit_price = at_threshold ? s->min_buy_at : s->min_buy;
        nd->market = at_threshold ? s->min_buy_at_market : s->min_buy_market;
        nd->cost = (double)nd->qty_needed * nd->unit_price;
        nd->flags &= ~PROD_NODE_NO_PRICE;
    }
    return PROD_OK;
}

static prod_status too_big(walk *w, prod_item_id item)
{
    return prodi_err_set(
        prodi_ctx_err(w->ctx), PROD_ERR_LIMIT, "chain: quantities of %s exceed %llu runs",
        prodi_reg_item_name(w->ctx->reg, item), (unsigned long long)CHAIN_MAX_RUNS);
}

/* Runs, production and time of a made node; is_root: runs come from req. */
static prod_status size_step(walk *w, uint32_t ix, const prodi_recipe *r, prod_recipe_ix rix,
                             int is_root)
{
    prod_chain_node *nd = &w->t->nodes[ix];
    int expected = 0;
    double y = prodi_chain_yield(r, nd->item, &expected);
    uint64_t runs = (uint64_t)w->req->runs, produced;
    if (is_root && !w->req->units)
        nd->qty_needed = produced = (uint64_t)floor((double)runs * y + 1e-9);
    else if (prodi_chain_runs(y, nd->qty_needed, &runs, &produced) != 0)
        return too_big(w, nd->item);
    int64_t ms;
    if (prodi_chain_step_ms(w->req, r, runs, &ms) != 0)
        return too_big(w, nd->item);
    double base = prodi_chain_job_base(w->ctx, w->req, rix);
    nd->decision = PROD_DECISION_MAKE;
    nd->recipe = rix;
    nd->runs = runs;
    nd->qty_produced = produced;
    nd->duration_ms = ms;
    nd->cost = (double)runs * base * w->req->job_cost_index;
    nd->unit_price = 0;
    if (expected)
        nd->flags |= PROD_NODE_EXPECTED;
    return PROD_OK;
}

/* ---- the walk ------------------------------------------------------------ */

static prod_item_id path_item(const walk *w, uint32_t i)
{
    return w->t->nodes[w->stack[i].node].item;
}

/* CYCLE naming the loop when item is already on the path. */
static prod_status check_path(walk *w, prod_item_id item)
{
    uint32_t len = w->top;
    for (uint32_t i = 0; i < len; i++) {
        if (path_item(w, i) != item)
            continue;
        prod_item_id loop[PROD_CHAIN_MAX_DEPTH + 2];
        uint32_t n = 0;
        for (uint32_t j = i; j < len && n < PROD_CHAIN_MAX_DEPTH + 2; j++)
            loop[n++] = path_item(w, j);
        return prodi_chain_cycle_error(w->ctx, "chain", loop, n);
    }
    if (len > PROD_CHAIN_MAX_DEPTH)
        return prodi_err_set(prodi_ctx_err(w->ctx), PROD_ERR_LIMIT,
                             "chain: deeper than %u steps at %s", PROD_CHAIN_MAX_DEPTH,
                             prodi_reg_item_name(w->ctx->reg, item));
    return PROD_OK;
}

/* MIN_COST: whether a sold item is bought (per-unit costs); *can_buy = 1
 * when it is made but could be bought. */
static prod_status min_cost_buys(walk *w, prod_item_id item, int *buy, int *can_buy)
{
    const unit_entry *u;
    prod_status st = prodi_unit_need(w->ctx, w->req, &w->sh->units, item, &u);
    if (st == PROD_OK) {
        *buy = u->bought;
        *can_buy = 1;
    }
    return st;
}

/* The make-or-buy of a node that a recipe could make. 1 = bought (done). */
static prod_status strategy_buys(walk *w, uint32_t ix, int *bought, int *can_buy)
{
    prod_item_id item = w->t->nodes[ix].item;
    uint32_t forced;
    const market_summary *s = NULL;
    *bought = 0;
    if (prodi_chain_override(w->req, item, &forced)) {
        w->t->nodes[ix].flags |= PROD_NODE_OVERRIDDEN;
        *bought = forced == PROD_DECISION_BUY;
        return *bought ? buy_node(w, ix, PROD_DECISION_BUY, 0) : PROD_OK;
    }
    if (w->strategy == PROD_STRATEGY_MAKE_ALL)
        return PROD_OK;
    prod_status st = summary(w, item, &s);
    int at_threshold = w->strategy == PROD_STRATEGY_ADAPTIVE;
    if (st == PROD_OK && w->strategy == PROD_STRATEGY_MIN_COST && s->sells)
        st = min_cost_buys(w, item, bought, can_buy);
    else if (st == PROD_OK)
        *bought = at_threshold ? s->sells_at > 0 : (w->strategy == PROD_STRATEGY_BUY_IF_SOLD &&
                                                     s->sells > 0);
    if (st == PROD_OK && *bought)
        st = buy_node(w, ix, PROD_DECISION_BUY, at_threshold);
    return st;
}

/* Decide a new node: raw, bought, or made and pushed (*open = 1: its
 * subtree is still to walk). */
static prod_status decide(walk *w, uint32_t ix, int is_root, int root_make, int *open)
{
    prod_item_id item = w->t->nodes[ix].item;
    prod_recipe_ix rix;
    const prodi_recipe *r = prodi_chain_pick_recipe(w->ctx, w->req, item, &rix);
    int bought = 0, can_buy = 0;
    *open = 0;
    if (!r)
        return buy_node(w, ix, PROD_DECISION_RAW, 0);
    prod_status st = is_root && root_make ? PROD_OK : strategy_buys(w, ix, &bought, &can_buy);
    if (st != PROD_OK || bought)
        return st;
    const unit_entry *u;
    if (w->req->choice == PROD_CHOOSE_CHEAPEST &&
        (st = prodi_unit_need(w->ctx, w->req, &w->sh->units, item, &u)) == PROD_OK &&
        u->recipe != PROD_RECIPE_NONE) {
        rix = u->recipe;
        r = prodi_reg_recipe(w->ctx->reg, rix);
    }
    if (st == PROD_OK)
        st = size_step(w, ix, r, rix, is_root);
    if (st == PROD_OK)
        w->stack[w->top++] = (walk_frame){.node = ix, .next = 0, .r = r, .can_buy = can_buy};
    *open = st == PROD_OK;
    return st;
}

/* A finished node: its cost goes to its parent. */
static void finish(walk *w, uint32_t ix)
{
    uint32_t parent = w->t->nodes[ix].parent;
    if (parent != PROD_NODE_NONE)
        w->t->nodes[parent].cost += w->t->nodes[ix].cost;
}

/* MIN_COST: a subtree that loops or outgrows the limits is bought instead
 * when one of the open steps (nearest first) may be bought. 1 = recovered. */
static int recover(walk *w, uint32_t base, prod_status st)
{
    if ((st != PROD_ERR_CYCLE && st != PROD_ERR_LIMIT) || w->sh->work > CHAIN_MAX_WORK)
        return 0;
    uint32_t i = w->top;
    while (i > base && !w->stack[i - 1].can_buy)
        i--;
    if (i == base)
        return 0;
    uint32_t node = w->stack[i - 1].node;
    w->top = i - 1;
    w->t->n = node + 1;
    if (buy_node(w, node, PROD_DECISION_BUY, 0) != PROD_OK)
        return 0;
    finish(w, node);
    *prodi_ctx_err(w->ctx) = w->sh->saved;
    return 1;
}

/* Walk until the stack is back to `base` frames. */
static prod_status run(walk *w, uint32_t base)
{
    while (w->top > base) {
        walk_frame *f = &w->stack[w->top - 1];
        if (f->next == f->r->input_count) {
            w->top--;
            finish(w, f->node);
            continue;
        }
        const prod_requirement *in = &f->r->inputs[f->next++];
        const prod_chain_node *parent = &w->t->nodes[f->node];
        uint64_t qty = 0;
        uint32_t ix = 0;
        int open = 0;
        prod_status st = check_path(w, in->item);
        if (st == PROD_OK &&
            prodi_chain_input_qty(w->req, f->r, in, parent->runs, &qty) != 0)
            st = too_big(w, in->item);
        if (st == PROD_OK)
            st = add_node(w, in->item, qty, f->node, w->top,
                          in->consume ? 0 : PROD_NODE_TOOL, &ix);
        if (st == PROD_OK)
            st = decide(w, ix, 0, 0, &open);
        if (st == PROD_OK && !open)
            finish(w, ix);
        if (st != PROD_OK && !recover(w, base, st))
            return st;
    }
    return PROD_OK;
}

static void shared_free(walk_shared *sh)
{
    prodi_u64map_free(&sh->seen);
    prodi_unit_table_free(&sh->units);
    prodi_free(sh->mem, sh->sums);
}

/* Job cost, time and depth of the final tree (after any truncation). */
static void sum_tree(chain_tree *t)
{
    t->max_depth = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        const prod_chain_node *nd = &t->nodes[i];
        if (nd->depth > t->max_depth)
            t->max_depth = nd->depth;
        if (nd->decision != PROD_DECISION_MAKE)
            continue;
        double base = nd->cost;
        for (uint32_t j = i + 1; j < t->n && t->nodes[j].depth > nd->depth; j++)
            if (t->nodes[j].parent == i)
                base -= t->nodes[j].cost;
        t->job_cost += base;
        t->duration_ms += nd->duration_ms;
    }
}

prod_status prodi_chain_walk(prod_ctx *ctx, const prod_chain_request *req, uint32_t strategy,
                             int root_make, chain_tree *t)
{
    memset(t, 0, sizeof *t);
    walk_shared sh; /* zero bytes are empty maps */
    memset(&sh, 0, sizeof sh);
    sh.mem = &ctx->mem;
    prodi_u64map_init(&sh.seen, sh.mem);
    if (strategy == PROD_STRATEGY_MIN_COST) /* only MIN_COST recovers from errors */
        sh.saved = *prodi_ctx_err(ctx);
    walk w = {.ctx = ctx, .req = req, .strategy = strategy, .t = t, .sh = &sh,
              .threshold = req->supply_threshold ? req->supply_threshold : PROD_SUPPLY_HIGH};
    uint32_t height = ctx->chains->height[req->item];
    if (strategy == PROD_STRATEGY_MAKE_ALL && req->choice == PROD_CHOOSE_FIRST &&
        !req->raw_count && !req->override_count && height != CHAIN_HEIGHT_CYCLE &&
        height > PROD_CHAIN_MAX_DEPTH) /* the precomputed depth of this very tree */
        return prodi_err_set(
            prodi_ctx_err(ctx), PROD_ERR_LIMIT, "chain: %s is %u steps deep (limit %u)",
            prodi_reg_item_name(ctx->reg, req->item), height, PROD_CHAIN_MAX_DEPTH);
    uint32_t root;
    int open = 0;
    uint64_t amount = req->units ? req->units : (uint64_t)req->runs;
    prod_status st = add_node(&w, req->item, amount, PROD_NODE_NONE, 0, 0, &root);
    if (st == PROD_OK)
        st = decide(&w, root, 1, root_make, &open);
    if (st == PROD_OK && open)
        st = run(&w, 0);
    shared_free(&sh);
    if (st != PROD_OK) {
        prodi_free(&ctx->mem, t->nodes);
        memset(t, 0, sizeof *t);
        return st;
    }
    sum_tree(t);
    return PROD_OK;
}
