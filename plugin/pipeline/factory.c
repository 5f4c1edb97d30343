/* factory.c - factory states and the supply monitor (see factory.h). */
#include "pipeline/factory.h"

#include "core/vec.h"
#include "pipeline/events.h"
#include "pipeline/queues.h"
#include "pipeline/quotes.h"
#include "pipeline/tasks.h"

#include <stdlib.h>
#include <string.h>

uint32_t prodi_coord_factory_get(co_pipeline *p, uint64_t market, prod_item_id item)
{
    for (uint32_t f = 0; f < p->factory_count; f++)
        if (p->factories[f].market == market && p->factories[f].item == item)
            return f;
    co_factory *grown =
        prodi_realloc(p->mem, p->factories, ((size_t)p->factory_count + 1) * sizeof *grown);
    if (!grown)
        return CO_NONE;
    p->factories = grown;
    co_factory *f = &p->factories[p->factory_count];
    memset(f, 0, sizeof *f);
    f->market = market;
    f->item = item;
    f->state = PROD_FACTORY_AWAITING_INPUTS;
    f->inputs_complete_at = f->ready_at = f->next_poll = -1;
    return p->factory_count++;
}

int prodi_coord_factory_need(const prodi_mem *m, co_factory *f, prod_item_id item)
{
    for (uint32_t i = 0; i < f->input_count; i++)
        if (f->inputs[i] == item)
            return 0;
    prod_item_id *in = prodi_realloc(m, f->inputs, ((size_t)f->input_count + 1) * sizeof *in);
    if (in)
        f->inputs = in;
    uint8_t *d = in ? prodi_realloc(m, f->delivered, (size_t)f->input_count + 1) : NULL;
    if (!d)
        return -1;
    f->delivered = d;
    f->inputs[f->input_count] = item;
    f->delivered[f->input_count++] = 0;
    return 0;
}

static void set_state(prod_coordinator *c, co_pipeline *p, uint32_t fx, uint32_t state)
{
    co_factory *f = &p->factories[fx];
    if (f->state == state)
        return;
    f->state = state;
    f->ready_at = state == PROD_FACTORY_READY_FOR_COLLECTION ? c->time : -1;
    prodi_coord_emit_factory(c, PROD_COORD_EVENT_FACTORY_STATE, p, fx);
}

/* Every COLLECT taking its item from fx, tried. */
static void try_collects(prod_coordinator *c, co_pipeline *p, uint32_t fx)
{
    for (uint32_t n = 0; n < p->node_count; n++)
        if (p->nodes[n].factory == fx)
            prodi_coord_try_ready(c, p, p->nodes[n].task);
}

/* The inputs are in and a COLLECT on fx still waits for its supply. */
static int watched(const co_pipeline *p, uint32_t fx)
{
    if (p->factories[fx].state < PROD_FACTORY_INPUTS_COMPLETE || !prodi_coord_pipeline_live(p))
        return 0;
    for (uint32_t n = 0; n < p->node_count; n++) {
        const co_task *t = &p->tasks[p->nodes[n].task];
        if (p->nodes[n].factory == fx &&
            (t->state == PROD_TASK_PENDING || t->state == PROD_TASK_READY))
            return 1;
    }
    return 0;
}

static void schedule(prod_coordinator *c, co_pipeline *p, uint32_t fx, int64_t when)
{
    p->factories[fx].next_poll = when;
    prodi_coord_timer(c, when, CO_TIMER_POLL, p->id, fx);
}

void prodi_coord_factory_watch(prod_coordinator *c, co_pipeline *p, uint32_t fx)
{
    if (p->factories[fx].next_poll < 0 && watched(p, fx))
        schedule(c, p, fx, c->time + c->cfg.poll_every_ms);
}

static void inputs_complete(prod_coordinator *c, co_pipeline *p, uint32_t fx)
{
    p->factories[fx].inputs_complete_at = c->time;
    set_state(c, p, fx, PROD_FACTORY_INPUTS_COMPLETE);
    schedule(c, p, fx, c->time + c->cfg.poll_first_ms);
}

void prodi_coord_factory_open(prod_coordinator *c, co_pipeline *p, uint32_t fx)
{
    if (p->factories[fx].input_count == 0)
        inputs_complete(c, p, fx);
}

int prodi_coord_factory_delivered(prod_coordinator *c, co_pipeline *p, uint32_t fx,
                                  prod_item_id item, uint64_t worker, uint64_t qty)
{
    co_factory *f = &p->factories[fx];
    if (PRODI_VEC_HEAP(p->mem, f->deliveries, f->delivery_cap, (size_t)f->delivery_count + 1, 4))
        return -1;
    f->deliveries[f->delivery_count++] =
        (co_delivery){.item = item, .worker = worker, .qty = qty, .time = c->time};
    uint32_t got = 0;
    for (uint32_t i = 0; i < f->input_count; i++) {
        f->delivered[i] |= f->inputs[i] == item;
        got += f->delivered[i];
    }
    if (f->state >= PROD_FACTORY_INPUTS_COMPLETE) {
        try_collects(c, p, fx); /* another node's inputs at a factory already producing */
        return 0;
    }
    if (got < f->input_count) {
        set_state(c, p, fx, PROD_FACTORY_INPUTS_PARTIAL);
        return 0;
    }
    inputs_complete(c, p, fx);
    return 0;
}

void prodi_coord_delivery(prod_coordinator *c, co_pipeline *p, uint32_t ix, uint64_t worker,
                          uint64_t qty)
{
    const co_task *t = &p->tasks[ix];
    if (t->type == PROD_TASK_DELIVER && prodi_coord_pipeline_live(p))
        (void)prodi_coord_factory_delivered(c, p, p->nodes[p->nodes[t->node].parent].factory,
                                            t->item, worker, qty);
}

/* The supply now seen at fx, a POLL event when it came from a poll, and
 * the state it puts the factory in. */
static void apply(prod_coordinator *c, co_pipeline *p, uint32_t fx, uint32_t supply, int poll)
{
    co_factory *f = &p->factories[fx];
    f->prev_supply = f->supply;
    f->supply = supply;
    if (poll)
        prodi_coord_emit_factory(c, PROD_COORD_EVENT_POLL, p, fx);
    set_state(c, p, fx,
              supply >= c->cfg.collect_execute_supply ? PROD_FACTORY_READY_FOR_COLLECTION
                                                      : PROD_FACTORY_PRODUCTION_IN_PROGRESS);
}

void prodi_coord_factory_poll(prod_coordinator *c, co_pipeline *p, uint32_t fx)
{
    co_factory *f = &p->factories[fx];
    f->next_poll = -1;
    if (!watched(p, fx))
        return;
    prod_market_quote q;
    int found = 0;
    if (prodi_coord_quote_at(c, f->item, f->market, &q, &found) != PROD_OK) {
        prodi_coord_host_error(c);
        schedule(c, p, fx, c->time + c->cfg.poll_every_ms);
        return;
    }
    f->polls++;
    c->counts.polls++;
    schedule(c, p, fx, c->time + c->cfg.poll_every_ms);
    apply(c, p, fx, found && (q.flags & PROD_QUOTE_SELLS) ? q.supply : PROD_SUPPLY_UNKNOWN, 1);
    if (f->state != PROD_FACTORY_READY_FOR_COLLECTION && f->polls > c->cfg.long_wait_polls &&
        !f->warned) {
        f->warned = 1;
        prodi_coord_emit_factory(c, PROD_COORD_EVENT_LONG_WAIT, p, fx);
    }
    try_collects(c, p, fx);
}

void prodi_coord_factory_seen(prod_coordinator *c, co_pipeline *p, uint32_t fx, uint32_t supply)
{
    apply(c, p, fx, supply, 0);
}
