/* cmd_chain.h - the chain and economics subcommands of prodhost (chain, econ,
 * opportunities) and the simulated market they ask: quotes read from a
 * SpaceTraders market snapshot (prices file) into the minimal host's market
 * table (ph_market.c), which answers prod_host.market_quote. */
#ifndef PRODHOST_CMD_CHAIN_H
#define PRODHOST_CMD_CHAIN_H

#include <stdio.h>

#include "persist_cmd.h"
#include "ph_market.h"

void chain_usage(FILE *out);

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
    double belt;       /* --belt N: items per second one belt carries (0 = not shown) */
} chain_args;

/* Options of the three subcommands (each uses the ones it documents). */
typedef struct chain_opts {
    const char *item;
    const char *prices;    /* market snapshot JSON */
    uint32_t format;       /* chain: CHAIN_FORMAT_* */
    int32_t runs, me, te;
    uint32_t strategy;     /* PROD_STRATEGY_* */
    uint32_t rank;         /* PROD_RANK_* */
    uint32_t limit;
    double job_index;
    double min_roi, min_profit;
    chain_args args;       /* chain only */
    const char *recipes;   /* the recipe file, for chain_check_unmade */
} chain_opts;

/* One of chain's calculator options with its value (chain_args.c): 1 =
 * handled, 0 = not one of them, -1 = bad value (printed). */
int chain_args_option(chain_args *a, const char *opt, const char *val);
/* The resolved lists a request points into (chain_args.c). */
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
/* Resolve o->args by name into L and point q at it: 0, or -1 after printing
 * which name is unknown. */
int chain_resolve(const prod_api *api, prod_ctx *ctx, const chain_opts *o, chain_lists *L,
                  prod_chain_request *q);
/* Print root (then free it) on stdout: 0, or -1 after printing why. */
struct cJSON;
int chain_print_json(struct cJSON *root);
/* text as an exact decimal num/den (digits with at most one '.'): 0 or -1. */
int chain_decimal(const char *text, uint64_t *num, uint64_t *den);
/* Whether the options ask for the per-item graph (--graph, --rate, --exact,
 * --optimize). */
int chain_wants_flow(const chain_opts *o);
/* The per-item graph of q's item for the options, printed in o->format: 0,
 * or -1 after printing why. */
int chain_flow_print(const prod_api *api, prod_ctx *ctx, const chain_opts *o, const chain_lists *L,
                     const prod_chain_request *q);
/* The i-th item of an answer to check (0 = skip it). */
typedef prod_item_id (*chain_item_at)(const void *src, uint32_t i);
/* -1 (after printing why) when one of the n items at(src, i) is one that
 * dataconv left unmade in the recipes file (its only recipe skipped). */
int chain_check_unmade(const prod_api *api, prod_ctx *ctx, const char *recipes,
                       chain_item_at at, const void *src, uint32_t n);

/* Parse argv (after the subcommand name). want_item: one positional ITEM.
 * 0, or 2 after printing a usage error. */
int chain_parse(chain_opts *o, int argc, char **argv, int want_item);

/* A context over `recipes` whose market_quote answers from the prices file:
 * one quote per trade good of every market, market ids numbered from 0 in
 * file order (prices NULL = no market_quote at all). 0, or -1 after
 * printing why; free with chain_close. */
int chain_open(const prod_api *api, const char *recipes, const char *prices, prod_ctx **ctx,
               ph_market **market);
void chain_close(const prod_api *api, prod_ctx *ctx, ph_market *market);
/* The body of a subcommand: 0, or -1 after printing why. */
typedef int (*chain_body)(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                          const prod_chain_request *q);
/* Parse, open the context and market, build the request, run body, close:
 * 0, 2 (usage error) or -1 (printed). */
int chain_run(ph_plugin *p, const char *recipes, int argc, char **argv, int want_item,
              chain_body body);
/* Print "what failed (status): last_error" and return -1. */
int chain_failed(const prod_api *api, prod_ctx *ctx, const char *what, prod_status st);
/* A request for o->item (0 and a message when the item is unknown). */
int chain_request_for(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                      prod_chain_request *q);

#endif
