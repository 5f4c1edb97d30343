/* modifiers.c - modifier resolution, validation and rounding rules. */
#include "jobs/modifiers.h"

#include <math.h>

prod_modifiers prodi_mods_identity(void) { return (prod_modifiers){1.0, 1.0, 1.0}; }

static int factor_ok(double f) { return isfinite(f) && f >= 0.0 && f <= PRODI_MODIFIER_MAX; }

int prodi_mods_valid(const prod_modifiers *m)
{
    return factor_ok(m->input_cost) && factor_ok(m->output_yield) && factor_ok(m->time_speed);
}

/* HOST: what a source (or their product, source < 0) answered, each factor
 * printed so that it reads back exactly (1000.0000001 is not 1000). */
static prod_status bad_factors(prodi_errbuf *err, int64_t source, const prod_modifiers *m)
{
    char c[32], y[32], t[32];
    prodi_fmt_double(c, sizeof c, m->input_cost);
    prodi_fmt_double(y, sizeof y, m->output_yield);
    prodi_fmt_double(t, sizeof t, m->time_speed);
    if (source < 0)
        return prodi_err_set(err, PROD_ERR_HOST,
                             "combined modifiers out of range (input_cost=%s output_yield=%s "
                             "time_speed=%s; each must be in [0, %g])",
                             c, y, t, PRODI_MODIFIER_MAX);
    return prodi_err_set(err, PROD_ERR_HOST,
                         "modifier source %lld answered input_cost=%s output_yield=%s "
                         "time_speed=%s; each must be finite and in [0, %g]",
                         (long long)source, c, y, t, PRODI_MODIFIER_MAX);
}

/* x itself when it is not within rounding noise of an integer, else that integer. */
static double snap(double x)
{
    double r = nearbyint(x);
    return fabs(x - r) <= 1e-9 * fmax(1.0, fabs(x)) ? r : x;
}

/* Computed as doubles, so the text shows the true amount. */
prod_status prodi_mods_check_qty(const prodi_registry *reg, const prodi_recipe *r,
                                 const prod_modifiers *m, prodi_errbuf *err)
{
    for (uint32_t i = 0; r && i < r->input_count + r->output_count; i++) {
        int in = i < r->input_count;
        const prod_item_id item = in ? r->inputs[i].item : r->outputs[i - r->input_count].item;
        double q = in ? (r->inputs[i].consume ? ceil(snap(r->inputs[i].qty * m->input_cost))
                                              : (double)r->inputs[i].qty)
                      : floor(snap(r->outputs[i - r->input_count].qty * m->output_yield));
        if (q > PRODI_MAX_JOB_QTY)
            return prodi_err_set(err, PROD_ERR_LIMIT,
                                 "recipe \"%s\": %s %.0f %s per cycle after modifiers, over the "
                                 "%u a job holds",
                                 r->id, in ? "needs" : "yields", q,
                                 prodi_reg_item_name(reg, item), PRODI_MAX_JOB_QTY);
    }
    return PROD_OK;
}

prod_status prodi_mods_resolve(const prod_ctx *ctx, uint64_t manager_tag, uint64_t owner,
                               uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                               prod_modifiers *out, prodi_errbuf *err)
{
    prod_modifiers acc = prodi_mods_identity();
    for (uint32_t i = 0; i < ctx->host.modifier_source_count; i++) {
        prod_modifiers m = prodi_mods_identity();
        int32_t rc = ctx->host.get_modifiers(ctx->host.user, i, manager_tag, owner, inventory,
                                             recipe, now, &m);
        if (rc != 0)
            return prodi_err_set(err, PROD_ERR_HOST, "modifier source %u failed (returned %d)", i,
                                 (int)rc);
        if (!prodi_mods_valid(&m))
            return bad_factors(err, i, &m);
        acc.input_cost *= m.input_cost;
        acc.output_yield *= m.output_yield;
        acc.time_speed *= m.time_speed;
    }
    if (!prodi_mods_valid(&acc))
        return bad_factors(err, -1, &acc);
    prod_status st = prodi_mods_check_qty(ctx->reg, prodi_reg_recipe(ctx->reg, recipe), &acc, err);
    if (st == PROD_OK)
        *out = acc;
    return st;
}


/* q as a uint32, saturating (the conversion of a larger double is undefined). */
static uint32_t to_qty(double q)
{
    return q < 0.0 ? 0u : q >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)q;
}

uint32_t prodi_mods_input_qty(uint32_t base, double cost)
{
    double q = ceil(snap((double)base * cost));
    return q < 1.0 ? 1u : to_qty(q);
}

uint32_t prodi_mods_output_qty(uint32_t base, double yield)
{
    return to_qty(floor(snap((double)base * yield)));
}

int64_t prodi_mods_duration(int64_t base, double speed)
{
    double d = floor(snap((double)base * speed) + 0.5);
    if (d < 1.0 && base > 0) /* a timed recipe stays timed, even at speed 0 */
        return 1;
    return (int64_t)d;
}
