/* manager.h - prod_manager: one chunk's or building's jobs, their timer
 * queue, snapshots, PRNG, blocked outputs and settings. */
#ifndef PRODI_MANAGER_H
#define PRODI_MANAGER_H

#include "core/arena.h"
#include "core/context.h"
#include "jobs/job_table.h"
#include "core/rng.h"
#include "jobs/scheduler.h"
#include "jobs/snapshot.h"

/* A job whose outputs did not fit: it keeps them until a tick delivers them. */
typedef struct prodi_blocked {
    uint32_t slot;
    uint16_t gen;
    uint16_t pad;
    uint32_t count;
    prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
} prodi_blocked;

struct prod_manager {
    prod_ctx *ctx;
    uint64_t tag;
    uint64_t seed;
    uint32_t id_space;
    uint32_t output_policy;
    prodi_arena arena;
    prodi_jobtable jobs;
    prodi_sched sched;
    uint32_t stale;          /* scheduler entries of jobs no longer running */
    prodi_snaps snaps;
    prodi_blocked *blocked;   /* in the order the jobs blocked */
    uint32_t blocked_len, blocked_cap;
    prodi_rng rng;
    int64_t last_time;       /* latest now seen by tick or start */
    uint32_t busy;           /* inside a host callback */
    prod_manager_registry *registry; /* the registry holding it, if any */
    prodi_errbuf err;
};

prod_status prodi_mgr_create(prod_ctx *ctx, const prod_manager_config *cfg, prod_manager **out);
void prodi_mgr_destroy(prod_manager *m);
prod_status prodi_mgr_start(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                      uint64_t inventory, int64_t now, int repeat, prod_job_id *out);
prod_status prodi_mgr_tick(prod_manager *m, int64_t now);
/* tick's O(1) case, inlined into the API entry point: nothing is due or held
 * and now is valid. 1 when it handled the tick. */
static inline int prodi_mgr_tick_idle(prod_manager *m, int64_t now)
{
    int64_t end;
    uint32_t slot;
    if (m->busy || now < m->last_time || now > PROD_TIME_MAX || m->blocked_len ||
        (prodi_sched_top(&m->sched, &end, &slot) && end <= now))
        return 0;
    m->last_time = now;
    return 1;
}
prod_status prodi_mgr_cancel(prod_manager *m, prod_job_id id, uint32_t refund, int64_t now);
prod_status prodi_mgr_job_get(prod_manager *m, prod_job_id id, int64_t now, prod_job_info *out);
prod_status prodi_mgr_jobs(const prod_manager *m, int by_owner, uint64_t owner, prod_job_id *out,
                     uint32_t cap, uint32_t *count);
prod_status prodi_mgr_next_due(const prod_manager *m, int64_t *out);
/* The manager's own memory accounting. */
void prodi_mgr_memory(const prod_manager *m, prod_memory_stats *out);

/* Job ids: id_space (24 bits) | slot (24) | generation (16), so ids of one
 * manager order like their slots (the queue's tie-break). */
static inline prod_job_id prodi_mgr_job_id(const prod_manager *m, uint32_t slot, uint16_t gen)
{
    return ((uint64_t)m->id_space << 40) | ((uint64_t)slot << 16) | gen;
}
static inline uint32_t prodi_job_id_space(prod_job_id id) { return (uint32_t)(id >> 40); }
/* The live job with this id, with its slot, or NULL. */
prodi_job *prodi_mgr_find(const prod_manager *m, prod_job_id id, uint32_t *slot);

/* Internals shared with prodi_persist_load.c. */
/* Release a job's slot and snapshot reference (no event). */
void prodi_mgr_end_job(prod_manager *m, uint32_t slot);
/* Queue a RUNNING job at start + duration (queue room reserved by the caller). */
int64_t prodi_mgr_job_end(const prod_manager *m, const prodi_job *j);
void prodi_mgr_schedule(prod_manager *m, uint32_t slot);
/* inventory_add with the manager marked busy; PROD_HOST_OK when n == 0. */
int32_t prodi_mgr_host_add(prod_manager *m, uint64_t inv, const prod_item_qty *items, uint32_t n);
/* Room for one more blocked entry. 0, or -1 on OOM. */
int prodi_mgr_blocked_reserve(prod_manager *m);

/* manager_registry.c: drop a manager that is being destroyed. */
void prodi_mreg_forget(prod_manager *m);

/* events.c */
void prodi_ev_emit(prod_manager *m, uint32_t type, uint32_t reason, uint32_t slot,
             int64_t time, const prod_item_qty *items, uint32_t count);
/* An event for a loaded job whose recipe `recipe_id` is no longer loaded
 * (reason RECIPE_REMOVED, time = the manager's time). */
void prodi_ev_emit_removed(prod_manager *m, uint32_t type, uint32_t slot, const char *recipe_id,
                     const prod_item_qty *items, uint32_t count);

#endif
