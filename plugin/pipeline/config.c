/* config.c - runtime configuration (seed 004): one table gives every field
 * of prod_coord_config its name, place, range and the design's default, so
 * defaults, validation, partial updates, presets, the history and the saved
 * form all read the same rules. */
#include "pipeline/config.h"

#include "core/abi_struct.h"
#include "pipeline/events.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define K_U32 0u
#define K_I64 1u
#define K_F64 2u

typedef struct field_def {
    const char *name;
    size_t offset;
    uint32_t kind;
    double lo, hi, def;
} field_def;

#define FIELD(f, member, kind, lo, hi, def)                                                        \
    [PROD_COORD_FIELD_##f] = {#member, offsetof(prod_coord_config, member), kind, lo, hi, def}
#define SUPPLY(f, member, def) FIELD(f, member, K_U32, PROD_SUPPLY_SCARCE, PROD_SUPPLY_ABUNDANT, def)
#define MS(f, member, lo, def) FIELD(f, member, K_I64, lo, (double)CO_DAY_MS, def)

static const field_def FIELDS[PROD_COORD_FIELD_COUNT] = {
    FIELD(TAG, tag, K_U32, 0, 0, 0), /* handled apart: a uint64 fixed at create */
    FIELD(PRESET, preset, K_U32, PROD_COORD_PRESET_CONSERVATIVE, PROD_COORD_PRESET_AGGRESSIVE,
          0),
    FIELD(MAX_PIPELINES, max_pipelines, K_U32, 0, PROD_COORD_MAX_PIPELINES, 3),
    FIELD(MAX_WORKERS, max_workers, K_U32, 1, PROD_COORD_MAX_WORKERS, 5),
    SUPPLY(COLLECT_START, collect_start_supply, PROD_SUPPLY_ABUNDANT),
    SUPPLY(COLLECT_EXECUTE, collect_execute_supply, PROD_SUPPLY_HIGH),
    SUPPLY(ACQUIRE_START, acquire_start_supply, PROD_SUPPLY_MODERATE),
    SUPPLY(ACQUIRE_EXECUTE, acquire_execute_supply, PROD_SUPPLY_LIMITED),
    FIELD(MIN_PURCHASE_PRICE, min_purchase_price, K_F64, 0, INFINITY, 0),
    FIELD(STRATEGY, strategy, K_U32, PROD_STRATEGY_BUY_IF_SOLD, PROD_STRATEGY_ADAPTIVE,
          PROD_STRATEGY_ADAPTIVE),
    FIELD(MAX_RETRIES, max_retries, K_U32, 0, 100, 3),
    FIELD(LONG_WAIT_POLLS, long_wait_polls, K_U32, 1, 1000000, 20),
    MS(RETRY_BACKOFF, retry_backoff_ms, 0, 5000),
    MS(POLL_FIRST, poll_first_ms, 1, 30000),
    MS(POLL_EVERY, poll_every_ms, 1, 60000),
    MS(SCAN_EVERY, scan_every_ms, 0, 120000),
    FIELD(TICK_BUDGET, tick_budget, K_U32, 1, UINT32_MAX, 10000),
    FIELD(MARGIN_DROP, margin_drop_pct, K_U32, 0, 100, 20),
    FIELD(KEEP_FINISHED, keep_finished, K_U32, 0, 10000, 16),
};

/* Seed 004's recommended configurations: collect start, collect execute,
 * acquire start, acquire execute. */
static const uint32_t PRESETS[4][4] = {
    {0, 0, 0, 0},
    {PROD_SUPPLY_ABUNDANT, PROD_SUPPLY_HIGH, PROD_SUPPLY_MODERATE, PROD_SUPPLY_MODERATE},
    {PROD_SUPPLY_ABUNDANT, PROD_SUPPLY_HIGH, PROD_SUPPLY_MODERATE, PROD_SUPPLY_LIMITED},
    {PROD_SUPPLY_HIGH, PROD_SUPPLY_MODERATE, PROD_SUPPLY_LIMITED, PROD_SUPPLY_LIMITED},
};

static const char *const SUPPLY_NAMES[] = {"UNKNOWN", "SCARCE", "LIMITED", "MODERATE", "HIGH",
                                          "ABUNDANT"};

int prodi_coord_cfg_is_setting(uint32_t f)
{
    return f > PROD_COORD_FIELD_PRESET && f < PROD_COORD_FIELD_COUNT;
}

double prodi_coord_cfg_value(const prod_coord_config *cfg, uint32_t f)
{
    const char *at = (const char *)cfg + FIELDS[f].offset;
    uint32_t u;
    int64_t i;
    double d;
    switch (FIELDS[f].kind) {
    case K_U32:
        memcpy(&u, at, sizeof u);
        return u;
    case K_I64:
        memcpy(&i, at, sizeof i);
        return (double)i;
    default:
        memcpy(&d, at, sizeof d);
        return d;
    }
}

static int in_range(uint32_t f, double v)
{
    return v >= FIELDS[f].lo && v <= FIELDS[f].hi && (FIELDS[f].kind == K_F64 || v == floor(v));
}

int prodi_coord_cfg_set_value(prod_coord_config *cfg, uint32_t f, double v)
{
    if (!isfinite(v) || !in_range(f, v))
        return -1;
    char *at = (char *)cfg + FIELDS[f].offset;
    if (FIELDS[f].kind == K_U32) { /* converted only once in range: a price may be 1e300 */
        uint32_t u = (uint32_t)v;
        memcpy(at, &u, sizeof u);
    } else if (FIELDS[f].kind == K_I64) {
        int64_t i = (int64_t)v;
        memcpy(at, &i, sizeof i);
    } else {
        memcpy(at, &v, sizeof v);
    }
    return 0;
}

void prodi_coord_cfg_defaults(prod_coord_config *out)
{
    memset(out, 0, sizeof *out);
    out->struct_size = (uint32_t)sizeof *out;
    out->version = PROD_COORD_CONFIG_VERSION;
    out->fields = PROD_COORD_F_ALL;
    for (uint32_t f = 0; f < PROD_COORD_FIELD_COUNT; f++)
        if (prodi_coord_cfg_is_setting(f))
            (void)prodi_coord_cfg_set_value(out, f, FIELDS[f].def);
}

static prod_status bad_field(prodi_errbuf *err, const char *who, uint32_t f, double v)
{
    if (FIELDS[f].offset == offsetof(prod_coord_config, min_purchase_price))
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: min_purchase_price must be finite and >= 0 (got %g)", who, v);
    if (FIELDS[f].lo == PROD_SUPPLY_SCARCE && FIELDS[f].hi == PROD_SUPPLY_ABUNDANT &&
        FIELDS[f].kind == K_U32)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: %s %.0f is not a supply level (PROD_SUPPLY_SCARCE..ABUNDANT, "
                             "1..5)",
                             who, FIELDS[f].name, v);
    return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "%s: %s %.17g is outside %.0f..%.0f", who,
                         FIELDS[f].name, v, FIELDS[f].lo, FIELDS[f].hi);
}

static prod_status check_pair(prodi_errbuf *err, const char *who, uint32_t start, uint32_t exec,
                              const prod_coord_config *c)
{
    uint32_t s = (uint32_t)prodi_coord_cfg_value(c, start), e = (uint32_t)prodi_coord_cfg_value(c, exec);
    if (s >= e)
        return PROD_OK;
    return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                         "%s: %s %s is below %s %s (a task is started at a supply at least the "
                         "one it is executed at)",
                         who, FIELDS[start].name, SUPPLY_NAMES[s], FIELDS[exec].name,
                         SUPPLY_NAMES[e]);
}

prod_status prodi_coord_cfg_check(prodi_errbuf *err, const char *who, const prod_coord_config *c)
{
    for (uint32_t f = 0; f < PROD_COORD_FIELD_COUNT; f++) {
        double v = prodi_coord_cfg_value(c, f);
        if (prodi_coord_cfg_is_setting(f) && (!isfinite(v) || !in_range(f, v)))
            return bad_field(err, who, f, v);
    }
    prod_status st = check_pair(err, who, PROD_COORD_FIELD_COLLECT_START,
                                PROD_COORD_FIELD_COLLECT_EXECUTE, c);
    if (st == PROD_OK)
        st = check_pair(err, who, PROD_COORD_FIELD_ACQUIRE_START, PROD_COORD_FIELD_ACQUIRE_EXECUTE,
                        c);
    return st;
}

/* The bits of fields whose member lies past a caller's struct_size. */
static uint64_t fields_beyond(uint32_t size)
{
    uint64_t bits = 0;
    for (uint32_t f = 0; f < PROD_COORD_FIELD_COUNT; f++)
        if (FIELDS[f].offset + (FIELDS[f].kind == K_U32 ? 4u : 8u) > size)
            bits |= PROD_COORD_F(f);
    return bits;
}

static prod_status check_header(prodi_errbuf *err, const char *who, const prod_coord_config *u,
                                int allow_tag)
{
    if (u->struct_size < PRODI_SIZE_THROUGH(prod_coord_config, reserved0) || u->version < 1)
        return prodi_err_set(err, PROD_ERR_VERSION,
                             "%s: prod_coord_config struct_size %u / version %u not supported", who,
                             u->struct_size, u->version);
    if (u->fields & ~PROD_COORD_F_ALL)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: fields 0x%llx has bits that are not PROD_COORD_F_* fields", who,
                             (unsigned long long)u->fields);
    if (u->fields & fields_beyond(u->struct_size))
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: fields names members past struct_size %u", who, u->struct_size);
    if (!allow_tag && (u->fields & PROD_COORD_F(PROD_COORD_FIELD_TAG)))
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: the tag is fixed when the coordinator is created", who);
    return PROD_OK;
}

static prod_status apply_preset(prodi_errbuf *err, const char *who, prod_coord_config *n,
                                uint32_t preset)
{
    if (preset < PROD_COORD_PRESET_CONSERVATIVE || preset > PROD_COORD_PRESET_AGGRESSIVE)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: preset %u is not a PROD_COORD_PRESET_* value (1..3)", who,
                             preset);
    n->collect_start_supply = PRESETS[preset][0];
    n->collect_execute_supply = PRESETS[preset][1];
    n->acquire_start_supply = PRESETS[preset][2];
    n->acquire_execute_supply = PRESETS[preset][3];
    return PROD_OK;
}

prod_status prodi_coord_cfg_merge(prodi_errbuf *err, const char *who, prod_coord_config *base,
                                  const prod_coord_config *upd, int allow_tag)
{
    prod_status st = check_header(err, who, upd, allow_tag);
    if (st != PROD_OK)
        return st;
    prod_coord_config u, n = *base;
    prodi_copy_in(&u, upd, sizeof u);
    if (u.fields & PROD_COORD_F(PROD_COORD_FIELD_TAG))
        n.tag = u.tag;
    if ((u.fields & PROD_COORD_F(PROD_COORD_FIELD_PRESET)) &&
        (st = apply_preset(err, who, &n, u.preset)) != PROD_OK)
        return st;
    for (uint32_t f = 0; f < PROD_COORD_FIELD_COUNT; f++) {
        if (!prodi_coord_cfg_is_setting(f) || !(u.fields & PROD_COORD_F(f)))
            continue;
        double v = prodi_coord_cfg_value(&u, f);
        if (prodi_coord_cfg_set_value(&n, f, v) != 0)
            return bad_field(err, who, f, v);
    }
    if ((st = prodi_coord_cfg_check(err, who, &n)) == PROD_OK)
        *base = n;
    return st;
}

void prodi_coord_cfg_out(const prod_coord_config *cfg, prod_coord_config *out)
{
    prod_coord_config v = *cfg;
    v.struct_size = (uint32_t)sizeof v;
    v.version = PROD_COORD_CONFIG_VERSION;
    v.fields = PROD_COORD_F_ALL;
    v.preset = 0;
    for (uint32_t p = PROD_COORD_PRESET_CONSERVATIVE; p <= PROD_COORD_PRESET_AGGRESSIVE; p++)
        if (v.collect_start_supply == PRESETS[p][0] && v.collect_execute_supply == PRESETS[p][1] &&
            v.acquire_start_supply == PRESETS[p][2] && v.acquire_execute_supply == PRESETS[p][3])
            v.preset = p;
    prodi_copy_out(out, &v, sizeof v);
}

void prodi_coord_history_add(prod_coordinator *c, const prod_coord_config_change *ch)
{
    uint32_t at = (c->history_head + c->history_len) % PROD_COORD_HISTORY;
    c->history[at] = *ch;
    if (c->history_len < PROD_COORD_HISTORY)
        c->history_len++;
    else
        c->history_head = (c->history_head + 1) % PROD_COORD_HISTORY;
}

uint64_t prodi_coord_cfg_apply(prod_coordinator *c)
{
    uint64_t changed = 0;
    if (!c->has_pending)
        return 0;
    for (uint32_t f = 0; f < PROD_COORD_FIELD_COUNT; f++) {
        double was = prodi_coord_cfg_value(&c->cfg, f), now = prodi_coord_cfg_value(&c->pending, f);
        if (!prodi_coord_cfg_is_setting(f) || was == now)
            continue;
        prod_coord_config_change ch = {.time = c->time, .field = f, .old_value = was,
                                       .new_value = now};
        prodi_coord_history_add(c, &ch);
        prodi_coord_emit_config(c, &ch);
        changed |= PROD_COORD_F(f);
    }
    c->cfg = c->pending;
    c->has_pending = 0;
    return changed;
}

prod_status prodi_coord_defaults_init(prod_ctx *ctx, const prod_coord_config *defaults,
                                      prodi_errbuf *err)
{
    prod_coord_config d;
    prodi_coord_cfg_defaults(&d);
    prod_status st = defaults ? prodi_coord_cfg_merge(err, "init: coord_defaults", &d, defaults, 0)
                              : PROD_OK;
    if (st != PROD_OK)
        return st;
    ctx->coord_defaults = prodi_alloc(&ctx->mem, sizeof d);
    if (!ctx->coord_defaults)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "init: out of memory");
    *ctx->coord_defaults = d;
    return PROD_OK;
}

void prodi_coord_defaults_free(prod_ctx *ctx)
{
    prodi_free(&ctx->mem, ctx->coord_defaults);
    ctx->coord_defaults = NULL;
}
