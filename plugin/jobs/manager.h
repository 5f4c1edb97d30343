/* manager.h - prod_manager: one chunk's or building's jobs, their timer
 * wheel, snapshots, PRNG, blocked outputs and settings; the job-id layout
 * and the small accessors every jobs file shares; the manager's lifecycle,
 * error text and read-only queries (manager.c). Running jobs is cycles.h. */
#ifndef PRODI_MANAGER_H
#define PRODI_MANAGER_H

#include <stdatomic.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/claim.h"
#include "core/context.h"
#include "core/rng.h"
#include "jobs/job_table.h"
#include "jobs/snapshot.h"
#include "jobs/wheel.h"

/* The kinds of event a manager counts (prod_manager_counters, in order). */
enum {
    PRODI_COUNT_STARTS,
    PRODI_COUNT_RESTARTS,
    PRODI_COUNT_COMPLETIONS,
    PRODI_COUNT_CANCELS,
    PRODI_COUNT_BLOCKED,
    PRODI_COUNT_FAILED_TO_RESTART,
    PRODI_COUNT_FAILED_OUTPUT_FULL,
    PRODI_COUNT_RECIPE_REMOVED,
    PRODI_COUNTERS
};

/* A job whose outputs did not fit: it keeps them until a tick delivers them. */
typedef struct prodi_blocked {
    uint32_t slot;
    uint16_t gen;
    uint16_t pad;
    uint32_t count;
    prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
} prodi_blocked;

/* The fields every tick reads come first: state, blocked_len, last_time and
 * the wheel's next, the first 32 bytes, which share one cache line (a
 * manager starts on a 32-byte boundary), so an idle tick touches one line. */
struct prod_manager {
    _Atomic uint32_t state;  /* the claim (core/claim.h) */
    uint32_t blocked_len;
    int64_t last_time;       /* latest now seen by tick or start */
    prodi_wheel wheel;       /* running jobs by end time */
    prodi_jobtable jobs;
    prod_ctx *ctx;
    const prodi_recipe *recipes; /* the registry's, for jobs' base values */
    uint64_t tag;
    uint64_t seed;
    uint32_t id_space;
    uint32_t output_policy;
    int64_t catch_up;        /* -1, or the now of a tick stopped at its budget (drained first) */
    uint32_t max_completions; /* per tick */
    uint16_t err_lost;       /* an error happened but its text could not be kept (OOM) */
    uint8_t shift;           /* where the manager starts in its block (prodi_aligned_alloc) */
    prodi_arena arena;
    prodi_snaps snaps;
    prodi_blocked *blocked;  /* in the order the jobs blocked */
    size_t blocked_cap;
    prodi_rng rng;
    prod_manager_registry *registry; /* the registry holding it, if any */
    prodi_errbuf *err;       /* the last error's text, allocated at the first error */
    uint64_t counted[PRODI_COUNTERS]; /* events emitted, by kind (events.h), since created */
};

_Static_assert(offsetof(prod_manager, wheel) + offsetof(prodi_wheel, count) + sizeof(uint32_t) <= 32,
               "an idle tick's fields share the manager's first 32 bytes");

prod_status prodi_mgr_create(prod_ctx *ctx, const prod_manager_config *cfg, prod_manager **out);
/* manager_destroy: free the manager now, or, when a call holds it (a
 * callback of that call destroying it, or another thread), mark it and let
 * that call free it when it ends (prodi_mgr_leave). */
void prodi_mgr_destroy(prod_manager *m);
/* Free the manager and every job in it (no events, no refunds), leaving the
 * registry that holds it first. Nothing may hold it. */
void prodi_mgr_free(prod_manager *m);

/* Claim the manager for one call that changes it (tick, start, cancel,
 * serialize): 0, or -1 when another call holds it, from this thread (a call
 * made from inside one of its callbacks) or another: the caller answers
 * PROD_ERR_BUSY and touches nothing. One compare-and-swap. */
static inline int prodi_mgr_enter(prod_manager *m) { return prodi_claim_enter(&m->state); }
/* Release the claim; the manager is freed here if it was destroyed meanwhile. */
static inline void prodi_mgr_leave(prod_manager *m)
{
    if (prodi_claim_leave(&m->state))
        prodi_mgr_free(m);
}
/* 1 when manager_destroy was asked during the running call: it makes no more
 * host callbacks and ends as soon as it can. */
static inline int prodi_mgr_dying(const prod_manager *m) { return prodi_claim_dying(&m->state); }
prod_status prodi_mgr_job_get(prod_manager *m, prod_job_id id, int64_t now, prod_job_info *out);
prod_status prodi_mgr_jobs(const prod_manager *m, int by_owner, uint64_t owner, prod_job_id *out,
                           uint32_t cap, uint32_t *count);
prod_status prodi_mgr_next_due(const prod_manager *m, int64_t *out);
/* The manager's own memory accounting. */
void prodi_mgr_memory(const prod_manager *m, prod_memory_stats *out);
/* Its counters and current size. */
void prodi_mgr_counters(const prod_manager *m, prod_manager_counters *out);

/* Job ids: id_space (24 bits) | slot (24) | generation (16), so ids of one
 * manager order like their slots (the queue's tie-break). */
static inline prod_job_id prodi_mgr_job_id(const prod_manager *m, uint32_t slot, uint16_t gen)
{
    return ((uint64_t)m->id_space << 40) | ((uint64_t)slot << 16) | gen;
}
static inline uint32_t prodi_job_id_space(prod_job_id id) { return (uint32_t)(id >> 40); }
/* The live job with this id, with its slot, or NULL. */
static inline prodi_job *prodi_mgr_find(const prod_manager *m, prod_job_id id, uint32_t *slot)
{
    if (prodi_job_id_space(id) != m->id_space)
        return NULL;
    *slot = (uint32_t)(id >> 16) & 0xFFFFFFu;
    return prodi_jt_lookup(&m->jobs, *slot, (uint16_t)id);
}
/* A job's effective values and its snapshot reference. */
static inline uint32_t prodi_mgr_job_ref(const prodi_job *j)
{
    return (j->base ? PRODI_SNAP_BASE : 0u) | (uint32_t)j->snap;
}
static inline void prodi_mgr_set_ref(prodi_job *j, uint32_t ref)
{
    j->base = (ref & PRODI_SNAP_BASE) != 0;
    j->snap = PRODI_SNAP_INDEX(ref);
}
static inline const prodi_eff *prodi_mgr_job_eff(const prod_manager *m, const prodi_job *j)
{
    return prodi_snaps_eff(&m->snaps, m->recipes, prodi_mgr_job_ref(j));
}
/* A job being worked on: its slot, its record and its effective values,
 * looked up once for a start, a cycle's end or a cancel. Records and
 * effective values stay where they are while the manager is held (nothing
 * grows the job table or the snapshots from inside a callback). */
typedef struct prodi_jref {
    prodi_job *j;
    const prodi_eff *s;
    uint32_t slot;
} prodi_jref;
static inline prodi_jref prodi_mgr_jref(const prod_manager *m, uint32_t slot)
{
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    return (prodi_jref){j, prodi_mgr_job_eff(m, j), slot};
}
static inline uint32_t prodi_mgr_job_state(const prodi_job *j)
{
    return j->blocked ? PROD_JOB_BLOCKED : PROD_JOB_RUNNING;
}
/* The error text buffer, allocated at the first error; NULL when that
 * fails (err_lost is set and last_error says the text was lost). */
prodi_errbuf *prodi_mgr_err(prod_manager *m);
/* What manager_last_error returns. */
const char *prodi_mgr_err_text(const prod_manager *m);

#endif
