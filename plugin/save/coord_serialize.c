/* coord_serialize.c - coord_serialize: a coordinator as msgpack (msgpack-c's
 * packer), laid out as docs/FORMAT.md describes. Workers are written by id
 * and pipelines by id, items by string id numbered in order of first use,
 * and the queues (a cache of the state) not at all, so equal states give
 * equal bytes whatever the memory layout or the order things happened in. */
#include "save/coord_persist.h"

#include <msgpack.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostbuf.h"
#include "core/vec.h"
#include "pipeline/config.h"

typedef struct items {
    prodi_u64map ix;   /* item id -> index in the save */
    prod_item_id *ids;
    uint32_t n;
    size_t cap;
    int oom;
    const prodi_mem *mem;
} items;

/* The save's index of item (numbered at its first use); 0 for item 0 is
 * never asked: callers write 0 as "none" apart. */
static uint32_t item_ix(items *t, prod_item_id item)
{
    uint32_t ix;
    if (prodi_u64map_get(&t->ix, item, &ix))
        return ix;
    if (PRODI_VEC_HEAP(t->mem, t->ids, t->cap, (size_t)t->n + 1, 32) != 0 ||
        prodi_u64map_put(&t->ix, item, t->n) != 0) {
        t->oom = 1;
        return 0;
    }
    t->ids[t->n] = item;
    return t->n++;
}

typedef struct by_id {
    uint64_t id;
    uint32_t slot;
} by_id;

static int cmp_id(const void *a, const void *b)
{
    const by_id *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Live worker slots in increasing id order (the context's memory; NULL when none). */
static uint32_t *workers_by_id(const prod_coordinator *c, int *oom)
{
    const prodi_mem *m = &c->ctx->mem;
    by_id *v = c->worker_count ? prodi_alloc(m, c->worker_count * sizeof *v) : NULL;
    uint32_t *slots = c->worker_count ? prodi_alloc(m, c->worker_count * sizeof *slots) : NULL;
    *oom = c->worker_count && (!v || !slots);
    uint32_t n = 0;
    for (uint32_t s = 0; !*oom && s < c->worker_slots; s++)
        if (c->workers[s].live)
            v[n++] = (by_id){c->workers[s].id, s};
    if (!*oom && n)
        qsort(v, n, sizeof *v, cmp_id);
    for (uint32_t i = 0; !*oom && i < n; i++)
        slots[i] = v[i].slot;
    prodi_free(m, v);
    if (*oom) {
        prodi_free(m, slots);
        slots = NULL;
    }
    return slots;
}

static int pack_str(msgpack_packer *pk, const char *s)
{
    size_t n = strlen(s);
    return msgpack_pack_str(pk, n) | msgpack_pack_str_body(pk, s, n);
}

/* -1 for CO_NONE, else the index. */
static int pack_ix(msgpack_packer *pk, uint32_t ix)
{
    return ix == CO_NONE ? msgpack_pack_int64(pk, -1) : msgpack_pack_uint32(pk, ix);
}

static int pack_settings(msgpack_packer *pk, const prod_coord_config *cfg)
{
    int rc = msgpack_pack_array(pk, COORD_SETTINGS);
    for (uint32_t f = PROD_COORD_FIELD_PRESET + 1; f < PROD_COORD_FIELD_COUNT; f++)
        rc |= msgpack_pack_double(pk, prodi_coord_cfg_value(cfg, f));
    return rc;
}

static int pack_head(msgpack_packer *pk, const prod_coordinator *c)
{
    int rc = pack_str(pk, "config") | msgpack_pack_array(pk, 2) |
             msgpack_pack_uint64(pk, c->cfg.tag) | pack_settings(pk, &c->cfg);
    rc |= pack_str(pk, "pending") |
          (c->has_pending ? pack_settings(pk, &c->pending) : msgpack_pack_nil(pk));
    rc |= pack_str(pk, "time") | msgpack_pack_int64(pk, c->time);
    rc |= pack_str(pk, "ids") | msgpack_pack_array(pk, 3) |
          msgpack_pack_uint64(pk, c->next_pipeline) | msgpack_pack_uint64(pk, c->next_idle_seq) |
          msgpack_pack_int64(pk, c->next_scan);
    rc |= pack_str(pk, "history") | msgpack_pack_array(pk, c->history_len);
    for (uint32_t i = 0; i < c->history_len; i++) {
        const prod_coord_config_change *h = &c->history[(c->history_head + i) % PROD_COORD_HISTORY];
        rc |= msgpack_pack_array(pk, 4) | msgpack_pack_int64(pk, h->time) |
              msgpack_pack_uint32(pk, h->field) | msgpack_pack_double(pk, h->old_value) |
              msgpack_pack_double(pk, h->new_value);
    }
    return rc;
}

static int pack_units(msgpack_packer *pk, const co_units *u)
{
    return msgpack_pack_array(pk, 6) | msgpack_pack_uint64(pk, u->bought) |
           msgpack_pack_uint64(pk, u->delivered) | msgpack_pack_uint64(pk, u->sold) |
           msgpack_pack_uint64(pk, u->liquidated) | msgpack_pack_uint64(pk, u->lost) |
           msgpack_pack_uint64(pk, u->found);
}

static int pack_counts(msgpack_packer *pk, const co_counts *k)
{
    return pack_str(pk, "counts") | msgpack_pack_array(pk, 14) |
           msgpack_pack_uint64(pk, k->pipelines_completed) |
           msgpack_pack_uint64(pk, k->pipelines_failed) |
           msgpack_pack_uint64(pk, k->pipelines_cancelled) |
           msgpack_pack_uint64(pk, k->tasks_completed) | msgpack_pack_uint64(pk, k->tasks_retried) |
           msgpack_pack_uint64(pk, k->tasks_failed) | msgpack_pack_uint64(pk, k->tasks_released) |
           msgpack_pack_uint64(pk, k->liquidations) | msgpack_pack_uint64(pk, k->polls) |
           msgpack_pack_uint64(pk, k->host_errors) | msgpack_pack_double(pk, k->credits_spent) |
           msgpack_pack_double(pk, k->credits_earned) | msgpack_pack_int64(pk, k->worker_busy_ms) |
           pack_units(pk, &k->units);
}

static int pack_worker(msgpack_packer *pk, const co_worker *w, items *t)
{
    int rc = msgpack_pack_array(pk, 8) | msgpack_pack_uint64(pk, w->id) |
             msgpack_pack_uint64(pk, w->location) | msgpack_pack_uint32(pk, w->capacity) |
             msgpack_pack_uint64(pk, w->task) | msgpack_pack_int64(pk, w->busy_since) |
             msgpack_pack_int64(pk, w->busy_ms) | msgpack_pack_uint64(pk, w->idle_seq) |
             msgpack_pack_array(pk, 3 * w->cargo_count);
    for (uint32_t i = 0; i < w->cargo_count; i++)
        rc |= msgpack_pack_uint32(pk, item_ix(t, w->cargo[i].item)) |
              msgpack_pack_uint32(pk, w->cargo[i].qty) | msgpack_pack_uint64(pk, w->cargo[i].task);
    return rc;
}

static int pack_node(msgpack_packer *pk, const co_node *n, items *t)
{
    return msgpack_pack_array(pk, 10) | msgpack_pack_uint32(pk, item_ix(t, n->item)) |
           pack_ix(pk, n->parent) | msgpack_pack_uint32(pk, n->depth) |
           msgpack_pack_uint32(pk, n->decision) | msgpack_pack_uint64(pk, n->market) |
           msgpack_pack_uint32(pk, n->activity) | msgpack_pack_uint32(pk, n->supply) |
           pack_ix(pk, n->factory) | pack_ix(pk, n->task) | pack_ix(pk, n->out);
}

static int pack_factory(msgpack_packer *pk, const co_factory *f, items *t)
{
    int rc = msgpack_pack_array(pk, 12) | msgpack_pack_uint64(pk, f->market) |
             msgpack_pack_uint32(pk, item_ix(t, f->item)) | msgpack_pack_uint32(pk, f->state) |
             msgpack_pack_uint32(pk, f->prev_supply) | msgpack_pack_uint32(pk, f->supply) |
             msgpack_pack_uint32(pk, f->polls) | msgpack_pack_uint32(pk, f->warned) |
             msgpack_pack_int64(pk, f->inputs_complete_at) | msgpack_pack_int64(pk, f->ready_at) |
             msgpack_pack_int64(pk, f->next_poll) | msgpack_pack_array(pk, 2 * f->input_count);
    for (uint32_t i = 0; i < f->input_count; i++)
        rc |= msgpack_pack_uint32(pk, item_ix(t, f->inputs[i])) |
              msgpack_pack_uint32(pk, f->delivered[i]);
    rc |= msgpack_pack_array(pk, 4 * f->delivery_count);
    for (uint32_t i = 0; i < f->delivery_count; i++)
        rc |= msgpack_pack_uint32(pk, item_ix(t, f->deliveries[i].item)) |
              msgpack_pack_uint64(pk, f->deliveries[i].worker) |
              msgpack_pack_uint64(pk, f->deliveries[i].qty) |
              msgpack_pack_int64(pk, f->deliveries[i].time);
    return rc;
}

static int pack_task(msgpack_packer *pk, const co_task *k, items *t)
{
    return msgpack_pack_array(pk, 21) | msgpack_pack_uint32(pk, k->type) |
           msgpack_pack_uint32(pk, k->state) |
           msgpack_pack_uint32(pk, k->flags & CO_TASK_RECONCILED) | pack_ix(pk, k->node) |
           msgpack_pack_uint32(pk, item_ix(t, k->item)) | msgpack_pack_uint32(pk, k->priority) |
           msgpack_pack_uint32(pk, k->retries) | msgpack_pack_uint32(pk, k->reason) |
           msgpack_pack_uint32(pk, k->order_qty) | msgpack_pack_uint64(pk, k->market) |
           msgpack_pack_uint64(pk, k->worker) | msgpack_pack_uint64(pk, k->failed_worker) |
           msgpack_pack_uint64(pk, k->failed_market) | msgpack_pack_uint64(pk, k->quantity) |
           msgpack_pack_double(pk, k->cost) | msgpack_pack_double(pk, k->revenue) |
           msgpack_pack_int64(pk, k->created_at) | msgpack_pack_int64(pk, k->ready_at) |
           msgpack_pack_int64(pk, k->started_at) | msgpack_pack_int64(pk, k->completed_at) |
           msgpack_pack_int64(pk, k->wake_at);
}

static int pack_pipeline(msgpack_packer *pk, const co_pipeline *p, items *t)
{
    int rc = msgpack_pack_array(pk, 16) | msgpack_pack_uint64(pk, p->id) |
             msgpack_pack_uint32(pk, p->kind) | msgpack_pack_uint32(pk, p->state) |
             (p->item ? msgpack_pack_uint32(pk, item_ix(t, p->item)) : msgpack_pack_int64(pk, -1)) |
             msgpack_pack_uint32(pk, p->reason) | msgpack_pack_uint64(pk, p->sell_market) |
             msgpack_pack_double(pk, p->expected_price) | msgpack_pack_double(pk, p->cost) |
             msgpack_pack_double(pk, p->revenue) | pack_units(pk, &p->units) |
             msgpack_pack_int64(pk, p->created_at) | msgpack_pack_int64(pk, p->finished_at) |
             msgpack_pack_uint32(pk, p->done);
    rc |= msgpack_pack_array(pk, p->node_count);
    for (uint32_t i = 0; i < p->node_count; i++)
        rc |= pack_node(pk, &p->nodes[i], t);
    rc |= msgpack_pack_array(pk, p->factory_count);
    for (uint32_t i = 0; i < p->factory_count; i++)
        rc |= pack_factory(pk, &p->factories[i], t);
    rc |= msgpack_pack_array(pk, p->task_count);
    for (uint32_t i = 0; i < p->task_count; i++)
        rc |= pack_task(pk, &p->tasks[i], t);
    return rc;
}

/* Workers and pipelines go into their own buffer first (numbering the items
 * they use), then the item table and they are written in the body. */
static int pack_world(prodi_hostbuf *sb, const prod_coordinator *c, items *t)
{
    msgpack_packer pk;
    msgpack_packer_init(&pk, sb, prodi_hostbuf_write);
    int oom = 0;
    uint32_t *slots = workers_by_id(c, &oom);
    int rc = oom ? -1 : pack_str(&pk, "workers") | msgpack_pack_array(&pk, c->worker_count);
    for (uint32_t i = 0; rc == 0 && i < c->worker_count; i++)
        rc |= pack_worker(&pk, &c->workers[slots[i]], t);
    prodi_free(&c->ctx->mem, slots);
    rc |= pack_str(&pk, "pipelines") | msgpack_pack_array(&pk, c->npipes);
    for (uint32_t i = 0; rc == 0 && i < c->npipes; i++)
        rc |= pack_pipeline(&pk, c->pipes[i], t);
    return rc | t->oom;
}

static int pack_items(msgpack_packer *pk, const prodi_registry *reg, const items *t)
{
    int rc = pack_str(pk, "items") | msgpack_pack_array(pk, t->n);
    for (uint32_t i = 0; i < t->n; i++)
        rc |= pack_str(pk, prodi_reg_item_name(reg, t->ids[i]));
    return rc;
}

static int pack_all(prodi_hostbuf *sb, const prod_coordinator *c)
{
    const prodi_mem *m = &c->ctx->mem;
    items t;
    memset(&t, 0, sizeof t);
    t.mem = m;
    prodi_u64map_init(&t.ix, m);
    prodi_hostbuf world; /* packed first: it numbers the items the head lists */
    prodi_hostbuf_init(&world, m);
    msgpack_packer pk;
    msgpack_packer_init(&pk, sb, prodi_hostbuf_write);
    int rc = pack_world(&world, c, &t);
    if (rc == 0) {
        rc = msgpack_pack_array(&pk, 5) | pack_str(&pk, COORD_MAGIC) |
             msgpack_pack_uint32(&pk, COORD_FORMAT_MAJOR) |
             msgpack_pack_uint32(&pk, COORD_FORMAT_MINOR) | pack_str(&pk, PROD_VERSION_STRING) |
             msgpack_pack_map(&pk, COORD_BODY_KEYS) | pack_head(&pk, c) |
             pack_counts(&pk, &c->counts) | pack_items(&pk, c->ctx->reg, &t);
        rc |= world.failed ? -1 : prodi_hostbuf_write(sb, world.p, world.len);
    }
    prodi_hostbuf_free(&world);
    prodi_u64map_free(&t.ix);
    prodi_free(m, t.ids);
    return rc;
}

prod_status prodi_coord_save(prod_coordinator *c, uint8_t **out, size_t *len)
{
    prodi_hostbuf sb;
    prodi_hostbuf_init(&sb, &c->ctx->mem);
    char *bytes = NULL;
    if (pack_all(&sb, c) != 0 || prodi_hostbuf_take(&sb, &bytes, len) != 0) {
        prodi_hostbuf_free(&sb);
        return prodi_err_set(prodi_coord_err(c), PROD_ERR_NO_MEMORY, "coord_serialize: out of memory");
    }
    *out = (uint8_t *)bytes;
    return PROD_OK;
}
