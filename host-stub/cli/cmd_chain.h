/* cmd_chain.h - the chain and economics subcommands of prodhost (chain,
 * econ, opportunities: cmd_chain.c, cmd_econ.c), their options
 * (chain_args.c) and the simulated market they ask (chain_market.c): quotes
 * read from a SpaceTraders market snapshot (prices file) into the minimal
 * host's market table (ph_market.c), which answers prod_host.market_quote. */
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
} chain_opts;


/* A context over `recipes` whose market_quote answers from the prices file:
 * one quote per trade good of every market, market ids numbered from 0 in
 * file order (prices NULL = no market_quote at all). 0, or -1 after
 * printing why; free with chain_close. */
int chain_open(const prod_api *api, const char *recipes, const char *prices, prod_ctx **ctx,
               ph_market **market);
void chain_close(const prod_api *api, prod_ctx *ctx, ph_market *market);
/* The body of a subcommand: CLI_OK, or CLI_FAILED after printing why. */
typedef int (*chain_body)(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                          const prod_chain_request *q);
/* One of the three: what it accepts and what it does. */
typedef struct chain_cmd {
    const char *name;           /* for messages: "chain" */
    int want_item;              /* one positional ITEM */
    const char *const *options; /* the options it accepts, NULL-terminated */
    const char *const *formats; /* the --format values, NULL-terminated */
    chain_body body;
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
