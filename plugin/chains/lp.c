/* lp.c - chain_optimize (see lp.h). From the targets, every recipe that
 * yields a needed item net (not only the first) is a column, and so is the
 * supply of each raw item; every item is a row: what the columns yield of
 * it net, plus its supply when raw, covers its target. The objective
 * weighs raw supplies (MIN_RAW: 1 or the request's weight; MIN_COST: the
 * lowest market price and job costs). The solution is copied into a flow
 * model of only the recipes used and the items they touch, packed with
 * the solver's doubles (PROD_FLOW_FLOATING). */
#include "chains/lp.h"

#include "chains/flow.h"
#include "chains/lp_solve.h"
#include "chains/rules.h"
#include "core/abi_struct.h"
#include "core/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE PROD_NODE_NONE
#define PRODI_LP_REQUEST_MIN_SIZE PRODI_SIZE_THROUGH(prod_lp_request, reserved0)
#define USED 1e-9 /* runs or flows below this are the solver's zero */

static prod_status check(prod_ctx *ctx, const prod_lp_request *q)
{
    if (!q)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "optimize: request is NULL");
    if (q->struct_size < PRODI_LP_REQUEST_MIN_SIZE || q->version < 1)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "optimize: request struct_size %u / version %u not supported",
                             q->struct_size, q->version);
    if (q->objective > PROD_LP_MIN_COST || (q->weight_count && !q->weights))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "optimize: unknown objective %u or weights missing", q->objective);
    for (uint32_t i = 0; i < q->weight_count; i++)
        if (!isfinite(q->weights[i].weight) || q->weights[i].weight < 0)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                                 "optimize: weights[%u] must be finite and >= 0", i);
    if (q->objective == PROD_LP_MIN_COST && !ctx->host.market_quote)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_PROVIDED,
                             "optimize: MIN_COST needs the host's market_quote callback");
    return PROD_OK;
}

/* ---- the program's recipes and items ---------------------------------------- */

static prod_status enqueue(flow_model *m, flow_queue *g, prod_item_id item)
{
    uint32_t ix;
    prod_status st = prodi_flow_item(m, item, &ix);
    return st == PROD_OK ? prodi_flow_enqueue(m, g, ix) : st;
}

/* Every recipe yielding item ix net is a column; its inputs are needed too. */
static prod_status add_recipes(flow_model *m, flow_queue *g, uint32_t ix)
{
    prod_recipe_ix any;
    uint32_t forced = 0, n = 0;
    prod_item_id item = m->items[ix].item;
    if (!prodi_chain_pick_recipe(m->ctx, &m->req, item, &any) ||
        (prodi_chain_override(&m->req, item, &forced) && forced == PROD_DECISION_BUY)) {
        m->items[ix].decision = PROD_DECISION_RAW;
        return PROD_OK;
    }
    m->items[ix].decision = PROD_DECISION_MAKE;
    const prod_recipe_ix *list = prodi_reg_by_output(m->ctx->reg, item, &n);
    prod_status st = PROD_OK;
    for (uint32_t i = 0; st == PROD_OK && i < n; i++) {
        const prodi_recipe *r = prodi_reg_recipe(m->ctx->reg, list[i]);
        uint32_t s;
        if (prodi_q_is_zero(prodi_flow_yields(m, r, item)))
            continue;
        if (m->n_steps >= PROD_LP_MAX_RECIPES && !prodi_u64map_get(&m->step_of, list[i], &s))
            return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                                 "optimize: more than %u recipes", PROD_LP_MAX_RECIPES);
        st = prodi_flow_step(m, list[i], ix, &s);
        for (uint32_t j = 0; st == PROD_OK && j < r->input_count; j++)
            if (r->inputs[j].consume)
                st = enqueue(m, g, r->inputs[j].item);
        for (uint32_t j = 0; st == PROD_OK && j < r->output_count; j++)
            st = enqueue(m, g, r->outputs[j].item);
    }
    return st;
}

static prod_status gather_all(flow_model *m)
{
    flow_queue g = {0};
    prod_status st = PROD_OK;
    for (uint32_t i = 0; st == PROD_OK && i < m->fr->target_count; i++) {
        uint32_t ix;
        st = enqueue(m, &g, m->fr->targets[i].item);
        if (st == PROD_OK && (st = prodi_flow_item(m, m->fr->targets[i].item, &ix)) == PROD_OK) {
            m->items[ix].flags |= PROD_FLOW_TARGET;
            m->items[ix].f_target += prodi_q_to_double(prodi_flow_target_amount(m, i));
        }
    }
    while (st == PROD_OK && g.head < g.n)
        st = add_recipes(m, &g, g.v[g.head++]);
    prodi_free(&m->ctx->mem, g.v);
    return st;
}

/* ---- the program ------------------------------------------------------------ */

typedef struct program {
    const prodi_mem *mem;
    int32_t *starts, *index;
    double *value, *obj, *row_lo, *x;
    uint32_t n, cap, cols;
    uint32_t *raw_col; /* [item] its supply column, NONE when made */
} program;

static void program_free(program *p)
{
    prodi_free(p->mem, p->starts);
    prodi_free(p->mem, p->index);
    prodi_free(p->mem, p->value);
    prodi_free(p->mem, p->obj);
    prodi_free(p->mem, p->row_lo);
    prodi_free(p->mem, p->x);
    prodi_free(p->mem, p->raw_col);
}

/* Net yield (> 0) or consumption (< 0) of item per run of r. */
static double net_of(flow_model *m, const prodi_recipe *r, prod_item_id item)
{
    return prodi_q_to_double(prodi_flow_yields(m, r, item)) -
           prodi_q_to_double(prodi_flow_consumes(m, r, item));
}

static double weight_of(const prod_lp_request *q, prod_item_id item, double def)
{
    for (uint32_t i = 0; i < q->weight_count; i++)
        if (q->weights[i].item == item)
            return q->weights[i].weight;
    return def;
}

static prod_status raw_weight(flow_model *m, const prod_lp_request *q, uint32_t ix, double *w)
{
    *w = weight_of(q, m->items[ix].item, q->objective == PROD_LP_MIN_RAW ? 1.0 : 0.0);
    if (q->objective != PROD_LP_MIN_COST || weight_of(q, m->items[ix].item, -1) >= 0)
        return PROD_OK;
    prod_status st = prodi_flow_price(m, ix);
    if (st == PROD_OK && m->items[ix].market.sells)
        *w = m->items[ix].market.min_buy;
    return st;
}

static int put(program *p, int32_t row, double v)
{
    if (v == 0)
        return 0;
    if (p->n == p->cap) {
        uint32_t cap = p->cap ? p->cap * 2 : 256;
        int32_t *ix = prodi_realloc(p->mem, p->index, cap * sizeof *ix);
        if (ix)
            p->index = ix;
        double *val = ix ? prodi_realloc(p->mem, p->value, cap * sizeof *val) : NULL;
        if (!val)
            return -1;
        p->value = val;
        p->cap = cap;
    }
    p->index[p->n] = row;
    p->value[p->n++] = v;
    return 0;
}

static prod_status build(flow_model *m, const prod_lp_request *q, program *p)
{
    uint32_t raws = 0;
    for (uint32_t i = 0; i < m->n_items; i++)
        raws += m->items[i].decision == PROD_DECISION_RAW;
    p->cols = m->n_steps + raws;
    p->starts = prodi_zalloc(p->mem, (size_t)p->cols + 1, sizeof *p->starts);
    p->obj = prodi_zalloc(p->mem, (size_t)p->cols + 1, sizeof *p->obj);
    p->x = prodi_zalloc(p->mem, (size_t)p->cols + 1, sizeof *p->x);
    p->row_lo = prodi_zalloc(p->mem, (size_t)m->n_items + 1, sizeof *p->row_lo);
    p->raw_col = prodi_zalloc(p->mem, (size_t)m->n_items + 1, sizeof *p->raw_col);
    int oom = !p->starts || !p->obj || !p->x || !p->row_lo || !p->raw_col;
    prod_status st = PROD_OK;
    for (uint32_t s = 0; !oom && s < m->n_steps; s++) {
        const prodi_recipe *r = m->steps[s].r;
        p->starts[s] = (int32_t)p->n;
        p->obj[s] = q->objective == PROD_LP_MIN_COST
                        ? prodi_chain_job_base(m->ctx, &m->req, m->steps[s].rix) *
                              m->req.job_cost_index
                        : 0;
        for (uint32_t j = 0; !oom && j < r->input_count + r->output_count; j++) {
            prod_item_id item = j < r->input_count ? r->inputs[j].item
                                                   : r->outputs[j - r->input_count].item;
            uint32_t row;
            if ((j < r->input_count && !r->inputs[j].consume) ||
                !prodi_u64map_get(&m->index, item, &row))
                continue;
            int seen = 0; /* an item on both sides counts once, net */
            for (uint32_t k = (uint32_t)p->starts[s]; k < p->n; k++)
                seen |= p->index[k] == (int32_t)row;
            oom = !seen && put(p, (int32_t)row, net_of(m, r, item)) != 0;
        }
    }
    uint32_t c = m->n_steps;
    for (uint32_t i = 0; !oom && st == PROD_OK && i < m->n_items; i++) {
        p->row_lo[i] = m->items[i].f_target;
        p->raw_col[i] = NONE;
        if (m->items[i].decision != PROD_DECISION_RAW)
            continue;
        p->starts[c] = (int32_t)p->n;
        p->raw_col[i] = c;
        st = raw_weight(m, q, i, &p->obj[c++]);
        oom = put(p, (int32_t)i, 1.0) != 0;
    }
    if (!oom)
        p->starts[p->cols] = (int32_t)p->n;
    return oom ? prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NO_MEMORY, "optimize: out of memory")
               : st;
}

static prod_status solve(flow_model *m, const prod_lp_request *q, program *p)
{
    prodi_lp lp = {.rows = (int32_t)m->n_items, .cols = (int32_t)p->cols, .starts = p->starts,
                   .index = p->index, .value = p->value, .obj = p->obj, .row_lo = p->row_lo,
                   .max_iterations = (int32_t)(q->max_iterations ? q->max_iterations
                                                                 : PROD_LP_DEFAULT_ITERATIONS)};
    int rc = prodi_lp_solve(&lp, p->x);
    switch (rc) {
    case PRODI_LP_OPTIMAL:
        return PROD_OK;
    case PRODI_LP_INFEASIBLE:
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_STATE,
                             "optimize: infeasible: the recipes cannot make the targets");
    case PRODI_LP_UNBOUNDED:
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_STATE,
                             "optimize: unbounded: a loop of recipes makes something from "
                             "nothing at a negative cost");
    case PRODI_LP_ITERATIONS:
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                             "optimize: no optimum within %d iterations", lp.max_iterations);
    case PRODI_LP_NO_MEMORY:
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NO_MEMORY,
                             "optimize: the solver ran out of memory");
    default:
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_STATE,
                             "optimize: the solver failed (status %d)", rc);
    }
}

/* ---- the answer ------------------------------------------------------------- */

/* The used part of m into the floating model a. */
static prod_status copy_item(flow_model *m, flow_model *a, uint32_t ix, uint32_t *out)
{
    prod_status st = prodi_flow_item(a, m->items[ix].item, out);
    if (st == PROD_OK) {
        flow_item *it = &a->items[*out];
        it->decision = m->items[ix].decision;
        it->flags |= m->items[ix].flags & PROD_FLOW_TARGET;
        it->f_target = m->items[ix].f_target;
    }
    return st;
}

static prod_status answer_step(flow_model *m, flow_model *a, uint32_t s, double x, double *best)
{
    const prodi_recipe *r = m->steps[s].r;
    uint32_t primary, as, ix;
    /* the item it was added for (it yields that net) names it */
    prod_status st = copy_item(m, a, m->steps[s].item, &primary);
    if (st == PROD_OK)
        st = prodi_flow_step(a, m->steps[s].rix, primary, &as);
    if (st != PROD_OK)
        return st;
    a->steps[as].f_runs = x;
    for (uint32_t j = 0; st == PROD_OK && j < r->input_count + r->output_count; j++) {
        int is_in = j < r->input_count;
        prod_item_id item = is_in ? r->inputs[j].item : r->outputs[j - r->input_count].item;
        uint32_t mi;
        double net = net_of(m, r, item);
        if ((is_in && !r->inputs[j].consume) || (is_in ? net >= 0 : net <= 0) ||
            !prodi_u64map_get(&m->index, item, &mi) || (st = copy_item(m, a, mi, &ix)) != PROD_OK)
            continue;
        flow_edge e = {.kind = is_in ? PROD_FLOW_EDGE_INPUT : PROD_FLOW_EDGE_BYPRODUCT,
                       .from = is_in ? ix : primary, .to = is_in ? primary : ix,
                       .f_flow = fabs(net) * x};
        flow_item *it = &a->items[ix];
        if (is_in) {
            it->f_consumed += e.f_flow;
        } else {
            it->f_produced += e.f_flow;
            if (r->outputs[j - r->input_count].probability < 1.0) {
                it->flags |= PROD_FLOW_EXPECTED;
                a->steps[as].flags |= PROD_FLOW_EXPECTED;
            }
            if (e.f_flow > best[ix]) { /* the step that makes the most of it */
                best[ix] = e.f_flow;
                it->step = as;
            }
        }
        if (e.from != e.to)
            st = prodi_flow_edge(a, &e);
    }
    return st;
}

static prod_status answer(flow_model *m, const program *p, flow_model *a)
{
    double *best = prodi_zalloc(&m->ctx->mem, (size_t)m->n_items + 1, sizeof *best); /* a's items */
    prod_status st = best ? PROD_OK
                          : prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NO_MEMORY,
                                          "optimize: out of memory");
    uint32_t ix;
    for (uint32_t i = 0; st == PROD_OK && i < m->fr->target_count; i++)
        if (prodi_u64map_get(&m->index, m->fr->targets[i].item, &ix))
            st = copy_item(m, a, ix, &ix);
    for (uint32_t s = 0; st == PROD_OK && s < m->n_steps; s++)
        if (p->x[s] > USED)
            st = answer_step(m, a, s, p->x[s], best);
    for (uint32_t i = 0; i < a->n_items; i++)
        if (a->items[i].step != NONE && a->steps[a->items[i].step].item != i)
            a->items[i].flags |= PROD_FLOW_BYPRODUCT;
    prodi_free(&m->ctx->mem, best);
    return st;
}

prod_status prodi_chain_optimize(prod_ctx *ctx, const prod_lp_request *q, prod_flow_result **out)
{
    flow_model m, a;
    program p;
    memset(&p, 0, sizeof p);
    p.mem = &ctx->mem;
    prod_status st = check(ctx, q);
    if (st == PROD_OK && !prodi_lp_available())
        st = prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_PROVIDED,
                           "optimize: this plugin was built without an LP solver "
                           "(cmake -DPROD_WITH_CLP=ON with coinor-libclp-dev installed)");
    if (st != PROD_OK)
        return st;
    st = prodi_flow_open(ctx, q->flow, &m);
    prod_status sa = prodi_flow_open(ctx, q->flow, &a);
    if (st == PROD_OK)
        st = sa;
    if (st == PROD_OK)
        st = gather_all(&m);
    if (st == PROD_OK)
        st = build(&m, q, &p);
    if (st == PROD_OK)
        st = solve(&m, q, &p);
    a.floating = 1;
    if (st == PROD_OK)
        st = answer(&m, &p, &a);
    if (st == PROD_OK)
        st = prodi_flow_pack(&a, out);
    program_free(&p);
    prodi_flow_close(&m);
    prodi_flow_close(&a);
    return st;
}
