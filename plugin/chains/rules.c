/* rules.c - the rules chain queries share (see rules.h): request checks,
 * recipe choice, step sizes with exact integer rounding, job cost bases and
 * the cycle error text. */
#include "chains/rules.h"

#include "core/abi_struct.h"
#include "core/wide.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- request checks ------------------------------------------------------ */

static int bad_double(double d) { return !isfinite(d) || d < 0; }

static prod_status check_lists(prod_ctx *ctx, const prod_chain_request *q)
{
    if ((q->raw_count && !q->raw_items) || (q->preferred_count && !q->preferred) ||
        (q->override_count && !q->overrides) || (q->category_me_count && !q->category_me))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: a list has a count but no array");
    for (uint32_t i = 0; i < q->category_me_count; i++)
        if (!q->category_me[i].category || q->category_me[i].me < 0 || q->category_me[i].me > 100)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                                 "chain: category_me[%u] needs a category and ME in 0..100", i);
    for (uint32_t i = 0; i < q->preferred_count; i++)
        if (q->preferred[i] >= prodi_reg_recipe_count(ctx->reg))
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND,
                                 "chain: preferred recipe %u does not exist", q->preferred[i]);
    for (uint32_t i = 0; i < q->override_count; i++)
        if (q->overrides[i].decision != PROD_DECISION_MAKE &&
            q->overrides[i].decision != PROD_DECISION_BUY)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                                 "chain: override %u: decision must be MAKE or BUY", i);
    return PROD_OK;
}

prod_status prodi_chain_check_request(prod_ctx *ctx, const prod_chain_request *q, int check_runs)
{
    if (!q)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: request is NULL");
    if (q->struct_size < PRODI_CHAIN_REQUEST_MIN_SIZE || q->version < 1)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "chain: request struct_size %u / version %u not supported",
                             q->struct_size, q->version);
    if (!prodi_reg_item_name(ctx->reg, q->item))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND, "chain: no item with id %u",
                             q->item);
    if (check_runs && q->runs < 1)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: runs must be >= 1 (got %d)", q->runs);
    if (q->me < 0 || q->me > 100 || q->te < 0 || q->te > 100)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: ME and TE must be in 0..100 (got %d, %d)", q->me, q->te);
    if (q->choice > PROD_CHOOSE_CHEAPEST || q->strategy > PROD_STRATEGY_MIN_COST ||
        q->supply_threshold > PROD_SUPPLY_ABUNDANT)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: unknown choice %u, strategy %u or supply threshold %u",
                             q->choice, q->strategy, q->supply_threshold);
    if (bad_double(q->job_cost_index) || bad_double(q->default_job_cost))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: job_cost_index and default_job_cost must be finite and >= 0");
    return check_lists(ctx, q);
}

/* ---- recipe choice ------------------------------------------------------- */

int32_t prodi_chain_me(const prod_chain_request *req, const prodi_recipe *r)
{
    for (uint32_t i = 0; i < req->category_me_count; i++)
        if (strcmp(req->category_me[i].category, r->category) == 0)
            return req->category_me[i].me;
    return req->me;
}

static int marked_raw(const prod_chain_request *q, prod_item_id item)
{
    for (uint32_t i = 0; i < q->raw_count; i++)
        if (q->raw_items[i] == item)
            return 1;
    return 0;
}

const prodi_recipe *prodi_chain_pick_recipe(const prod_ctx *ctx, const prod_chain_request *q,
                                            prod_item_id item, prod_recipe_ix *ix)
{
    const chain_graph *g = ctx->chains;
    if (g->first_recipe[item] == PROD_RECIPE_NONE || marked_raw(q, item))
        return NULL;
    *ix = g->first_recipe[item];
    if (q->choice == PROD_CHOOSE_PREFERRED) {
        for (uint32_t i = 0; i < q->preferred_count; i++) {
            int expected = 0;
            if (prodi_chain_yield(prodi_reg_recipe(ctx->reg, q->preferred[i]), item, &expected) >
                0) {
                *ix = q->preferred[i];
                break;
            }
        }
    }
    return prodi_reg_recipe(ctx->reg, *ix);
}

/* ---- quantities ---------------------------------------------------------- */

double prodi_chain_job_base(const prod_ctx *ctx, const prod_chain_request *req, prod_recipe_ix rix)
{
    double b = ctx->chains->job_base[rix];
    return b < 0 ? req->default_job_cost : b;
}

int prodi_chain_runs(double y, uint64_t qty, uint64_t *runs, uint64_t *produced)
{
    double dr = ceil((double)qty / y);
    if (!(dr <= (double)CHAIN_MAX_RUNS))
        return -1;
    uint64_t r = (uint64_t)dr;
    while (floor((double)r * y + 1e-9) < (double)qty)
        r++;
    *runs = r;
    *produced = (uint64_t)floor((double)r * y + 1e-9);
    return 0;
}

int prodi_chain_input_qty(int32_t me, const prod_requirement *in, uint64_t runs, uint64_t *out)
{
    if (!in->consume) {
        *out = in->qty;
        return 0;
    }
    uint64_t q;
    if (prodi_mul_div_ceil(runs, (uint64_t)in->qty * (uint64_t)(100 - me), 100, CHAIN_MAX_QTY,
                           &q) != 0)
        return -1;
    if (q < runs)
        q = runs;
    if (q > CHAIN_MAX_QTY)
        return -1;
    *out = q;
    return 0;
}

int prodi_chain_step_ms(uint64_t runs, int64_t duration_ms, int32_t te, int64_t *out)
{
    uint64_t ms;
    if (prodi_mul_div_ceil(runs, (uint64_t)duration_ms * (uint64_t)(100 - te), 100,
                           (uint64_t)PROD_TIME_MAX, &ms) != 0)
        return -1;
    *out = (int64_t)ms;
    return 0;
}

prod_status prodi_chain_cycle_error(prod_ctx *ctx, const char *who, const prod_item_id *path,
                                    uint32_t n)
{
    char text[PRODI_ERR_TEXT_CAP] = "";
    size_t at = 0;
    for (uint32_t j = 0; j <= n && at < sizeof text; j++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%s%s", j ? " -> " : "",
                               prodi_reg_item_name(ctx->reg, path[j < n ? j : 0]));
    return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_CYCLE, "%s: cycle %s", who, text);
}
