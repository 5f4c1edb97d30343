/* cmd_chain.h - the chain and economics subcommands of prodhost (chain,
 * econ, opportunities: cmd_chain.c, cmd_econ.c), their options
 * (chain_args.c), chain's calculator lists resolved by name
 * (chain_resolve.c), its per-item graph (chain_graph.c) and the simulated
 * market they ask (chain_market.c): quotes read from a SpaceTraders market
 * snapshot (prices file) into the minimal host's market table
 * (ph_market.c), which answers prod_host.market_quote. */
#ifndef PRODHOST_CMD_CHAIN_H
#define PRODHOST_CMD_CHAIN_H

#include <stdio.h>

#include "args.h"
#include "persist_cmd.h"
#include "ph_market.h"

void chain_usage(FILE *out);
void econ_usage(FILE *out);
void opportunities_usage(FILE *out);

int cmd_chain(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);
int cmd_econ(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);
int cmd_opportunities(ph_plugin *p, host_services *host, const char *recipes, int argc,
                      char **argv);

/* --- shared by cmd_chain.c and cmd_econ.c ------------------------------- */

#define CHAIN_FORMAT_TREE 0u
#define CHAIN_FORMAT_FLAT 1u
#define CHAIN_FORMAT_JSON 2u
#define CHAIN_FORMAT_DOT 3u

/* chain's calculator options (chain_args.c): lists of names as given on
 * the command line (each entry may be a comma list), resolved against the
 * context by chain_resolve. */
#define CHAIN_ARGS_MAX 64
typedef struct chain_args {
    const char *raw[CHAIN_ARGS_MAX], *raw_category[CHAIN_ARGS_MAX], *prefer[CHAIN_ARGS_MAX];
    const char *buy[CHAIN_ARGS_MAX], *make[CHAIN_ARGS_MAX], *category_me[CHAIN_ARGS_MAX];
    const char *machine[CHAIN_ARGS_MAX], *bonus[CHAIN_ARGS_MAX], *weight[CHAIN_ARGS_MAX];
    uint32_t n_raw, n_raw_category, n_prefer, n_buy, n_make, n_category_me, n_machine, n_bonus;
    uint32_t n_weight;
    int optimize;      /* --optimize: 0 = no, else 1 + PROD_LP_* */
    const char *rate;  /* "150/min", "2.5/s": a flow at that rate */
    uint64_t units;    /* --units N (0 = not given) */
    int exact, graph;  /* --exact, --graph: the per-item graph */
    int runs_given;    /* --runs was given (the graph reads --units instead) */
    double belt;       /* --belt N: items per second one belt carries (0 = not shown) */
} chain_args;

/* Options of the three subcommands (each accepts the ones it documents). */
typedef struct chain_opts {
    const char *item;
    const char *prices;    /* market snapshot JSON */
    uint32_t format;       /* index in the command's formats (chain: CHAIN_FORMAT_*) */
    int32_t runs, me, te;
    uint32_t strategy;     /* PROD_STRATEGY_* */
    uint32_t rank;         /* PROD_RANK_* */
    uint32_t limit;
    double job_index;
    double min_roi, min_profit;
    chain_args args;       /* chain only */
    const char *recipes;   /* the recipe file, for chain_check_unmade */
} chain_opts;

/* "prodhost chain: OPT needs WANT, got "VAL"" as a usage error (chain_args.c):
 * CLI_USAGE. */
int chain_bad_value(const char *opt, const char *val, const char *want);
/* text as an exact decimal num/den (digits with at most one '.'): 0 or -1. */
int chain_decimal(const char *text, uint64_t *num, uint64_t *den);
/* Whether the options ask for the per-item graph (--graph, --rate, --exact,
 * --optimize). */
int chain_wants_flow(const chain_args *a);

/* The resolved lists a request points into (chain_resolve.c). */
typedef struct chain_lists {
    prod_item_id raw[1024];
    prod_recipe_ix prefer[CHAIN_ARGS_MAX * 8];
    prod_decision_override overrides[CHAIN_ARGS_MAX * 8];
    prod_category_me category_me[CHAIN_ARGS_MAX];
    char cme_names[CHAIN_ARGS_MAX][257];
    prod_bonus bonuses[CHAIN_ARGS_MAX];
    char bonus_names[CHAIN_ARGS_MAX][257];
    prod_machine machines[CHAIN_ARGS_MAX];
    char machine_names[CHAIN_ARGS_MAX][257];
    uint32_t n_machines;
    prod_item_weight weights[CHAIN_ARGS_MAX];
    uint32_t n_weights;
} chain_lists;
/* Resolve o->args by name into L and point q at it: CLI_OK, CLI_USAGE
 * (printed) for a malformed value, or CLI_FAILED after printing which name
 * the recipes do not know. */
int chain_resolve(const prod_api *api, prod_ctx *ctx, const chain_opts *o, chain_lists *L,
                  prod_chain_request *q);
/* The i-th item of an answer to check (0 = skip it). */
typedef prod_item_id (*chain_item_at)(const void *src, uint32_t i);
/* CLI_FAILED (after printing why) when one of the n items at(src, i) is
 * one that dataconv left unmade in the recipes file (its only recipe
 * skipped), else CLI_OK (chain_resolve.c). */
int chain_check_unmade(const prod_api *api, prod_ctx *ctx, const char *recipes,
                       chain_item_at at, const void *src, uint32_t n);
/* The per-item graph of q's item for the options, printed in o->format
 * (chain_graph.c): CLI_OK, or CLI_FAILED after printing why. */
int chain_flow_print(const prod_api *api, prod_ctx *ctx, const chain_opts *o, const chain_lists *L,
                     const prod_chain_request *q);


/* A context over `recipes` whose market_quote answers from the prices file:
 * one quote per trade good of every market, market ids numbered from 0 in
 * file order (prices NULL = no market_quote at all). 0, or -1 after
 * printing why; free with chain_close. */
int chain_open(const prod_api *api, const char *recipes, const char *prices, prod_ctx **ctx,
               ph_market **market);
void chain_close(const prod_api *api, prod_ctx *ctx, ph_market *market);
/* The body of a subcommand: CLI_OK, or CLI_FAILED (or chain's CLI_USAGE for a
 * malformed calculator value) after printing why. */
typedef int (*chain_body)(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                          const prod_chain_request *q);
/* One of the three: what it accepts and what it does. */
typedef struct chain_cmd {
    const char *name;           /* for messages: "chain" */
    int want_item;              /* one positional ITEM */
    const char *const *options; /* the options it accepts, NULL-terminated */
    const char *const *formats; /* the --format values, NULL-terminated */
    chain_body body;
    const char *const *flags;   /* the options of them that take no value (NULL: none) */
} chain_cmd;
/* Parse argv (after the subcommand name) as cmd's: CLI_OK, or CLI_USAGE
 * after printing what is wrong (an option cmd does not accept included). */
int chain_parse(chain_opts *o, int argc, char **argv, const chain_cmd *cmd);
/* Parse, open the context and market, build the request, run the body,
 * close: CLI_OK, CLI_USAGE or CLI_FAILED (printed). */
int chain_run(ph_plugin *p, const char *recipes, int argc, char **argv, const chain_cmd *cmd);
/* Print what failed in a user's words and return CLI_FAILED. */
int chain_failed(const prod_api *api, prod_ctx *ctx, const char *what, prod_status st);
/* A request for o->item (0 and a message when the item is unknown). */
int chain_request_for(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                      prod_chain_request *q);

#endif
