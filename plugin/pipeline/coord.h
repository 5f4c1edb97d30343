/* coord.h - prod_coordinator: what a coordinator holds (its configuration,
 * workers and their idle groups by location, pipelines with their trees,
 * tasks and factory states, the timer and ready queues, statistics) and the
 * small accessors every pipeline file shares. The lifecycle, the claim on a
 * coordinator and its error text are coord.c. */
#ifndef PRODI_COORD_H
#define PRODI_COORD_H

#include <stdatomic.h>

#include "core/claim.h"
#include "core/context.h"
#include "core/hashmap.h"

#define CO_NONE UINT32_MAX
#define CO_TASK_BITS 24u /* task id = pipeline id << 24 | index in the pipeline */
#define CO_MAX_PIPELINE_ID (((uint64_t)1 << 40) - 1)
#define CO_DAY_MS ((int64_t)86400000)

/* One node of a pipeline's tree (pre-order, as the chain walk made it). */
typedef struct co_node {
    prod_item_id item;
    uint32_t parent;   /* CO_NONE for the root */
    uint32_t depth;
    uint32_t decision; /* PROD_DECISION_* */
    uint64_t market;   /* made: the factory; bought: the source at planning */
    uint32_t activity; /* at planning */
    uint32_t supply;   /* bought: at planning */
    uint32_t factory;  /* made: index into the pipeline's factories, else CO_NONE */
    uint32_t task;     /* the task making its output available (ACQUIRE / COLLECT) */
    uint32_t out;      /* the task taking it on: DELIVER to the parent, or the SELL */
    uint32_t reserved0;
} co_node;

#define CO_TASK_QUEUED 1u     /* in the ready queue */
#define CO_TASK_RECONCILED 2u /* completed from reported cargo: its credits are unknown */

typedef struct co_task {
    uint8_t type;      /* PROD_TASK_* */
    uint8_t state;     /* PROD_TASK_* */
    uint8_t flags;     /* CO_TASK_* */
    uint8_t reserved0;
    uint32_t node;     /* CO_NONE for a liquidation */
    prod_item_id item;
    uint32_t priority;
    uint32_t retries;
    uint32_t reason;   /* last failure or release */
    uint32_t order_qty; /* EXECUTING: the order's quantity */
    uint32_t reserved1;
    uint64_t market;   /* where it is done */
    uint64_t worker;   /* assigned, holding its cargo, or the last that did it; 0 none */
    uint64_t failed_worker; /* the worker of its last failure (another is tried first) */
    uint64_t failed_market; /* the market of its last release (another is tried first) */
    uint64_t quantity;
    double cost;
    double revenue;
    int64_t created_at, ready_at, started_at, completed_at;
    int64_t wake_at;   /* -1, or when a sleeping task (backoff, re-check) wakes */
} co_task;

typedef struct co_delivery {
    prod_item_id item;
    uint32_t reserved0;
    uint64_t worker;
    uint64_t qty;
    int64_t time;
} co_delivery;

/* The state of one (factory market, output item) in one pipeline. */
typedef struct co_factory {
    uint64_t market;
    prod_item_id item;
    uint32_t state;    /* PROD_FACTORY_* */
    uint32_t prev_supply, supply, polls, warned;
    int64_t inputs_complete_at, ready_at, next_poll; /* -1 when not set */
    prod_item_id *inputs;  /* required inputs, distinct */
    uint8_t *delivered;    /* per input: a delivery of it completed */
    uint32_t input_count;
    uint32_t delivery_count;
    co_delivery *deliveries;
    size_t delivery_cap;
} co_factory;

/* Cargo accounts of a pipeline (and, summed, of the coordinator). */
typedef struct co_units {
    uint64_t bought, delivered, sold, liquidated, lost, found;
} co_units;

typedef struct co_pipeline {
    uint64_t id;
    const prodi_mem *mem; /* the context's allocator, for its arrays */
    uint32_t kind, state; /* PROD_PIPELINE_* */
    prod_item_id item;    /* the product (0 for RECOVERY) */
    uint32_t reason;
    uint64_t sell_market;
    double expected_price;
    double cost, revenue;
    co_units units;
    int64_t created_at, finished_at;
    co_node *nodes;
    uint32_t node_count, factory_count;
    co_factory *factories;
    co_task *tasks;
    uint32_t task_count, done; /* done: PIPELINE_DONE was emitted */
    size_t task_cap;
} co_pipeline;

/* A cargo stack a worker holds and the task that takes it on (its DELIVER,
 * SELL or LIQUIDATE), or 0 while the task that bought it is being settled. */
typedef struct co_cargo {
    prod_item_id item;
    uint32_t qty;
    uint64_t task;
} co_cargo;

typedef struct co_worker {
    uint64_t id, location;
    uint32_t capacity, cargo_count;
    uint64_t task;       /* the task it is on, 0 when none */
    int64_t busy_since;  /* -1 while free (no task, no cargo) */
    int64_t busy_ms;
    uint64_t idle_seq;   /* order of becoming free: the idle longest is taken first */
    uint32_t group;      /* its idle group when free, else CO_NONE */
    uint32_t pos;        /* its index in that group's heap */
    uint32_t next;       /* a free slot's link in the free slot chain */
    uint32_t live;       /* 0: a free slot */
    co_cargo cargo[PROD_COORD_MAX_CARGO];
} co_worker;

/* Free workers at one location: a binary min-heap of their slots by
 * idle_seq, so the idle longest is on top and any joins or leaves in
 * O(log count). */
typedef struct co_group {
    uint64_t location;
    uint32_t *heap;
    uint32_t count;
    uint32_t active_at; /* position in active_groups, CO_NONE when empty */
    size_t cap;
} co_group;

#define CO_TIMER_POLL 1u /* ref = pipeline id, sub = factory index */
#define CO_TIMER_WAKE 2u /* ref = task id */
#define CO_TIMER_SCAN 3u
typedef struct co_timer {
    int64_t time;
    uint32_t kind, sub;
    uint64_t ref;
} co_timer;

typedef struct co_ready {
    uint32_t priority, reserved0;
    uint64_t task;
} co_ready;

/* A binary heap of fixed-size entries (heap.c). */
typedef struct co_heap {
    void *v;
    uint32_t n;
    size_t cap;
} co_heap;

/* Counters behind prod_coord_stats. */
typedef struct co_counts {
    uint64_t pipelines_completed, pipelines_failed, pipelines_cancelled;
    uint64_t tasks_completed, tasks_retried, tasks_failed, tasks_released, liquidations;
    uint64_t polls, host_errors;
    double credits_spent, credits_earned;
    int64_t worker_busy_ms;
    co_units units;
} co_counts;

struct prod_coordinator {
    _Atomic uint32_t state; /* the claim (core/claim.h) */
    uint32_t has_pending;
    prod_ctx *ctx;
    int64_t time;
    prod_coord_config cfg;     /* in effect (every member set) */
    prod_coord_config pending; /* applied by the next tick when has_pending */
    uint64_t next_pipeline;
    uint64_t next_idle_seq;
    int64_t next_scan;         /* -1 when scans are off */
    co_pipeline **pipes;       /* by increasing id */
    uint32_t npipes;
    uint32_t done_pipes;       /* of those, done (ended, no task open) */
    size_t pipes_cap;
    uint32_t live_produce;     /* of those, PRODUCE pipelines PLANNING or EXECUTING */
    uint32_t done_stale;       /* 1: done_ids is not the list (rebuilt when needed) */
    uint64_t *done_ids;        /* the done pipelines' ids, increasing (pipelines.c) */
    size_t done_cap;
    co_worker *workers;        /* slots */
    uint32_t worker_slots, worker_count, free_slot; /* free_slot: a free slot chain */
    size_t workers_cap;
    prodi_u64map worker_ix;    /* id -> slot */
    co_group *groups;
    uint32_t group_count;
    size_t groups_cap;
    prodi_u64map group_ix;     /* location -> group */
    uint32_t *active_groups;   /* groups with free workers (any order) */
    uint32_t active_count;
    size_t active_cap;
    uint32_t free_workers;     /* workers with no task and no cargo */
    uint32_t busy_workers;
    co_heap timers, ready;
    uint32_t budget;           /* steps left in the running tick */
    uint32_t queues_dirty;     /* a queue push ran out of memory: rebuild them */
    prod_coord_config_change history[PROD_COORD_HISTORY];
    uint32_t history_len, history_head;
    co_counts counts;
    prodi_errbuf *err;
    uint32_t err_lost;
};


/* Claim the coordinator for a call that changes it: 0, or -1 (BUSY). */
static inline int prodi_coord_enter(prod_coordinator *c) { return prodi_claim_enter(&c->state); }
void prodi_coord_free(prod_coordinator *c);
/* Release the claim; frees the coordinator if it was destroyed meanwhile. */
static inline void prodi_coord_leave(prod_coordinator *c)
{
    if (prodi_claim_leave(&c->state))
        prodi_coord_free(c);
}
/* 1 when coord_destroy came during the running call: no more callbacks. */
static inline int prodi_coord_dying(const prod_coordinator *c)
{
    return prodi_claim_dying(&c->state);
}

prod_status prodi_coord_create(prod_ctx *ctx, const prod_coord_config *cfg,
                               prod_coordinator **out);
/* coord_destroy: now, or deferred to the end of the call holding it. */
void prodi_coord_destroy(prod_coordinator *c);
/* The error text buffer (allocated at the first error); NULL when that fails. */
prodi_errbuf *prodi_coord_err(prod_coordinator *c);
const char *prodi_coord_err_text(const prod_coordinator *c);
/* TIME (with text) unless 0 <= now <= PROD_TIME_MAX and now >= the coordinator's time. */
prod_status prodi_coord_check_time(prod_coordinator *c, int64_t now, const char *who);

/* --- pipelines and tasks ------------------------------------------------ */

static inline uint64_t prodi_coord_task_id(const co_pipeline *p, uint32_t ix)
{
    return p->id << CO_TASK_BITS | ix;
}
co_pipeline *prodi_coord_pipeline(const prod_coordinator *c, uint64_t id);
/* The index of pipeline id in pipes[from ..), or npipes when it is not there. */
uint32_t prodi_coord_pipeline_find(const prod_coordinator *c, uint32_t from, uint64_t id);
/* The task with this id and its pipeline, or NULL. */
co_task *prodi_coord_task(const prod_coordinator *c, uint64_t id, co_pipeline **p);
/* A new empty pipeline of `kind` with the next id, appended; NULL on OOM. */
co_pipeline *prodi_coord_pipeline_new(prod_coordinator *c, uint32_t kind, int64_t now);
/* Drop the newest pipeline (a plan that failed after prodi_coord_pipeline_new). */
void prodi_coord_pipeline_drop_last(prod_coordinator *c);
void prodi_coord_pipeline_free(co_pipeline *p);
/* Append a PENDING task to p; its index, or CO_NONE on OOM or past PROD_COORD_MAX_TASKS. */
uint32_t prodi_coord_task_add(co_pipeline *p, uint32_t type, prod_item_id item, uint32_t node,
                              uint64_t market, int64_t now);
/* PRODUCE pipelines PLANNING or EXECUTING. */
static inline uint32_t prodi_coord_active(const prod_coordinator *c) { return c->live_produce; }
static inline int prodi_coord_task_open(const co_task *t)
{
    return t->state != PROD_TASK_COMPLETED && t->state != PROD_TASK_FAILED;
}
static inline int prodi_coord_pipeline_live(const co_pipeline *p)
{
    return p->state == PROD_PIPELINE_PLANNING || p->state == PROD_PIPELINE_EXECUTING;
}
static inline int prodi_coord_buys(uint32_t type)
{
    return type == PROD_TASK_ACQUIRE || type == PROD_TASK_COLLECT;
}
/* The account a sale by a task of this type counts in. */
static inline uint64_t *prodi_coord_units_out(co_units *u, uint32_t type)
{
    return type == PROD_TASK_DELIVER ? &u->delivered
           : type == PROD_TASK_SELL  ? &u->sold
                                     : &u->liquidated;
}

/* --- workers ------------------------------------------------------------ */

co_worker *prodi_coord_worker(const prod_coordinator *c, uint64_t id);
/* The worker's stack of item, or NULL. */
co_cargo *prodi_coord_cargo_of(co_worker *w, prod_item_id item);
uint32_t prodi_coord_cargo_total(const co_worker *w);

#endif
