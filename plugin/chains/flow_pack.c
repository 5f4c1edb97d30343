/* flow_pack.c - a sized flow model packed into the one block the host
 * frees: items with exact, double and whole-run totals and their market
 * cost, steps with runs, machines at the request's crafting speeds, time,
 * power and job cost, and the edges. */
#include "chains/flow.h"

#include "chains/rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE PROD_NODE_NONE

static prod_exact exact_of(const flow_model *m, prodi_q q)
{
    if (m->floating || q.neg)
        return (prod_exact){0, 0, 0, 1};
    return (prod_exact){q.num.hi, q.num.lo, q.den.hi, q.den.lo};
}

/* The machine of recipe r: one naming it, else its category's, else a catch-all. */
static uint32_t machine_of(const prod_flow_request *q, const prodi_recipe *r)
{
    uint32_t by_category = NONE, any = NONE;
    for (uint32_t i = 0; i < q->machine_count; i++) {
        const prod_machine *mc = &q->machines[i];
        if (mc->recipe) {
            if (strcmp(mc->recipe, r->id) == 0)
                return i;
        } else if (!mc->category || !mc->category[0]) {
            any = any == NONE ? i : any;
        } else if (by_category == NONE && strcmp(mc->category, r->category) == 0) {
            by_category = i;
        }
    }
    return by_category != NONE ? by_category : any;
}

static double runs_f(const flow_model *m, const flow_step *s)
{
    return m->floating ? s->f_runs : prodi_q_to_double(s->runs);
}

/* Step s of m into *out, with the one machine's time per run exact. */
static void pack_step(flow_model *m, const flow_step *s, prod_flow_step *out)
{
    const prod_flow_request *q = m->fr;
    const prodi_recipe *r = s->r;
    int bonused = 0;
    uint32_t mc = machine_of(q, r);
    prodi_q speed = mc == NONE ? prodi_q_int(1)
                               : prodi_q_frac(q->machines[mc].speed_num, q->machines[mc].speed_den,
                                              &m->ovf);
    prodi_q run_ms = prodi_q_div(prodi_q_mul(prodi_q_int((uint64_t)r->duration_ms),
                                             prodi_chain_keep(&m->req, r, PROD_BONUS_TIME,
                                                              &bonused, &m->ovf),
                                             &m->ovf),
                                 speed, &m->ovf);
    double base = prodi_chain_job_base(m->ctx, &m->req, s->rix) * m->req.job_cost_index;
    *out = (prod_flow_step){.recipe = s->rix, .item = s->item, .machine = mc, .flags = s->flags,
                            .runs = exact_of(m, s->runs), .runs_f = runs_f(m, s),
                            .machines = exact_of(m, prodi_q_int(0))};
    if (m->rates) {
        prodi_q machines = prodi_q_div(prodi_q_mul(s->runs, run_ms, &m->ovf), prodi_q_int(1000),
                                       &m->ovf);
        out->machines = exact_of(m, machines);
        out->machines_f = m->floating ? s->f_runs * prodi_q_to_double(run_ms) / 1000.0
                                      : prodi_q_to_double(machines);
        out->machines_ceil = m->floating ? (uint64_t)ceil(out->machines_f - 1e-9)
                                         : prodi_q_ceil(machines, &m->ovf);
        out->duration_ms = (int64_t)prodi_q_ceil(run_ms, &m->ovf);
        out->power_kw = mc == NONE ? 0 : out->machines_f * q->machines[mc].power_kw;
        out->job_cost = out->runs_f * base;
    } else {
        out->batch_runs = m->floating ? (uint64_t)ceil(s->f_runs - 1e-9) : s->b_runs;
        out->duration_ms = (int64_t)prodi_q_ceil(
            prodi_q_mul(prodi_q_int(out->batch_runs), run_ms, &m->ovf), &m->ovf);
        out->job_cost = (double)out->batch_runs * base;
    }
}

static uint64_t short_of(uint64_t need, uint64_t have) { return need > have ? need - have : 0; }

/* What a bought or raw item costs: what is not produced in the chain. */
static prod_status item_cost(flow_model *m, uint32_t ix, prod_flow_item *out)
{
    const flow_item *it = &m->items[ix];
    if (it->decision == PROD_DECISION_MAKE)
        return PROD_OK;
    out->flags |= PROD_FLOW_NO_PRICE;
    prod_status st = prodi_flow_price(m, ix);
    const market_summary *s = &m->items[ix].market;
    int at = it->decision == PROD_DECISION_BUY && m->req.strategy == PROD_STRATEGY_ADAPTIVE;
    if (st != PROD_OK || !(at ? s->sells_at : s->sells))
        return st;
    out->flags &= ~PROD_FLOW_NO_PRICE;
    out->unit_price = at ? s->min_buy_at : s->min_buy;
    out->market = at ? s->min_buy_at_market : s->min_buy_market;
    double units = m->rates || m->floating
                       ? fmax(0.0, out->consumed_f - out->produced_f)
                       : (double)short_of(out->batch_consumed, out->batch_produced);
    out->cost = units * out->unit_price;
    return PROD_OK;
}

static prod_status pack_item(flow_model *m, uint32_t ix, prod_flow_item *out)
{
    const flow_item *it = &m->items[ix];
    prodi_q consumed = prodi_q_add(it->consumed, it->target, &m->ovf);
    prodi_q surplus = prodi_q_sub(it->produced, consumed, &m->ovf);
    if (surplus.neg)
        surplus = prodi_q_int(0);
    *out = (prod_flow_item){.item = it->item, .decision = it->decision, .flags = it->flags,
                            .step = it->step, .produced = exact_of(m, it->produced),
                            .consumed = exact_of(m, consumed), .surplus = exact_of(m, surplus),
                            .tool_qty = it->tool_qty};
    out->produced_f = m->floating ? it->f_produced : prodi_q_to_double(it->produced);
    out->consumed_f = m->floating ? it->f_consumed + it->f_target : prodi_q_to_double(consumed);
    out->surplus_f = m->floating ? fmax(0.0, out->produced_f - out->consumed_f)
                                 : prodi_q_to_double(surplus);
    if (!m->rates && !m->floating) {
        out->batch_produced = it->b_produced;
        out->batch_consumed = it->b_consumed + it->b_target;
        out->batch_surplus = short_of(out->batch_produced, out->batch_consumed);
    }
    if (out->surplus_f > 1e-12 || out->batch_surplus)
        out->flags |= PROD_FLOW_SURPLUS;
    return item_cost(m, ix, out);
}

static void pack_edge(const flow_model *m, const flow_edge *e, prod_flow_edge *out)
{
    *out = (prod_flow_edge){.from = e->from, .to = e->to, .kind = e->kind, .flags = e->flags,
                            .flow = exact_of(m, e->flow),
                            .flow_f = m->floating ? e->f_flow : prodi_q_to_double(e->flow),
                            .batch_qty = m->rates ? 0 : e->batch};
    if (e->flags & PROD_FLOW_TOOL)
        out->batch_qty = e->batch;
}

static void totals(prod_flow_result *res)
{
    for (uint32_t i = 0; i < res->item_count; i++) {
        res->flags |= res->items[i].flags;
        res->material_cost += res->items[i].cost;
    }
    for (uint32_t i = 0; i < res->step_count; i++) {
        res->job_cost += res->steps[i].job_cost;
        res->power_kw += res->steps[i].power_kw;
        if (res->unit == PROD_AMOUNT_UNITS)
            res->duration_ms += res->steps[i].duration_ms;
    }
    res->total_cost = res->material_cost + res->job_cost;
}

prod_status prodi_flow_pack(flow_model *m, prod_flow_result **out)
{
    size_t size = sizeof(prod_flow_result) + (size_t)m->n_items * sizeof(prod_flow_item) +
                  (size_t)m->n_steps * sizeof(prod_flow_step) +
                  (size_t)m->n_edges * sizeof(prod_flow_edge);
    prod_flow_result *res = prodi_buf_alloc(&m->ctx->mem, size);
    if (res)
        memset(res, 0, size);
    if (!res)
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NO_MEMORY, "flow: out of memory");
    prod_flow_item *items = (prod_flow_item *)(res + 1);
    prod_flow_step *steps = (prod_flow_step *)(items + m->n_items);
    prod_flow_edge *edges = (prod_flow_edge *)(steps + m->n_steps);
    *res = (prod_flow_result){.struct_size = (uint32_t)sizeof *res, .unit = m->fr->unit,
                              .item_count = m->n_items, .items = items, .steps = steps,
                              .step_count = m->n_steps, .edge_count = m->n_edges,
                              .edges = edges};
    if (m->floating)
        res->flags |= PROD_FLOW_FLOATING;
    prod_status st = PROD_OK;
    for (uint32_t i = 0; st == PROD_OK && i < m->n_items; i++)
        st = pack_item(m, i, &items[i]);
    for (uint32_t i = 0; i < m->n_steps; i++)
        pack_step(m, &m->steps[i], &steps[i]);
    for (uint32_t i = 0; i < m->n_edges; i++)
        pack_edge(m, &m->edges[i], &edges[i]);
    totals(res);
    if (st == PROD_OK && m->ovf)
        st = prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                           "flow: an exact total passes 128 bits");
    if (st == PROD_OK && !(isfinite(res->total_cost) && isfinite(res->power_kw)))
        st = prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                           "flow: costs pass the range of a double (total cost %g)",
                           res->total_cost);
    if (st != PROD_OK) {
        prodi_buf_free(res);
        return st;
    }
    *out = res;
    return PROD_OK;
}
