/* storebench_cmd.c - `prodhost storebench`: the demo world run for a few game
 * minutes (so that its chunks hold jobs and goods), then storebench.h's
 * measures of its chunks against a store: SQLite (--store PATH) or
 * PostgreSQL (--pg CONNINFO, --store postgres://...). Use an empty store:
 * the rows it writes are the benchmark's. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "persist_cmd.h"
#include "world.h"

typedef struct bench_args {
    const char *store, *pg;
    uint32_t chunks, minutes, rounds;
} bench_args;

void storebench_usage(FILE *out)
{
    fprintf(out,
            "  storebench (--store PATH|URL | --pg CONNINFO) [--chunks N] [--minutes M]\n"
            "             [--rounds R]\n"
            "                  run the demo world for M game minutes (default 5) on N chunks\n"
            "                  (default 16), then time R rounds (default 20) of saves and\n"
            "                  hand-overs of its chunks against an empty store: SQLite (a\n"
            "                  path) or PostgreSQL (postgres://..., or --pg CONNINFO)\n");
}

/* --chunks, --minutes or --rounds: a count in 1..max. */
static int count(const char *opt, const char *value, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    int rc = cli_u64("storebench", opt, value, 1, max, &v);
    *out = (uint32_t)v;
    return rc;
}

static int parse(bench_args *a, int argc, char **argv)
{
    cli_args args = cli_args_of("storebench", argc, argv);
    for (const char *opt; (opt = cli_next(&args)) != NULL;) {
        const char *v = NULL;
        if (!cli_is_option(opt))
            return cli_usage_error("storebench", "unexpected argument \"%s\"", opt);
        int rc = cli_value(&args, opt, &v);
        if (rc != CLI_OK)
            return rc;
        if (strcmp(opt, "--store") == 0)
            a->store = v;
        else if (strcmp(opt, "--pg") == 0)
            a->pg = v;
        else if (strcmp(opt, "--chunks") == 0)
            rc = count(opt, v, 4096, &a->chunks);
        else if (strcmp(opt, "--minutes") == 0)
            rc = count(opt, v, 1000, &a->minutes);
        else if (strcmp(opt, "--rounds") == 0)
            rc = count(opt, v, 1000000, &a->rounds);
        else
            rc = cli_unknown_option("storebench", opt);
        if (rc != CLI_OK)
            return rc;
    }
    if (!a->store == !a->pg)
        return cli_usage_error("storebench", "needs one of --store PATH|URL and --pg CONNINFO");
    return CLI_OK;
}

int cmd_storebench(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    bench_args a = {.chunks = 16, .minutes = 5, .rounds = 20};
    int rc = parse(&a, argc, argv);
    if (rc != CLI_OK)
        return rc;
    char where[1024];
    snprintf(where, sizeof where, "%s%s", a.pg ? "pg:" : "", a.pg ? a.pg : a.store);
    world_config cfg = {.chunks = a.chunks, .minutes = a.minutes, .seed = 1,
                        .stream = {.view = 1}};
    prod_ctx *ctx = NULL;
    if (host_open_context(p->api, host, recipes, &ctx) != 0)
        return CLI_FAILED;
    world *w = world_create(&cfg, p->api, ctx, host, recipes);
    rc = w && world_run(w) == 0 && world_storebench(w, where, a.rounds, stdout) == 0
             ? CLI_OK
             : CLI_FAILED;
    world_destroy(w);
    p->api->shutdown(ctx);
    return rc;
}
