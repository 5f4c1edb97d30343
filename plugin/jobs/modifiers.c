/* modifiers.c - modifier resolution, validation and rounding rules. */
#include "jobs/modifiers.h"

#include <math.h>

prod_modifiers prodi_mods_identity(void) { return (prod_modifiers){1.0, 1.0, 1.0}; }

static int factor_ok(double f) { return isfinite(f) && f >= 0.0 && f <= PRODI_MODIFIER_MAX; }

int prodi_mods_valid(const prod_modifiers *m)
{
    return factor_ok(m->input_cost) && factor_ok(m->output_yield) && factor_ok(m->time_speed);
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
            return prodi_err_set(err, PROD_ERR_HOST,
                                 "modifier source %u answered input_cost=%g output_yield=%g "
                                 "time_speed=%g; each must be finite and in [0, %g]",
                                 i, m.input_cost, m.output_yield, m.time_speed, PRODI_MODIFIER_MAX);
        acc.input_cost *= m.input_cost;
        acc.output_yield *= m.output_yield;
        acc.time_speed *= m.time_speed;
    }
    if (!prodi_mods_valid(&acc))
        return prodi_err_set(err, PROD_ERR_HOST,
                             "combined modifiers out of range (input_cost=%g output_yield=%g "
                             "time_speed=%g; limit %g)",
                             acc.input_cost, acc.output_yield, acc.time_speed, PRODI_MODIFIER_MAX);
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
    if (d < 1.0 && base > 0 && speed > 0.0)
        return 1;
    return (int64_t)d;
}
