/* api.c - the exported entry point and the function table: argument checks
 * at the boundary, then calls into the modules. */
#include <stdlib.h>
#include <string.h>

#include "chains/buildable.h"
#include "chains/econ.h"
#include "chains/flow.h"
#include "chains/graph.h"
#include "chains/lp.h"
#include "chains/market.h"
#include "chains/result.h"
#include "core/abi_struct.h"
#include "core/bits.h"
#include "core/context.h"
#include "core/ratio.h"
#include "core/status.h"
#include "jobs/cycles.h"
#include "jobs/manager.h"
#include "jobs/manager_registry.h"
#include "pipeline/assign.h"
#include "pipeline/config.h"
#include "pipeline/execute.h"
#include "pipeline/liquidate.h"
#include "pipeline/pipelines.h"
#include "pipeline/plan.h"
#include "pipeline/recover.h"
#include "pipeline/status.h"
#include "pipeline/tick.h"
#include "pipeline/workers.h"
#include "save/coord_persist.h"
#include "save/dump.h"
#include "save/persist.h"

/* --- context and registry look-ups ---------------------------------------- */

/* Refused (nothing freed, the host's log says why) while managers, manager
 * registries or calls still use the context: from inside a callback, or
 * too early. The host may call it again once they are gone. */
static void api_shutdown(prod_ctx *ctx)
{
    if (!ctx)
        return;
    uint32_t users = prodi_ctx_users(ctx);
    if (users > 0) {
        prodi_ctx_log(ctx, PROD_LOG_ERROR,
                      "shutdown refused: %u managers, manager registries or running calls "
                      "still use the context; nothing was freed",
                      users);
        return;
    }
    prodi_chain_graph_free(ctx->chains);
    prodi_coord_defaults_free(ctx);
    prodi_ctx_shutdown(ctx);
}

/* Version 3 of prod_init_params added the coordinators' defaults. */
static const prod_coord_config *coord_defaults_of(const prod_init_params *p)
{
    return p->version >= 3 && p->struct_size >= PRODI_SIZE_THROUGH(prod_init_params, coord_defaults)
               ? p->coord_defaults
               : NULL;
}

/* The context (core), then the recipe graph the chain queries read (chains)
 * and the coordinators' defaults (pipeline). */
static prod_status api_init(const prod_init_params *params, prod_ctx **out)
{
    prodi_errbuf err = {{0}};
    if (!out)
        return PROD_ERR_INVALID_ARGUMENT;
    prod_status st = prodi_ctx_init(params, out, &err);
    if (st == PROD_OK)
        st = prodi_chain_graph_build((*out)->reg, &(*out)->chains, &err);
    if (st == PROD_OK)
        st = prodi_coord_defaults_init(*out, coord_defaults_of(params), &err);
    if (st != PROD_OK) {
        api_shutdown(*out);
        *out = NULL;
        if (params && params->struct_size >= sizeof *params)
            prodi_err_copy_out(&err, params->error, params->error_cap);
    }
    return st;
}

static const char *api_last_error(const prod_ctx *ctx)
{
    return ctx ? prodi_ctx_last_error(ctx) : "";
}

static void api_free_buffer(void *p) { prodi_buf_free(p); }

static uint32_t api_recipe_count(const prod_ctx *ctx)
{
    return ctx ? prodi_reg_recipe_count(ctx->reg) : 0;
}

static prod_status api_recipe_find(const prod_ctx *ctx, const char *id, prod_recipe_ix *out)
{
    if (!ctx || !id || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_reg_find_recipe(ctx->reg, id, out) ? PROD_OK : PROD_ERR_NOT_FOUND;
}

static prod_status api_recipe_get(const prod_ctx *ctx, prod_recipe_ix ix, prod_recipe_info *out)
{
    if (!ctx || !out || out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_INVALID_ARGUMENT;
    const prodi_recipe *r = prodi_reg_recipe(ctx->reg, ix);
    if (!r)
        return PROD_ERR_NOT_FOUND;
    prod_recipe_info v = {
        .index = ix,
        .id = r->id,
        .name = r->name,
        .category = r->category,
        .metadata = r->metadata,
        .duration_ms = r->duration_ms,
        .inputs = r->inputs,
        .input_count = r->input_count,
        .output_count = r->output_count,
        .outputs = r->outputs,
    };
    prodi_copy_out(out, &v, sizeof v);
    return PROD_OK;
}

static prod_status api_recipes_by_category(const prod_ctx *ctx, const char *category,
                                           const prod_recipe_ix **out, uint32_t *count)
{
    if (!ctx || !category || !out || !count)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = prodi_reg_by_category(ctx->reg, category, count);
    return PROD_OK;
}

static prod_status api_recipes_by_output(const prod_ctx *ctx, prod_item_id item,
                                         const prod_recipe_ix **out, uint32_t *count)
{
    if (!ctx || !out || !count)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = prodi_reg_by_output(ctx->reg, item, count);
    return PROD_OK;
}

static uint32_t api_item_count(const prod_ctx *ctx)
{
    return ctx ? prodi_reg_item_count(ctx->reg) : 0;
}

static prod_status api_item_find(const prod_ctx *ctx, const char *name, prod_item_id *out)
{
    if (!ctx || !name || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_reg_find_item(ctx->reg, name, out) ? PROD_OK : PROD_ERR_NOT_FOUND;
}

static const char *api_item_name(const prod_ctx *ctx, prod_item_id item)
{
    return ctx ? prodi_reg_item_name(ctx->reg, item) : NULL;
}

static prod_status api_export_json(prod_ctx *ctx, char **out, size_t *len)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    size_t n;
    prod_status st = prodi_reg_export_json(ctx->reg, out, &n, prodi_ctx_err(ctx));
    if (st == PROD_OK && len)
        *len = n;
    return st;
}

/* --- managers ------------------------------------------------------------- */

/* A call that changes a manager holds it while it runs (prodi_mgr_enter):
 * another such call meanwhile, from one of its callbacks or another thread,
 * gets PROD_ERR_BUSY and changes nothing. A manager destroyed meanwhile is
 * freed when the call ends (prodi_mgr_leave). */
#define HOLD_MANAGER(m, call)                                                                      \
    do {                                                                                           \
        if (prodi_mgr_enter(m) != 0)                                                               \
            return PROD_ERR_BUSY;                                                                  \
        prod_status held_status = (call);                                                          \
        prodi_mgr_leave(m);                                                                        \
        return held_status;                                                                        \
    } while (0)

static prod_status api_manager_create(prod_ctx *ctx, const prod_manager_config *cfg,
                                      prod_manager **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    return prodi_mgr_create(ctx, cfg, out);
}

static void api_manager_destroy(prod_manager *m)
{
    if (m)
        prodi_mgr_destroy(m);
}

static const char *api_manager_last_error(const prod_manager *m)
{
    return m ? prodi_mgr_err_text(m) : "";
}

static prod_status api_tick(prod_manager *m, int64_t now)
{
    if (!m)
        return PROD_ERR_INVALID_ARGUMENT;
    HOLD_MANAGER(m, prodi_mgr_tick_idle(m, now) ? PROD_OK : prodi_mgr_tick(m, now));
}

/* How many managers ahead tick_batch fetches: enough cache misses in flight
 * to cover one idle tick each. */
#define BATCH_AHEAD 32u

/* The first error, else MORE when any tick had more to do, else OK. */
static prod_status batch_status(prod_status all, prod_status st)
{
    if (all < 0)
        return all;
    if (st < 0)
        return st;
    return st == PROD_MORE ? PROD_MORE : all;
}

static prod_status api_tick_batch(prod_manager *const *ms, uint32_t n, int64_t now,
                                  prod_status *statuses)
{
    if (n > 0 && !ms)
        return PROD_ERR_INVALID_ARGUMENT;
    prod_status all = PROD_OK;
    for (uint32_t i = 0; i < n; i++) {
        if (i + BATCH_AHEAD < n)
            prodi_prefetch(ms[i + BATCH_AHEAD]); /* its hot fields, while this one ticks */
        prod_status st = api_tick(ms[i], now);
        if (statuses)
            statuses[i] = st;
        all = batch_status(all, st);
    }
    return all;
}

static prod_status api_start(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                             uint64_t inventory, int64_t now, prod_job_id *out)
{
    if (!m)
        return PROD_ERR_INVALID_ARGUMENT;
    HOLD_MANAGER(m, prodi_mgr_start(m, recipe, owner, inventory, now, 0, out));
}

static prod_status api_start_repeating(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                                       uint64_t inventory, int64_t now, prod_job_id *out)
{
    if (!m)
        return PROD_ERR_INVALID_ARGUMENT;
    HOLD_MANAGER(m, prodi_mgr_start(m, recipe, owner, inventory, now, 1, out));
}

static prod_status api_cancel(prod_manager *m, prod_job_id job, uint32_t refund, int64_t now)
{
    if (!m)
        return PROD_ERR_INVALID_ARGUMENT;
    HOLD_MANAGER(m, prodi_mgr_cancel(m, job, refund, now));
}

static prod_status api_job_get(prod_manager *m, prod_job_id job, int64_t now,
                               prod_job_info *out)
{
    return (m && out) ? prodi_mgr_job_get(m, job, now, out) : PROD_ERR_INVALID_ARGUMENT;
}

static prod_status api_jobs_by_owner(const prod_manager *m, uint64_t owner, prod_job_id *out,
                                     uint32_t cap, uint32_t *count)
{
    if (!m || !count || (cap > 0 && !out))
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_mgr_jobs(m, 1, owner, out, cap, count);
}

static prod_status api_jobs_all(const prod_manager *m, prod_job_id *out, uint32_t cap,
                                uint32_t *count)
{
    if (!m || !count || (cap > 0 && !out))
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_mgr_jobs(m, 0, 0, out, cap, count);
}

static uint64_t api_job_count(const prod_manager *m) { return m ? m->jobs.live : 0; }

static prod_status api_next_due(const prod_manager *m, int64_t *out)
{
    return (m && out) ? prodi_mgr_next_due(m, out) : PROD_ERR_INVALID_ARGUMENT;
}

/* --- manager registry ----------------------------------------------------- */

static prod_status api_registry_create(prod_ctx *ctx, prod_manager_registry **out)
{
    return (ctx && out) ? prodi_mreg_create(ctx, out) : PROD_ERR_INVALID_ARGUMENT;
}

static void api_registry_destroy(prod_manager_registry *r)
{
    if (r)
        prodi_mreg_destroy(r);
}

static prod_status api_registry_add(prod_manager_registry *r, uint64_t key, prod_manager *m)
{
    return (r && m) ? prodi_mreg_add(r, key, m) : PROD_ERR_INVALID_ARGUMENT;
}

static prod_status api_registry_remove(prod_manager_registry *r, uint64_t key)
{
    return r ? prodi_mreg_remove(r, key) : PROD_ERR_INVALID_ARGUMENT;
}

static prod_status api_registry_get(const prod_manager_registry *r, uint64_t key,
                                    prod_manager **out)
{
    return (r && out) ? prodi_mreg_get(r, key, out) : PROD_ERR_INVALID_ARGUMENT;
}

static prod_status api_registry_find_job(const prod_manager_registry *r, prod_job_id job,
                                         prod_manager **out, uint64_t *key)
{
    return (r && out) ? prodi_mreg_find_job(r, job, out, key) : PROD_ERR_INVALID_ARGUMENT;
}

static uint32_t api_registry_count(const prod_manager_registry *r)
{
    return r ? prodi_mreg_count(r) : 0;
}

/* --- persistence and introspection ---------------------------------------- */

static prod_status api_serialize(prod_manager *m, uint8_t **out, size_t *len)
{
    if (!m || !out || !len)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    *len = 0;
    HOLD_MANAGER(m, prodi_persist_save(m, out, len));
}

static prod_status api_deserialize(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                                   const prod_load_options *opts, prod_manager **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!bytes && len > 0)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "deserialize: bytes is NULL");
    return prodi_persist_load(ctx, bytes, len, opts, out);
}

static prod_status api_manager_memory(const prod_manager *m, prod_memory_stats *out)
{
    if (!m || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    if (out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_VERSION;
    prod_memory_stats v = {.reserved0 = 0};
    prodi_mgr_memory(m, &v);
    prodi_copy_out(out, &v, sizeof v);
    return PROD_OK;
}

static prod_status api_manager_config(const prod_manager *m, prod_manager_config *out)
{
    if (!m || !out || out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_INVALID_ARGUMENT;
    prod_manager_config v = {
        .version = PROD_MANAGER_CONFIG_VERSION,
        .tag = m->tag,
        .seed = m->seed,
        .id_space = m->id_space,
        .output_policy = m->output_policy,
        .max_completions = m->max_completions,
    };
    prodi_copy_out(out, &v, sizeof v);
    return PROD_OK;
}

static int64_t api_manager_time(const prod_manager *m) { return m ? m->last_time : 0; }

static prod_status api_manager_counters(const prod_manager *m, prod_manager_counters *out)
{
    if (!m || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    if (out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_VERSION;
    prod_manager_counters v;
    prodi_mgr_counters(m, &v);
    prodi_copy_out(out, &v, sizeof v);
    return PROD_OK;
}

static prod_status api_manager_dump_json(const prod_manager *m, char **out, size_t *len)
{
    if (!m || !out || !len)
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_dump_json(m, out, len);
}

/* --- chains and economics (ABI 1.2) --------------------------------------- */

/* A context-level call that makes host callbacks counts as a user of the
 * context while it runs, so a callback calling shutdown is refused instead
 * of freeing the context under the call. */
#define USING_CONTEXT(ctx, call)                                                                   \
    do {                                                                                           \
        prodi_ctx_use(ctx);                                                                        \
        prod_status used_status = (call);                                                          \
        prodi_ctx_unuse(ctx);                                                                      \
        return used_status;                                                                        \
    } while (0)

static prod_status api_chain_build(prod_ctx *ctx, const prod_chain_request *req,
                                   prod_chain_result **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    USING_CONTEXT(ctx, prodi_chain_build(ctx, req, out));
}

static prod_status api_econ_item(prod_ctx *ctx, const prod_chain_request *req,
                                 prod_econ_info *out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    USING_CONTEXT(ctx, prodi_econ_item(ctx, req, out));
}

static prod_status api_econ_opportunities(prod_ctx *ctx, const prod_opportunity_request *req,
                                          prod_econ_info **out, uint32_t *count)
{
    if (!ctx || !out || !count)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    *count = 0;
    USING_CONTEXT(ctx, prodi_econ_opportunities(ctx, req, out, count));
}

static prod_status api_market_best_buy(prod_ctx *ctx, prod_item_id item, prod_market_quote *out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    USING_CONTEXT(ctx, prodi_market_best_buy(ctx, item, out));
}

static prod_status api_market_best_sell(prod_ctx *ctx, prod_item_id item, double depth_bonus,
                                        prod_market_quote *out, double *score)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    USING_CONTEXT(ctx, prodi_market_best_sell(ctx, item, depth_bonus, out, score));
}

static prod_status api_trade_size(const prod_trade_request *req, uint32_t *out)
{
    return (req && out) ? prodi_market_trade_size(req, out) : PROD_ERR_INVALID_ARGUMENT;
}

static prod_status api_build_max(prod_ctx *ctx, const prod_chain_request *req, uint64_t inventory,
                                 uint64_t *out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    USING_CONTEXT(ctx, prodi_build_max(ctx, req, inventory, out));
}

static prod_status api_recipes_startable(prod_ctx *ctx, uint64_t inventory, prod_recipe_ix **out,
                                         uint32_t *count)
{
    if (!ctx || !out || !count)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    *count = 0;
    USING_CONTEXT(ctx, prodi_build_startable(ctx, inventory, out, count));
}

static prod_status api_chain_flow(prod_ctx *ctx, const prod_flow_request *req,
                                  prod_flow_result **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    USING_CONTEXT(ctx, prodi_chain_flow(ctx, req, out));
}

static prod_status api_chain_optimize(prod_ctx *ctx, const prod_lp_request *req,
                                      prod_flow_result **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    USING_CONTEXT(ctx, prodi_chain_optimize(ctx, req, out));
}

static prod_status api_exact_format(const prod_exact *x, char *buf, uint32_t cap)
{
    if (!x || !buf || (x->den_hi == 0 && x->den_lo == 0))
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_u128_format((prodi_u128){x->num_hi, x->num_lo}, (prodi_u128){x->den_hi, x->den_lo},
                             buf, cap) == 0
               ? PROD_OK
               : PROD_ERR_LIMIT;
}

/* --- supply-chain coordinators (ABI 1.4) ----------------------------------- */

/* The calls that change a coordinator hold it (prodi_coord_enter): another
 * meanwhile gets BUSY; a coordinator destroyed meanwhile is freed when the
 * call ends. Finished pipelines past keep_finished are retired then, so no
 * step of the call ever holds a freed one. */
#define HOLD_COORD(c, call)                                                                        \
    do {                                                                                           \
        if (!(c))                                                                                  \
            return PROD_ERR_INVALID_ARGUMENT;                                                      \
        if (prodi_coord_enter(c) != 0)                                                             \
            return PROD_ERR_BUSY;                                                                  \
        prod_status held_status = (call);                                                          \
        prodi_coord_retire(c);                                                                     \
        prodi_coord_leave(c);                                                                      \
        return held_status;                                                                        \
    } while (0)

static prod_status coord_null(prod_coordinator *c, const char *who)
{
    return prodi_err_set(prodi_coord_err(c), PROD_ERR_INVALID_ARGUMENT, "%s: a pointer is NULL",
                         who);
}

static prod_status api_coord_create(prod_ctx *ctx, const prod_coord_config *cfg,
                                    prod_coordinator **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    return prodi_coord_create(ctx, cfg, out);
}

static void api_coord_destroy(prod_coordinator *c)
{
    if (c)
        prodi_coord_destroy(c);
}

static const char *api_coord_last_error(const prod_coordinator *c)
{
    return c ? prodi_coord_err_text(c) : "";
}

static prod_status api_coord_tick(prod_coordinator *c, int64_t now)
{
    HOLD_COORD(c, prodi_coord_tick(c, now));
}

static prod_status api_coord_plan(prod_coordinator *c, prod_item_id item, int64_t now,
                                  uint64_t *pipeline)
{
    HOLD_COORD(c, prodi_coord_plan_at(c, item, now, pipeline));
}

static prod_status api_coord_cancel(prod_coordinator *c, uint64_t pipeline, int64_t now)
{
    HOLD_COORD(c, prodi_coord_cancel(c, pipeline, now));
}

static prod_status api_coord_worker_add(prod_coordinator *c, const prod_worker_info *w,
                                        int64_t now)
{
    HOLD_COORD(c, w ? prodi_coord_add_worker(c, w, now) : coord_null(c, "coord_worker_add"));
}

static prod_status api_coord_worker_remove(prod_coordinator *c, uint64_t worker, int64_t now)
{
    HOLD_COORD(c, prodi_coord_remove_worker(c, worker, now));
}

static prod_status api_coord_worker_move(prod_coordinator *c, uint64_t worker, uint64_t location,
                                         int64_t now)
{
    HOLD_COORD(c, prodi_coord_move_worker(c, worker, location, now));
}

static prod_status api_coord_worker_cargo(prod_coordinator *c, uint64_t worker,
                                          const prod_item_qty *cargo, uint32_t n, int64_t now)
{
    HOLD_COORD(c, cargo || !n ? prodi_coord_reconcile(c, worker, cargo, n, now)
                              : coord_null(c, "coord_worker_cargo"));
}

static prod_status api_coord_arrive(prod_coordinator *c, const prod_arrival *a, prod_order *out)
{
    HOLD_COORD(c, a && out ? prodi_coord_arrive(c, a, out) : coord_null(c, "coord_arrive"));
}

static prod_status api_coord_report(prod_coordinator *c, const prod_task_report *r)
{
    HOLD_COORD(c, r ? prodi_coord_report(c, r) : coord_null(c, "coord_report"));
}

static prod_status api_coord_config_set(prod_coordinator *c, const prod_coord_config *u,
                                        int64_t now)
{
    HOLD_COORD(c, u ? prodi_coord_config_set(c, u, now) : coord_null(c, "coord_config_set"));
}

static prod_status api_coord_config_get(const prod_coordinator *c, uint32_t which,
                                        prod_coord_config *out)
{
    if (!c || !out || which > PROD_COORD_CONFIG_PENDING ||
        out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_INVALID_ARGUMENT;
    prodi_coord_cfg_out(which == PROD_COORD_CONFIG_PENDING && c->has_pending ? &c->pending
                                                                            : &c->cfg,
                        out);
    return PROD_OK;
}

static prod_status api_coord_config_history(const prod_coordinator *c,
                                            prod_coord_config_change *out, uint32_t cap,
                                            uint32_t *count)
{
    if (!c || !count || (cap > 0 && !out))
        return PROD_ERR_INVALID_ARGUMENT;
    prodi_coord_history(c, out, cap, count);
    return PROD_OK;
}

static prod_status api_coord_pipelines(const prod_coordinator *c, uint64_t *out, uint32_t cap,
                                       uint32_t *count)
{
    if (!c || !count || (cap > 0 && !out))
        return PROD_ERR_INVALID_ARGUMENT;
    prodi_coord_pipeline_ids(c, out, cap, count);
    return PROD_OK;
}

static prod_status api_coord_status(prod_coordinator *c, uint64_t pipeline,
                                    prod_pipeline_status **out)
{
    if (!c || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    return prodi_coord_status(c, pipeline, out);
}

static prod_status api_coord_stats(const prod_coordinator *c, prod_coord_stats *out)
{
    if (!c || !out || out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_INVALID_ARGUMENT;
    prodi_coord_stats(c, out);
    return PROD_OK;
}

static prod_status api_coord_worker_get(const prod_coordinator *c, uint64_t worker,
                                        prod_worker_info *out)
{
    if (!c || !out || out->struct_size < PRODI_OUT_HEADER_SIZE)
        return PROD_ERR_INVALID_ARGUMENT;
    return prodi_coord_worker_info(c, worker, out);
}

static prod_status api_coord_next_due(const prod_coordinator *c, int64_t *out)
{
    return c && out ? prodi_coord_next_due(c, out) : PROD_ERR_INVALID_ARGUMENT;
}

static prod_status api_coord_serialize(prod_coordinator *c, uint8_t **out, size_t *len)
{
    if (!out || !len)
        return c ? coord_null(c, "coord_serialize") : PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    *len = 0;
    HOLD_COORD(c, prodi_coord_save(c, out, len));
}

static prod_status api_coord_deserialize(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                                         prod_coordinator **out)
{
    if (!ctx || !out)
        return PROD_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!bytes && len > 0)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "coord_deserialize: bytes is NULL");
    return prodi_coord_load(ctx, bytes, len, out);
}

static const prod_api api_v1 = {
    .struct_size = sizeof(prod_api),
    .abi_version = PROD_ABI_VERSION,
    .plugin_version = PROD_VERSION_STRING,
    .init = api_init,
    .shutdown = api_shutdown,
    .last_error = api_last_error,
    .free_buffer = api_free_buffer,
    .recipe_count = api_recipe_count,
    .recipe_find = api_recipe_find,
    .recipe_get = api_recipe_get,
    .recipes_by_category = api_recipes_by_category,
    .recipes_by_output = api_recipes_by_output,
    .item_count = api_item_count,
    .item_find = api_item_find,
    .item_name = api_item_name,
    .export_json = api_export_json,
    .manager_create = api_manager_create,
    .manager_destroy = api_manager_destroy,
    .manager_last_error = api_manager_last_error,
    .tick = api_tick,
    .start = api_start,
    .start_repeating = api_start_repeating,
    .cancel = api_cancel,
    .job_get = api_job_get,
    .jobs_by_owner = api_jobs_by_owner,
    .jobs_all = api_jobs_all,
    .job_count = api_job_count,
    .next_due = api_next_due,
    .registry_create = api_registry_create,
    .registry_destroy = api_registry_destroy,
    .registry_add = api_registry_add,
    .registry_remove = api_registry_remove,
    .registry_get = api_registry_get,
    .registry_find_job = api_registry_find_job,
    .registry_count = api_registry_count,
    .serialize = api_serialize,
    .deserialize = api_deserialize,
    .manager_memory = api_manager_memory,
    .manager_config = api_manager_config,
    .manager_time = api_manager_time,
    .chain_build = api_chain_build,
    .econ_item = api_econ_item,
    .econ_opportunities = api_econ_opportunities,
    .market_best_buy = api_market_best_buy,
    .market_best_sell = api_market_best_sell,
    .trade_size = api_trade_size,
    .build_max = api_build_max,
    .recipes_startable = api_recipes_startable,
    .status_str = prodi_status_str,
    .tick_batch = api_tick_batch,
    .manager_counters = api_manager_counters,
    .manager_dump_json = api_manager_dump_json,
    .chain_flow = api_chain_flow,
    .chain_optimize = api_chain_optimize,
    .exact_format = api_exact_format,
    .coord_create = api_coord_create,
    .coord_destroy = api_coord_destroy,
    .coord_last_error = api_coord_last_error,
    .coord_tick = api_coord_tick,
    .coord_plan = api_coord_plan,
    .coord_cancel = api_coord_cancel,
    .coord_worker_add = api_coord_worker_add,
    .coord_worker_remove = api_coord_worker_remove,
    .coord_worker_move = api_coord_worker_move,
    .coord_worker_cargo = api_coord_worker_cargo,
    .coord_arrive = api_coord_arrive,
    .coord_report = api_coord_report,
    .coord_config_set = api_coord_config_set,
    .coord_config_get = api_coord_config_get,
    .coord_config_history = api_coord_config_history,
    .coord_pipelines = api_coord_pipelines,
    .coord_status = api_coord_status,
    .coord_stats = api_coord_stats,
    .coord_worker_get = api_coord_worker_get,
    .coord_next_due = api_coord_next_due,
    .coord_serialize = api_coord_serialize,
    .coord_deserialize = api_coord_deserialize,
};

const prod_api *prod_get_api(uint32_t abi_version, const char **reason)
{
    uint32_t major = abi_version >> 16, minor = abi_version & 0xFFFFu;
    const char *why = NULL;
    if (major != PROD_ABI_MAJOR)
        why = "ABI major version mismatch: this plugin serves major version 1 only";
    else if (minor > PROD_ABI_MINOR)
        why = "ABI minor version too new: the host needs functions this plugin lacks";
    if (reason)
        *reason = why;
    return why ? NULL : &api_v1;
}
