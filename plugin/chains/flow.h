/* flow.h - the per-item flow model every flow answer is packed from: items
 * (each once, with exact and whole-run totals), steps (each recipe used
 * once, with its runs) and the edges between items. flow.c sizes it
 * exactly (chain_flow), lp.c fills it from the solver's doubles
 * (chain_optimize), flow_pack.c turns it into the host's block. */
#ifndef PRODI_CHAINS_FLOW_H
#define PRODI_CHAINS_FLOW_H

#include "chains/market.h"
#include "chains/unit_cost.h"
#include "core/context.h"
#include "core/hashmap.h"
#include "core/ratio.h"

typedef struct flow_item {
    prod_item_id item;
    uint32_t decision;  /* PROD_DECISION_*, 0 while undecided */
    uint32_t flags;     /* PROD_FLOW_* */
    uint32_t step;      /* its own step, PROD_NODE_NONE */
    uint32_t producer;  /* first step yielding it besides its own, PROD_NODE_NONE */
    uint32_t next_key;  /* next item sized by the same step, PROD_NODE_NONE */
    uint8_t expand;     /* reached as a target or a consumed input (not only as a tool) */
    uint8_t queued;
    uint8_t priced;     /* market filled */
    prodi_q target, consumed, produced;
    double f_target, f_consumed, f_produced; /* floating models (the LP) */
    uint64_t b_target, b_consumed, b_produced, tool_qty;
    market_summary market;
} flow_item;

typedef struct flow_step {
    prod_recipe_ix rix;
    const prodi_recipe *r;
    uint32_t item;      /* its first key item (index in items) */
    uint32_t flags;     /* PROD_FLOW_EXPECTED */
    prodi_q runs;
    double f_runs;
    uint64_t b_runs;
} flow_step;

typedef struct flow_edge {
    uint32_t from, to, kind, flags;
    prodi_q flow;
    double f_flow;
    uint64_t batch;
} flow_edge;

typedef struct flow_model {
    prod_ctx *ctx;
    prod_chain_request req;     /* the base request, checked and copied */
    const prod_flow_request *fr;
    int rates;                  /* a rate request (amounts per second) */
    int floating;               /* figures are doubles (the LP) */
    flow_item *items;
    uint32_t n_items;
    size_t cap_items;
    prodi_u64map index;         /* item id -> index in items */
    flow_step *steps;
    uint32_t n_steps;
    size_t cap_steps;
    prodi_u64map step_of;       /* recipe index -> index in steps */
    flow_edge *edges;
    uint32_t n_edges;
    size_t cap_edges;
    unit_table units;           /* MIN_COST and CHEAPEST */
    int ovf;                    /* an exact figure passed 128 bits */
} flow_model;

/* Items waiting to be looked at, each queued once (flow_item.queued). */
typedef struct flow_queue {
    uint32_t *v;
    uint32_t n, head;
    size_t cap;
} flow_queue;

/* Queue item index ix unless it was; NO_MEMORY. Free q->v when done. */
prod_status prodi_flow_enqueue(flow_model *m, flow_queue *q, uint32_t ix);

/* Check request (its base copied into m->req) and open an empty model. */
prod_status prodi_flow_open(prod_ctx *ctx, const prod_flow_request *request, flow_model *m);
void prodi_flow_close(flow_model *m);
/* The index of item in m (added undecided when new). LIMIT past PROD_FLOW_MAX_ITEMS. */
prod_status prodi_flow_item(flow_model *m, prod_item_id item, uint32_t *ix);
/* The step of recipe rix (added when new). */
prod_status prodi_flow_step(flow_model *m, prod_recipe_ix rix, uint32_t item, uint32_t *ix);
prod_status prodi_flow_edge(flow_model *m, const flow_edge *e);
/* Target i of the request in the model's amounts: units, or per second. */
prodi_q prodi_flow_target_amount(flow_model *m, uint32_t i);
/* Fill it->market from the host once (it stays empty without market_quote). */
prod_status prodi_flow_price(flow_model *m, uint32_t ix);
/* Per run of recipe r: the exact units of item it consumes (after ME and
 * bonuses, net of what it yields of the same item) and yields (net of what
 * it consumes of it). */
prodi_q prodi_flow_consumes(flow_model *m, const prodi_recipe *r, prod_item_id item);
prodi_q prodi_flow_yields(flow_model *m, const prodi_recipe *r, prod_item_id item);

/* prod_api.chain_flow: size the model exactly and pack it. */
prod_status prodi_chain_flow(prod_ctx *ctx, const prod_flow_request *request,
                             prod_flow_result **out);
/* Pack a sized model into the host's block (flow_pack.c). */
prod_status prodi_flow_pack(flow_model *m, prod_flow_result **out);

#endif
