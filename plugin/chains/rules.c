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

static prod_status check_bonuses(prod_ctx *ctx, const prod_chain_request *q)
{
    if (q->bonus_count && !q->bonuses)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: bonus_count %u but no bonuses array", q->bonus_count);
    for (uint32_t i = 0; i < q->bonus_count; i++) {
        const prod_bonus *b = &q->bonuses[i];
        if ((b->kind != PROD_BONUS_MATERIAL && b->kind != PROD_BONUS_TIME) || b->den == 0 ||
            b->num > b->den)
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                                 "chain: bonuses[%u] needs kind MATERIAL or TIME and a reduction "
                                 "num/den in 0..1 (got kind %u, %llu/%llu)",
                                 i, b->kind, (unsigned long long)b->num,
                                 (unsigned long long)b->den);
    }
    return PROD_OK;
}

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

prod_status prodi_chain_check_request(prod_ctx *ctx, const prod_chain_request *caller,
                                      int check_runs, prod_chain_request *q)
{
    if (!caller)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "chain: request is NULL");
    if (caller->struct_size < PRODI_CHAIN_REQUEST_MIN_SIZE || caller->version < 1)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "chain: request struct_size %u / version %u not supported",
                             caller->struct_size, caller->version);
    if (caller != q)
        prodi_copy_in(q, caller, sizeof *q);
    if (q->version < 2) { /* a version-1 caller's later members are not read */
        q->units = 0;
        q->bonus_count = 0;
        q->bonuses = NULL;
    }
    if (!prodi_reg_item_name(ctx->reg, q->item))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NOT_FOUND, "chain: no item with id %u",
                             q->item);
    if (check_runs && q->units == 0 && q->runs < 1)
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
    prod_status st = check_lists(ctx, q);
    return st == PROD_OK ? check_bonuses(ctx, q) : st;
}

/* ---- recipe choice ------------------------------------------------------- */

int32_t prodi_chain_me(const prod_chain_request *req, const prodi_recipe *r)
{
    for (uint32_t i = 0; i < req->category_me_count; i++)
        if (strcmp(req->category_me[i].category, r->category) == 0)
            return req->category_me[i].me;
    return req->me;
}

static int bonus_applies(const prod_bonus *b, const prodi_recipe *r, uint32_t kind)
{
    if (b->kind != kind)
        return 0;
    if (b->recipe)
        return strcmp(b->recipe, r->id) == 0;
    return !b->category || !b->category[0] || strcmp(b->category, r->category) == 0;
}

static int32_t percent_of(const prod_chain_request *req, const prodi_recipe *r, uint32_t kind)
{
    return kind == PROD_BONUS_MATERIAL ? prodi_chain_me(req, r) : req->te;
}

prodi_q prodi_chain_keep(const prod_chain_request *req, const prodi_recipe *r, uint32_t kind,
                         int *bonused, int *ovf)
{
    prodi_q k = prodi_q_frac((uint64_t)(100 - percent_of(req, r, kind)), 100, ovf);
    *bonused = 0;
    for (uint32_t i = 0; i < req->bonus_count; i++) {
        const prod_bonus *b = &req->bonuses[i];
        if (!bonus_applies(b, r, kind))
            continue;
        *bonused = 1;
        k = prodi_q_mul(k, prodi_q_frac(b->den - b->num, b->den, ovf), ovf);
    }
    return k;
}

double prodi_chain_keep_f(const prod_chain_request *req, const prodi_recipe *r, uint32_t kind)
{
    double k = 1.0 - percent_of(req, r, kind) / 100.0;
    for (uint32_t i = 0; i < req->bonus_count; i++)
        if (bonus_applies(&req->bonuses[i], r, kind))
            k *= 1.0 - (double)req->bonuses[i].num / (double)req->bonuses[i].den;
    return k;
}

int prodi_chain_override(const prod_chain_request *q, prod_item_id item, uint32_t *decision)
{
    for (uint32_t i = 0; i < q->override_count; i++)
        if (q->overrides[i].item == item) {
            *decision = q->overrides[i].decision;
            return 1;
        }
    return 0;
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

/* max(runs, ceil(round2(runs x qty x keep))): EVE's rule with stacked
 * bonuses, round2 to two decimals half up, in exact fractions. */
static int bonused_qty(prodi_q keep, uint64_t qty, uint64_t runs, uint64_t *out)
{
    int ovf = 0;
    prodi_q x = prodi_q_mul(prodi_q_mul(prodi_q_int(runs), prodi_q_int(qty), &ovf), keep, &ovf);
    prodi_q cents = prodi_q_floor_q(
        prodi_q_add(prodi_q_mul(x, prodi_q_int(100), &ovf), prodi_q_frac(1, 2, &ovf), &ovf), &ovf);
    uint64_t q = prodi_q_ceil(prodi_q_div(cents, prodi_q_int(100), &ovf), &ovf);
    if (ovf || q > CHAIN_MAX_QTY)
        return -1;
    *out = q < runs ? runs : q;
    return 0;
}

int prodi_chain_input_qty(const prod_chain_request *req, const prodi_recipe *r,
                          const prod_requirement *in, uint64_t runs, uint64_t *out)
{
    if (!in->consume) {
        *out = in->qty;
        return 0;
    }
    int bonused = 0, ovf = 0;
    prodi_q keep = req->bonus_count ? prodi_chain_keep(req, r, PROD_BONUS_MATERIAL, &bonused, &ovf)
                                    : prodi_q_int(1);
    if (ovf)
        return -1;
    if (bonused)
        return bonused_qty(keep, in->qty, runs, out);
    int32_t me = prodi_chain_me(req, r);
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

int prodi_chain_step_ms(const prod_chain_request *req, const prodi_recipe *r, uint64_t runs,
                        int64_t *out)
{
    int bonused = 0, ovf = 0;
    prodi_q keep = req->bonus_count ? prodi_chain_keep(req, r, PROD_BONUS_TIME, &bonused, &ovf)
                                    : prodi_q_int(1);
    uint64_t ms = 0;
    if (bonused) {
        prodi_q t = prodi_q_mul(prodi_q_mul(prodi_q_int(runs),
                                            prodi_q_int((uint64_t)r->duration_ms), &ovf),
                                keep, &ovf);
        ms = prodi_q_ceil(t, &ovf);
    } else if (!ovf && prodi_mul_div_ceil(runs, (uint64_t)r->duration_ms * (uint64_t)(100 - req->te),
                                          100, (uint64_t)PROD_TIME_MAX, &ms) != 0) {
        ovf = 1;
    }
    if (ovf || ms > (uint64_t)PROD_TIME_MAX)
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
