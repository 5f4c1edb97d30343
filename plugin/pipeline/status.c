/* status.c - status, statistics and look-ups (see status.h). */
#include "pipeline/status.h"

#include "core/abi_struct.h"
#include "pipeline/workers.h"

#include <stdlib.h>
#include <string.h>

/* The sizes of the status block's arrays. */
typedef struct sizes {
    size_t deps, inputs, deliveries;
} sizes;

static uint32_t dep_count(const co_pipeline *p, uint32_t ix)
{
    const co_task *t = &p->tasks[ix];
    if (t->node == CO_NONE || t->type == PROD_TASK_ACQUIRE)
        return 0;
    if (t->type != PROD_TASK_COLLECT)
        return 1;
    uint32_t n = 0;
    for (uint32_t k = t->node + 1; k < p->node_count && p->nodes[k].depth > p->nodes[t->node].depth; k++)
        n += p->nodes[k].parent == t->node;
    return n;
}

/* Write task ix's dependencies into deps (the producer of a DELIVER or
 * SELL, the DELIVERs of a COLLECT's children). */
static void fill_deps(const co_pipeline *p, uint32_t ix, uint64_t *deps)
{
    const co_task *t = &p->tasks[ix];
    uint32_t n = 0;
    if (t->type == PROD_TASK_DELIVER || t->type == PROD_TASK_SELL) {
        deps[0] = prodi_coord_task_id(p, p->nodes[t->node].task);
        return;
    }
    for (uint32_t k = t->node + 1; k < p->node_count && p->nodes[k].depth > p->nodes[t->node].depth; k++)
        if (p->nodes[k].parent == t->node)
            deps[n++] = prodi_coord_task_id(p, p->nodes[k].out);
}

static void fill_tasks(const co_pipeline *p, prod_pipeline_status *s, prod_coord_task *tasks,
                       uint64_t *deps)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < p->task_count; i++) {
        const co_task *t = &p->tasks[i];
        uint32_t n = dep_count(p, i);
        tasks[i] = (prod_coord_task){
            .id = prodi_coord_task_id(p, i), .type = t->type, .state = t->state,
            .item = t->item, .node = t->node == CO_NONE ? PROD_NODE_NONE : t->node,
            .market = t->market, .worker = t->worker, .priority = t->priority,
            .retries = t->retries, .reason = t->reason, .dep_first = d, .dep_count = n,
            .quantity = t->quantity, .cost = t->cost, .revenue = t->revenue,
            .created_at = t->created_at, .ready_at = t->ready_at, .started_at = t->started_at,
            .completed_at = t->completed_at};
        if (n)
            fill_deps(p, i, deps + d);
        d += n;
        s->tasks_done += t->state == PROD_TASK_COMPLETED;
    }
    s->dep_count = d;
}

static void fill_factories(const co_pipeline *p, prod_coord_factory *fs, prod_item_id *inputs,
                           prod_coord_delivery *dv)
{
    uint32_t in = 0, del = 0;
    for (uint32_t f = 0; f < p->factory_count; f++) {
        const co_factory *x = &p->factories[f];
        fs[f] = (prod_coord_factory){
            .market = x->market, .item = x->item, .state = x->state,
            .previous_supply = x->prev_supply, .supply = x->supply, .polls = x->polls,
            .input_count = x->input_count, .input_first = in, .delivery_first = del,
            .delivery_count = x->delivery_count, .inputs_complete_at = x->inputs_complete_at,
            .ready_at = x->ready_at, .next_poll = x->next_poll};
        memcpy(inputs + in, x->inputs, x->input_count * sizeof *inputs);
        in += x->input_count;
        for (uint32_t i = 0; i < x->delivery_count; i++)
            dv[del++] = (prod_coord_delivery){.item = x->deliveries[i].item,
                                              .worker = x->deliveries[i].worker,
                                              .quantity = x->deliveries[i].qty,
                                              .time = x->deliveries[i].time};
    }
}

static void fill_nodes(const co_pipeline *p, prod_coord_node *nodes)
{
    for (uint32_t i = 0; i < p->node_count; i++) {
        const co_node *n = &p->nodes[i];
        const co_factory *f = n->factory == CO_NONE ? NULL : &p->factories[n->factory];
        nodes[i] = (prod_coord_node){
            .item = n->item, .decision = n->decision,
            .parent = n->parent == CO_NONE ? PROD_NODE_NONE : n->parent, .depth = n->depth,
            .market = n->market, .task = prodi_coord_task_id(p, n->task),
            .activity = n->activity, .supply = f ? f->supply : n->supply,
            .factory = n->factory == CO_NONE ? PROD_NODE_NONE : n->factory};
    }
}

/* Units the pipeline's tasks' cargo stacks hold now. */
static uint64_t held(const prod_coordinator *c, const co_pipeline *p)
{
    uint64_t n = 0;
    for (uint32_t s = 0; s < c->worker_slots; s++)
        for (uint32_t i = 0; c->workers[s].live && i < c->workers[s].cargo_count; i++)
            n += c->workers[s].cargo[i].task >> CO_TASK_BITS == p->id ? c->workers[s].cargo[i].qty : 0;
    return n;
}

static void fill_header(const prod_coordinator *c, const co_pipeline *p, prod_pipeline_status *s)
{
    s->struct_size = (uint32_t)sizeof *s;
    s->state = p->state;
    s->id = p->id;
    s->kind = p->kind;
    s->item = p->item;
    s->sell_market = p->sell_market;
    s->expected_price = p->expected_price;
    s->cost = p->cost;
    s->revenue = p->revenue;
    s->net_profit = p->revenue - p->cost;
    s->reason = p->reason;
    s->node_count = p->node_count;
    s->task_count = p->task_count;
    s->factory_count = p->factory_count;
    s->created_at = p->created_at;
    s->finished_at = p->finished_at;
    s->units_bought = p->units.bought;
    s->units_delivered = p->units.delivered;
    s->units_sold = p->units.sold;
    s->units_liquidated = p->units.liquidated;
    s->units_lost = p->units.lost;
    s->units_found = p->units.found;
    s->units_held = held(c, p);
}

prod_status prodi_coord_status(prod_coordinator *c, uint64_t id, prod_pipeline_status **out)
{
    const co_pipeline *p = prodi_coord_pipeline(c, id);
    if (!p)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND, "coord_status: no pipeline %llu",
                             (unsigned long long)id);
    sizes z = {0};
    for (uint32_t i = 0; i < p->task_count; i++)
        z.deps += dep_count(p, i);
    for (uint32_t f = 0; f < p->factory_count; f++) {
        z.inputs += p->factories[f].input_count;
        z.deliveries += p->factories[f].delivery_count;
    }
    size_t bytes = sizeof(prod_pipeline_status) + p->node_count * sizeof(prod_coord_node) +
                   p->task_count * sizeof(prod_coord_task) + z.deps * sizeof(uint64_t) +
                   p->factory_count * sizeof(prod_coord_factory) +
                   z.deliveries * sizeof(prod_coord_delivery) + z.inputs * sizeof(prod_item_id);
    prod_pipeline_status *s = prodi_buf_alloc(&c->ctx->mem, bytes);
    if (!s)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY, "coord_status: out of memory");
    memset(s, 0, bytes);
    prod_coord_node *nodes = (prod_coord_node *)(s + 1);
    prod_coord_task *tasks = (prod_coord_task *)(nodes + p->node_count);
    uint64_t *deps = (uint64_t *)(tasks + p->task_count);
    prod_coord_factory *fs = (prod_coord_factory *)(deps + z.deps);
    prod_coord_delivery *dv = (prod_coord_delivery *)(fs + p->factory_count);
    prod_item_id *inputs = (prod_item_id *)(dv + z.deliveries);
    fill_header(c, p, s);
    fill_nodes(p, nodes);
    fill_tasks(p, s, tasks, deps);
    fill_factories(p, fs, inputs, dv);
    s->input_count = (uint32_t)z.inputs;
    s->delivery_count = (uint32_t)z.deliveries;
    s->nodes = nodes;
    s->tasks = tasks;
    s->deps = deps;
    s->factories = fs;
    s->inputs = inputs;
    s->deliveries = dv;
    *out = s;
    return PROD_OK;
}

void prodi_coord_stats(const prod_coordinator *c, prod_coord_stats *out)
{
    const co_counts *k = &c->counts;
    int64_t busy = k->worker_busy_ms;
    for (uint32_t s = 0; s < c->worker_slots; s++)
        if (c->workers[s].live && c->workers[s].busy_since >= 0)
            busy += c->time - c->workers[s].busy_since;
    prod_coord_stats v = {
        .config_pending = c->has_pending, .time = c->time, .pipelines = c->npipes,
        .pipelines_active = prodi_coord_active(c),
        .pipelines_completed = k->pipelines_completed, .pipelines_failed = k->pipelines_failed,
        .pipelines_cancelled = k->pipelines_cancelled, .tasks_completed = k->tasks_completed,
        .tasks_retried = k->tasks_retried, .tasks_failed = k->tasks_failed,
        .tasks_released = k->tasks_released, .liquidations = k->liquidations, .polls = k->polls,
        .host_errors = k->host_errors, .credits_spent = k->credits_spent,
        .credits_earned = k->credits_earned, .worker_busy_ms = busy, .workers = c->worker_count,
        .workers_busy = c->busy_workers, .units_bought = k->units.bought,
        .units_delivered = k->units.delivered, .units_sold = k->units.sold,
        .units_liquidated = k->units.liquidated, .units_lost = k->units.lost,
        .units_found = k->units.found};
    prodi_copy_out(out, &v, sizeof v);
}

prod_status prodi_coord_worker_info(const prod_coordinator *c, uint64_t id, prod_worker_info *out)
{
    const co_worker *w = prodi_coord_worker(c, id);
    if (!w)
        return PROD_ERR_NOT_FOUND;
    co_pipeline *p;
    const co_task *t = w->task ? prodi_coord_task(c, w->task, &p) : NULL;
    prod_worker_info v = {
        .version = PROD_WORKER_INFO_VERSION, .id = w->id, .location = w->location,
        .capacity = w->capacity,
        .state = t ? PROD_WORKER_BUSY : w->cargo_count ? PROD_WORKER_HOLDING : PROD_WORKER_IDLE,
        .task = w->task, .market = t ? t->market : 0, .task_type = t ? t->type : 0,
        .task_state = t ? t->state : 0,
        .busy_ms = w->busy_ms + (w->busy_since >= 0 ? c->time - w->busy_since : 0),
        .cargo_count = w->cargo_count};
    for (uint32_t i = 0; i < w->cargo_count; i++)
        v.cargo[i] = (prod_item_qty){w->cargo[i].item, w->cargo[i].qty};
    prodi_copy_out(out, &v, sizeof v);
    return PROD_OK;
}

void prodi_coord_pipeline_ids(const prod_coordinator *c, uint64_t *out, uint32_t cap,
                              uint32_t *count)
{
    for (uint32_t i = 0; i < c->npipes && i < cap; i++)
        out[i] = c->pipes[i]->id;
    *count = c->npipes;
}

void prodi_coord_history(const prod_coordinator *c, prod_coord_config_change *out, uint32_t cap,
                         uint32_t *count)
{
    for (uint32_t i = 0; i < c->history_len && i < cap; i++)
        out[i] = c->history[(c->history_head + i) % PROD_COORD_HISTORY];
    *count = c->history_len;
}
