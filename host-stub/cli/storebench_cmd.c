/* storebench_cmd.c - `prodhost storebench`: the demo world run for a few game
 * minutes (so that its chunks hold jobs and goods), then storebench.h's
 * measures of its chunks against a store: SQLite (--store PATH) or
 * PostgreSQL (--pg CONNINFO, --store postgres://...). Use an empty store:
 * the rows it writes are the benchmark's. */
#include <stdio.h>
#include <string.h>

#include "option.h"
#include "persist_cmd.h"
#include "world.h"

typedef struct bench_args {
    const char *store, *pg;
    uint32_t chunks, minutes, rounds;
} bench_args;

static int parse(bench_args *a, int argc, char **argv)
{
    for (int i = 0; i < argc; i += 2) {
        const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = strcmp(opt, "--store") == 0     ? option_text(opt, v, &a->store)
                 : strcmp(opt, "--pg") == 0      ? option_text(opt, v, &a->pg)
                 : strcmp(opt, "--chunks") == 0  ? option_u32(opt, v, 4096, &a->chunks)
                 : strcmp(opt, "--minutes") == 0 ? option_u32(opt, v, 1000, &a->minutes)
                 : strcmp(opt, "--rounds") == 0  ? option_u32(opt, v, 1000000, &a->rounds)
                                                 : (fprintf(stderr, "prodhost: unknown option %s\n", opt), -1);
        if (rc != 1)
            return -1;
    }
    if (!a->store == !a->pg) {
        fprintf(stderr, "prodhost: storebench needs --store PATH|URL or --pg CONNINFO\n");
        return -1;
    }
    return 0;
}

int cmd_storebench(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    bench_args a = {.chunks = 16, .minutes = 5, .rounds = 20};
    if (parse(&a, argc, argv) != 0)
        return -1;
    char where[1024];
    snprintf(where, sizeof where, "%s%s", a.pg ? "pg:" : "", a.pg ? a.pg : a.store);
    world_config cfg = {.chunks = a.chunks, .minutes = a.minutes, .seed = 1,
                        .stream = {.view = 1}};
    prod_ctx *ctx = NULL;
    if (host_open_context(p->api, host, recipes, &ctx) != 0)
        return -1;
    world *w = world_create(&cfg, p->api, ctx, host, recipes);
    int rc = w ? world_run(w) : -1;
    if (rc == 0)
        rc = world_storebench(w, where, a.rounds, stdout);
    world_destroy(w);
    p->api->shutdown(ctx);
    return rc;
}
