/* queues.c - the timer and ready heaps (see queues.h). */
#include "pipeline/queues.h"

#include "core/vec.h"

#include <stdlib.h>
#include <string.h>

typedef int (*less_fn)(const void *a, const void *b);

static void *at(const co_heap *h, size_t elem, uint32_t i) { return (char *)h->v + (size_t)i * elem; }

static void swap(co_heap *h, size_t elem, uint32_t i, uint32_t j)
{
    unsigned char tmp[32];
    memcpy(tmp, at(h, elem, i), elem);
    memcpy(at(h, elem, i), at(h, elem, j), elem);
    memcpy(at(h, elem, j), tmp, elem);
}

static int push(const prodi_mem *m, co_heap *h, size_t elem, const void *x, less_fn less)
{
    if (prodi_vec_grow_heap(m, &h->v, elem, &h->cap, (size_t)h->n + 1, 64) != 0)
        return -1;
    uint32_t i = h->n++;
    memcpy(at(h, elem, i), x, elem);
    while (i > 0 && less(at(h, elem, i), at(h, elem, (i - 1) / 2))) {
        swap(h, elem, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    return 0;
}

static void pop(co_heap *h, size_t elem, less_fn less)
{
    if (--h->n == 0)
        return;
    memcpy(at(h, elem, 0), at(h, elem, h->n), elem);
    for (uint32_t i = 0;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && less(at(h, elem, l), at(h, elem, m)))
            m = l;
        if (r < h->n && less(at(h, elem, r), at(h, elem, m)))
            m = r;
        if (m == i)
            return;
        swap(h, elem, i, m);
        i = m;
    }
}

static int timer_less(const void *a, const void *b)
{
    const co_timer *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time;
    if (x->kind != y->kind)
        return x->kind < y->kind;
    if (x->ref != y->ref)
        return x->ref < y->ref;
    return x->sub < y->sub;
}

static int ready_less(const void *a, const void *b)
{
    const co_ready *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority > y->priority;
    return x->task < y->task;
}

void prodi_coord_timer(prod_coordinator *c, int64_t time, uint32_t kind, uint64_t ref,
                       uint32_t sub)
{
    co_timer t = {.time = time, .kind = kind, .sub = sub, .ref = ref};
    if (push(&c->ctx->mem, &c->timers, sizeof t, &t, timer_less) != 0)
        c->queues_dirty = 1;
}

const co_timer *prodi_coord_timer_top(const prod_coordinator *c)
{
    return c->timers.n ? c->timers.v : NULL;
}

void prodi_coord_timer_pop(prod_coordinator *c) { pop(&c->timers, sizeof(co_timer), timer_less); }

void prodi_coord_ready_push(prod_coordinator *c, co_pipeline *p, uint32_t ix)
{
    co_task *t = &p->tasks[ix];
    if (t->flags & CO_TASK_QUEUED)
        return;
    co_ready r = {.priority = t->priority, .task = prodi_coord_task_id(p, ix)};
    if (push(&c->ctx->mem, &c->ready, sizeof r, &r, ready_less) != 0)
        c->queues_dirty = 1;
    else
        t->flags |= CO_TASK_QUEUED;
}

int prodi_coord_ready_pop(prod_coordinator *c, uint64_t *id)
{
    if (!c->ready.n)
        return -1;
    *id = ((const co_ready *)c->ready.v)->task;
    pop(&c->ready, sizeof(co_ready), ready_less);
    return 0;
}

int prodi_coord_ready_empty(const prod_coordinator *c) { return c->ready.n == 0; }

static void rebuild_pipeline(prod_coordinator *c, co_pipeline *p)
{
    for (uint32_t f = 0; f < p->factory_count; f++)
        if (p->factories[f].next_poll >= 0)
            prodi_coord_timer(c, p->factories[f].next_poll, CO_TIMER_POLL, p->id, f);
    for (uint32_t i = 0; i < p->task_count; i++) {
        co_task *t = &p->tasks[i];
        t->flags &= (uint8_t)~CO_TASK_QUEUED;
        if (t->wake_at >= 0)
            prodi_coord_timer(c, t->wake_at, CO_TIMER_WAKE, prodi_coord_task_id(p, i), 0);
        else if (t->state == PROD_TASK_READY && !t->worker && prodi_coord_queued_type(t->type))
            prodi_coord_ready_push(c, p, i);
    }
}

int prodi_coord_queues_rebuild(prod_coordinator *c)
{
    c->timers.n = c->ready.n = 0;
    c->queues_dirty = 0;
    if (c->next_scan >= 0)
        prodi_coord_timer(c, c->next_scan, CO_TIMER_SCAN, 0, 0);
    for (uint32_t i = 0; i < c->npipes; i++)
        rebuild_pipeline(c, c->pipes[i]);
    return c->queues_dirty ? -1 : 0;
}
