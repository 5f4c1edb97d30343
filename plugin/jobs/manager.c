/* manager.c - the production manager: starting jobs (immediate atomic
 * consumption), completing them in (end time, job id) order on tick, output
 * delivery with hold/fail policies, repeating cycles without drift, cancel
 * with refunds, and job queries. */
#include "jobs/manager.h"

#include <stdlib.h>
#include <string.h>

#include "jobs/modifiers.h"

#define STALE_COMPACT_MIN 64u

/* --- lifecycle ------------------------------------------------------------ */

static prod_status check_config(const prod_manager_config *c, prodi_errbuf *err)
{
    if (!c)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "manager_create: config is NULL");
    if (c->struct_size < sizeof *c || c->version < 1)
        return prodi_err_set(err, PROD_ERR_VERSION,
                       "manager_create: config struct_size %u / version %u not supported",
                       c->struct_size, c->version);
    if (c->id_space > PROD_ID_SPACE_MAX)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                       "manager_create: id_space %u exceeds %u", c->id_space, PROD_ID_SPACE_MAX);
    if (c->output_policy > PROD_OUTPUT_FAIL)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                       "manager_create: output_policy %u is not PROD_OUTPUT_HOLD or _FAIL",
                       c->output_policy);
    return PROD_OK;
}

prod_status prodi_mgr_create(prod_ctx *ctx, const prod_manager_config *cfg, prod_manager **out)
{
    prod_status st = check_config(cfg, &ctx->err);
    if (st != PROD_OK)
        return st;
    prod_manager *m = calloc(1, sizeof *m);
    if (!m)
        return prodi_err_set(&ctx->err, PROD_ERR_NO_MEMORY, "manager_create: out of memory");
    m->ctx = ctx;
    m->tag = cfg->tag;
    m->seed = cfg->seed;
    m->id_space = cfg->id_space;
    m->output_policy = cfg->output_policy;
    prodi_arena_init(&m->arena);
    prodi_jt_init(&m->jobs);
    prodi_sched_init(&m->sched);
    prodi_snaps_init(&m->snaps);
    prodi_rng_seed(&m->rng, cfg->seed);
    *out = m;
    return PROD_OK;
}

void prodi_mgr_destroy(prod_manager *m)
{
    prodi_mreg_forget(m);
    prodi_sched_free(&m->sched, &m->arena);
    prodi_snaps_free(&m->snaps, &m->arena);
    prodi_jt_free(&m->jobs, &m->arena);
    prodi_arena_release(&m->arena, m->blocked, (size_t)m->blocked_cap * sizeof *m->blocked);
    prodi_arena_free_all(&m->arena);
    free(m);
}

/* --- helpers -------------------------------------------------------------- */

prodi_job *prodi_mgr_find(const prod_manager *m, prod_job_id id, uint32_t *slot)
{
    if (prodi_job_id_space(id) != m->id_space)
        return NULL;
    *slot = (uint32_t)(id >> 16) & 0xFFFFFFu;
    return prodi_jt_lookup(&m->jobs, *slot, (uint16_t)id);
}

static prod_status check_now(prod_manager *m, int64_t now)
{
    if (now < 0 || now > PROD_TIME_MAX)
        return prodi_err_set(&m->err, PROD_ERR_TIME, "now %lld is outside [0, 2^52]", (long long)now);
    if (now < m->last_time)
        return prodi_err_set(&m->err, PROD_ERR_TIME,
                       "now %lld is earlier than the manager's time %lld (time never goes back)",
                       (long long)now, (long long)m->last_time);
    return PROD_OK;
}

static const prodi_snap *job_snap(const prod_manager *m, const prodi_job *j)
{
    return prodi_snaps_get(&m->snaps, j->snap);
}

static int32_t host_consume(prod_manager *m, uint64_t inv, const prodi_snap *s)
{
    if (s->input_count == 0)
        return PROD_HOST_OK;
    const prod_host *h = &m->ctx->host;
    m->busy++;
    int32_t rc = h->inventory_consume(h->user, inv, s->inputs, s->input_count);
    m->busy--;
    return rc;
}

int32_t prodi_mgr_host_add(prod_manager *m, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    if (n == 0)
        return PROD_HOST_OK;
    const prod_host *h = &m->ctx->host;
    m->busy++;
    int32_t rc = h->inventory_add(h->user, inv, items, n);
    m->busy--;
    return rc;
}

int prodi_mgr_blocked_reserve(prod_manager *m)
{
    if (m->blocked_len < m->blocked_cap)
        return 0;
    uint32_t ncap = m->blocked_cap ? m->blocked_cap * 2 : 4;
    prodi_blocked *b = prodi_arena_resize(&m->arena, m->blocked, (size_t)m->blocked_cap * sizeof *b,
                                   (size_t)ncap * sizeof *b);
    if (!b)
        return -1;
    m->blocked = b;
    m->blocked_cap = ncap;
    return 0;
}

void prodi_mgr_end_job(prod_manager *m, uint32_t slot)
{
    prodi_snaps_release(&m->snaps, &m->arena, prodi_jt_at(&m->jobs, slot)->snap);
    prodi_jt_release(&m->jobs, slot);
}

int64_t prodi_mgr_job_end(const prod_manager *m, const prodi_job *j)
{
    return j->start + job_snap(m, j)->duration;
}

void prodi_mgr_schedule(prod_manager *m, uint32_t slot)
{
    prodi_sched_push(&m->sched, prodi_mgr_job_end(m, prodi_jt_at(&m->jobs, slot)), slot); /* room reserved */
}

/* The RUNNING job a queue entry (end, slot) stands for, or NULL when the
 * entry is stale (the job was cancelled; the slot may hold a newer job). */
static prodi_job *due_job(const prod_manager *m, int64_t end, uint32_t slot)
{
    if (slot >= m->jobs.hwm)
        return NULL;
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    return j->state == PROD_JOB_RUNNING && prodi_mgr_job_end(m, j) == end ? j : NULL;
}

/* Roll probabilistic outputs with the manager's PRNG; zero stacks dropped. */
static uint32_t roll_outputs(prod_manager *m, const prodi_snap *s, prod_item_qty *out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->output_count; i++) {
        const prod_output *o = &s->outputs[i];
        if (o->qty == 0 || o->probability <= 0.0)
            continue;
        if (o->probability < 1.0 && prodi_rng_unit(&m->rng) >= o->probability)
            continue;
        out[n++] = (prod_item_qty){o->item, o->qty};
    }
    return n;
}

/* --- cycle end ------------------------------------------------------------ */

/* The next cycle of a repeating job starts at t, consuming inputs again. */
static void restart(prod_manager *m, uint32_t slot, int64_t t)
{
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    int32_t rc = host_consume(m, j->inventory, job_snap(m, j));
    if (rc != PROD_HOST_OK) {
        if (rc != PROD_HOST_INSUFFICIENT)
            prodi_ctx_log(m->ctx, PROD_LOG_WARN, "inventory_consume answered %d during restart of job %llu",
                    (int)rc, (unsigned long long)prodi_mgr_job_id(m, slot, j->gen));
        prodi_ev_emit(m, PROD_EVENT_FAILED, PROD_REASON_FAILED_TO_RESTART, slot, t, NULL, 0);
        prodi_mgr_end_job(m, slot);
        return;
    }
    j->start = t;
    j->state = PROD_JOB_RUNNING;
    prodi_mgr_schedule(m, slot);
    prodi_ev_emit(m, PROD_EVENT_RESTARTED, PROD_REASON_NONE, slot, t, NULL, 0);
}

/* Outputs were delivered: count the cycle, then repeat or end. */
static void cycle_done(prod_manager *m, uint32_t slot, int64_t t, const prod_item_qty *items,
                       uint32_t n)
{
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    if (j->cycles < JT_CYCLES_MAX)
        j->cycles++;
    prodi_ev_emit(m, PROD_EVENT_COMPLETED, PROD_REASON_NONE, slot, t, items, n);
    if (j->repeat)
        restart(m, slot, t);
    else
        prodi_mgr_end_job(m, slot);
}

/* Outputs did not fit: hold them (blocked list) or fail the job. */
static void outputs_refused(prod_manager *m, uint32_t slot, int64_t t, int32_t rc,
                            const prod_item_qty *items, uint32_t n)
{
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    if (rc != PROD_HOST_FULL)
        prodi_ctx_log(m->ctx, PROD_LOG_WARN, "inventory_add answered %d for job %llu; treated as full",
                (int)rc, (unsigned long long)prodi_mgr_job_id(m, slot, j->gen));
    if (m->output_policy == PROD_OUTPUT_FAIL) {
        prodi_ev_emit(m, PROD_EVENT_FAILED, PROD_REASON_OUTPUT_FULL, slot, t, items, n);
        prodi_mgr_end_job(m, slot);
        return;
    }
    prodi_blocked *b = &m->blocked[m->blocked_len++]; /* room reserved by the caller */
    b->slot = slot;
    b->gen = j->gen;
    b->pad = 0;
    b->count = n;
    memcpy(b->items, items, n * sizeof *items);
    j->state = PROD_JOB_BLOCKED;
    prodi_ev_emit(m, PROD_EVENT_OUTPUT_BLOCKED, PROD_REASON_NONE, slot, t, b->items, n);
}

/* A cycle ended at t: roll and deliver its outputs. The caller reserved a
 * blocked-list entry. */
static void finish_cycle(prod_manager *m, uint32_t slot, int64_t t)
{
    prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    uint32_t n = roll_outputs(m, job_snap(m, j), items);
    int32_t rc = prodi_mgr_host_add(m, j->inventory, items, n);
    if (rc == PROD_HOST_OK)
        cycle_done(m, slot, t, items, n);
    else
        outputs_refused(m, slot, t, rc, items, n);
}

/* --- start ---------------------------------------------------------------- */

static prod_status start_checks(prod_manager *m, prod_recipe_ix recipe, int64_t now,
                                const prodi_recipe **r)
{
    if (m->busy)
        return prodi_err_set(&m->err, PROD_ERR_BUSY, "start called from inside a host callback");
    *r = prodi_reg_recipe(m->ctx->reg, recipe);
    if (!*r)
        return prodi_err_set(&m->err, PROD_ERR_NOT_FOUND, "no recipe with index %u (there are %u)",
                       recipe, prodi_reg_recipe_count(m->ctx->reg));
    prod_status st = check_now(m, now);
    if (st != PROD_OK)
        return st;
    const prod_host *h = &m->ctx->host;
    if (!h->inventory_add)
        return prodi_err_set(&m->err, PROD_ERR_NOT_PROVIDED, "host callback inventory_add is NULL");
    if ((*r)->input_count > 0 && !h->inventory_consume)
        return prodi_err_set(&m->err, PROD_ERR_NOT_PROVIDED,
                       "host callback inventory_consume is NULL (recipe \"%s\" has inputs)",
                       (*r)->id);
    return PROD_OK;
}

/* Everything that can fail before inputs are consumed: modifiers, snapshot,
 * a job slot, queue and blocked-list room. */
static prod_status start_prepare(prod_manager *m, const prodi_recipe *r, prod_recipe_ix ix,
                                 uint64_t owner, uint64_t inventory, int64_t now, int repeat,
                                 uint32_t *snap)
{
    prod_modifiers mods = prodi_mods_identity();
    if (m->ctx->host.modifier_source_count > 0) {
        m->busy++;
        prod_status st = prodi_mods_resolve(m->ctx, m->tag, owner, inventory, ix, now, &mods, &m->err);
        m->busy--;
        if (st != PROD_OK)
            return st;
    }
    if (prodi_snaps_acquire(&m->snaps, &m->arena, r, ix, &mods, snap) != 0)
        return prodi_err_set(&m->err, PROD_ERR_NO_MEMORY, "out of memory creating a job snapshot");
    const prodi_snap *s = prodi_snaps_get(&m->snaps, *snap);
    prod_status st = PROD_OK;
    int rc = prodi_jt_reserve(&m->jobs, &m->arena);
    if (repeat && s->duration == 0)
        st = prodi_err_set(&m->err, PROD_ERR_INVALID_ARGUMENT,
                     "recipe \"%s\" has an effective duration of 0 ms and cannot repeat", r->id);
    else if (rc == -2)
        st = prodi_err_set(&m->err, PROD_ERR_LIMIT, "the manager has no free job slots (limit %u)",
                     JT_MAX_SLOTS);
    else if (rc != 0 || prodi_sched_reserve(&m->sched, &m->arena, now + s->duration) != 0 ||
             prodi_mgr_blocked_reserve(m) != 0)
        st = prodi_err_set(&m->err, PROD_ERR_NO_MEMORY, "out of memory starting a job");
    if (st != PROD_OK)
        prodi_snaps_release(&m->snaps, &m->arena, *snap);
    return st;
}

prod_status prodi_mgr_start(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                      uint64_t inventory, int64_t now, int repeat, prod_job_id *out)
{
    const prodi_recipe *r = NULL;
    prod_status st = start_checks(m, recipe, now, &r);
    uint32_t snap = 0;
    if (st == PROD_OK)
        st = start_prepare(m, r, recipe, owner, inventory, now, repeat, &snap);
    if (st != PROD_OK)
        return st;
    int32_t rc = host_consume(m, inventory, prodi_snaps_get(&m->snaps, snap));
    if (rc != PROD_HOST_OK) {
        prodi_snaps_release(&m->snaps, &m->arena, snap);
        if (rc == PROD_HOST_INSUFFICIENT)
            return prodi_err_set(&m->err, PROD_ERR_INSUFFICIENT,
                           "inventory %llu lacks the inputs or tools of recipe \"%s\"",
                           (unsigned long long)inventory, r->id);
        return prodi_err_set(&m->err, PROD_ERR_HOST, "inventory_consume answered %d (not 0 or 1)",
                       (int)rc);
    }
    uint32_t slot = prodi_jt_take(&m->jobs, owner);
    prodi_job *j = prodi_jt_at(&m->jobs, slot);
    j->inventory = inventory;
    j->start = now;
    j->snap = snap;
    j->repeat = (uint8_t)(repeat != 0);
    m->last_time = now;
    if (out)
        *out = prodi_mgr_job_id(m, slot, j->gen);
    prodi_ev_emit(m, PROD_EVENT_STARTED, PROD_REASON_NONE, slot, now, NULL, 0);
    if (prodi_snaps_get(&m->snaps, snap)->duration == 0)
        finish_cycle(m, slot, now);
    else
        prodi_mgr_schedule(m, slot);
    return PROD_OK;
}

/* --- tick ----------------------------------------------------------------- */

/* Deliver held outputs that fit now. A repeating job first needs queue room
 * for its next cycle (a loaded manager's queue may have none); without it the
 * job stays blocked and the caller reports NO_MEMORY. Returns 1 on OOM. */
static int retry_blocked(prod_manager *m, int64_t now)
{
    uint32_t keep = 0, n = m->blocked_len;
    int oom = 0;
    for (uint32_t i = 0; i < n; i++) {
        prodi_blocked b = m->blocked[i];
        prodi_job *j = prodi_jt_at(&m->jobs, b.slot);
        int no_room = j->repeat &&
                      prodi_sched_reserve(&m->sched, &m->arena, now + job_snap(m, j)->duration) != 0;
        oom |= no_room;
        if (no_room || prodi_mgr_host_add(m, j->inventory, b.items, b.count) != PROD_HOST_OK) {
            m->blocked[keep++] = b;
            continue;
        }
        j->state = PROD_JOB_RUNNING;
        cycle_done(m, b.slot, now, b.items, b.count);
    }
    m->blocked_len = keep;
    return oom;
}

/* Jobs ending at the same time are taken from the queue together (in id
 * order) so their records load in parallel; a restarted job's next end is
 * later, so finishing a batch before looking at the queue again keeps the
 * (end time, job id) order. */
#define TICK_BATCH 32u

static uint32_t pop_batch(prod_manager *m, int64_t end, uint32_t *batch)
{
    int64_t e;
    uint32_t s, n = 0;
    while (n < TICK_BATCH && prodi_sched_top(&m->sched, &e, &s) && e == end) {
        prodi_sched_pop(&m->sched);
        if (s < m->jobs.hwm)
            __builtin_prefetch(prodi_jt_at(&m->jobs, s));
        batch[n++] = s;
    }
    return n;
}

/* Finish the batch's jobs in order. On OOM the unfinished entries go back
 * to the queue (they were in it, so there is room) and a later tick resumes. */
static prod_status finish_batch(prod_manager *m, int64_t end, const uint32_t *batch, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        prodi_job *j = due_job(m, end, batch[i]);
        if (!j) {
            m->stale--;
            continue;
        }
        if (prodi_mgr_blocked_reserve(m) != 0 ||
            (j->repeat && prodi_sched_reserve(&m->sched, &m->arena, end + job_snap(m, j)->duration))) {
            for (uint32_t k = i; k < n; k++)
                prodi_sched_push(&m->sched, end, batch[k]);
            return prodi_err_set(&m->err, PROD_ERR_NO_MEMORY, "out of memory completing jobs");
        }
        finish_cycle(m, batch[i], end);
    }
    return PROD_OK;
}

prod_status prodi_mgr_tick(prod_manager *m, int64_t now)
{
    int64_t end;
    uint32_t slot;
    if (prodi_mgr_tick_idle(m, now))
        return PROD_OK;
    if (m->busy)
        return prodi_err_set(&m->err, PROD_ERR_BUSY, "tick called from inside a host callback");
    prod_status st = check_now(m, now);
    if (st != PROD_OK)
        return st;
    m->last_time = now;
    int held_oom = retry_blocked(m, now);
    uint32_t batch[TICK_BATCH];
    while (st == PROD_OK && prodi_sched_top(&m->sched, &end, &slot) && end <= now)
        st = finish_batch(m, end, batch, pop_batch(m, end, batch));
    if (st == PROD_OK && held_oom)
        st = prodi_err_set(&m->err, PROD_ERR_NO_MEMORY,
                     "out of memory restarting a job whose outputs were held; it stays blocked");
    return st;
}

/* --- cancel --------------------------------------------------------------- */

static int entry_live(const void *ctx, int64_t end, uint32_t slot)
{
    return due_job(ctx, end, slot) != NULL;
}

/* Drop stale entries at the top (so next_due and idle ticks stay exact) and
 * compact the queue when stale entries outnumber live ones. */
static void prune_stale(prod_manager *m)
{
    int64_t end;
    uint32_t slot;
    while (prodi_sched_top(&m->sched, &end, &slot) && !due_job(m, end, slot)) {
        prodi_sched_pop(&m->sched);
        m->stale--;
    }
    if (m->stale > STALE_COMPACT_MIN && m->stale * 2 > prodi_sched_len(&m->sched)) {
        prodi_sched_filter(&m->sched, entry_live, m);
        m->stale = 0;
    }
}

static uint32_t refund_items(const prod_manager *m, const prodi_job *j, uint32_t policy,
                             int64_t now, prod_item_qty *out)
{
    const prodi_snap *s = job_snap(m, j);
    int64_t end = j->start + s->duration, left = end > now ? end - now : 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->input_count && policy != PROD_REFUND_NONE; i++) {
        const prod_requirement *q = &s->inputs[i];
        if (!q->consume)
            continue;
        uint64_t qty = q->qty;
        if (policy == PROD_REFUND_PROPORTIONAL)
            qty = (uint64_t)((unsigned __int128)q->qty * (uint64_t)left / (uint64_t)s->duration);
        if (qty > 0)
            out[n++] = (prod_item_qty){q->item, (uint32_t)qty};
    }
    return n;
}

prod_status prodi_mgr_cancel(prod_manager *m, prod_job_id id, uint32_t refund, int64_t now)
{
    if (m->busy)
        return prodi_err_set(&m->err, PROD_ERR_BUSY, "cancel called from inside a host callback");
    if (refund > PROD_REFUND_PROPORTIONAL)
        return prodi_err_set(&m->err, PROD_ERR_INVALID_ARGUMENT, "refund policy %u is not one of "
                       "PROD_REFUND_NONE/FULL/PROPORTIONAL", refund);
    prod_status st = check_now(m, now);
    if (st != PROD_OK)
        return st;
    uint32_t slot;
    prodi_job *j = prodi_mgr_find(m, id, &slot);
    if (!j)
        return prodi_err_set(&m->err, PROD_ERR_NOT_FOUND, "no job %llu in this manager",
                       (unsigned long long)id);
    if (j->state == PROD_JOB_BLOCKED)
        return prodi_err_set(&m->err, PROD_ERR_STATE, "job %llu has finished and holds outputs that "
                       "do not fit; it cannot be cancelled", (unsigned long long)id);
    prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
    uint32_t n = refund_items(m, j, refund, now, items);
    int32_t rc = prodi_mgr_host_add(m, j->inventory, items, n);
    if (rc == PROD_HOST_FULL)
        return prodi_err_set(&m->err, PROD_ERR_INVENTORY_FULL, "the refund of job %llu does not fit "
                       "in inventory %llu; the job keeps running", (unsigned long long)id,
                       (unsigned long long)j->inventory);
    if (rc != PROD_HOST_OK)
        return prodi_err_set(&m->err, PROD_ERR_HOST, "inventory_add answered %d (not 0 or 2)", (int)rc);
    m->last_time = now;
    prodi_ev_emit(m, PROD_EVENT_CANCELLED, PROD_REASON_NONE, slot, now, items, n);
    prodi_mgr_end_job(m, slot);
    m->stale++;
    prune_stale(m);
    return PROD_OK;
}

/* --- queries -------------------------------------------------------------- */

static const prodi_blocked *find_blocked(const prod_manager *m, uint32_t slot)
{
    for (uint32_t i = 0; i < m->blocked_len; i++)
        if (m->blocked[i].slot == slot)
            return &m->blocked[i];
    return NULL;
}

prod_status prodi_mgr_job_get(prod_manager *m, prod_job_id id, int64_t now, prod_job_info *out)
{
    if (out->struct_size < 2 * sizeof(uint32_t))
        return prodi_err_set(&m->err, PROD_ERR_VERSION, "job_get: out->struct_size %u is too small",
                       out->struct_size);
    uint32_t slot;
    const prodi_job *j = prodi_mgr_find(m, id, &slot);
    if (!j)
        return prodi_err_set(&m->err, PROD_ERR_NOT_FOUND, "no job %llu in this manager",
                       (unsigned long long)id);
    const prodi_snap *s = job_snap(m, j);
    prod_job_info v = {
        .struct_size = out->struct_size < sizeof v ? out->struct_size : (uint32_t)sizeof v,
        .state = j->state,
        .id = id,
        .owner = j->owner,
        .inventory = j->inventory,
        .recipe = s->recipe,
        .repeat = j->repeat,
        .start_time = j->start,
        .end_time = j->start + s->duration,
        .duration = s->duration,
        .cycles = j->cycles,
        .modifiers = s->mods,
        .inputs = s->inputs,
        .input_count = s->input_count,
        .output_count = s->output_count,
        .outputs = s->outputs,
    };
    if (j->state == PROD_JOB_BLOCKED || s->duration == 0 || now >= v.end_time)
        v.progress = 1.0;
    else if (now > j->start)
        v.progress = (double)(now - j->start) / (double)s->duration;
    const prodi_blocked *b = j->state == PROD_JOB_BLOCKED ? find_blocked(m, slot) : NULL;
    if (b) {
        v.held = b->items;
        v.held_count = b->count;
    }
    memcpy(out, &v, v.struct_size);
    return PROD_OK;
}

static void emit_id(prod_job_id id, prod_job_id *out, uint32_t cap, uint32_t *n)
{
    if (*n < cap)
        out[*n] = id;
    (*n)++;
}

prod_status prodi_mgr_jobs(const prod_manager *m, int by_owner, uint64_t owner, prod_job_id *out,
                     uint32_t cap, uint32_t *count)
{
    uint32_t n = 0;
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (j->state != JOB_FREE && (!by_owner || j->owner == owner))
            emit_id(prodi_mgr_job_id(m, s, j->gen), out, cap, &n);
    }
    *count = n;
    return PROD_OK;
}

prod_status prodi_mgr_next_due(const prod_manager *m, int64_t *out)
{
    uint32_t slot;
    return prodi_sched_top(&m->sched, out, &slot) ? PROD_OK : PROD_ERR_NOT_FOUND;
}

/* --- memory --------------------------------------------------------------- */

void prodi_mgr_memory(const prod_manager *m, prod_memory_stats *out)
{
    size_t used = (size_t)m->jobs.live * sizeof(prodi_job) + (size_t)m->jobs.free_len * 4u +
                  prodi_sched_bytes_used(&m->sched) +
                  (size_t)m->blocked_len * sizeof(prodi_blocked) + prodi_u64map_bytes_used(&m->snaps.index);
    uint64_t snaps = 0;
    for (uint32_t i = 0; i < m->snaps.len; i++) {
        const prodi_snap *s = &m->snaps.v[i];
        if (!s->refs)
            continue;
        snaps++;
        used += sizeof *s + s->input_count * sizeof(prod_requirement) +
                s->output_count * sizeof(prod_output);
    }
    out->bytes_reserved = m->arena.reserved + prodi_u64map_bytes(&m->snaps.index);
    out->bytes_used = used;
    out->job_count = m->jobs.live;
    out->snapshot_count = snaps;
}
