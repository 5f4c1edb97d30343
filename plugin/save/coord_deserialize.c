/* coord_deserialize.c - coord_deserialize: a coordinator rebuilt from saved
 * bytes that are treated as hostile. Everything is read through the bounded
 * cursor (mpread.c) and range-checked as it is read; then every reference
 * the code relies on (a worker's task, a cargo stack's task, a task's node,
 * a node's factory and tasks, the tree's shape) is checked; the queues are
 * rebuilt from the state. Nothing is handed out, and no callback made,
 * before every byte was accepted. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/vec.h"
#include "pipeline/config.h"
#include "pipeline/queues.h"
#include "pipeline/workers.h"
#include "save/coord_persist.h"
#include "save/mpread.h"

#define MAX_NAME 256u
#define MAX_SAVED_PIPELINES (1u << 20)
#define MAX_DELIVERIES PROD_COORD_MAX_TASKS

typedef struct cload {
    prod_ctx *ctx;
    mp_cur c;
    prod_status st;     /* returned when c.failed */
    int lenient;        /* a newer minor: skip what this reader does not know */
    prod_coordinator *co;
    prod_item_id *items; /* save index -> item id */
    uint32_t item_count;
} cload;

static int oom(cload *L)
{
    if (!L->c.failed) {
        L->c.failed = 1;
        L->st = PROD_ERR_NO_MEMORY;
        prodi_err_set(L->c.err, PROD_ERR_NO_MEMORY, "coord_deserialize: out of memory at byte %zu",
                      L->c.off);
    }
    return -1;
}

/* --- values ----------------------------------------------------------------- */

/* A record: an array of `known` elements (more only from a newer minor). */
static int record(cload *L, const char *field, uint32_t known, uint32_t *n)
{
    return prodi_mp_array(&L->c, field, known, L->lenient ? UINT32_MAX : known, n);
}

static int record_end(cload *L, const char *field, uint32_t known, uint32_t n)
{
    while (n-- > known)
        if (prodi_mp_skip(&L->c, field))
            return -1;
    return 0;
}

static int u32(cload *L, const char *field, uint64_t lo, uint64_t hi, uint32_t *out)
{
    uint64_t v;
    if (prodi_mp_uint_in(&L->c, field, lo, hi, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int i64(cload *L, const char *field, int64_t lo, int64_t hi, int64_t *out)
{
    size_t at = L->c.off;
    if (prodi_mp_int(&L->c, field, out))
        return -1;
    if (*out < lo || *out > hi)
        return prodi_mp_fail(&L->c, at, field, "%lld is outside [%lld, %lld]", (long long)*out,
                             (long long)lo, (long long)hi);
    return 0;
}

/* A game time up to the coordinator's time, or -1 (not set). */
static int when(cload *L, const char *field, int64_t *out)
{
    return i64(L, field, -1, L->co->time, out);
}

static int number(cload *L, const char *field, double lo, double *out)
{
    size_t at = L->c.off;
    if (prodi_mp_f64(&L->c, field, out))
        return -1;
    if (!isfinite(*out) || *out < lo)
        return prodi_mp_fail(&L->c, at, field, "%g is not a finite number >= %g", *out, lo);
    return 0;
}

/* An index below count, or -1 for none (when none_ok). */
static int index_of(cload *L, const char *field, uint32_t count, int none_ok, uint32_t *out)
{
    int64_t v;
    if (i64(L, field, none_ok ? -1 : 0, (int64_t)count - 1, &v))
        return -1;
    *out = v < 0 ? CO_NONE : (uint32_t)v;
    return 0;
}

static int item(cload *L, const char *field, prod_item_id *out)
{
    uint32_t ix;
    if (index_of(L, field, L->item_count, 0, &ix))
        return -1;
    *out = L->items[ix];
    return 0;
}

/* A flat array of `width`-value groups: its header and the group count. */
static int groups(cload *L, const char *field, uint32_t width, uint32_t max, uint32_t *n)
{
    size_t at = L->c.off;
    if (prodi_mp_array(&L->c, field, 0, width * max, n))
        return -1;
    if (*n % width)
        return prodi_mp_fail(&L->c, at, field, "%u values are not groups of %u", *n, width);
    *n /= width;
    return 0;
}

/* --- configuration and counters ------------------------------------------------ */

static int settings(cload *L, prod_coord_config *cfg)
{
    uint32_t n;
    size_t at = L->c.off;
    if (record(L, "settings", COORD_SETTINGS, &n))
        return -1;
    for (uint32_t f = PROD_COORD_FIELD_PRESET + 1; f < PROD_COORD_FIELD_COUNT; f++) {
        double v;
        size_t vat = L->c.off;
        if (prodi_mp_f64(&L->c, "settings", &v))
            return -1;
        if (prodi_coord_cfg_set_value(cfg, f, v) != 0)
            return prodi_mp_fail(&L->c, vat, "settings", "field %u: %g is out of its range", f, v);
    }
    prodi_errbuf why;
    if (prodi_coord_cfg_check(&why, "settings", cfg) != PROD_OK)
        return prodi_mp_fail(&L->c, at, "settings", "%s", why.text);
    return record_end(L, "settings", COORD_SETTINGS, n);
}

static int read_config(cload *L)
{
    uint32_t n;
    uint64_t tag;
    if (record(L, "config", 2, &n) || prodi_mp_uint(&L->c, "config.tag", &tag))
        return -1;
    if (prodi_coord_create(L->ctx, NULL, &L->co) != PROD_OK)
        return oom(L);
    L->co->cfg.tag = tag;
    if (settings(L, &L->co->cfg) || record_end(L, "config", 2, n))
        return -1;
    L->co->pending = L->co->cfg;
    return 0;
}

static int read_pending(cload *L)
{
    if (L->c.off < L->c.len && L->c.p[L->c.off] == 0xc0) { /* nil: no update waits */
        L->c.off++;
        return 0;
    }
    L->co->has_pending = 1;
    return settings(L, &L->co->pending);
}

static int read_time(cload *L) { return i64(L, "time", 0, PROD_TIME_MAX, &L->co->time); }

static int read_ids(cload *L)
{
    uint32_t n;
    prod_coordinator *c = L->co;
    if (record(L, "ids", 3, &n) ||
        prodi_mp_uint_in(&L->c, "ids.next_pipeline", 1, CO_MAX_PIPELINE_ID + 1, &c->next_pipeline) ||
        prodi_mp_uint(&L->c, "ids.next_idle_seq", &c->next_idle_seq) ||
        i64(L, "ids.next_scan", -1, PROD_TIME_MAX, &c->next_scan))
        return -1;
    return record_end(L, "ids", 3, n);
}

static int read_history(cload *L)
{
    uint32_t n;
    prod_coordinator *c = L->co;
    if (prodi_mp_array(&L->c, "history", 0, PROD_COORD_HISTORY, &n))
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        prod_coord_config_change h = {0};
        uint32_t k;
        if (record(L, "history", 4, &k) || i64(L, "history.time", 0, c->time, &h.time) ||
            u32(L, "history.field", PROD_COORD_FIELD_PRESET + 1, PROD_COORD_FIELD_COUNT - 1,
                &h.field) ||
            number(L, "history.old", 0, &h.old_value) || number(L, "history.new", 0, &h.new_value) ||
            record_end(L, "history", 4, k))
            return -1;
        prodi_coord_history_add(c, &h);
    }
    return 0;
}

static int units(cload *L, co_units *u)
{
    uint32_t n;
    return record(L, "units", 6, &n) || prodi_mp_uint(&L->c, "units", &u->bought) ||
                   prodi_mp_uint(&L->c, "units", &u->delivered) ||
                   prodi_mp_uint(&L->c, "units", &u->sold) ||
                   prodi_mp_uint(&L->c, "units", &u->liquidated) ||
                   prodi_mp_uint(&L->c, "units", &u->lost) ||
                   prodi_mp_uint(&L->c, "units", &u->found) || record_end(L, "units", 6, n)
               ? -1
               : 0;
}

static int read_counts(cload *L)
{
    uint32_t n;
    co_counts *k = &L->co->counts;
    uint64_t *u[] = {&k->pipelines_completed, &k->pipelines_failed, &k->pipelines_cancelled,
                     &k->tasks_completed,     &k->tasks_retried,    &k->tasks_failed,
                     &k->tasks_released,      &k->liquidations,     &k->polls,
                     &k->host_errors};
    if (record(L, "counts", 14, &n))
        return -1;
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        if (prodi_mp_uint(&L->c, "counts", u[i]))
            return -1;
    if (number(L, "counts.spent", 0, &k->credits_spent) ||
        number(L, "counts.earned", 0, &k->credits_earned) ||
        i64(L, "counts.busy_ms", 0, INT64_MAX, &k->worker_busy_ms) || units(L, &k->units))
        return -1;
    return record_end(L, "counts", 14, n);
}

static int read_items(cload *L)
{
    if (prodi_mp_array(&L->c, "items", 0, UINT32_MAX, &L->item_count))
        return -1;
    L->items = prodi_alloc(&L->ctx->mem, ((size_t)L->item_count + 1) * sizeof *L->items);
    if (!L->items)
        return oom(L);
    for (uint32_t i = 0; i < L->item_count; i++) {
        const char *s;
        uint32_t len;
        char name[MAX_NAME + 1];
        size_t at = L->c.off;
        if (prodi_mp_str(&L->c, "items", MAX_NAME, &s, &len))
            return -1;
        memcpy(name, s, len);
        name[len] = '\0';
        if (memchr(s, '\0', len))
            return prodi_mp_fail(&L->c, at, "items", "a name contains a NUL byte");
        if (!prodi_reg_find_item(L->ctx->reg, name, &L->items[i])) {
            L->c.failed = 1;
            L->st = PROD_ERR_NOT_FOUND;
            prodi_err_set(L->c.err, PROD_ERR_NOT_FOUND,
                          "saved state, byte %zu (items): item \"%s\" is not loaded", at, name);
            return -1;
        }
    }
    return 0;
}

/* --- workers ------------------------------------------------------------------- */

static int cargo(cload *L, co_worker *w)
{
    size_t at = L->c.off;
    uint64_t total = 0;
    if (groups(L, "cargo", 3, PROD_COORD_MAX_CARGO, &w->cargo_count))
        return -1;
    for (uint32_t i = 0; i < w->cargo_count; i++) {
        co_cargo *s = &w->cargo[i];
        if (item(L, "cargo.item", &s->item) || u32(L, "cargo.qty", 1, UINT32_MAX, &s->qty) ||
            prodi_mp_uint(&L->c, "cargo.task", &s->task))
            return -1;
        for (uint32_t j = 0; j < i; j++)
            if (w->cargo[j].item == s->item)
                return prodi_mp_fail(&L->c, at, "cargo", "item %u is held twice", s->item);
        total += s->qty;
    }
    if (total > w->capacity)
        return prodi_mp_fail(&L->c, at, "cargo", "%llu units, more than the capacity %u",
                             (unsigned long long)total, w->capacity);
    return 0;
}

static int read_worker(cload *L, uint64_t *prev)
{
    uint32_t n;
    size_t at = L->c.off;
    co_worker w = {.live = 1};
    if (record(L, "worker", 8, &n) || prodi_mp_uint_in(&L->c, "id", 1, UINT64_MAX, &w.id))
        return -1;
    if (w.id <= *prev)
        return prodi_mp_fail(&L->c, at, "id", "worker ids must ascend (%llu after %llu)",
                             (unsigned long long)w.id, (unsigned long long)*prev);
    *prev = w.id;
    if (prodi_mp_uint(&L->c, "location", &w.location) ||
        u32(L, "capacity", 1, UINT32_MAX, &w.capacity) || prodi_mp_uint(&L->c, "task", &w.task) ||
        when(L, "busy_since", &w.busy_since) || i64(L, "busy_ms", 0, INT64_MAX, &w.busy_ms) ||
        prodi_mp_uint(&L->c, "idle_seq", &w.idle_seq) || cargo(L, &w) ||
        record_end(L, "worker", 8, n))
        return -1;
    if ((w.busy_since < 0) != (w.task == 0 && w.cargo_count == 0) ||
        w.idle_seq >= L->co->next_idle_seq)
        return prodi_mp_fail(&L->c, at, "worker",
                             "worker %llu: busy_since %lld does not match its task and cargo, or "
                             "idle_seq %llu is not below %llu",
                             (unsigned long long)w.id, (long long)w.busy_since,
                             (unsigned long long)w.idle_seq,
                             (unsigned long long)L->co->next_idle_seq);
    return prodi_coord_worker_place(L->co, &w) != 0 ? oom(L) : 0;
}

static int read_workers(cload *L)
{
    uint32_t n;
    uint64_t prev = 0;
    if (prodi_mp_array(&L->c, "workers", 0, PROD_COORD_MAX_WORKERS, &n))
        return -1;
    L->c.where = "worker";
    for (uint32_t i = 0; i < n; i++) {
        L->c.index = i;
        if (read_worker(L, &prev))
            return -1;
    }
    L->c.where = NULL;
    return 0;
}

/* --- pipelines ------------------------------------------------------------------ */

static int read_node(cload *L, co_pipeline *p, uint32_t i, uint32_t nfac, uint32_t ntask)
{
    uint32_t n;
    co_node *d = &p->nodes[i];
    if (record(L, "node", 10, &n) || item(L, "node.item", &d->item) ||
        index_of(L, "node.parent", i, 1, &d->parent) ||
        u32(L, "node.depth", 0, PROD_CHAIN_MAX_DEPTH, &d->depth) ||
        u32(L, "node.decision", PROD_DECISION_MAKE, PROD_DECISION_RAW, &d->decision) ||
        prodi_mp_uint(&L->c, "node.market", &d->market) ||
        u32(L, "node.activity", 0, PROD_ACTIVITY_RESTRICTED, &d->activity) ||
        u32(L, "node.supply", 0, PROD_SUPPLY_ABUNDANT, &d->supply) ||
        index_of(L, "node.factory", nfac, 1, &d->factory) ||
        index_of(L, "node.task", ntask, 0, &d->task) || index_of(L, "node.out", ntask, 0, &d->out))
        return -1;
    return record_end(L, "node", 10, n);
}

static int read_inputs(cload *L, co_factory *f)
{
    if (groups(L, "inputs", 2, PRODI_MAX_IO_PER_RECIPE, &f->input_count))
        return -1;
    f->inputs = prodi_alloc(&L->ctx->mem, ((size_t)f->input_count + 1) * sizeof *f->inputs);
    f->delivered = prodi_alloc(&L->ctx->mem, (size_t)f->input_count + 1);
    if (!f->inputs || !f->delivered)
        return oom(L);
    for (uint32_t i = 0; i < f->input_count; i++) {
        uint32_t d;
        size_t at = L->c.off;
        if (item(L, "inputs.item", &f->inputs[i]) || u32(L, "inputs.delivered", 0, 1, &d))
            return -1;
        f->delivered[i] = (uint8_t)d;
        for (uint32_t j = 0; j < i; j++)
            if (f->inputs[j] == f->inputs[i])
                return prodi_mp_fail(&L->c, at, "inputs", "an input is listed twice");
    }
    return 0;
}

static int read_deliveries(cload *L, co_factory *f)
{
    if (groups(L, "deliveries", 4, MAX_DELIVERIES, &f->delivery_count))
        return -1;
    f->delivery_cap = f->delivery_count;
    f->deliveries = prodi_alloc(&L->ctx->mem, ((size_t)f->delivery_count + 1) * sizeof *f->deliveries);
    if (!f->deliveries)
        return oom(L);
    for (uint32_t i = 0; i < f->delivery_count; i++) {
        co_delivery *d = &f->deliveries[i];
        if (item(L, "deliveries.item", &d->item) ||
            prodi_mp_uint(&L->c, "deliveries.worker", &d->worker) ||
            prodi_mp_uint(&L->c, "deliveries.qty", &d->qty) || when(L, "deliveries.time", &d->time))
            return -1;
    }
    return 0;
}

static int read_factory(cload *L, co_factory *f)
{
    uint32_t n;
    if (record(L, "factory", 12, &n) || prodi_mp_uint(&L->c, "factory.market", &f->market) ||
        item(L, "factory.item", &f->item) ||
        u32(L, "factory.state", PROD_FACTORY_AWAITING_INPUTS, PROD_FACTORY_READY_FOR_COLLECTION,
            &f->state) ||
        u32(L, "factory.previous_supply", 0, PROD_SUPPLY_ABUNDANT, &f->prev_supply) ||
        u32(L, "factory.supply", 0, PROD_SUPPLY_ABUNDANT, &f->supply) ||
        u32(L, "factory.polls", 0, UINT32_MAX, &f->polls) ||
        u32(L, "factory.warned", 0, 1, &f->warned) ||
        when(L, "factory.inputs_complete_at", &f->inputs_complete_at) ||
        when(L, "factory.ready_at", &f->ready_at) ||
        i64(L, "factory.next_poll", -1, PROD_TIME_MAX, &f->next_poll) || read_inputs(L, f) ||
        read_deliveries(L, f))
        return -1;
    return record_end(L, "factory", 12, n);
}

static int read_task(cload *L, co_task *t, uint32_t nodes)
{
    uint32_t n, type, state, flags;
    if (record(L, "task", 21, &n) ||
        u32(L, "task.type", PROD_TASK_ACQUIRE, PROD_TASK_LIQUIDATE, &type) ||
        u32(L, "task.state", PROD_TASK_PENDING, PROD_TASK_FAILED, &state) ||
        u32(L, "task.flags", 0, CO_TASK_RECONCILED, &flags) ||
        index_of(L, "task.node", nodes, 1, &t->node) || item(L, "task.item", &t->item) ||
        u32(L, "task.priority", 0, UINT32_MAX, &t->priority) ||
        u32(L, "task.retries", 0, UINT32_MAX, &t->retries) ||
        u32(L, "task.reason", 0, PROD_COORD_REASON_NO_MARKET, &t->reason) ||
        u32(L, "task.order_qty", 0, UINT32_MAX, &t->order_qty) ||
        prodi_mp_uint(&L->c, "task.market", &t->market) ||
        prodi_mp_uint(&L->c, "task.worker", &t->worker) ||
        prodi_mp_uint(&L->c, "task.failed_worker", &t->failed_worker) ||
        prodi_mp_uint(&L->c, "task.failed_market", &t->failed_market) ||
        prodi_mp_uint(&L->c, "task.quantity", &t->quantity) || number(L, "task.cost", 0, &t->cost) ||
        number(L, "task.revenue", 0, &t->revenue) || when(L, "task.created_at", &t->created_at) ||
        when(L, "task.ready_at", &t->ready_at) || when(L, "task.started_at", &t->started_at) ||
        when(L, "task.completed_at", &t->completed_at) ||
        i64(L, "task.wake_at", -1, PROD_TIME_MAX, &t->wake_at))
        return -1;
    if (flags & ~CO_TASK_RECONCILED) /* CO_TASK_QUEUED is the queues' cache: never saved */
        return prodi_mp_fail(&L->c, L->c.off, "task.flags", "flags %u: only bit 2 is saved", flags);
    t->type = (uint8_t)type;
    t->state = (uint8_t)state;
    t->flags = (uint8_t)flags;
    return record_end(L, "task", 21, n);
}

/* The sizes first (nodes, factories, tasks are read in that order, each
 * referring to the others by index): the array headers are read ahead. */
static int read_parts(cload *L, co_pipeline *p)
{
    uint32_t nfac, ntask;
    if (prodi_mp_array(&L->c, "nodes", 0, PROD_COORD_MAX_NODES, &p->node_count))
        return -1;
    size_t nodes_at = L->c.off;
    for (uint32_t i = 0; i < p->node_count; i++) /* skip to find the next headers */
        if (prodi_mp_skip(&L->c, "node"))
            return -1;
    if (prodi_mp_array(&L->c, "factories", 0, PROD_COORD_MAX_NODES, &nfac))
        return -1;
    size_t fac_at = L->c.off;
    for (uint32_t i = 0; i < nfac; i++)
        if (prodi_mp_skip(&L->c, "factory"))
            return -1;
    if (prodi_mp_array(&L->c, "tasks", 0, PROD_COORD_MAX_TASKS, &ntask))
        return -1;
    p->nodes = prodi_zalloc(p->mem, (size_t)p->node_count + 1, sizeof *p->nodes);
    p->factories = prodi_zalloc(p->mem, (size_t)nfac + 1, sizeof *p->factories);
    p->tasks = prodi_zalloc(p->mem, (size_t)ntask + 1, sizeof *p->tasks);
    if (!p->nodes || !p->factories || !p->tasks)
        return oom(L);
    p->task_cap = ntask + 1;
    size_t tasks_at = L->c.off;
    L->c.off = nodes_at;
    for (uint32_t i = 0; i < p->node_count; i++)
        if (read_node(L, p, i, nfac, ntask))
            return -1;
    L->c.off = fac_at;
    for (uint32_t i = 0; i < nfac; i++) {
        p->factory_count = i + 1; /* counted first: freed with the pipeline if it fails */
        if (read_factory(L, &p->factories[i]))
            return -1;
    }
    L->c.off = tasks_at;
    for (p->task_count = 0; p->task_count < ntask; p->task_count++)
        if (read_task(L, &p->tasks[p->task_count], p->node_count))
            return -1;
    return 0;
}

static int read_pipeline_head(cload *L, co_pipeline *p, uint64_t prev)
{
    int64_t item_ix;
    size_t at = L->c.off;
    if (prodi_mp_uint_in(&L->c, "id", 1, CO_MAX_PIPELINE_ID, &p->id))
        return -1;
    if (p->id <= prev || p->id >= L->co->next_pipeline)
        return prodi_mp_fail(&L->c, at, "id", "pipeline %llu is not above %llu and below %llu",
                             (unsigned long long)p->id, (unsigned long long)prev,
                             (unsigned long long)L->co->next_pipeline);
    if (u32(L, "kind", PROD_PIPELINE_PRODUCE, PROD_PIPELINE_RECOVERY, &p->kind) ||
        u32(L, "state", PROD_PIPELINE_PLANNING, PROD_PIPELINE_CANCELLED, &p->state) ||
        i64(L, "item", -1, (int64_t)L->item_count - 1, &item_ix) ||
        u32(L, "reason", 0, PROD_COORD_REASON_NO_MARKET, &p->reason) ||
        prodi_mp_uint(&L->c, "sell_market", &p->sell_market) ||
        number(L, "expected_price", 0, &p->expected_price) || number(L, "cost", 0, &p->cost) ||
        number(L, "revenue", 0, &p->revenue) || units(L, &p->units) ||
        when(L, "created_at", &p->created_at) || when(L, "finished_at", &p->finished_at) ||
        u32(L, "done", 0, 1, &p->done))
        return -1;
    p->item = item_ix < 0 ? 0 : L->items[item_ix];
    return 0;
}

static int read_pipeline(cload *L, uint64_t *prev)
{
    uint32_t n;
    prod_coordinator *c = L->co;
    const prodi_mem *m = &L->ctx->mem;
    co_pipeline *p = prodi_zalloc(m, 1, sizeof *p);
    if (!p || PRODI_VEC_HEAP(m, c->pipes, c->pipes_cap, (size_t)c->npipes + 1, 16) != 0) {
        prodi_free(m, p);
        return oom(L);
    }
    p->mem = m;
    c->pipes[c->npipes++] = p; /* freed with the coordinator on any failure */
    if (record(L, "pipeline", 16, &n) || read_pipeline_head(L, p, *prev) || read_parts(L, p) ||
        record_end(L, "pipeline", 16, n))
        return -1;
    *prev = p->id;
    c->done_pipes += p->done;
    c->live_produce += p->kind == PROD_PIPELINE_PRODUCE && prodi_coord_pipeline_live(p);
    return 0;
}

static int read_pipelines(cload *L)
{
    uint32_t n;
    uint64_t prev = 0;
    if (prodi_mp_array(&L->c, "pipelines", 0, MAX_SAVED_PIPELINES, &n))
        return -1;
    L->c.where = "pipeline";
    for (uint32_t i = 0; i < n; i++) {
        L->c.index = i;
        if (read_pipeline(L, &prev))
            return -1;
    }
    L->c.where = NULL;
    return 0;
}

/* --- body and header ----------------------------------------------------------- */

typedef int (*reader)(cload *L);

static const struct {
    const char *key;
    reader read;
} BODY[COORD_BODY_KEYS] = {
    {"config", read_config}, {"pending", read_pending}, {"time", read_time},
    {"ids", read_ids},       {"history", read_history}, {"counts", read_counts},
    {"items", read_items},   {"workers", read_workers}, {"pipelines", read_pipelines},
};

static int read_body(cload *L)
{
    uint32_t n, next = 0;
    if (prodi_mp_map(&L->c, "body", UINT32_MAX, &n))
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        const char *s;
        uint32_t len, k = 0;
        size_t at = L->c.off;
        if (prodi_mp_str(&L->c, "body key", MAX_NAME, &s, &len))
            return -1;
        while (k < COORD_BODY_KEYS && !(strlen(BODY[k].key) == len && !memcmp(BODY[k].key, s, len)))
            k++;
        if (k == COORD_BODY_KEYS && L->lenient && next == COORD_BODY_KEYS) {
            if (prodi_mp_skip(&L->c, "unknown field"))
                return -1;
            continue;
        }
        if (k != next)
            return prodi_mp_fail(&L->c, at, "body key",
                                 "field \"%.*s\" is unknown, repeated or out of order (expected "
                                 "\"%s\")",
                                 (int)len, s, next < COORD_BODY_KEYS ? BODY[next].key : "no more");
        if (BODY[k].read(L))
            return -1;
        next++;
    }
    if (next < COORD_BODY_KEYS)
        return prodi_mp_fail(&L->c, L->c.off, "body", "field \"%s\" is missing", BODY[next].key);
    return 0;
}

static int read_header(cload *L, uint32_t *n)
{
    const char *s;
    uint32_t len;
    uint64_t major, minor;
    if (prodi_mp_array(&L->c, "header", 5, UINT32_MAX, n) ||
        prodi_mp_str(&L->c, "magic", MAX_NAME, &s, &len))
        return -1;
    if (len != strlen(COORD_MAGIC) || memcmp(s, COORD_MAGIC, len) != 0)
        return prodi_mp_fail(&L->c, 0, "magic", "not a coordinator save (no \"%s\" magic)",
                             COORD_MAGIC);
    size_t at = L->c.off;
    if (prodi_mp_uint(&L->c, "format major", &major) ||
        prodi_mp_uint(&L->c, "format minor", &minor) ||
        prodi_mp_str(&L->c, "plugin version", 64, &s, &len))
        return -1;
    if (major != COORD_FORMAT_MAJOR) {
        L->c.failed = 1;
        L->st = PROD_ERR_VERSION;
        prodi_err_set(L->c.err, PROD_ERR_VERSION,
                      "saved state, byte %zu: coordinator format %llu.%llu is not supported; this "
                      "plugin reads %u.x",
                      at, (unsigned long long)major, (unsigned long long)minor,
                      COORD_FORMAT_MAJOR);
        return -1;
    }
    L->lenient = minor > COORD_FORMAT_MINOR;
    if (*n > 5 && !L->lenient)
        return prodi_mp_fail(&L->c, 0, "header", "%u elements; format 1.0 has 5", *n);
    return 0;
}

/* --- references ------------------------------------------------------------------- */

static int bad(cload *L, const char *what, uint64_t id)
{
    return prodi_mp_fail(&L->c, L->c.len, "references", "%s (%llu)", what, (unsigned long long)id);
}

/* The tree's shape and each node's tasks and factory. */
static int check_nodes(cload *L, const co_pipeline *p)
{
    if ((p->kind == PROD_PIPELINE_PRODUCE) != (p->node_count > 0))
        return bad(L, "a PRODUCE pipeline has a tree, a RECOVERY one none", p->id);
    for (uint32_t i = 0; i < p->node_count; i++) {
        const co_node *n = &p->nodes[i];
        const co_task *t = &p->tasks[n->task], *o = &p->tasks[n->out];
        int made = n->decision == PROD_DECISION_MAKE;
        if ((i == 0) != (n->parent == CO_NONE) ||
            (i && (n->depth != p->nodes[n->parent].depth + 1 ||
                   p->nodes[n->parent].decision != PROD_DECISION_MAKE)) ||
            (i == 0 && (n->depth != 0 || n->item != p->item)) || made != (n->factory != CO_NONE) ||
            t->node != i || t->type != (made ? PROD_TASK_COLLECT : PROD_TASK_ACQUIRE) ||
            o->node != i || o->type != (i ? PROD_TASK_DELIVER : PROD_TASK_SELL) ||
            (made && p->factories[n->factory].item != n->item))
            return bad(L, "a node of the tree does not fit its parent, factory or tasks", p->id);
    }
    return 0;
}

static int check_tasks(cload *L, const co_pipeline *p)
{
    uint32_t open = 0;
    for (uint32_t i = 0; i < p->task_count; i++) {
        const co_task *t = &p->tasks[i];
        const co_node *n = t->node == CO_NONE ? NULL : &p->nodes[t->node];
        open += prodi_coord_task_open(t);
        if ((t->type == PROD_TASK_LIQUIDATE) != (n == NULL) || (n && n->item != t->item) ||
            (n && n->task != i && n->out != i && t->state != PROD_TASK_COMPLETED &&
             t->state != PROD_TASK_FAILED))
            return bad(L, "a task does not fit its node", prodi_coord_task_id(p, i));
    }
    if (p->done && (open || prodi_coord_pipeline_live(p)))
        return bad(L, "a pipeline marked done has open tasks or has not ended", p->id);
    return 0;
}

/* A worker's task is an open ASSIGNED or EXECUTING task naming it; an
 * EXECUTING purchase fits its room, a sale its stack. */
static int check_worker_task(cload *L, const co_worker *w)
{
    co_pipeline *p;
    const co_task *t = w->task ? prodi_coord_task(L->co, w->task, &p) : NULL;
    if (!w->task)
        return 0;
    if (!t || t->worker != w->id ||
        (t->state != PROD_TASK_ASSIGNED && t->state != PROD_TASK_EXECUTING))
        return bad(L, "a worker's task is not an assigned or executing task of it", w->id);
    uint32_t room = w->capacity - prodi_coord_cargo_total(w);
    if (t->state == PROD_TASK_EXECUTING && prodi_coord_buys(t->type) && t->order_qty > room)
        return bad(L, "an executing purchase's order exceeds the worker's room", w->id);
    return 0;
}

/* A stack's task is an open DELIVER, SELL or LIQUIDATE of its item held by it. */
static int check_stacks(cload *L, const co_worker *w)
{
    for (uint32_t i = 0; i < w->cargo_count; i++) {
        co_pipeline *p;
        const co_cargo *s = &w->cargo[i];
        const co_task *t = s->task ? prodi_coord_task(L->co, s->task, &p) : NULL;
        if (s->task && (!t || !prodi_coord_task_open(t) || prodi_coord_buys(t->type) ||
                        t->worker != w->id || t->item != s->item ||
                        (t->state == PROD_TASK_EXECUTING && t->order_qty > s->qty)))
            return bad(L, "a cargo stack's task is not an open sale of that item by the worker",
                       w->id);
    }
    return 0;
}

/* Every open task under way names a worker on it; every sale holding a
 * worker has that worker's stack. */
static int check_task_workers(cload *L, const co_pipeline *p)
{
    for (uint32_t i = 0; i < p->task_count; i++) {
        const co_task *t = &p->tasks[i];
        uint64_t id = prodi_coord_task_id(p, i);
        co_worker *w = t->worker ? prodi_coord_worker(L->co, t->worker) : NULL;
        int under_way = t->state == PROD_TASK_ASSIGNED || t->state == PROD_TASK_EXECUTING;
        if (!prodi_coord_task_open(t))
            continue;
        if (under_way && (!w || w->task != id))
            return bad(L, "a task under way has no worker on it", id);
        int holds = 0;
        for (uint32_t k = 0; w && k < w->cargo_count; k++)
            holds |= w->cargo[k].task == id;
        if (!prodi_coord_buys(t->type) && (t->worker || t->state != PROD_TASK_PENDING) && !holds)
            return bad(L, "a sale that has a worker has no cargo of it", id);
        if (t->type == PROD_TASK_LIQUIDATE && !t->worker)
            return bad(L, "a liquidation has no worker", id);
    }
    return 0;
}

/* acc += x; 0 when that would pass 2^64 - 1. */
static int add_to(uint64_t *acc, uint64_t x)
{
    if (x > UINT64_MAX - *acc)
        return 0;
    *acc += x;
    return 1;
}

/* Units bought or found are delivered, sold, liquidated, lost or held. */
static int balanced(const co_units *u, uint64_t held)
{
    uint64_t in = u->bought, out = u->delivered;
    return add_to(&in, u->found) && add_to(&out, u->sold) && add_to(&out, u->liquidated) &&
           add_to(&out, u->lost) && add_to(&out, held) && in == out;
}

/* Cargo accounts balance in each pipeline (with what its tasks' stacks
 * hold) and in the coordinator's counts (with every stack): what a running
 * coordinator keeps true, so a save that breaks it was not written by one. */
static int check_accounts(cload *L)
{
    prod_coordinator *c = L->co;
    uint64_t *held = prodi_zalloc(&L->ctx->mem, (size_t)c->npipes + 1, sizeof *held), all = 0;
    if (!held)
        return oom(L);
    for (uint32_t s = 0; s < c->worker_slots; s++)
        for (uint32_t i = 0; c->workers[s].live && i < c->workers[s].cargo_count; i++) {
            const co_cargo *k = &c->workers[s].cargo[i];
            all += k->qty; /* at most 2^32 units a stack, PROD_COORD_MAX_CARGO a worker */
            if (k->task)   /* check_stacks found its pipeline */
                held[prodi_coord_pipeline_find(c, 0, k->task >> CO_TASK_BITS)] += k->qty;
        }
    int rc = 0;
    for (uint32_t i = 0; i < c->npipes && rc == 0; i++)
        if (!balanced(&c->pipes[i]->units, held[i]))
            rc = bad(L, "a pipeline's cargo accounts do not balance", c->pipes[i]->id);
    if (rc == 0 && !balanced(&c->counts.units, all))
        rc = bad(L, "the coordinator's cargo accounts do not balance with what its workers hold",
                 all);
    prodi_free(&L->ctx->mem, held);
    return rc;
}

static int check_references(cload *L)
{
    prod_coordinator *c = L->co;
    for (uint32_t i = 0; i < c->npipes; i++)
        if (check_nodes(L, c->pipes[i]) || check_tasks(L, c->pipes[i]) ||
            check_task_workers(L, c->pipes[i]))
            return -1;
    for (uint32_t s = 0; s < c->worker_slots; s++)
        if (c->workers[s].live &&
            (check_worker_task(L, &c->workers[s]) || check_stacks(L, &c->workers[s])))
            return -1;
    return check_accounts(L);
}

static int read_all(cload *L)
{
    uint32_t n;
    if (read_header(L, &n) || read_body(L) || record_end(L, "header", 5, n))
        return -1;
    if (L->c.off != L->c.len)
        return prodi_mp_fail(&L->c, L->c.off, "end", "%zu bytes follow the saved state",
                             L->c.len - L->c.off);
    return check_references(L);
}

prod_status prodi_coord_load(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                             prod_coordinator **out)
{
    cload L;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.st = PROD_ERR_FORMAT;
    prodi_mp_init(&L.c, bytes, len, prodi_ctx_err(ctx));
    int rc = read_all(&L);
    if (rc == 0 && (prodi_coord_workers_relink(L.co) != 0 || prodi_coord_queues_rebuild(L.co) != 0))
        rc = oom(&L);
    prodi_free(&ctx->mem, L.items);
    if (rc != 0) {
        if (L.co)
            prodi_coord_free(L.co);
        return L.st;
    }
    *out = L.co;
    return PROD_OK;
}
