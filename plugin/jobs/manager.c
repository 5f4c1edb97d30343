/* manager.c - a manager's lifecycle (config checks, create, destroy) and its
 * read-only queries: one job, jobs by owner, the next end time, memory. */
#include "jobs/manager.h"

#include <stdlib.h>
#include <string.h>

#include "core/abi_struct.h"
#include "jobs/manager_registry.h"

/* --- lifecycle ------------------------------------------------------------ */

static prod_status check_config(const prod_manager_config *c, prodi_errbuf *err)
{
    if (!c)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "manager_create: config is NULL");
    if (c->struct_size < PRODI_MANAGER_CONFIG_MIN_SIZE || c->version < 1)
        return prodi_err_set(err, PROD_ERR_VERSION,
                             "manager_create: config struct_size %u / version %u not supported",
                             c->struct_size, c->version);
    if (c->id_space > PROD_ID_SPACE_MAX)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "manager_create: id_space %u exceeds %u", c->id_space,
                             PROD_ID_SPACE_MAX);
    if (c->output_policy > PROD_OUTPUT_FAIL)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "manager_create: output_policy %u is not PROD_OUTPUT_HOLD or _FAIL",
                             c->output_policy);
    return PROD_OK;
}

prod_status prodi_mgr_create(prod_ctx *ctx, const prod_manager_config *cfg, prod_manager **out)
{
    prod_status st = check_config(cfg, prodi_ctx_err(ctx));
    if (st != PROD_OK)
        return st;
    uint8_t shift = 0;
    prod_manager *m = prodi_aligned_alloc(&ctx->mem, sizeof *m, &shift); /* hot fields on a line */
    if (m) {
        memset(m, 0, sizeof *m);
        m->shift = shift;
    }
    if (!m)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY,
                             "manager_create: out of memory");
    m->ctx = ctx;
    m->recipes = prodi_reg_recipes(ctx->reg);
    m->tag = cfg->tag;
    m->seed = cfg->seed;
    m->id_space = cfg->id_space;
    m->output_policy = cfg->output_policy;
    m->max_completions = PROD_DEFAULT_MAX_COMPLETIONS;
    if (cfg->struct_size >= PRODI_SIZE_THROUGH(prod_manager_config, max_completions) &&
        cfg->max_completions > 0)
        m->max_completions = cfg->max_completions;
    m->catch_up = -1;
    atomic_init(&m->state, 0);
    prodi_ctx_use(ctx);
    prodi_arena_init(&m->arena, &ctx->mem);
    prodi_jt_init(&m->jobs);
    prodi_wheel_init(&m->wheel);
    prodi_snaps_init(&m->snaps, &ctx->mem);
    prodi_rng_seed(&m->rng, cfg->seed);
    *out = m;
    return PROD_OK;
}

void prodi_mgr_destroy(prod_manager *m)
{
    if (prodi_claim_destroy(&m->state))
        prodi_mgr_free(m); /* nobody held it: this call owns it now */
}

void prodi_mgr_free(prod_manager *m)
{
    prodi_mreg_forget(m);
    prodi_wheel_free(&m->wheel, &m->arena);
    prodi_snaps_free(&m->snaps, &m->arena);
    prodi_jt_free(&m->jobs, &m->arena);
    prodi_arena_release(&m->arena, m->blocked, m->blocked_cap * sizeof *m->blocked);
    prodi_arena_release(&m->arena, m->err, sizeof *m->err);
    prodi_arena_free_all(&m->arena);
    prod_ctx *ctx = m->ctx;
    unsigned char *base = (unsigned char *)m - m->shift;
    prodi_mem_resize(&ctx->mem, base, sizeof *m + 16, 0); /* as prodi_aligned_alloc gave it */
    prodi_ctx_unuse(ctx);
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
    if (out->struct_size < PRODI_OUT_HEADER_SIZE)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_VERSION, "job_get: out->struct_size %u is too small",
                             out->struct_size);
    uint32_t slot;
    const prodi_job *j = prodi_mgr_find(m, id, &slot);
    if (!j)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NOT_FOUND, "no job %llu in this manager",
                             (unsigned long long)id);
    const prodi_eff *s = prodi_mgr_job_eff(m, j);
    prod_job_info v = {
        .state = prodi_mgr_job_state(j),
        .id = id,
        .owner = j->owner,
        .inventory = j->inventory,
        .recipe = s->recipe,
        .repeat = j->repeat,
        .start_time = (int64_t)j->end - s->duration,
        .end_time = (int64_t)j->end,
        .duration = s->duration,
        .cycles = prodi_jt_cycles(j),
        .modifiers = s->mods,
        .inputs = s->inputs,
        .input_count = s->input_count,
        .output_count = s->output_count,
        .outputs = s->outputs,
    };
    if (j->blocked || s->duration == 0 || now >= v.end_time)
        v.progress = 1.0;
    else if (now > v.start_time)
        v.progress = (double)(now - v.start_time) / (double)s->duration;
    const prodi_blocked *b = j->blocked ? find_blocked(m, slot) : NULL;
    if (b) {
        v.held = b->items;
        v.held_count = b->count;
    }
    prodi_copy_out(out, &v, sizeof v);
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
        if (prodi_jt_is_job(j) && (!by_owner || j->owner == owner))
            emit_id(prodi_mgr_job_id(m, s, j->gen), out, cap, &n);
    }
    *count = n;
    return PROD_OK;
}

prod_status prodi_mgr_next_due(const prod_manager *m, int64_t *out)
{
    if (!m->wheel.count)
        return PROD_ERR_NOT_FOUND;
    /* The exact earliest end is found once and kept: a cache, not a change
     * the host can see (one thread at a time per manager). */
    prod_manager *self = (prod_manager *)m;
    *out = prodi_wheel_earliest(&self->wheel, &self->jobs);
    return PROD_OK;
}

/* --- error text ----------------------------------------------------------- */

prodi_errbuf *prodi_mgr_err(prod_manager *m)
{
    if (!m->err) {
        m->err = prodi_arena_resize(&m->arena, NULL, 0, sizeof *m->err);
        if (m->err)
            m->err->text[0] = '\0';
        m->err_lost = m->err == NULL;
    }
    return m->err;
}

const char *prodi_mgr_err_text(const prod_manager *m)
{
    if (m->err_lost)
        return "out of memory (the text of the last error could not be kept)";
    return m->err ? m->err->text : "";
}

/* --- memory --------------------------------------------------------------- */

void prodi_mgr_memory(const prod_manager *m, prod_memory_stats *out)
{
    size_t snap_bytes;
    uint32_t snaps = prodi_snaps_count(&m->snaps, &snap_bytes);
    size_t used = prodi_jt_bytes_used(&m->jobs) + prodi_wheel_bytes(&m->wheel) +
                  (size_t)m->blocked_len * sizeof(prodi_blocked) + snap_bytes +
                  (m->err ? sizeof *m->err : 0) + sizeof *m;
    out->bytes_reserved = m->arena.reserved + prodi_u64map_bytes(&m->snaps.index) + sizeof *m + 16;
    out->bytes_used = used;
    out->job_count = m->jobs.live;
    out->snapshot_count = snaps;
}

void prodi_mgr_counters(const prod_manager *m, prod_manager_counters *out)
{
    prod_memory_stats mem = {.struct_size = sizeof mem};
    prodi_mgr_memory(m, &mem);
    const uint64_t *c = m->counted;
    uint64_t events = 0;
    for (unsigned k = 0; k < PRODI_COUNTERS; k++)
        events += c[k];
    *out = (prod_manager_counters){
        .starts = c[PRODI_COUNT_STARTS],
        .restarts = c[PRODI_COUNT_RESTARTS],
        .completions = c[PRODI_COUNT_COMPLETIONS],
        .cancels = c[PRODI_COUNT_CANCELS],
        .blocked_outputs = c[PRODI_COUNT_BLOCKED],
        .failed_to_restart = c[PRODI_COUNT_FAILED_TO_RESTART],
        .failed_output_full = c[PRODI_COUNT_FAILED_OUTPUT_FULL],
        .recipe_removed = c[PRODI_COUNT_RECIPE_REMOVED],
        .events = events,
        .jobs = m->jobs.live,
        .jobs_blocked = m->blocked_len,
        .bytes_reserved = mem.bytes_reserved,
        .bytes_used = mem.bytes_used,
    };
}
