/* buildable.c - "what can I build". prodi_build_max probes how many units of an
 * item an inventory can make (doubling, then bisection), each probe a
 * demand-driven walk over a private copy of the stock: a demand is met from
 * stock first, then by making it (surplus goes back to the stock, tools come
 * back after their step); a raw material not in stock makes the probe fail.
 * prodi_build_startable lists recipes whose base inputs are all in stock. Counts
 * are asked from the host once per item per call. */
#include "chains/buildable.h"

#include "chains/rules.h"
#include "core/hashmap.h"
#include "core/vec.h"

#include <stdlib.h>
#include <string.h>

#define BUILD_MAX_UNITS UINT32_MAX

typedef struct stock {
    prod_ctx *ctx;
    uint64_t inventory;
    prodi_u64map slots;  /* item -> slot */
    uint64_t *have;     /* the host's count */
    uint64_t *left;     /* what the current probe has not used */
    size_t have_cap, left_cap;
    uint32_t n;
} stock;

static prod_status stock_slot(stock *s, prod_item_id item, uint32_t *slot)
{
    if (prodi_u64map_get(&s->slots, item, slot))
        return PROD_OK;
    prod_ctx *ctx = s->ctx;
    if (PRODI_VEC_HEAP(&ctx->mem, s->have, s->have_cap, (size_t)s->n + 1, 16) != 0 ||
        PRODI_VEC_HEAP(&ctx->mem, s->left, s->left_cap, (size_t)s->n + 1, 16) != 0)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY, "build: out of memory");
    uint64_t count = 0;
    int32_t rc = ctx->host.inventory_count(ctx->host.user, s->inventory, item, &count);
    if (rc != PROD_HOST_OK)
        return prodi_err_set(
            prodi_ctx_err(ctx), PROD_ERR_HOST, "inventory_count(%llu, %s) returned %d",
            (unsigned long long)s->inventory, prodi_reg_item_name(ctx->reg, item), rc);
    if (prodi_u64map_put(&s->slots, item, s->n) != 0)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY, "build: out of memory");
    s->have[s->n] = s->left[s->n] = count;
    *slot = s->n++;
    return PROD_OK;
}

static void stock_free(stock *s)
{
    prodi_u64map_free(&s->slots);
    prodi_free(&s->ctx->mem, s->have);
    prodi_free(&s->ctx->mem, s->left);
}

static prod_status stock_open(prod_ctx *ctx, uint64_t inventory, stock *s)
{
    memset(s, 0, sizeof *s);
    s->ctx = ctx;
    s->inventory = inventory;
    prodi_u64map_init(&s->slots, &ctx->mem);
    if (!ctx->host.inventory_count)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_PROVIDED,
                             "build: the host's inventory_count callback is NULL");
    return PROD_OK;
}

/* ---- one probe ----------------------------------------------------------- */

typedef struct probe_frame {
    prod_item_id item;
    const prodi_recipe *r;
    uint64_t runs;
    uint32_t next;
} probe_frame;

typedef struct probe {
    stock *s;
    const prod_chain_request *req;
    probe_frame stack[PROD_CHAIN_MAX_DEPTH + 1];
    uint32_t top;
    uint64_t work; /* demands met or refused so far, over every probe of the call */
} probe;

static prod_status probe_path(probe *p, prod_item_id item)
{
    prod_ctx *ctx = p->s->ctx;
    for (uint32_t i = 0; i < p->top; i++) {
        if (p->stack[i].item != item)
            continue;
        prod_item_id loop[PROD_CHAIN_MAX_DEPTH + 1];
        uint32_t n = 0;
        for (uint32_t j = i; j < p->top; j++)
            loop[n++] = p->stack[j].item;
        return prodi_chain_cycle_error(ctx, "build", loop, n);
    }
    if (p->top > PROD_CHAIN_MAX_DEPTH)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_LIMIT, "build: deeper than %u steps",
                             PROD_CHAIN_MAX_DEPTH);
    return PROD_OK;
}

/* Meet a demand: stock first (not for the root), then a pushed step. *ok = 0
 * when it cannot be met. */
static prod_status demand(probe *p, prod_item_id item, uint64_t qty, int is_root, int *ok)
{
    uint32_t slot = 0;
    if (++p->work > CHAIN_MAX_WORK) /* a shared sub-graph is walked once per use */
        return prodi_err_set(prodi_ctx_err(p->s->ctx), PROD_ERR_LIMIT,
                             "build: more than %llu demands weighed (the recipe graph shares "
                             "too much below %s)",
                             (unsigned long long)CHAIN_MAX_WORK,
                             prodi_reg_item_name(p->s->ctx->reg, p->req->item));
    prod_status st = stock_slot(p->s, item, &slot);
    if (st != PROD_OK)
        return st;
    if (!is_root) {
        uint64_t take = p->s->left[slot] < qty ? p->s->left[slot] : qty;
        p->s->left[slot] -= take;
        qty -= take;
        if (qty == 0)
            return PROD_OK;
    }
    prod_recipe_ix rix;
    const prodi_recipe *r = prodi_chain_pick_recipe(p->s->ctx, p->req, item, &rix);
    int expected = 0;
    uint64_t runs, produced;
    if (!r || prodi_chain_runs(prodi_chain_yield(r, item, &expected), qty, &runs, &produced) != 0) {
        *ok = 0;
        return PROD_OK;
    }
    st = probe_path(p, item);
    if (st != PROD_OK)
        return st;
    p->s->left[slot] += produced - qty;
    p->stack[p->top++] = (probe_frame){.item = item, .r = r, .runs = runs};
    return PROD_OK;
}

static prod_status feasible(probe *p, uint64_t units, int *ok)
{
    if (p->s->n)
        memcpy(p->s->left, p->s->have, (size_t)p->s->n * sizeof *p->s->left);
    p->top = 0;
    *ok = 1;
    prod_status st = demand(p, p->req->item, units, 1, ok);
    while (st == PROD_OK && *ok && p->top > 0) {
        probe_frame *f = &p->stack[p->top - 1];
        if (f->next == f->r->input_count) {
            /* tools come back when the step is done */
            for (uint32_t i = 0; i < f->r->input_count && st == PROD_OK; i++) {
                uint32_t slot;
                if (!f->r->inputs[i].consume &&
                    (st = stock_slot(p->s, f->r->inputs[i].item, &slot)) == PROD_OK)
                    p->s->left[slot] += f->r->inputs[i].qty;
            }
            p->top--;
            continue;
        }
        const prod_requirement *in = &f->r->inputs[f->next++];
        uint64_t qty;
        if (prodi_chain_input_qty(p->req, f->r, in, f->runs, &qty) != 0)
            *ok = 0;
        else
            st = demand(p, in->item, qty, 0, ok);
    }
    return st;
}

prod_status prodi_build_max(prod_ctx *ctx, const prod_chain_request *caller, uint64_t inventory,
                            uint64_t *out)
{
    stock s;
    prod_chain_request local, *req = &local;
    prod_status st = prodi_chain_check_request(ctx, caller, 0, &local);
    if (st == PROD_OK)
        st = stock_open(ctx, inventory, &s);
    else
        return st;
    probe p = {.s = &s, .req = req};
    int ok = 0;
    uint64_t lo = 0, hi = 1; /* lo feasible (0 always is), hi the next to try */
    while (st == PROD_OK && (st = feasible(&p, hi, &ok)) == PROD_OK && ok) {
        lo = hi;
        if (hi == BUILD_MAX_UNITS)
            break;
        hi = hi * 2 > BUILD_MAX_UNITS ? BUILD_MAX_UNITS : hi * 2;
    }
    if (st == PROD_OK && !ok) {
        while (hi - lo > 1) { /* lo feasible, hi not */
            uint64_t mid = lo + (hi - lo) / 2;
            if ((st = feasible(&p, mid, &ok)) != PROD_OK)
                break;
            *(ok ? &lo : &hi) = mid;
        }
    }
    stock_free(&s);
    if (st == PROD_OK)
        *out = lo;
    return st;
}

/* ---- startable recipes --------------------------------------------------- */

static prod_status has_inputs(stock *s, const prodi_recipe *r, int *ok)
{
    *ok = 1;
    for (uint32_t i = 0; i < r->input_count && *ok; i++) {
        uint32_t slot;
        prod_status st = stock_slot(s, r->inputs[i].item, &slot);
        if (st != PROD_OK)
            return st;
        *ok = s->have[slot] >= r->inputs[i].qty;
    }
    return PROD_OK;
}

prod_status prodi_build_startable(prod_ctx *ctx, uint64_t inventory, prod_recipe_ix **out,
                                  uint32_t *count)
{
    stock s;
    prod_status st = stock_open(ctx, inventory, &s);
    uint32_t n = prodi_reg_recipe_count(ctx->reg), found = 0;
    prod_recipe_ix *list = NULL;
    if (st == PROD_OK && n && !(list = prodi_buf_alloc(&ctx->mem, (size_t)n * sizeof *list)))
        st = prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY,
                           "recipes_startable: out of memory");
    for (prod_recipe_ix i = 0; st == PROD_OK && i < n; i++) {
        int ok;
        st = has_inputs(&s, prodi_reg_recipe(ctx->reg, i), &ok);
        if (st == PROD_OK && ok)
            list[found++] = i;
    }
    stock_free(&s);
    if (st != PROD_OK || found == 0) {
        prodi_buf_free(list);
        return st;
    }
    *out = list;
    *count = found;
    return PROD_OK;
}
