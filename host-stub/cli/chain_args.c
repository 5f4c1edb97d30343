/* chain_args.c - the options of prodhost chain, econ and opportunities
 * (each accepts its own set, see chain_cmd), the request they make, and the
 * run of one of them: parse, open the context over the market, run the
 * body, close. */
#include "cmd_chain.h"

#include <string.h>

#include "args.h"

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

/* One option of cmd with its value: CLI_OK or CLI_USAGE (printed). */
static int chain_option(const chain_cmd *cmd, chain_opts *o, const char *opt, const char *val)
{
    const char *name = cmd->name;
    if (!cli_in(opt, cmd->options))
        return cli_unknown_option(name, opt);
    int handled = int_option(name, o, opt, val);
    if (handled != 0)
        return handled == 1 ? CLI_OK : CLI_USAGE;
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
    else
        return cli_unknown_option(name, opt);
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
        } else if (cli_value(&a, arg, &val) != CLI_OK || chain_option(cmd, o, arg, val) != CLI_OK) {
            return CLI_USAGE;
        }
    }
    if (cmd->want_item && !o->item)
        return cli_usage_error(cmd->name, "an ITEM is needed");
    return CLI_OK;
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


int chain_failed(const prod_api *api, prod_ctx *ctx, const char *what, prod_status st)
{
    /* The chain commands give the plugin no callback but market_quote. */
    if (st == PROD_ERR_NOT_PROVIDED)
        fprintf(stderr, "prodhost %s: this needs market prices and --prices none gives none "
                "(leave --prices out for the default snapshot, or name a prices file)\n", what);
    else
        fprintf(stderr, "prodhost %s: %s\n", what,
                *api->last_error(ctx) ? api->last_error(ctx) : api->status_str(st));
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
    if (chain_open(p->api, recipes, o.prices, &ctx, &m) != 0)
        return CLI_FAILED;
    rc = chain_request_for(p->api, ctx, &o, &q) ? cmd->body(p->api, ctx, &o, &q) : CLI_FAILED;
    chain_close(p->api, ctx, m);
    return rc;
}
