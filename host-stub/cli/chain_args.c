/* chain_args.c - the options of prodhost chain, econ and opportunities
 * (each accepts its own set, see chain_cmd), among them chain's calculator
 * options (--raw ... --weight: kept as given for chain_resolve.c; amounts
 * as exact decimals, so 4.2% is 42/1000), the request they make, and the
 * run of one of them: parse, open the context over the market, run the
 * body, close. */
#include "cmd_chain.h"

#include <string.h>

#include "args.h"

/* ---- chain's calculator options ------------------------------------------- */

static const char *const OBJECTIVES[] = {"min-raw", "min-cost"}; /* PROD_LP_* order */

int chain_decimal(const char *text, uint64_t *num, uint64_t *den)
{
    uint64_t n = 0, d = 1;
    int digits = 0, point = 0;
    for (const char *p = text; p && *p; p++) {
        if (*p == '.' && !point) {
            point = 1;
            continue;
        }
        if (*p < '0' || *p > '9' || ++digits > 18)
            return -1;
        n = n * 10 + (uint64_t)(*p - '0');
        if (point)
            d *= 10;
    }
    if (!digits)
        return -1;
    *num = n;
    *den = d;
    return 0;
}

int chain_bad_value(const char *opt, const char *val, const char *want)
{
    return cli_usage_error("chain", "%s needs %s, got \"%s\"", opt, want, val);
}

static int append(const char *opt, const char *val, const char **list, uint32_t *n)
{
    if (*n == CHAIN_ARGS_MAX)
        return chain_bad_value(opt, val, "at most 64 uses");
    list[(*n)++] = val;
    return CLI_OK;
}

/* "AMOUNT/s" or "AMOUNT/min" with a positive decimal AMOUNT. */
static int rate_option(chain_args *a, const char *opt, const char *val)
{
    uint64_t num, den;
    const char *slash = strrchr(val, '/');
    char head[32];
    size_t len = slash ? (size_t)(slash - val) : 0;
    if (!slash || len == 0 || len >= sizeof head ||
        (strcmp(slash, "/s") != 0 && strcmp(slash, "/min") != 0))
        return chain_bad_value(opt, val, "AMOUNT/s or AMOUNT/min (e.g. 150/min)");
    memcpy(head, val, len);
    head[len] = '\0';
    if (chain_decimal(head, &num, &den) != 0 || num == 0)
        return chain_bad_value(opt, val, "a positive decimal amount before /s or /min");
    a->rate = val;
    return CLI_OK;
}

/* --rate, --units, --optimize, --belt: CLI_OK, CLI_USAGE, -1 = not one. */
static int amount_option(chain_args *a, const char *opt, const char *val)
{
    uint64_t num, den;
    uint32_t objective;
    if (strcmp(opt, "--rate") == 0)
        return rate_option(a, opt, val);
    if (strcmp(opt, "--units") == 0)
        return cli_u64("chain", opt, val, 1, UINT64_MAX, &a->units);
    if (strcmp(opt, "--optimize") == 0) {
        if (cli_choice("chain", opt, val, OBJECTIVES, 2, &objective) != CLI_OK)
            return CLI_USAGE;
        a->optimize = 1 + (int)objective;
        return CLI_OK;
    }
    if (strcmp(opt, "--belt") == 0) {
        if (chain_decimal(val, &num, &den) != 0 || num == 0)
            return chain_bad_value(opt, val, "items per second one belt carries (e.g. 15)");
        a->belt = (double)num / (double)den;
        return CLI_OK;
    }
    return -1;
}

/* One of chain's calculator options: flag set (val NULL for --exact and
 * --graph) or value parsed. CLI_OK, CLI_USAGE (printed), or -1 when opt is
 * not one of them. */
static int chain_args_option(chain_args *a, const char *opt, const char *val)
{
    static const struct {
        const char *name;
        size_t list;  /* offsetof the list in chain_args */
        size_t count; /* offsetof its count */
    } lists[] = {
        {"--raw", offsetof(chain_args, raw), offsetof(chain_args, n_raw)},
        {"--raw-category", offsetof(chain_args, raw_category), offsetof(chain_args, n_raw_category)},
        {"--prefer", offsetof(chain_args, prefer), offsetof(chain_args, n_prefer)},
        {"--buy", offsetof(chain_args, buy), offsetof(chain_args, n_buy)},
        {"--make", offsetof(chain_args, make), offsetof(chain_args, n_make)},
        {"--category-me", offsetof(chain_args, category_me), offsetof(chain_args, n_category_me)},
        {"--machine", offsetof(chain_args, machine), offsetof(chain_args, n_machine)},
        {"--bonus", offsetof(chain_args, bonus), offsetof(chain_args, n_bonus)},
        {"--weight", offsetof(chain_args, weight), offsetof(chain_args, n_weight)},
    };
    if (!val) { /* the flags */
        int *flag = strcmp(opt, "--exact") == 0 ? &a->exact
                    : strcmp(opt, "--graph") == 0 ? &a->graph
                                                  : NULL;
        if (flag)
            *flag = 1;
        return flag ? CLI_OK : -1;
    }
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(opt, lists[i].name) == 0)
            return append(opt, val, (const char **)((char *)a + lists[i].list),
                          (uint32_t *)((char *)a + lists[i].count));
    return amount_option(a, opt, val);
}

int chain_wants_flow(const chain_args *a)
{
    return a->graph || a->exact || a->rate || a->optimize;
}

/* CLI_USAGE (printed) when the calculator options given cannot all be used
 * together (e.g. --weight without --optimize), else CLI_OK. */
static int chain_args_check(const chain_args *a)
{
    const char *why = NULL;
    if (a->n_weight && !a->optimize)
        why = "--weight weighs the raw inputs of --optimize; give --optimize too";
    else if (a->belt > 0 && !a->rate)
        why = "--belt counts belts of a rate; give --rate too";
    else if (a->units && a->rate)
        why = "--units and --rate are two amounts to make; give one of them";
    else if (a->n_machine && !chain_wants_flow(a))
        why = "--machine is read by the per-item graph (--graph, --exact, --rate or --optimize)";
    else if (a->runs_given && chain_wants_flow(a))
        why = "--runs counts whole runs of the tree; the per-item graph takes --units or --rate";
    else if (a->n_prefer && a->optimize)
        why = "--prefer picks recipes and --optimize finds the mix itself; give one of them";
    return why ? cli_usage_error("chain", "%s", why) : CLI_OK;
}

/* ---- options -------------------------------------------------------------- */

static const char *const STRATEGIES[] = {"make", "buy-if-sold", "adaptive", "min-cost"};
static const char *const RANKS[] = {"profit", "roi"};

static uint32_t count_of(const char *const *names)
{
    uint32_t n = 0;
    while (names[n])
        n++;
    return n;
}

/* A whole-number option (runs, me, te, limit). 1 = it was one, 0 = not one,
 * CLI_USAGE = bad value (printed). */
static int int_option(const char *cmd, chain_opts *o, const char *opt, const char *val)
{
    static const char *const names[] = {"--runs", "--me", "--te", "--limit"};
    int32_t *slots[] = {&o->runs, &o->me, &o->te, NULL};
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        if (strcmp(opt, names[i]) != 0)
            continue;
        /* whole and not negative here; the ranges (runs >= 1, ME 0..100) are
         * the plugin's to report */
        if (cli_u64(cmd, opt, val, 0, 1000000000, &v) != CLI_OK)
            return CLI_USAGE;
        if (slots[i])
            *slots[i] = (int32_t)v;
        else
            o->limit = (uint32_t)v;
        return 1;
    }
    return 0;
}

/* One option cmd accepts, with its value (NULL for a flag): CLI_OK or
 * CLI_USAGE (printed). */
static int chain_option(const chain_cmd *cmd, chain_opts *o, const char *opt, const char *val)
{
    const char *name = cmd->name;
    if ((!strcmp(opt, "--me") || !strcmp(opt, "--te")) && strchr(val, '.') &&
        cli_in("--bonus", cmd->options))
        return cli_usage_error(name, "%s needs a whole number, got \"%s\" (fractional "
                               "reductions: --bonus)", opt, val);
    int handled = int_option(name, o, opt, val);
    if (handled != 0) {
        o->args.runs_given |= handled == 1 && strcmp(opt, "--runs") == 0;
        return handled == 1 ? CLI_OK : CLI_USAGE;
    }
    if (strcmp(opt, "--prices") == 0)
        o->prices = strcmp(val, "none") == 0 ? NULL : val;
    else if (strcmp(opt, "--format") == 0)
        return cli_choice(name, opt, val, cmd->formats, count_of(cmd->formats), &o->format);
    else if (strcmp(opt, "--strategy") == 0)
        return cli_choice(name, opt, val, STRATEGIES, 4, &o->strategy);
    else if (strcmp(opt, "--rank") == 0)
        return cli_choice(name, opt, val, RANKS, 2, &o->rank);
    else if (strcmp(opt, "--min-roi") == 0)
        return cli_double(name, opt, val, -1e300, 1e300, &o->min_roi);
    else if (strcmp(opt, "--min-profit") == 0)
        return cli_double(name, opt, val, -1e300, 1e300, &o->min_profit);
    else if (strcmp(opt, "--job-index") == 0)
        return cli_double(name, opt, val, 0, 1e12, &o->job_index);
    else if ((handled = chain_args_option(&o->args, opt, val)) != CLI_OK)
        return handled < 0 ? cli_unknown_option(name, opt) : handled;
    return CLI_OK;
}

int chain_parse(chain_opts *o, int argc, char **argv, const chain_cmd *cmd)
{
    *o = (chain_opts){.runs = 1, .job_index = 1.0, .min_roi = -1e300, .min_profit = -1e300};
#ifdef PRODHOST_DEFAULT_PRICES
    o->prices = PRODHOST_DEFAULT_PRICES;
#endif
    cli_args a = cli_args_of(cmd->name, argc, argv);
    for (const char *arg; (arg = cli_next(&a)) != NULL;) {
        const char *val = NULL;
        if (!cli_is_option(arg)) {
            if (!cmd->want_item || o->item)
                return cli_usage_error(cmd->name, "unexpected argument \"%s\"", arg);
            o->item = arg;
        } else if (!cli_in(arg, cmd->options)) {
            return cli_unknown_option(cmd->name, arg);
        } else if (!(cmd->flags && cli_in(arg, cmd->flags)) && cli_value(&a, arg, &val) != CLI_OK) {
            return CLI_USAGE;
        } else if (chain_option(cmd, o, arg, val) != CLI_OK) {
            return CLI_USAGE;
        }
    }
    if (cmd->want_item && !o->item)
        return cli_usage_error(cmd->name, "an ITEM is needed");
    return chain_args_check(&o->args);
}

/* ---- the request and the run ---------------------------------------------- */

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

int chain_failed(const prod_api *api, prod_ctx *ctx, const char *what, prod_status st)
{
    const char *err = api->last_error(ctx);
    /* The chain commands give the plugin no callback but market_quote; the
     * other NOT_PROVIDED (an optimize without an LP solver) says so itself. */
    if (st == PROD_ERR_NOT_PROVIDED && strstr(err, "market_quote"))
        fprintf(stderr, "prodhost %s: this needs market prices and --prices none gives none "
                "(leave --prices out for the default snapshot, or name a prices file)\n", what);
    else
        fprintf(stderr, "prodhost %s: %s\n", what, *err ? err : api->status_str(st));
    return CLI_FAILED;
}

int chain_run(ph_plugin *p, const char *recipes, int argc, char **argv, const chain_cmd *cmd)
{
    chain_opts o;
    prod_ctx *ctx;
    ph_market *m;
    prod_chain_request q;
    int rc = chain_parse(&o, argc, argv, cmd);
    if (rc != CLI_OK)
        return rc;
    o.recipes = recipes;
    if (chain_open(p->api, recipes, o.prices, &ctx, &m) != 0)
        return CLI_FAILED;
    rc = chain_request_for(p->api, ctx, &o, &q) ? cmd->body(p->api, ctx, &o, &q) : CLI_FAILED;
    chain_close(p->api, ctx, m);
    return rc;
}
