/* flow.c - chain_flow: the per-item graph sized exactly. Three passes:
 *  1. discover: from the targets, decide each item once (raw, bought, or
 *     made by one recipe: FIRST / PREFERRED / CHEAPEST, overrides and the
 *     make-or-buy strategy as in the tree walk) and give each recipe used
 *     one step; tools are stock and are not expanded;
 *  2. order: a step is sized after every step that consumes what it makes
 *     (hard) and every step that yields it as a byproduct (soft: credited);
 *     when only soft edges are left on a loop, the lowest step goes first
 *     and the byproducts that would have fed it end as surplus; a loop of
 *     hard edges is a cycle (Kahn's algorithm, no recursion);
 *  3. size: each step makes what its items still lack after the byproducts
 *     already counted, exactly (fractions) and, for units requests, in
 *     whole runs by the chain rules (ME, bonuses, expected yields).
 * Catalysts count by their net change per run (flow_model.c). */
#include "chains/flow.h"

#include "chains/graph.h"
#include "chains/rules.h"
#include "core/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE PROD_NODE_NONE
#define BATCH_MAX_BUMPS 1024u /* whole-run search past the exact estimate (catalysts) */

/* ---- discover ------------------------------------------------------------- */

static prod_status no_memory(flow_model *m)
{
    return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NO_MEMORY, "flow: out of memory");
}

/* Reach item: as a consumed input or target (expand) or as a tool. */
static prod_status reach(flow_model *m, flow_queue *q, prod_item_id item, int expand,
                         uint32_t *ix)
{
    prod_status st = prodi_flow_item(m, item, ix);
    if (st != PROD_OK)
        return st;
    flow_item *it = &m->items[*ix];
    if (expand && !it->expand) {
        it->expand = 1;
        if (it->decision && it->step == NONE && it->decision != PROD_DECISION_RAW) {
            it->decision = 0; /* decided as a tool only: decide again */
            it->queued = 0;
        }
    }
    if (!expand)
        it->flags |= PROD_FLOW_TOOL;
    return prodi_flow_enqueue(m, q, *ix);
}

/* Whether the strategy buys item ix (a recipe could make it). */
static prod_status strategy_buys(flow_model *m, uint32_t ix, int *buy)
{
    uint32_t s = m->req.strategy;
    *buy = 0;
    if (s == PROD_STRATEGY_MAKE_ALL)
        return PROD_OK;
    if (!m->ctx->host.market_quote)
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NOT_PROVIDED,
                             "flow: the strategy needs the host's market_quote callback");
    prod_status st = prodi_flow_price(m, ix);
    const market_summary *ms = &m->items[ix].market;
    const unit_entry *u;
    if (st != PROD_OK)
        return st;
    if (s == PROD_STRATEGY_BUY_IF_SOLD)
        *buy = ms->sells > 0;
    else if (s == PROD_STRATEGY_ADAPTIVE)
        *buy = ms->sells_at > 0;
    else if (ms->sells && (st = prodi_unit_need(m->ctx, &m->req, &m->units, m->items[ix].item,
                                                &u)) == PROD_OK)
        *buy = u->bought;
    return st;
}

/* The recipe that makes item ix, or *make = 0 when it is raw or bought. */
static prod_status decide(flow_model *m, uint32_t ix, prod_recipe_ix *rix, int *make)
{
    flow_item *it = &m->items[ix];
    uint32_t forced = 0;
    int buy = 0;
    prod_status st = PROD_OK;
    *make = 0;
    const prodi_recipe *r = prodi_chain_pick_recipe(m->ctx, &m->req, it->item, rix);
    if (!r) {
        it->decision = PROD_DECISION_RAW;
        return PROD_OK;
    }
    if (prodi_q_is_zero(prodi_flow_yields(m, r, it->item))) /* a preferred catalyst recipe */
        *rix = m->ctx->chains->first_recipe[it->item];
    if (!it->expand) { /* a tool only: stock, never made by the flow */
        it->decision = PROD_DECISION_BUY;
        return PROD_OK;
    }
    if (prodi_chain_override(&m->req, it->item, &forced))
        buy = forced == PROD_DECISION_BUY;
    else if ((st = strategy_buys(m, ix, &buy)) != PROD_OK)
        return st;
    const unit_entry *u;
    if (!buy && m->req.choice == PROD_CHOOSE_CHEAPEST &&
        (st = prodi_unit_need(m->ctx, &m->req, &m->units, it->item, &u)) == PROD_OK &&
        u->recipe != PROD_RECIPE_NONE)
        *rix = u->recipe;
    it = &m->items[ix];
    it->decision = buy ? PROD_DECISION_BUY : PROD_DECISION_MAKE;
    *make = it->decision == PROD_DECISION_MAKE;
    return st;
}

/* Item ix becomes a key item of step s (appended to its list). */
static void add_key(flow_model *m, uint32_t s, uint32_t ix)
{
    m->items[ix].step = s;
    uint32_t k = m->steps[s].item;
    if (k == ix)
        return;
    while (m->items[k].next_key != NONE)
        k = m->items[k].next_key;
    m->items[k].next_key = ix;
}

/* Make item ix by recipe rix: its step, and every input and output reached. */
static prod_status expand(flow_model *m, flow_queue *q, uint32_t ix, prod_recipe_ix rix)
{
    const prodi_recipe *r = prodi_reg_recipe(m->ctx->reg, rix);
    if (prodi_q_is_zero(prodi_flow_yields(m, r, m->items[ix].item)))
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_CYCLE,
                             "flow: cycle %s -> %s: recipe \"%s\" consumes as much as it yields",
                             prodi_reg_item_name(m->ctx->reg, m->items[ix].item),
                             prodi_reg_item_name(m->ctx->reg, m->items[ix].item), r->id);
    uint32_t s, other;
    prod_status st = prodi_flow_step(m, rix, ix, &s);
    if (st != PROD_OK)
        return st;
    add_key(m, s, ix);
    for (uint32_t i = 0; st == PROD_OK && i < r->input_count; i++) {
        const prod_requirement *in = &r->inputs[i];
        if (!in->consume || !prodi_q_is_zero(prodi_flow_consumes(m, r, in->item)))
            st = reach(m, q, in->item, in->consume, &other);
    }
    for (uint32_t i = 0; st == PROD_OK && i < r->output_count; i++)
        st = prodi_flow_item(m, r->outputs[i].item, &other);
    return st;
}

static prod_status discover(flow_model *m)
{
    flow_queue q = {0};
    prod_status st = PROD_OK;
    for (uint32_t i = 0; st == PROD_OK && i < m->fr->target_count; i++) {
        uint32_t ix;
        st = reach(m, &q, m->fr->targets[i].item, 1, &ix);
        if (st != PROD_OK)
            break;
        m->items[ix].flags = (m->items[ix].flags & ~PROD_FLOW_TOOL) | PROD_FLOW_TARGET;
        m->items[ix].target =
            prodi_q_add(m->items[ix].target, prodi_flow_target_amount(m, i), &m->ovf);
    }
    while (st == PROD_OK && q.head < q.n) {
        uint32_t ix = q.v[q.head++];
        prod_recipe_ix rix;
        int make = 0;
        if (m->items[ix].decision)
            continue;
        st = decide(m, ix, &rix, &make);
        if (st == PROD_OK && make)
            st = expand(m, &q, ix, rix);
    }
    prodi_free(&m->ctx->mem, q.v);
    return st;
}

/* ---- order ---------------------------------------------------------------- */

typedef struct dep {
    uint32_t from, to; /* from is sized before to */
    uint32_t soft;     /* a byproduct credit, not a consumption */
} dep;

typedef struct order {
    const prodi_mem *mem;
    dep *deps;
    uint32_t n;
    size_t cap;
    uint32_t *first;   /* [step] first dep from it (deps sorted by from), n + 1 entries */
    uint32_t *pending, *hard; /* [step] deps into it not yet sized, of them hard ones */
    uint8_t *sized;
    uint32_t *ready;
    uint32_t n_ready, head;
} order;

static int by_from(const void *a, const void *b)
{
    const dep *x = a, *y = b;
    return x->from != y->from ? (x->from < y->from ? -1 : 1) : (x->to > y->to) - (x->to < y->to);
}

static prod_status add_dep(flow_model *m, order *o, uint32_t from, uint32_t to, uint32_t soft)
{
    if (to == NONE || to == from)
        return PROD_OK;
    if (PRODI_VEC_HEAP(o->mem, o->deps, o->cap, (size_t)o->n + 1, 64) != 0)
        return no_memory(m);
    o->deps[o->n++] = (dep){from, to, soft};
    return PROD_OK;
}

static uint32_t step_of_item(const flow_model *m, prod_item_id item)
{
    uint32_t ix;
    return prodi_u64map_get(&m->index, item, &ix) ? m->items[ix].step : NONE;
}

static prod_status build_deps(flow_model *m, order *o)
{
    prod_status st = PROD_OK;
    for (uint32_t t = 0; st == PROD_OK && t < m->n_steps; t++) {
        const prodi_recipe *r = m->steps[t].r;
        for (uint32_t i = 0; st == PROD_OK && i < r->input_count; i++)
            if (r->inputs[i].consume &&
                !prodi_q_is_zero(prodi_flow_consumes(m, r, r->inputs[i].item)))
                st = add_dep(m, o, t, step_of_item(m, r->inputs[i].item), 0);
        for (uint32_t i = 0; st == PROD_OK && i < r->output_count; i++)
            if (!prodi_q_is_zero(prodi_flow_yields(m, r, r->outputs[i].item)))
                st = add_dep(m, o, t, step_of_item(m, r->outputs[i].item), 1);
    }
    if (st != PROD_OK)
        return st;
    if (o->n) /* qsort wants an array, even of none */
        qsort(o->deps, o->n, sizeof *o->deps, by_from);
    size_t n = m->n_steps;
    o->first = prodi_zalloc(o->mem, n + 1, sizeof *o->first);
    o->pending = prodi_zalloc(o->mem, n + 1, sizeof *o->pending);
    o->hard = prodi_zalloc(o->mem, n + 1, sizeof *o->hard);
    o->sized = prodi_zalloc(o->mem, n + 1, 1);
    o->ready = prodi_zalloc(o->mem, n + 1, sizeof *o->ready);
    if (!o->first || !o->pending || !o->hard || !o->sized || !o->ready)
        return no_memory(m);
    for (uint32_t i = 0, at = 0; i <= n; i++) {
        while (at < o->n && o->deps[at].from < i)
            at++;
        o->first[i] = at;
    }
    for (uint32_t i = 0; i < o->n; i++) {
        o->pending[o->deps[i].to]++;
        o->hard[o->deps[i].to] += !o->deps[i].soft;
    }
    return PROD_OK;
}

static void order_free(order *o)
{
    prodi_free(o->mem, o->deps);
    prodi_free(o->mem, o->first);
    prodi_free(o->mem, o->pending);
    prodi_free(o->mem, o->hard);
    prodi_free(o->mem, o->sized);
    prodi_free(o->mem, o->ready);
}

/* CYCLE naming a loop of hard edges among the steps not sized. */
static prod_status cycle_error(flow_model *m, const order *o)
{
    prod_item_id path[PROD_CHAIN_MAX_DEPTH + 2];
    uint32_t steps[PROD_CHAIN_MAX_DEPTH + 2], n = 0, s = 0;
    while (o->sized[s])
        s++;
    for (;;) {
        for (uint32_t i = 0; i < n; i++)
            if (steps[i] == s) { /* the loop is steps[i..n), consumers first */
                uint32_t len = 0;
                for (uint32_t j = n; j-- > i;)
                    path[len++] = m->items[m->steps[steps[j]].item].item;
                return prodi_chain_cycle_error(m->ctx, "flow", path, len);
            }
        if (n == PROD_CHAIN_MAX_DEPTH + 1)
            break;
        steps[n++] = s;
        uint32_t next = NONE;
        for (uint32_t i = 0; i < o->n && next == NONE; i++)
            if (o->deps[i].to == s && !o->deps[i].soft && !o->sized[o->deps[i].from])
                next = o->deps[i].from;
        if (next == NONE)
            break;
        s = next;
    }
    return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_CYCLE,
                         "flow: items consume each other round a loop through %s",
                         prodi_reg_item_name(m->ctx->reg, m->items[m->steps[s].item].item));
}

/* The next step to size: a ready one, else the lowest whose only unsized
 * predecessors are byproduct credits. NONE on a cycle. */
static uint32_t next_step(const flow_model *m, order *o)
{
    while (o->head < o->n_ready) {
        uint32_t s = o->ready[o->head++];
        if (!o->sized[s])
            return s;
    }
    for (uint32_t s = 0; s < m->n_steps; s++)
        if (!o->sized[s] && o->hard[s] == 0)
            return s;
    return NONE;
}

static void mark_sized(order *o, uint32_t s)
{
    o->sized[s] = 1;
    for (uint32_t i = o->first[s]; i < o->first[s + 1]; i++) {
        uint32_t to = o->deps[i].to;
        o->hard[to] -= !o->deps[i].soft;
        if (--o->pending[to] == 0 && !o->sized[to])
            o->ready[o->n_ready++] = to;
    }
}

/* ---- size ----------------------------------------------------------------- */

/* need - have, or 0 when have covers need. */
static uint64_t short_of(uint64_t need, uint64_t have) { return need > have ? need - have : 0; }

/* Gross whole units of item a step of `runs` consumes (ME rule) and yields. */
static int batch_gross(const flow_model *m, const prodi_recipe *r, prod_item_id item,
                       uint64_t runs, uint64_t *in, uint64_t *out)
{
    *in = *out = 0;
    for (uint32_t i = 0; i < r->input_count; i++)
        if (r->inputs[i].item == item && r->inputs[i].consume &&
            prodi_chain_input_qty(&m->req, r, &r->inputs[i], runs, in) != 0)
            return -1;
    int expected = 0;
    double y = prodi_chain_yield(r, item, &expected);
    double o = floor((double)runs * y + 1e-9);
    if (!(o < (double)CHAIN_MAX_QTY))
        return -1;
    *out = (uint64_t)o;
    return 0;
}

/* Whole runs of r that yield at least `need` of item net. */
static prod_status batch_runs(flow_model *m, const prodi_recipe *r, prod_item_id item,
                              uint64_t need, uint64_t *runs)
{
    int expected = 0, ovf = 0;
    uint64_t in = 0, out = 0, produced;
    *runs = 0;
    if (need == 0)
        return PROD_OK;
    if (prodi_chain_runs(prodi_chain_yield(r, item, &expected), need, runs, &produced) != 0)
        ovf = 1;
    prodi_q net = prodi_flow_yields(m, r, item);
    uint64_t est = prodi_q_ceil(prodi_q_div(prodi_q_int(need), net, &m->ovf), &ovf);
    if (m->ovf)
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                             "flow: an exact total at recipe \"%s\" passes 128 bits", r->id);
    if (est > *runs)
        *runs = est;
    for (uint32_t b = 0; !ovf && b <= BATCH_MAX_BUMPS; b++, (*runs)++) {
        if (batch_gross(m, r, item, *runs, &in, &out) != 0)
            break;
        if (out >= in && out - in >= need)
            return PROD_OK;
    }
    return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                         "flow: whole runs of \"%s\" for %llu %s pass the chain limits", r->id,
                         (unsigned long long)need, prodi_reg_item_name(m->ctx->reg, item));
}

/* Runs of step s: the most any of its items still lacks, over its net yield. */
static prod_status runs_of(flow_model *m, uint32_t s)
{
    flow_step *st = &m->steps[s];
    prodi_q runs = prodi_q_int(0);
    uint64_t b_runs = 0;
    for (uint32_t k = st->item; k != NONE; k = m->items[k].next_key) {
        flow_item *it = &m->items[k];
        prodi_q need = prodi_q_sub(prodi_q_add(it->target, it->consumed, &m->ovf), it->produced,
                                   &m->ovf);
        if (!need.neg) {
            prodi_q x = prodi_q_div(need, prodi_flow_yields(m, st->r, it->item), &m->ovf);
            if (prodi_q_cmp(x, runs) > 0)
                runs = x;
        }
        uint64_t b = 0;
        prod_status e = m->rates ? PROD_OK
                                 : batch_runs(m, st->r, it->item,
                                              short_of(it->b_target + it->b_consumed,
                                                       it->b_produced),
                                              &b);
        if (e != PROD_OK)
            return e;
        b_runs = b > b_runs ? b : b_runs;
    }
    m->steps[s].runs = runs;
    m->steps[s].b_runs = b_runs;
    return PROD_OK;
}

static prod_status edge(flow_model *m, uint32_t from, uint32_t to, uint32_t kind, uint32_t flags,
                        prodi_q flow, uint64_t batch)
{
    flow_edge e = {.from = from, .to = to, .kind = kind, .flags = flags, .flow = flow,
                   .batch = batch};
    return prodi_flow_edge(m, &e);
}

/* What one consumed input of step s takes, onto the item and an edge. */
static prod_status take_input(flow_model *m, uint32_t s, const prod_requirement *in)
{
    flow_step *st = &m->steps[s];
    uint32_t j;
    prod_status e = prodi_flow_item(m, in->item, &j);
    if (e != PROD_OK)
        return e;
    if (!in->consume) {
        if (st->b_runs || !prodi_q_is_zero(st->runs))
            m->items[j].tool_qty += in->qty;
        return edge(m, j, st->item, PROD_FLOW_EDGE_INPUT, PROD_FLOW_TOOL, prodi_q_int(0), in->qty);
    }
    prodi_q per = prodi_flow_consumes(m, st->r, in->item);
    if (prodi_q_is_zero(per))
        return PROD_OK; /* a catalyst this step yields at least as much of */
    uint64_t gin, gout;
    if (batch_gross(m, st->r, in->item, st->b_runs, &gin, &gout) != 0)
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                             "flow: quantities of %s pass the chain limits",
                             prodi_reg_item_name(m->ctx->reg, in->item));
    prodi_q flow = prodi_q_mul(st->runs, per, &m->ovf);
    uint64_t batch = short_of(gin, gout);
    m->items[j].consumed = prodi_q_add(m->items[j].consumed, flow, &m->ovf);
    m->items[j].b_consumed += batch;
    return edge(m, j, st->item, PROD_FLOW_EDGE_INPUT, 0, flow, batch);
}

/* What one output of step s yields, onto the item (and a byproduct edge). */
static prod_status give_output(flow_model *m, uint32_t s, const prod_output *o)
{
    flow_step *st = &m->steps[s];
    uint32_t j;
    prod_status e = prodi_flow_item(m, o->item, &j);
    prodi_q per = prodi_flow_yields(m, st->r, o->item);
    if (e != PROD_OK || prodi_q_is_zero(per))
        return e;
    uint64_t gin = 0, gout = 0;
    if (batch_gross(m, st->r, o->item, st->b_runs, &gin, &gout) != 0)
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                             "flow: quantities of %s pass the chain limits",
                             prodi_reg_item_name(m->ctx->reg, o->item));
    prodi_q flow = prodi_q_mul(st->runs, per, &m->ovf);
    flow_item *it = &m->items[j];
    it->produced = prodi_q_add(it->produced, flow, &m->ovf);
    it->b_produced += short_of(gout, gin);
    if (o->probability < 1.0) {
        it->flags |= PROD_FLOW_EXPECTED;
        st->flags |= PROD_FLOW_EXPECTED;
    }
    if (it->step == s)
        return j == st->item ? PROD_OK
                             : edge(m, st->item, j, PROD_FLOW_EDGE_BYPRODUCT, 0, flow,
                                    short_of(gout, gin));
    it->flags |= PROD_FLOW_BYPRODUCT;
    if (it->producer == NONE)
        it->producer = s;
    return edge(m, st->item, j, PROD_FLOW_EDGE_BYPRODUCT, 0, flow, short_of(gout, gin));
}

static prod_status size_step(flow_model *m, uint32_t s)
{
    prod_status e = runs_of(m, s);
    const prodi_recipe *r = m->steps[s].r;
    for (uint32_t i = 0; e == PROD_OK && i < r->input_count; i++)
        e = take_input(m, s, &r->inputs[i]);
    for (uint32_t i = 0; e == PROD_OK && i < r->output_count; i++)
        e = give_output(m, s, &r->outputs[i]);
    if (e == PROD_OK && m->ovf)
        e = prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                          "flow: an exact total at recipe \"%s\" passes 128 bits", r->id);
    return e;
}

static prod_status size_all(flow_model *m)
{
    order o = {.mem = &m->ctx->mem};
    prod_status st = build_deps(m, &o);
    for (uint32_t s = 0; st == PROD_OK && s < m->n_steps; s++)
        if (o.pending[s] == 0)
            o.ready[o.n_ready++] = s;
    for (uint32_t done = 0; st == PROD_OK && done < m->n_steps; done++) {
        uint32_t s = next_step(m, &o);
        if (s == NONE)
            st = cycle_error(m, &o);
        else if ((st = size_step(m, s)) == PROD_OK)
            mark_sized(&o, s);
    }
    order_free(&o);
    return st;
}

/* Items reached only as byproducts or tools, and the whole-run targets. */
static void settle_items(flow_model *m)
{
    for (uint32_t i = 0; i < m->n_items; i++) {
        flow_item *it = &m->items[i];
        if (!it->decision)
            it->decision = it->producer != NONE ? PROD_DECISION_MAKE : PROD_DECISION_RAW;
        if (it->step == NONE && it->producer != NONE)
            it->step = it->producer;
    }
}

static void batch_targets(flow_model *m)
{
    for (uint32_t i = 0; i < m->n_items; i++)
        if (!m->rates && (m->items[i].flags & PROD_FLOW_TARGET))
            m->items[i].b_target = prodi_q_ceil(m->items[i].target, &m->ovf);
}

prod_status prodi_chain_flow(prod_ctx *ctx, const prod_flow_request *request,
                             prod_flow_result **out)
{
    flow_model m;
    prod_status st = prodi_flow_open(ctx, request, &m);
    if (st == PROD_OK)
        st = discover(&m);
    if (st == PROD_OK) {
        batch_targets(&m);
        st = size_all(&m);
    }
    if (st == PROD_OK) {
        settle_items(&m);
        st = prodi_flow_pack(&m, out);
    }
    prodi_flow_close(&m);
    return st;
}
