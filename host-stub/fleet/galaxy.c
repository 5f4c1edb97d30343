/* galaxy.c - owns the fleet's map: reading the SpaceTraders market snapshot
 * (every marketplace and trade good) and the waypoint file (coordinates),
 * each value checked, and the CRUISE travel time between two markets. */
#include "galaxy.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "market.h"
#include "rules.h"

#define GALAXY_MAX_BYTES (16u << 20)
#define GALAXY_MAX_MARKETS 1024
#define GALAXY_MAX_GOODS 16384

static cJSON *read_json(fleet_world *w, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        rewind(f);
        if (n >= 0 && (unsigned long)n <= GALAXY_MAX_BYTES && (text = malloc((size_t)n + 1)))
            len = fread(text, 1, (size_t)n, f);
    }
    if (f)
        fclose(f);
    cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    if (!root)
        fleet_fail(w, "cannot read %s as JSON (at most %u bytes)", path,
                 GALAXY_MAX_BYTES);
    return root;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num_of(const cJSON *o, const char *key, double lo, double hi, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi)
        return -1;
    *out = v->valuedouble;
    return 0;
}

static uint32_t level_of(const char *s, const char *const *names, uint32_t n)
{
    for (uint32_t i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i + 1;
    return 0;
}

static int copy_symbol(char *dst, const char *src)
{
    if (!src || strlen(src) >= FLEET_SYMBOL)
        return -1;
    strcpy(dst, src);
    return 0;
}

/* One tradeGood of market m; -1 when a field is missing or out of range. */
static int read_good(fleet_world *w, const cJSON *g, uint32_t m, fleet_good *out)
{
    static const char *const supply[] = {"SCARCE", "LIMITED", "MODERATE", "HIGH", "ABUNDANT"};
    static const char *const activity[] = {"WEAK", "GROWING", "STRONG", "RESTRICTED"};
    const char *type = str_of(g, "type");
    double vol = 0;
    memset(out, 0, sizeof *out);
    out->market = m;
    uint32_t level = level_of(str_of(g, "supply"), supply, 5);
    if (copy_symbol(out->symbol, str_of(g, "symbol")) != 0 || !type || level == 0 ||
        num_of(g, "purchasePrice", 0, 1e9, &out->base_buy) != 0 ||
        num_of(g, "sellPrice", 0, 1e9, &out->base_sell) != 0 ||
        num_of(g, "tradeVolume", 1, 1e6, &vol) != 0)
        return -1;
    out->flags = strcmp(type, "EXPORT") == 0   ? PROD_QUOTE_SELLS
                 : strcmp(type, "IMPORT") == 0 ? PROD_QUOTE_BUYS
                                               : PROD_QUOTE_SELLS | PROD_QUOTE_BUYS;
    out->activity = level_of(str_of(g, "activity"), activity, 4);
    out->volume = (uint32_t)vol;
    if (w->api->item_find(w->ctx, out->symbol, &out->item) != PROD_OK)
        out->item = 0;
    const prod_recipe_ix *ix = NULL;
    uint32_t made = 0;
    if (out->item && out->flags == PROD_QUOTE_SELLS &&
        w->api->recipes_by_output(w->ctx, out->item, &ix, &made) == PROD_OK && made > 0 &&
        level > FLEET_MADE_CAP)
        level = FLEET_MADE_CAP;
    out->baseline = out->stock = fleet_level_middle(out, level);
    return 0;
}

static int place(fleet_market *mk, const cJSON *waypoints)
{
    const cJSON *wp;
    cJSON_ArrayForEach(wp, waypoints)
    {
        const char *sym = str_of(wp, "symbol");
        if (sym && strcmp(sym, mk->symbol) == 0)
            return num_of(wp, "x", -1e7, 1e7, &mk->x) == 0 && num_of(wp, "y", -1e7, 1e7, &mk->y) == 0
                       ? 0
                       : -1;
    }
    return -1;
}

static int read_markets(fleet_world *w, const cJSON *markets, const cJSON *waypoints)
{
    int nm = cJSON_GetArraySize(markets), ng = 0;
    const cJSON *mk, *g;
    cJSON_ArrayForEach(mk, markets) ng += cJSON_GetArraySize(
        cJSON_GetObjectItemCaseSensitive(mk, "tradeGoods"));
    if (nm < 1 || nm > GALAXY_MAX_MARKETS || ng < 1 || ng > GALAXY_MAX_GOODS)
        return fleet_fail(w, "the snapshot needs 1..%d markets and 1..%d "
                        "trade goods", GALAXY_MAX_MARKETS, GALAXY_MAX_GOODS);
    w->markets = calloc((size_t)nm, sizeof *w->markets);
    w->goods = calloc((size_t)ng, sizeof *w->goods);
    if (!w->markets || !w->goods)
        return fleet_fail(w, "out of memory");
    cJSON_ArrayForEach(mk, markets)
    {
        fleet_market *m = &w->markets[w->nmarkets];
        if (copy_symbol(m->symbol, str_of(mk, "symbol")) != 0 || place(m, waypoints) != 0)
            return fleet_fail(w, "market #%u: no symbol, or no waypoint "
                            "with its coordinates", w->nmarkets);
        cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(mk, "tradeGoods"))
        {
            if (read_good(w, g, w->nmarkets, &w->goods[w->ngoods]) != 0)
                return fleet_fail(w, "market %s: trade good #%u lacks "
                                "symbol, type, supply, prices or a trade volume >= 1",
                                m->symbol, w->ngoods);
            w->ngoods++;
        }
        w->nmarkets++;
    }
    return 0;
}

int fleet_galaxy_load(fleet_world *w, const char *markets_path, const char *waypoints_path)
{
    cJSON *snap = read_json(w, markets_path);
    cJSON *wps = snap ? read_json(w, waypoints_path) : NULL;
    int rc = -1;
    const cJSON *markets = cJSON_GetObjectItemCaseSensitive(snap, "markets");
    const cJSON *waypoints = cJSON_GetObjectItemCaseSensitive(wps, "waypoints");
    if (wps && (!cJSON_IsArray(markets) || !cJSON_IsArray(waypoints)))
        fleet_fail(w, "%s needs \"markets\" and %s \"waypoints\"",
                 markets_path, waypoints_path);
    else if (wps)
        rc = read_markets(w, markets, waypoints);
    cJSON_Delete(snap);
    cJSON_Delete(wps);
    return rc;
}

void fleet_galaxy_free(fleet_world *w)
{
    free(w->markets);
    free(w->goods);
    w->markets = NULL;
    w->goods = NULL;
    w->nmarkets = w->ngoods = 0;
}

int64_t fleet_travel_ms(const fleet_world *w, uint64_t from, uint64_t to)
{
    if (from == to || from < 1 || to < 1 || from > w->nmarkets || to > w->nmarkets)
        return 0;
    const fleet_market *a = &w->markets[from - 1], *b = &w->markets[to - 1];
    double d = hypot(a->x - b->x, a->y - b->y);
    return (int64_t)llround(fmax(d, 1) * FLEET_CRUISE / FLEET_SHIP_SPEED + FLEET_TRAVEL_FIXED_S) *
           1000;
}
