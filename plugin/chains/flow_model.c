/* flow_model.c - the flow model's parts (see flow.h): checking a flow
 * request, items and steps by id, edges, target amounts, market prices and
 * the exact per-run consumption and yield of a recipe (catalysts net). */
#include "chains/flow.h"

#include "chains/rules.h"
#include "core/abi_struct.h"
#include "core/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PRODI_FLOW_REQUEST_MIN_SIZE PRODI_SIZE_THROUGH(prod_flow_request, reserved0)

static prod_status no_memory(flow_model *m)
{
    return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_NO_MEMORY, "flow: out of memory");
}

static prod_status check_machines(prod_ctx *ctx, const prod_flow_request *q)
{
    if (q->machine_count && !q->machines)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "flow: machine_count %u but no machines array", q->machine_count);
    for (uint32_t i = 0; i < q->machine_count; i++) {
        const prod_machine *mc = &q->machines[i];
        if (mc->speed_num == 0 || mc->speed_den == 0 || !isfinite(mc->power_kw) ||
            mc->power_kw < 0)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                                 "flow: machines[%u] needs a crafting speed num/den > 0 and a "
                                 "finite power >= 0",
                                 i);
    }
    return PROD_OK;
}

static prod_status check_targets(prod_ctx *ctx, const prod_flow_request *q)
{
    if (q->target_count == 0 || q->target_count > PROD_FLOW_MAX_TARGETS || !q->targets)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "flow: 1..%u targets are needed (got %u)", PROD_FLOW_MAX_TARGETS,
                             q->target_count);
    if (q->unit > PROD_AMOUNT_PER_MINUTE)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "flow: unknown unit %u", q->unit);
    for (uint32_t i = 0; i < q->target_count; i++) {
        const prod_flow_target *t = &q->targets[i];
        if (!prodi_reg_item_name(ctx->reg, t->item))
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND,
                                 "flow: targets[%u]: no item with id %u", i, t->item);
        if (t->den == 0 || t->num == 0)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                                 "flow: targets[%u] (%s): the amount num/den must be > 0 (got "
                                 "%llu/%llu)",
                                 i, prodi_reg_item_name(ctx->reg, t->item),
                                 (unsigned long long)t->num, (unsigned long long)t->den);
    }
    return check_machines(ctx, q);
}

prod_status prodi_flow_open(prod_ctx *ctx, const prod_flow_request *q, flow_model *m)
{
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    prodi_u64map_init(&m->index, &ctx->mem);
    prodi_u64map_init(&m->step_of, &ctx->mem);
    if (!q)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "flow: request is NULL");
    if (q->struct_size < PRODI_FLOW_REQUEST_MIN_SIZE || q->version < 1)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "flow: request struct_size %u / version %u not supported",
                             q->struct_size, q->version);
    prod_status st = check_targets(ctx, q);
    if (st != PROD_OK)
        return st;
    m->fr = q;
    m->rates = q->unit != PROD_AMOUNT_UNITS;
    prod_chain_request def = {.struct_size = sizeof def, .version = PROD_CHAIN_REQUEST_VERSION,
                              .item = q->targets[0].item, .runs = 1};
    if (q->base) {
        if (q->base->struct_size < PRODI_CHAIN_REQUEST_MIN_SIZE || q->base->version < 1)
            return prodi_chain_check_request(ctx, q->base, 0, &m->req); /* VERSION */
        prodi_copy_in(&def, q->base, sizeof def); /* the base's item is not read */
        def.item = q->targets[0].item;
    }
    return prodi_chain_check_request(ctx, &def, 0, &m->req);
}

void prodi_flow_close(flow_model *m)
{
    const prodi_mem *mem = &m->ctx->mem;
    prodi_free(mem, m->items);
    prodi_free(mem, m->steps);
    prodi_free(mem, m->edges);
    prodi_u64map_free(&m->index);
    prodi_u64map_free(&m->step_of);
    prodi_unit_table_free(&m->units);
}

prod_status prodi_flow_item(flow_model *m, prod_item_id item, uint32_t *ix)
{
    if (prodi_u64map_get(&m->index, item, ix))
        return PROD_OK;
    if (m->n_items >= PROD_FLOW_MAX_ITEMS)
        return prodi_err_set(prodi_ctx_err(m->ctx), PROD_ERR_LIMIT,
                             "flow: more than %u items", PROD_FLOW_MAX_ITEMS);
    if (PRODI_VEC_HEAP(&m->ctx->mem, m->items, m->cap_items, (size_t)m->n_items + 1, 32) != 0 ||
        prodi_u64map_put(&m->index, item, m->n_items) != 0)
        return no_memory(m);
    prodi_q zero = prodi_q_int(0);
    m->items[m->n_items] = (flow_item){.item = item, .step = PROD_NODE_NONE,
                                       .producer = PROD_NODE_NONE, .next_key = PROD_NODE_NONE,
                                       .target = zero, .consumed = zero, .produced = zero};
    *ix = m->n_items++;
    return PROD_OK;
}

prod_status prodi_flow_enqueue(flow_model *m, flow_queue *q, uint32_t ix)
{
    if (m->items[ix].queued)
        return PROD_OK;
    if (PRODI_VEC_HEAP(&m->ctx->mem, q->v, q->cap, (size_t)q->n + 1, 64) != 0)
        return no_memory(m);
    m->items[ix].queued = 1;
    q->v[q->n++] = ix;
    return PROD_OK;
}

prod_status prodi_flow_step(flow_model *m, prod_recipe_ix rix, uint32_t item, uint32_t *ix)
{
    if (prodi_u64map_get(&m->step_of, rix, ix))
        return PROD_OK;
    if (PRODI_VEC_HEAP(&m->ctx->mem, m->steps, m->cap_steps, (size_t)m->n_steps + 1, 32) != 0 ||
        prodi_u64map_put(&m->step_of, rix, m->n_steps) != 0)
        return no_memory(m);
    m->steps[m->n_steps] = (flow_step){.rix = rix, .r = prodi_reg_recipe(m->ctx->reg, rix),
                                       .item = item, .runs = prodi_q_int(0)};
    *ix = m->n_steps++;
    return PROD_OK;
}

prod_status prodi_flow_edge(flow_model *m, const flow_edge *e)
{
    if (PRODI_VEC_HEAP(&m->ctx->mem, m->edges, m->cap_edges, (size_t)m->n_edges + 1, 64) != 0)
        return no_memory(m);
    m->edges[m->n_edges++] = *e;
    return PROD_OK;
}

prodi_q prodi_flow_target_amount(flow_model *m, uint32_t i)
{
    flow_model *mm = m;
    const prod_flow_target *t = &m->fr->targets[i];
    prodi_q a = prodi_q_frac(t->num, t->den, &mm->ovf);
    return m->fr->unit == PROD_AMOUNT_PER_MINUTE ? prodi_q_div(a, prodi_q_int(60), &mm->ovf) : a;
}

prod_status prodi_flow_price(flow_model *m, uint32_t ix)
{
    flow_item *it = &m->items[ix];
    if (it->priced || !m->ctx->host.market_quote)
        return PROD_OK;
    uint32_t threshold = m->req.supply_threshold ? m->req.supply_threshold : PROD_SUPPLY_HIGH;
    prod_status st = prodi_market_summarize(m->ctx, it->item, threshold, &m->items[ix].market);
    m->items[ix].priced = st == PROD_OK;
    return st;
}

/* Gross exact units of item per run: consumed (after ME and bonuses) and yielded. */
static void gross(flow_model *m, const prodi_recipe *r, prod_item_id item, prodi_q *in,
                  prodi_q *out)
{
    flow_model *mm = m;
    int bonused = 0;
    *in = *out = prodi_q_int(0);
    for (uint32_t i = 0; i < r->input_count; i++)
        if (r->inputs[i].item == item && r->inputs[i].consume)
            *in = m->req.me == 0 && m->req.category_me_count == 0 && m->req.bonus_count == 0
                      ? prodi_q_int(r->inputs[i].qty)
                      : prodi_q_mul(prodi_q_int(r->inputs[i].qty),
                                    prodi_chain_keep(&m->req, r, PROD_BONUS_MATERIAL, &bonused,
                                                     &mm->ovf),
                                    &mm->ovf);
    for (uint32_t i = 0; i < r->output_count; i++)
        if (r->outputs[i].item == item)
            *out = prodi_q_add(*out,
                               r->outputs[i].probability == 1.0
                                   ? prodi_q_int(r->outputs[i].qty)
                                   : prodi_q_mul(prodi_q_int(r->outputs[i].qty),
                                                 prodi_q_from_double(r->outputs[i].probability,
                                                                     &mm->ovf),
                                                 &mm->ovf),
                               &mm->ovf);
}

prodi_q prodi_flow_consumes(flow_model *m, const prodi_recipe *r, prod_item_id item)
{
    prodi_q in, out;
    gross(m, r, item, &in, &out);
    return prodi_q_cmp(in, out) > 0 ? prodi_q_sub(in, out, &m->ovf)
                                    : prodi_q_int(0);
}

prodi_q prodi_flow_yields(flow_model *m, const prodi_recipe *r, prod_item_id item)
{
    prodi_q in, out;
    gross(m, r, item, &in, &out);
    return prodi_q_cmp(out, in) > 0 ? prodi_q_sub(out, in, &m->ovf)
                                    : prodi_q_int(0);
}
