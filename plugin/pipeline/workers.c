/* workers.c - worker registration, free/busy accounting, the idle groups
 * by location and the closest free worker (see workers.h). */
#include "pipeline/workers.h"

#include "core/abi_struct.h"
#include "core/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

co_worker *prodi_coord_worker(const prod_coordinator *c, uint64_t id)
{
    uint32_t slot;
    return prodi_u64map_get(&c->worker_ix, id, &slot) ? &c->workers[slot] : NULL;
}

co_cargo *prodi_coord_cargo_of(co_worker *w, prod_item_id item)
{
    for (uint32_t i = 0; i < w->cargo_count; i++)
        if (w->cargo[i].item == item)
            return &w->cargo[i];
    return NULL;
}

uint32_t prodi_coord_cargo_total(const co_worker *w)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < w->cargo_count; i++)
        n += w->cargo[i].qty;
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

int prodi_coord_cargo_add(co_worker *w, prod_item_id item, uint32_t qty, uint64_t task)
{
    co_cargo *s = prodi_coord_cargo_of(w, item);
    if (!s) {
        if (w->cargo_count >= PROD_COORD_MAX_CARGO)
            return -1;
        s = &w->cargo[w->cargo_count++];
        *s = (co_cargo){.item = item};
    }
    s->qty += qty;
    s->task = task;
    return 0;
}

void prodi_coord_cargo_drop(co_worker *w, co_cargo *s)
{
    uint32_t i = (uint32_t)(s - w->cargo);
    memmove(&w->cargo[i], &w->cargo[i + 1], (w->cargo_count - i - 1) * sizeof *s);
    w->cargo_count--;
}

static uint32_t slot_of(const prod_coordinator *c, const co_worker *w)
{
    return (uint32_t)(w - c->workers);
}

/* --- idle groups ------------------------------------------------------------ */

static int group_for(prod_coordinator *c, uint64_t location, uint32_t *g)
{
    if (prodi_u64map_get(&c->group_ix, location, g))
        return 0;
    if (PRODI_VEC_HEAP(&c->ctx->mem, c->groups, c->groups_cap, (size_t)c->group_count + 1, 16) != 0 ||
        prodi_u64map_put(&c->group_ix, location, c->group_count) != 0)
        return -1;
    *g = c->group_count++;
    c->groups[*g] = (co_group){.location = location, .active_at = CO_NONE};
    return 0;
}

static void activate(prod_coordinator *c, uint32_t g)
{
    c->groups[g].active_at = c->active_count;
    c->active_groups[c->active_count++] = g;
}

static void deactivate(prod_coordinator *c, uint32_t g)
{
    uint32_t at = c->groups[g].active_at, last = c->active_groups[--c->active_count];
    c->active_groups[at] = last;
    c->groups[last].active_at = at;
    c->groups[g].active_at = CO_NONE;
}

static uint64_t seq_at(const prod_coordinator *c, const co_group *gr, uint32_t i)
{
    return c->workers[gr->heap[i]].idle_seq;
}

/* Put slot s at heap index i (and tell the worker where it is). */
static void place(prod_coordinator *c, co_group *gr, uint32_t i, uint32_t s)
{
    gr->heap[i] = s;
    c->workers[s].pos = i;
}

static void sift_up(prod_coordinator *c, co_group *gr, uint32_t i)
{
    uint32_t s = gr->heap[i];
    uint64_t seq = c->workers[s].idle_seq;
    while (i > 0 && seq_at(c, gr, (i - 1) / 2) > seq) {
        place(c, gr, i, gr->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    place(c, gr, i, s);
}

static void sift_down(prod_coordinator *c, co_group *gr, uint32_t i)
{
    uint32_t s = gr->heap[i];
    uint64_t seq = c->workers[s].idle_seq;
    for (;;) {
        uint32_t l = 2 * i + 1, m = l;
        if (l + 1 < gr->count && seq_at(c, gr, l + 1) < seq_at(c, gr, l))
            m = l + 1;
        if (l >= gr->count || seq_at(c, gr, m) >= seq)
            break;
        place(c, gr, i, gr->heap[m]);
        i = m;
    }
    place(c, gr, i, s);
}

/* Room for w in group g's heap and for g among the active groups, reserved
 * before w can need them: 0, or -1 out of memory. */
static int reserve_in(prod_coordinator *c, uint32_t g)
{
    co_group *gr = &c->groups[g];
    return PRODI_VEC_HEAP(&c->ctx->mem, gr->heap, gr->cap, (size_t)gr->count + 1, 4) != 0 ||
                   PRODI_VEC_HEAP(&c->ctx->mem, c->active_groups, c->active_cap,
                                  (size_t)c->group_count + 1, 16) != 0
               ? -1
               : 0;
}

/* Free worker w joins group g (reserve_in first). */
static void link_in(prod_coordinator *c, co_worker *w, uint32_t g)
{
    co_group *gr = &c->groups[g];
    w->group = g;
    gr->heap[gr->count] = slot_of(c, w);
    sift_up(c, gr, gr->count++);
    if (gr->count == 1)
        activate(c, g);
}

static void link_out(prod_coordinator *c, co_worker *w)
{
    co_group *gr = &c->groups[w->group];
    uint32_t i = w->pos, last = gr->heap[--gr->count];
    if (i < gr->count) {
        place(c, gr, i, last);
        sift_up(c, gr, i);
        sift_down(c, gr, c->workers[last].pos);
    }
    if (gr->count == 0)
        deactivate(c, w->group);
    w->group = w->pos = CO_NONE;
}

/* w, free, joins the group of its location (unless out of memory: then it
 * is free but offered no task until it is freed again or reloaded). */
static void join(prod_coordinator *c, co_worker *w)
{
    uint32_t g;
    if (group_for(c, w->location, &g) == 0 && reserve_in(c, g) == 0)
        link_in(c, w, g);
}

/* --- registration ----------------------------------------------------------- */

static int take_slot(prod_coordinator *c, uint32_t *slot)
{
    if (c->free_slot != CO_NONE && c->free_slot < c->worker_slots) {
        *slot = c->free_slot;
        c->free_slot = c->workers[*slot].next;
        return 0;
    }
    if (PRODI_VEC_HEAP(&c->ctx->mem, c->workers, c->workers_cap, (size_t)c->worker_slots + 1, 64) != 0)
        return -1;
    *slot = c->worker_slots++;
    return 0;
}

prod_status prodi_coord_worker_add(prod_coordinator *c, uint64_t id, uint64_t location,
                                   uint32_t capacity)
{
    if (prodi_coord_worker(c, id))
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_EXISTS,
                             "coord_worker_add: worker %llu is already registered",
                             (unsigned long long)id);
    if (c->worker_count >= PROD_COORD_MAX_WORKERS)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_LIMIT,
                             "coord_worker_add: %u workers already", PROD_COORD_MAX_WORKERS);
    uint32_t g, slot;
    if (group_for(c, location, &g) != 0 || reserve_in(c, g) != 0 ||
        prodi_u64map_reserve(&c->worker_ix, 1) != 0 || take_slot(c, &slot) != 0)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY,
                             "coord_worker_add: out of memory");
    co_worker *w = &c->workers[slot];
    *w = (co_worker){.id = id, .location = location, .capacity = capacity, .live = 1,
                     .busy_since = -1, .idle_seq = c->next_idle_seq++, .group = CO_NONE,
                     .pos = CO_NONE, .next = CO_NONE};
    (void)prodi_u64map_put(&c->worker_ix, id, slot);
    c->worker_count++;
    c->free_workers++;
    link_in(c, w, g);
    return PROD_OK;
}

void prodi_coord_worker_forget(prod_coordinator *c, co_worker *w)
{
    if (w->group != CO_NONE) {
        link_out(c, w);
        c->free_workers--;
    } else if (w->busy_since >= 0) {
        c->busy_workers--;
        w->busy_ms += c->time - w->busy_since;
        c->counts.worker_busy_ms += c->time - w->busy_since;
    }
    uint32_t slot = slot_of(c, w);
    (void)prodi_u64map_del(&c->worker_ix, w->id);
    w->live = 0;
    w->next = c->free_slot;
    c->free_slot = slot;
    c->worker_count--;
}

void prodi_coord_worker_settle(prod_coordinator *c, co_worker *w)
{
    int free = w->task == 0 && w->cargo_count == 0;
    if (free && w->busy_since >= 0) {
        w->busy_ms += c->time - w->busy_since;
        c->counts.worker_busy_ms += c->time - w->busy_since;
        w->busy_since = -1;
        w->idle_seq = c->next_idle_seq++;
        c->busy_workers--;
        c->free_workers++;
        join(c, w);
    } else if (!free && w->busy_since < 0) {
        if (w->group != CO_NONE)
            link_out(c, w);
        w->busy_since = c->time;
        c->free_workers--;
        c->busy_workers++;
    }
}

void prodi_coord_worker_move(prod_coordinator *c, co_worker *w, uint64_t location)
{
    if (w->location == location)
        return;
    w->location = location;
    if (w->group == CO_NONE)
        return;
    link_out(c, w);
    join(c, w);
}

void prodi_coord_each_worker(prod_coordinator *c, co_worker_fn fn, void *arg)
{
    for (uint32_t s = 0; s < c->worker_slots; s++)
        if (c->workers[s].live)
            fn(c, &c->workers[s], arg);
}

/* --- the closest free worker ------------------------------------------------- */

/* The worker of group g idle longest that is not `avoid` (or avoid itself
 * when it is the only one free anywhere): the heap's top, else the better
 * of its two children. */
static co_worker *candidate(prod_coordinator *c, uint32_t g, uint64_t avoid)
{
    const co_group *gr = &c->groups[g];
    uint32_t i = 0;
    if (c->workers[gr->heap[0]].id == avoid && c->free_workers > 1)
        i = gr->count > 2 && seq_at(c, gr, 2) < seq_at(c, gr, 1) ? 2 : 1;
    return i < gr->count ? &c->workers[gr->heap[i]] : NULL;
}

static prod_status cost_to(prod_coordinator *c, uint64_t from, uint64_t to, double *cost)
{
    const prod_host *h = &c->ctx->host;
    *cost = 0;
    if (!h->travel_cost || from == to)
        return PROD_OK;
    int32_t rc = h->travel_cost(h->user, from, to, cost);
    if (rc == PROD_HOST_OK && isfinite(*cost) && *cost >= 0)
        return PROD_OK;
    return prodi_err_set(prodi_coord_err(c), PROD_ERR_HOST,
                         "travel_cost(%llu, %llu) answered %d with cost %g (needs PROD_HOST_OK "
                         "and a finite cost >= 0)",
                         (unsigned long long)from, (unsigned long long)to, rc, *cost);
}

prod_status prodi_coord_closest(prod_coordinator *c, uint64_t market, uint64_t avoid,
                                co_worker **out, uint32_t *compared)
{
    co_worker *best = NULL;
    double best_cost = 0;
    *compared = 0;
    for (uint32_t i = 0; i < c->active_count; i++) {
        co_worker *w = candidate(c, c->active_groups[i], avoid);
        double cost;
        if (!w)
            continue;
        (*compared)++;
        prod_status st = cost_to(c, w->location, market, &cost);
        if (st != PROD_OK)
            return st;
        if (!best || cost < best_cost || (cost == best_cost && w->idle_seq < best->idle_seq)) {
            best = w;
            best_cost = cost;
        }
        if (prodi_coord_dying(c))
            break;
    }
    *out = best;
    return PROD_OK;
}

prod_status prodi_coord_add_worker(prod_coordinator *c, const prod_worker_info *w, int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_worker_add");
    if (st != PROD_OK)
        return st;
    if (w->struct_size < PRODI_SIZE_THROUGH(prod_worker_info, capacity) || w->version < 1)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_VERSION,
                             "coord_worker_add: struct_size %u / version %u not supported",
                             w->struct_size, w->version);
    if (w->id == 0 || w->capacity == 0)
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT,
                             "coord_worker_add: worker %llu: the id must not be 0 and the "
                             "capacity (%u) at least 1",
                             (unsigned long long)w->id, w->capacity);
    st = prodi_coord_worker_add(c, w->id, w->location, w->capacity);
    if (st == PROD_OK)
        c->time = now;
    return st;
}

prod_status prodi_coord_move_worker(prod_coordinator *c, uint64_t id, uint64_t location,
                                    int64_t now)
{
    prod_status st = prodi_coord_check_time(c, now, "coord_worker_move");
    co_worker *w = st == PROD_OK ? prodi_coord_worker(c, id) : NULL;
    if (st == PROD_OK && !w)
        st = prodi_err_set(prodi_coord_err(c), PROD_ERR_NOT_FOUND,
                           "coord_worker_move: no worker %llu", (unsigned long long)id);
    if (st != PROD_OK)
        return st;
    c->time = now;
    prodi_coord_worker_move(c, w, location);
    return PROD_OK;
}

int prodi_coord_worker_place(prod_coordinator *c, const co_worker *w)
{
    uint32_t slot;
    if (prodi_u64map_reserve(&c->worker_ix, 1) != 0 || take_slot(c, &slot) != 0)
        return -1;
    c->workers[slot] = *w;
    c->workers[slot].live = 1;
    c->workers[slot].group = c->workers[slot].pos = c->workers[slot].next = CO_NONE;
    (void)prodi_u64map_put(&c->worker_ix, w->id, slot);
    c->worker_count++;
    return 0;
}

typedef struct seq_slot {
    uint64_t seq;
    uint32_t slot;
} seq_slot;

static int by_seq(const void *a, const void *b)
{
    const seq_slot *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int prodi_coord_workers_relink(prod_coordinator *c)
{
    seq_slot *v = c->worker_count ? prodi_alloc(&c->ctx->mem, c->worker_count * sizeof *v) : NULL;
    uint32_t n = 0;
    if (c->worker_count && !v)
        return -1;
    c->free_workers = c->busy_workers = 0;
    for (uint32_t s = 0; s < c->worker_slots; s++) {
        const co_worker *w = &c->workers[s];
        if (!w->live)
            continue;
        if (w->busy_since < 0)
            v[n++] = (seq_slot){w->idle_seq, s};
        else
            c->busy_workers++;
    }
    if (n)
        qsort(v, n, sizeof *v, by_seq);
    int rc = 0;
    for (uint32_t i = 0; i < n && rc == 0; i++) {
        uint32_t g;
        co_worker *w = &c->workers[v[i].slot];
        rc = group_for(c, w->location, &g) != 0 || reserve_in(c, g) != 0 ? -1 : 0;
        if (rc == 0) {
            link_in(c, w, g);
            c->free_workers++;
        }
    }
    prodi_free(&c->ctx->mem, v);
    return rc;
}
