/* chain_market.c - the simulated market behind prodhost chain, econ and
 * opportunities (a SpaceTraders market snapshot read with cJSON into the
 * minimal host's market table: EXPORT goods are sold to us at
 * purchasePrice, IMPORT goods bought from us at sellPrice, EXCHANGE both)
 * and the context over it. */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct sim_quote {
    char *item; /* resolved once the context exists */
    prod_market_quote q;
} sim_quote;

/* The prices file as read: every trade good of every market, in file order. */
typedef struct snapshot {
    sim_quote *quotes;
    uint32_t n;
} snapshot;

/* ---- the prices file ------------------------------------------------------ */

static uint32_t level_of(const char *s, const char *const *names, uint32_t count)
{
    for (uint32_t i = 0; s && i < count; i++)
        if (strcmp(s, names[i]) == 0)
            return i + 1;
    return 0;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* One tradeGood of market number m into *out; -1 when malformed. */
static int read_good(const cJSON *g, uint32_t m, sim_quote *out)
{
    static const char *const supply[] = {"SCARCE", "LIMITED", "MODERATE", "HIGH", "ABUNDANT"};
    static const char *const activity[] = {"WEAK", "GROWING", "STRONG", "RESTRICTED"};
    const char *sym = str_of(g, "symbol"), *type = str_of(g, "type");
    if (!sym || !type || !(out->item = strdup(sym)))
        return -1;
    prod_market_quote *q = &out->q;
    q->struct_size = (uint32_t)sizeof *q;
    q->market = m;
    q->flags = strcmp(type, "EXPORT") == 0   ? PROD_QUOTE_SELLS
               : strcmp(type, "IMPORT") == 0 ? PROD_QUOTE_BUYS
                                             : PROD_QUOTE_SELLS | PROD_QUOTE_BUYS;
    q->buy_price = num_of(g, "purchasePrice");
    q->sell_price = num_of(g, "sellPrice");
    q->supply = level_of(str_of(g, "supply"), supply, 5);
    q->activity = level_of(str_of(g, "activity"), activity, 4);
    double vol = num_of(g, "tradeVolume");
    q->trade_volume = vol > 0 && vol < 4e9 ? (uint32_t)vol : 0;
    return 0;
}

static int read_markets(const cJSON *markets, snapshot *s)
{
    uint32_t total = 0, m = 0;
    const cJSON *mk, *g;
    cJSON_ArrayForEach(mk, markets) total += (uint32_t)cJSON_GetArraySize(
        cJSON_GetObjectItemCaseSensitive(mk, "tradeGoods"));
    s->quotes = calloc(total ? total : 1, sizeof *s->quotes);
    if (!s->quotes)
        return -1;
    cJSON_ArrayForEach(mk, markets)
    {
        cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(mk, "tradeGoods"))
        {
            if (s->n < total && read_good(g, m, &s->quotes[s->n]) != 0)
                return -1;
            s->n++;
        }
        m++;
    }
    return 0;
}

static void snapshot_free(snapshot *s)
{
    for (uint32_t i = 0; s && i < s->n; i++)
        free(s->quotes[i].item);
    if (s)
        free(s->quotes);
    free(s);
}

static snapshot *snapshot_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "prodhost: cannot open prices file %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t len = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        rewind(f);
        text = n >= 0 ? malloc((size_t)n + 1) : NULL;
        len = text ? fread(text, 1, (size_t)n, f) : 0;
    }
    fclose(f);
    cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    snapshot *s = calloc(1, sizeof *s);
    const cJSON *markets = cJSON_GetObjectItemCaseSensitive(root, "markets");
    int ok = s && cJSON_IsArray(markets) && read_markets(markets, s) == 0;
    cJSON_Delete(root);
    if (!ok) {
        fprintf(stderr, "prodhost: %s is not a market snapshot ({\"markets\": [{\"tradeGoods\": "
                        "[{symbol, type, purchasePrice, ...}]}]})\n", path);
        snapshot_free(s);
        return NULL;
    }
    return s;
}

/* prod_host.market_quote, answered by the minimal host's market table. */
static int32_t market_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    return ph_market_quote(user, item, index, out);
}

/* ---- context -------------------------------------------------------------- */

/* Every quote of an item the recipes know, in file order. 0, or -1 (out of memory). */
static int fill_market(const prod_api *api, const prod_ctx *ctx, const snapshot *s,
                       ph_market *market)
{
    for (uint32_t i = 0; i < s->n; i++) {
        prod_item_id id = 0;
        if (api->item_find(ctx, s->quotes[i].item, &id) == PROD_OK &&
            ph_market_set(market, id, &s->quotes[i].q) != 0)
            return -1;
    }
    return 0;
}

int chain_open(const prod_api *api, const char *recipes, const char *prices, prod_ctx **ctx,
               ph_market **market)
{
    *ctx = NULL;
    *market = NULL;
    snapshot *snap = prices ? snapshot_load(prices) : NULL;
    if (prices && (!snap || !(*market = ph_market_create()))) {
        if (snap)
            fprintf(stderr, "prodhost: out of memory\n");
        snapshot_free(snap);
        return -1;
    }
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION,
                      .user = *market, .market_quote = *market ? market_quote : NULL};
    prod_recipe_source src = {.path = recipes};
    char err[512] = "";
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1, .error = err,
                          .error_cap = sizeof err};
    int rc = 0;
    if (api->init(&p, ctx) != PROD_OK) {
        fprintf(stderr, "prodhost: %s\n", err);
        rc = -1;
    } else if (snap && fill_market(api, *ctx, snap, *market) != 0) {
        fprintf(stderr, "prodhost: out of memory\n");
        api->shutdown(*ctx);
        *ctx = NULL;
        rc = -1;
    }
    snapshot_free(snap);
    if (rc != 0) {
        ph_market_destroy(*market);
        *market = NULL;
    }
    return rc;
}

void chain_close(const prod_api *api, prod_ctx *ctx, ph_market *market)
{
    api->shutdown(ctx);
    ph_market_destroy(market);
}
