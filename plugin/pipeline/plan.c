/* plan.c - the PipelinePlanner (see plan.h). Everything that can fail (the
 * walk, the factories, the sell market, memory) happens before the first
 * event; a failure drops the half-made pipeline. */
#include "pipeline/plan.h"

#include "chains/walk.h"
#include "core/vec.h"
#include "pipeline/events.h"
#include "pipeline/factory.h"
#include "pipeline/queues.h"
#include "pipeline/quotes.h"
#include "pipeline/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double prodi_coord_depth_bonus(uint32_t depth)
{
    double b = 20.0 * depth;
    return b > 100 ? 100 : b;
}

static const char *name(const prod_coordinator *c, prod_item_id item)
{
    return prodi_reg_item_name(c->ctx->reg, item);
}

static prod_status oom(prod_coordinator *c)
{
    return prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY, "coord_plan: out of memory");
}

/* --- markets trading an item ----------------------------------------------- */

/* The markets whose quote of an item has `flag`, in the host's order, with
 * the activity and supply they quote. */
typedef struct market_list {
    uint32_t flag;
    uint32_t n;
    size_t cap;
    int oom;
    const prodi_mem *mem;
    prod_market_quote *q;
} market_list;

static void collect(void *accp, const prod_market_quote *q)
{
    market_list *l = accp;
    if (!(q->flags & l->flag) || l->oom)
        return;
    if (PRODI_VEC_HEAP(l->mem, l->q, l->cap, (size_t)l->n + 1, 16) != 0)
        l->oom = 1;
    else
        l->q[l->n++] = *q;
}

static prod_status list_markets(prod_coordinator *c, prod_item_id item, uint32_t flag,
                                market_list *l)
{
    prodi_errbuf saved = *prodi_ctx_err(c->ctx);
    memset(l, 0, sizeof *l);
    l->flag = flag;
    l->mem = &c->ctx->mem;
    prod_status st = prodi_market_each_quote(c->ctx, item, collect, l);
    st = prodi_coord_take_error(c, st, &saved, "coord_plan");
    return st == PROD_OK && l->oom ? oom(c) : st;
}

static const prod_market_quote *in_list(const market_list *l, uint64_t market)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->q[i].market == market)
            return &l->q[i];
    return NULL;
}

/* --- factories ---------------------------------------------------------------- */

/* STRONG, GROWING, WEAK, then the rest (seed 001: prefer STRONG activity). */
static int activity_rank(uint32_t a)
{
    return a == PROD_ACTIVITY_STRONG ? 0 : a == PROD_ACTIVITY_GROWING ? 1 : a == PROD_ACTIVITY_WEAK ? 2 : 3;
}

/* The distinct items of node n's children. */
static uint32_t child_items(const chain_tree *t, uint32_t n, prod_item_id *out)
{
    uint32_t k = 0;
    for (uint32_t i = n + 1; i < t->n && t->nodes[i].depth > t->nodes[n].depth; i++) {
        if (t->nodes[i].parent != n)
            continue;
        uint32_t j = 0;
        while (j < k && out[j] != t->nodes[i].item)
            j++;
        if (j == k)
            out[k++] = t->nodes[i].item;
    }
    return k;
}

static prod_status no_factory(prod_coordinator *c, prod_item_id item, const prod_item_id *in,
                              uint32_t n)
{
    char list[256] = "";
    size_t at = 0;
    for (uint32_t i = 0; i < n && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", name(c, in[i]));
    return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND,
                         "coord_plan: no factory for %s: no market %s%s", name(c, item),
                         n ? "imports " : "exports it", list);
}

/* Candidates: markets importing every input (exporters when there are no
 * inputs); the best: exports the item, then activity, then the host's order. */
static prod_status pick_factory(prod_coordinator *c, const chain_tree *t, uint32_t n,
                                prod_market_quote *best)
{
    prod_item_id in[PRODI_MAX_IO_PER_RECIPE];
    uint32_t k = child_items(t, n, in), found = 0;
    market_list cand = {0}, other = {0}, out = {0};
    prod_status st = list_markets(c, k ? in[0] : t->nodes[n].item,
                                  k ? PROD_QUOTE_BUYS : PROD_QUOTE_SELLS, &cand);
    if (st == PROD_OK)
        st = list_markets(c, t->nodes[n].item, PROD_QUOTE_SELLS, &out);
    for (uint32_t j = 1; st == PROD_OK && j < k; j++) {
        uint32_t keep = 0;
        prodi_free(&c->ctx->mem, other.q);
        if ((st = list_markets(c, in[j], PROD_QUOTE_BUYS, &other)) != PROD_OK)
            break;
        for (uint32_t i = 0; i < cand.n; i++)
            if (in_list(&other, cand.q[i].market))
                cand.q[keep++] = cand.q[i];
        cand.n = keep;
    }
    int best_key = 0;
    for (uint32_t i = 0; st == PROD_OK && i < cand.n; i++) {
        const prod_market_quote *o = in_list(&out, cand.q[i].market);
        int key = (o ? 0 : 4) + activity_rank(o ? o->activity : cand.q[i].activity);
        if (!found || key < best_key) {
            *best = o ? *o : cand.q[i];
            best->supply = o ? o->supply : PROD_SUPPLY_UNKNOWN; /* not exported yet (seed 001) */
            best_key = key;
            found = 1;
        }
    }
    prodi_free(&c->ctx->mem, cand.q);
    prodi_free(&c->ctx->mem, other.q);
    prodi_free(&c->ctx->mem, out.q);
    if (st == PROD_OK && !found)
        st = no_factory(c, t->nodes[n].item, in, k);
    return st;
}

/* --- nodes ----------------------------------------------------------------------- */

static prod_status bought_node(prod_coordinator *c, const prod_chain_node *tn, co_node *nd)
{
    if (tn->flags & PROD_NODE_NO_PRICE)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND,
                             "coord_plan: no market sells %s%s", name(c, tn->item),
                             tn->decision == PROD_DECISION_RAW ? " and no recipe makes it" : "");
    prod_market_quote q;
    int found;
    prod_status st = prodi_coord_quote_at(c, tn->item, tn->market, &q, &found);
    nd->activity = found ? q.activity : 0;
    nd->supply = found ? q.supply : 0;
    return st;
}

static prod_status made_node(prod_coordinator *c, co_pipeline *p, const chain_tree *t, uint32_t n)
{
    prod_market_quote q = {.struct_size = 0};
    prod_status st = pick_factory(c, t, n, &q);
    if (st != PROD_OK)
        return st;
    co_node *nd = &p->nodes[n];
    nd->market = q.market;
    nd->activity = q.activity;
    nd->supply = q.supply;
    nd->factory = prodi_coord_factory_get(p, q.market, nd->item);
    if (nd->factory == CO_NONE)
        return oom(c);
    prod_item_id in[PRODI_MAX_IO_PER_RECIPE];
    uint32_t k = child_items(t, n, in);
    for (uint32_t i = 0; i < k; i++)
        if (prodi_coord_factory_need(p->mem, &p->factories[nd->factory], in[i]) != 0)
            return oom(c);
    return PROD_OK;
}

static prod_status make_nodes(prod_coordinator *c, co_pipeline *p, const chain_tree *t)
{
    p->nodes = prodi_zalloc(p->mem, t->n, sizeof *p->nodes);
    if (!p->nodes)
        return oom(c);
    p->node_count = t->n;
    prod_status st = PROD_OK;
    for (uint32_t i = 0; st == PROD_OK && i < t->n; i++) {
        const prod_chain_node *tn = &t->nodes[i];
        p->nodes[i] = (co_node){.item = tn->item, .depth = tn->depth, .decision = tn->decision,
                                .parent = tn->parent == PROD_NODE_NONE ? CO_NONE : tn->parent,
                                .market = tn->market, .factory = CO_NONE, .task = CO_NONE,
                                .out = CO_NONE};
        st = tn->decision == PROD_DECISION_MAKE ? made_node(c, p, t, i)
                                                : bought_node(c, tn, &p->nodes[i]);
    }
    return st;
}

/* --- tasks ------------------------------------------------------------------------ */

/* Seed 002's createTasksFromTree: a bought node's ACQUIRE; a made node's
 * children (each with its DELIVER to this node's factory), then its
 * COLLECT. Recursion is bounded by the tree's depth (PROD_CHAIN_MAX_DEPTH). */
static int node_tasks(co_pipeline *p, uint32_t n, int64_t now)
{
    co_node *nd = &p->nodes[n];
    if (nd->decision != PROD_DECISION_MAKE) {
        nd->task = prodi_coord_task_add(p, PROD_TASK_ACQUIRE, nd->item, n, nd->market, now);
        return nd->task == CO_NONE ? -1 : 0;
    }
    for (uint32_t k = n + 1; k < p->node_count && p->nodes[k].depth > p->nodes[n].depth; k++) {
        if (p->nodes[k].parent != n)
            continue;
        if (node_tasks(p, k, now) != 0)
            return -1;
        p->nodes[k].out = prodi_coord_task_add(p, PROD_TASK_DELIVER, p->nodes[k].item, k,
                                               p->nodes[n].market, now);
        if (p->nodes[k].out == CO_NONE)
            return -1;
    }
    p->nodes[n].task = prodi_coord_task_add(p, PROD_TASK_COLLECT, p->nodes[n].item, n,
                                            p->nodes[n].market, now);
    return p->nodes[n].task == CO_NONE ? -1 : 0;
}

static prod_status make_tasks(prod_coordinator *c, co_pipeline *p)
{
    if (node_tasks(p, 0, c->time) != 0)
        return oom(c);
    p->nodes[0].out = prodi_coord_task_add(p, PROD_TASK_SELL, p->item, 0, p->sell_market, c->time);
    return p->nodes[0].out == CO_NONE ? oom(c) : PROD_OK;
}

static prod_status sell_market(prod_coordinator *c, co_pipeline *p, uint32_t depth)
{
    prod_market_quote q = {.struct_size = 0};
    int found;
    prod_status st = prodi_coord_best_buyer(c, p->item, prodi_coord_depth_bonus(depth), 0, 0, 0,
                                            &q, NULL, &found);
    if (st == PROD_OK && !found)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND,
                           "coord_plan: no market with WEAK or RESTRICTED activity buys %s",
                           name(c, p->item));
    p->sell_market = q.market;
    p->expected_price = q.sell_price;
    return st;
}

static prod_status check(prod_coordinator *c, prod_item_id item)
{
    if (!name(c, item))
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND, "coord_plan: no item %u",
                             item);
    if (!c->ctx->host.market_quote)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_PROVIDED,
                             "coord_plan needs the host's market_quote callback (NULL)");
    if (prodi_coord_active(c) >= c->cfg.max_pipelines)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_LIMIT,
                             "coord_plan: %u pipelines are active (max_pipelines)",
                             c->cfg.max_pipelines);
    return PROD_OK;
}

static prod_status walk(prod_coordinator *c, prod_item_id item, chain_tree *t)
{
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = item, .runs = 1, .strategy = c->cfg.strategy,
                            .supply_threshold = PROD_SUPPLY_HIGH};
    prodi_errbuf saved = *prodi_ctx_err(c->ctx);
    prod_status st = prodi_chain_walk(c->ctx, &q, c->cfg.strategy, 0, t);
    st = prodi_coord_take_error(c, st, &saved, "coord_plan");
    if (st == PROD_OK && t->n > PROD_COORD_MAX_NODES) {
        prodi_free(&c->ctx->mem, t->nodes);
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_LIMIT,
                           "coord_plan: the tree of %s has %u nodes (at most %u)", name(c, item),
                           t->n, PROD_COORD_MAX_NODES);
    }
    return st;
}

/* The plan is whole: announce it and start what can start. */
static void open_pipeline(prod_coordinator *c, co_pipeline *p)
{
    prodi_coord_emit_pipeline(c, PROD_COORD_EVENT_PIPELINE_CREATED, p);
    for (uint32_t f = 0; f < p->factory_count; f++)
        prodi_coord_factory_open(c, p, f);
    for (uint32_t ix = 0; ix < p->task_count; ix++)
        prodi_coord_try_ready(c, p, ix);
}

prod_status prodi_coord_plan(prod_coordinator *c, prod_item_id item, uint64_t *id)
{
    chain_tree t;
    prod_status st = check(c, item);
    if (st == PROD_OK)
        st = walk(c, item, &t);
    if (st != PROD_OK)
        return st;
    co_pipeline *p = prodi_coord_pipeline_new(c, PROD_PIPELINE_PRODUCE, c->time);
    if (!p)
        st = oom(c);
    if (st == PROD_OK) {
        p->item = item;
        st = make_nodes(c, p, &t);
    }
    if (st == PROD_OK)
        st = sell_market(c, p, t.max_depth);
    if (st == PROD_OK)
        st = make_tasks(c, p);
    prodi_free(&c->ctx->mem, t.nodes);
    if (st != PROD_OK) {
        if (p)
            prodi_coord_pipeline_drop_last(c);
        return st;
    }
    open_pipeline(c, p);
    if (id)
        *id = p->id;
    return PROD_OK;
}

prod_status prodi_coord_plan_at(prod_coordinator *c, prod_item_id item, int64_t now, uint64_t *id)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_plan");
    if (st != PROD_OK)
        return st;
    int64_t was = c->time;
    c->time = now;
    st = prodi_coord_plan(c, item, id);
    if (st != PROD_OK)
        c->time = was;
    return st;
}
