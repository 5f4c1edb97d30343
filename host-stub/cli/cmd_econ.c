/* cmd_econ.c - prodhost econ and opportunities, the simulated market behind
 * them (a SpaceTraders market snapshot read with cJSON into the minimal
 * host's market table: EXPORT goods are sold to us at purchasePrice, IMPORT
 * goods bought from us at sellPrice, EXCHANGE both), the context opener and
 * the option parser shared with cmd_chain.c. */
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

int chain_request_for(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                      prod_chain_request *q)
{
    *q = (prod_chain_request){.struct_size = sizeof *q, .version = PROD_CHAIN_REQUEST_VERSION,
                              .runs = o->runs, .me = o->me, .te = o->te,
                              .strategy = o->strategy, .job_cost_index = o->job_index};
    if (o->item && api->item_find(ctx, o->item, &q->item) != PROD_OK) {
        fprintf(stderr, "prodhost: no item \"%s\" in the recipes\n", o->item);
        return 0;
    }
    return 1;
}

/* ---- options -------------------------------------------------------------- */

static int number(const char *opt, const char *text, double min, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = text ? strtod(text, &end) : 0;
    if (!text || !*text || *end || errno || !(v >= min && v <= max)) {
        fprintf(stderr, "prodhost: %s needs a number in %g..%g, got \"%s\"\n", opt, min, max,
                text ? text : "");
        return -1;
    }
    *out = v;
    return 0;
}

static int choice(const char *opt, const char *text, const char *const *names, uint32_t n,
                  uint32_t *out)
{
    for (uint32_t i = 0; text && i < n; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = i;
            return 0;
        }
    fprintf(stderr, "prodhost: bad value \"%s\" for %s\n", text ? text : "", opt);
    return -1;
}

/* A whole-number option (runs, me, te, limit). 1 = handled, -1 = bad value. */
static int int_option(chain_opts *o, const char *opt, const char *val)
{
    static const char *const names[] = {"--runs", "--me", "--te", "--limit"};
    int32_t limit = 0, *slots[] = {&o->runs, &o->me, &o->te, &limit};
    for (int i = 0; i < 4; i++) {
        double d = 0;
        if (strcmp(opt, names[i]) != 0)
            continue;
        /* ranges (runs >= 1, ME 0..100) are the plugin's to report */
        if (number(opt, val, i == 3 ? 0 : -1e9, 1e9, &d) != 0)
            return -1;
        if (d != floor(d)) {
            fprintf(stderr, "prodhost: %s needs a whole number, got \"%s\"%s\n", opt, val,
                    i == 1 || i == 2 ? " (fractional reductions: --bonus)" : "");
            return -1;
        }
        *slots[i] = (int32_t)d;
        if (i == 3)
            o->limit = (uint32_t)limit;
        return 1;
    }
    return 0;
}

/* One option with its value. 0, or -1 (printed). */
static int chain_option(chain_opts *o, const char *opt, const char *val)
{
    static const char *const strategies[] = {"make", "buy-if-sold", "adaptive", "min-cost"};
    static const char *const ranks[] = {"profit", "roi"};
    static const char *const formats[] = {"tree", "flat", "json", "dot"};
    int handled = int_option(o, opt, val);
    if (handled != 0)
        return handled < 0 ? -1 : 0;
    if (strcmp(opt, "--prices") == 0)
        o->prices = strcmp(val, "none") == 0 ? NULL : val;
    else if (strcmp(opt, "--format") == 0)
        return choice(opt, val, formats, 4, &o->format);
    else if (strcmp(opt, "--strategy") == 0)
        return choice(opt, val, strategies, 4, &o->strategy);
    else if (strcmp(opt, "--rank") == 0)
        return choice(opt, val, ranks, 2, &o->rank);
    else if (strcmp(opt, "--min-roi") == 0)
        return number(opt, val, -1e300, 1e300, &o->min_roi);
    else if (strcmp(opt, "--min-profit") == 0)
        return number(opt, val, -1e300, 1e300, &o->min_profit);
    else if (strcmp(opt, "--job-index") == 0)
        return number(opt, val, 0, 1e12, &o->job_index);
    else if ((handled = chain_args_option(&o->args, opt, val)) == 0) {
        fprintf(stderr, "prodhost: unknown option \"%s\"\n", opt);
        return -1;
    }
    return handled < 0 ? -1 : 0;
}

int chain_parse(chain_opts *o, int argc, char **argv, int want_item)
{
    *o = (chain_opts){.runs = 1, .format = CHAIN_FORMAT_TREE, .job_index = 1.0,
                      .min_roi = -1e300, .min_profit = -1e300};
#ifdef PRODHOST_DEFAULT_PRICES
    o->prices = PRODHOST_DEFAULT_PRICES;
#endif
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0) {
            if (!want_item || o->item) {
                fprintf(stderr, "prodhost: unexpected argument \"%s\"\n", argv[i]);
                return 2;
            }
            o->item = argv[i];
            continue;
        }
        if (chain_args_option(&o->args, argv[i], NULL) > 0)
            continue; /* a flag (--exact, --graph) */
        if (i + 1 >= argc) {
            fprintf(stderr, "prodhost: missing value for %s\n", argv[i]);
            return 2;
        }
        if (chain_option(o, argv[i], argv[i + 1]) != 0)
            return 2;
        i++;
    }
    if (want_item && !o->item) {
        fprintf(stderr, "prodhost: an ITEM is needed\n");
        return 2;
    }
    return 0;
}

/* ---- econ and opportunities ---------------------------------------------- */

static void print_money(const char *label, double v, int known)
{
    if (known)
        printf("  %-16s %.2f\n", label, v);
    else
        printf("  %-16s (no market data)\n", label);
}

static void print_econ(const prod_api *api, prod_ctx *ctx, const prod_econ_info *e)
{
    prod_recipe_info r = {.struct_size = sizeof r};
    api->recipe_get(ctx, e->recipe, &r);
    int buy = !(e->flags & PROD_ECON_NO_BUY_PRICE), sell = !(e->flags & PROD_ECON_NO_SELL_PRICE);
    printf("%s x%llu via %s\n", api->item_name(ctx, e->item), (unsigned long long)e->qty,
           r.id ? r.id : "?");
    printf("  %-16s %.2f%s\n", "material cost", e->material_cost,
           (e->flags & PROD_ECON_PARTIAL_COST) ? " (some inputs unpriced, counted as 0)" : "");
    printf("  %-16s %.2f\n  %-16s %.2f\n", "job cost", e->job_cost, "total cost", e->total_cost);
    print_money("buy price", e->buy_price, buy);
    print_money("sell price", e->sell_price, sell);
    print_money("profit (sell)", e->profit_sell, sell);
    print_money("ROI (sell) %", e->roi_sell, sell);
    print_money("profit (buy)", e->profit_buy, buy);
    printf("  %-16s %lld ms (whole chain %lld ms)\n", "time", (long long)e->duration_ms,
           (long long)e->chain_duration_ms);
}

int chain_failed(const prod_api *api, prod_ctx *ctx, const char *what, prod_status st)
{
    fprintf(stderr, "prodhost: %s failed (%d): %s\n", what, st, api->last_error(ctx));
    return -1;
}

int chain_run(ph_plugin *p, const char *recipes, int argc, char **argv, int want_item,
              chain_body body)
{
    chain_opts o;
    prod_ctx *ctx;
    ph_market *m;
    prod_chain_request q;
    int rc = chain_parse(&o, argc, argv, want_item);
    o.recipes = recipes;
    if (rc != 0 || chain_open(p->api, recipes, o.prices, &ctx, &m) != 0)
        return rc ? rc : -1;
    rc = chain_request_for(p->api, ctx, &o, &q) ? body(p->api, ctx, &o, &q) : -1;
    chain_close(p->api, ctx, m);
    return rc;
}

static int econ_body(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                     const prod_chain_request *q)
{
    (void)o;
    prod_econ_info e = {.struct_size = sizeof e};
    prod_status st = api->econ_item(ctx, q, &e);
    if (st != PROD_OK)
        return chain_failed(api, ctx, "econ", st);
    print_econ(api, ctx, &e);
    return 0;
}

static int opportunities_body(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                              const prod_chain_request *base)
{
    prod_opportunity_request q = {.struct_size = sizeof q,
                                  .version = PROD_OPPORTUNITY_REQUEST_VERSION, .rank = o->rank,
                                  .limit = o->limit, .min_roi = o->min_roi,
                                  .min_profit = o->min_profit, .base = base};
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    prod_status st = api->econ_opportunities(ctx, &q, &list, &n);
    if (st != PROD_OK)
        return chain_failed(api, ctx, "opportunities", st);
    printf("%-4s %-22s %12s %12s %12s %9s\n", "#", "item", "cost", "sell value", "profit",
           "ROI %");
    for (uint32_t i = 0; i < n; i++)
        printf("%-4u %-22s %12.2f %12.2f %12.2f %9.1f\n", i + 1, api->item_name(ctx, list[i].item),
               list[i].total_cost, list[i].sell_price * (double)list[i].qty, list[i].profit_sell,
               list[i].roi_sell);
    printf("%u opportunit%s\n", n, n == 1 ? "y" : "ies");
    api->free_buffer(list);
    return 0;
}

int cmd_econ(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    (void)host;
    return chain_run(p, recipes, argc, argv, 1, econ_body);
}

int cmd_opportunities(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    (void)host;
    return chain_run(p, recipes, argc, argv, 0, opportunities_body);
}
