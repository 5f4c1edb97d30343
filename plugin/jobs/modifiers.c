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
    *out = acc;
    return PROD_OK;
}

/* x itself when it is not within rounding noise of an integer, else that integer. */
static double snap(double x)
{
    double r = nearbyint(x);
    return fabs(x - r) <= 1e-9 * fmax(1.0, fabs(x)) ? r : x;
}

uint32_t prodi_mods_input_qty(uint32_t base, double cost)
{
    double q = ceil(snap((double)base * cost));
    return q < 1.0 ? 1u : (uint32_t)q;
}

uint32_t prodi_mods_output_qty(uint32_t base, double yield)
{
    double q = floor(snap((double)base * yield));
    return q < 0.0 ? 0u : (uint32_t)q;
}

int64_t prodi_mods_duration(int64_t base, double speed)
{
    double d = floor(snap((double)base * speed) + 0.5);
    if (d < 1.0 && base > 0) /* a timed recipe stays timed, even at speed 0 */
        return 1;
    return (int64_t)d;
}
