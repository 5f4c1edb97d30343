/* events.c - building coordinator events and handing them to the host. */
#include "pipeline/events.h"

#include <string.h>

prod_coord_event prodi_coord_ev(const prod_coordinator *c, uint32_t type)
{
    prod_coord_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = (uint32_t)sizeof e;
    e.type = type;
    e.coordinator = c->cfg.tag;
    e.time = c->time;
    return e;
}

void prodi_coord_emit(prod_coordinator *c, const prod_coord_event *e)
{
    if (c->ctx->host.on_coord_event && !prodi_coord_dying(c))
        c->ctx->host.on_coord_event(c->ctx->host.user, e);
}

prod_coord_event prodi_coord_task_ev(const prod_coordinator *c, uint32_t type,
                                     const co_pipeline *p, uint32_t ix, uint32_t reason)
{
    const co_task *t = &p->tasks[ix];
    prod_coord_event e = prodi_coord_ev(c, type);
    e.pipeline = p->id;
    e.task = prodi_coord_task_id(p, ix);
    e.worker = t->worker;
    e.market = t->market;
    e.item = t->item;
    e.task_type = t->type;
    e.state = t->state;
    e.reason = reason;
    e.retries = t->retries;
    e.quantity = t->quantity;
    e.credits = prodi_coord_buys(t->type) ? t->cost : t->revenue;
    e.due = t->wake_at;
    return e;
}

void prodi_coord_emit_task(prod_coordinator *c, uint32_t type, const co_pipeline *p, uint32_t ix,
                           uint32_t reason)
{
    prod_coord_event e = prodi_coord_task_ev(c, type, p, ix, reason);
    prodi_coord_emit(c, &e);
}

void prodi_coord_emit_pipeline(prod_coordinator *c, uint32_t type, const co_pipeline *p)
{
    prod_coord_event e = prodi_coord_ev(c, type);
    e.pipeline = p->id;
    e.market = p->sell_market;
    e.item = p->item;
    e.state = p->state;
    e.reason = p->reason;
    e.quantity = p->task_count;
    e.credits = p->revenue - p->cost;
    prodi_coord_emit(c, &e);
}

void prodi_coord_emit_factory(prod_coordinator *c, uint32_t type, const co_pipeline *p,
                              uint32_t fx)
{
    const co_factory *f = &p->factories[fx];
    prod_coord_event e = prodi_coord_ev(c, type);
    e.pipeline = p->id;
    e.market = f->market;
    e.item = f->item;
    e.state = f->state;
    e.polls = f->polls;
    e.supply = f->supply;
    e.due = f->next_poll;
    prodi_coord_emit(c, &e);
}

void prodi_coord_emit_config(prod_coordinator *c, const prod_coord_config_change *ch)
{
    prod_coord_event e = prodi_coord_ev(c, PROD_COORD_EVENT_CONFIG_CHANGED);
    e.field = ch->field;
    e.old_value = ch->old_value;
    e.new_value = ch->new_value;
    prodi_coord_emit(c, &e);
}
