/* cmd_demo.c - prodhost demo: its options, its usage, the run (context,
 * world, game loop, summary as text or JSON) and the progress line a long
 * run shows on stderr. */
#include "cmd_demo.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "json_out.h"
#include "progress.h"
#include "world.h"

#define MAX_CHUNKS 65536u
#define MAX_MINUTES 1000000u

typedef struct demo_opts {
    world_config world;
    int trace, quiet;
    uint32_t format;     /* 0 text, 1 json */
    const char *metrics; /* --metrics FILE, or NULL */
} demo_opts;

void demo_usage(FILE *out)
{
    fprintf(out,
            "  demo [--chunks N] [--minutes M] [--seed S] [--trace] [--quiet]\n"
            "       [--format text|json] [streaming options]\n"
            "                  simulate a world of production chunks and print a summary\n"
            "  --chunks N      chunks, one production manager each (1..%u, default 16)\n"
            "  --minutes M     game minutes to simulate (1..%u, default 30)\n"
            "  --seed S        seed of the host PRNG and the managers (default 1)\n"
            "  --trace         print every plugin event and log message to stderr\n"
            "  --quiet         no progress line on stderr (shown when a run takes over 2 s)\n"
            "  --format F      the summary as text (default) or json\n"
            "  --metrics FILE  at the end, every chunk's production counters in the\n"
            "                  Prometheus text format\n",
            MAX_CHUNKS, MAX_MINUTES);
    stream_usage(out);
}

/* One option with a value. CLI_OK or CLI_USAGE (printed). */
static int demo_option(demo_opts *o, const char *opt, const char *value)
{
    static const char *const formats[] = {"text", "json"};
    uint64_t v = 0;
    int rc = CLI_OK;
    if (strcmp(opt, "--chunks") == 0) {
        rc = cli_u64("demo", opt, value, 1, MAX_CHUNKS, &v);
        o->world.chunks = (uint32_t)v;
    } else if (strcmp(opt, "--minutes") == 0) {
        rc = cli_u64("demo", opt, value, 1, MAX_MINUTES, &v);
        o->world.minutes = (uint32_t)v;
    } else if (strcmp(opt, "--seed") == 0) {
        rc = cli_u64("demo", opt, value, 0, UINT64_MAX, &o->world.seed);
    } else if (strcmp(opt, "--format") == 0) {
        rc = cli_choice("demo", opt, value, formats, 2, &o->format);
    } else if (strcmp(opt, "--metrics") == 0) {
        o->metrics = value;
    } else {
        int known = stream_option(&o->world.stream, opt, value); /* -1: printed */
        rc = known == 0 ? cli_unknown_option("demo", opt) : known < 0 ? CLI_USAGE : CLI_OK;
    }
    return rc;
}

static int parse(demo_opts *o, int argc, char **argv)
{
    cli_args a = cli_args_of("demo", argc, argv);
    for (const char *opt; (opt = cli_next(&a)) != NULL;) {
        const char *value = NULL;
        if (!cli_is_option(opt))
            return cli_usage_error("demo", "unexpected argument \"%s\"", opt);
        if (strcmp(opt, "--trace") == 0)
            o->trace = 1;
        else if (strcmp(opt, "--quiet") == 0)
            o->quiet = 1;
        else if (cli_value(&a, opt, &value) != CLI_OK || demo_option(o, opt, value) != CLI_OK)
            return CLI_USAGE;
    }
    return CLI_OK;
}

/* --metrics: the counters into the file. CLI_OK or CLI_FAILED (printed). */
static int write_metrics(const world *w, const char *path)
{
    FILE *f = fopen(path, "w");
    int ok = f && world_write_metrics(w, f) == 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "prodhost: cannot write the metrics to %s\n", path);
    return ok ? CLI_OK : CLI_FAILED;
}

static int summary(const world *w, uint32_t format)
{
    if (format == 1)
        return cli_print_json(world_summary_json(w));
    world_print_summary(w, stdout);
    return CLI_OK;
}

int cmd_demo(ph_plugin *p, host_services *host, const char *plugin_path, const char *recipes,
             int argc, char **argv)
{
    demo_opts o = {.world = {.chunks = 16, .minutes = 30, .seed = 1}};
    int rc = parse(&o, argc, argv);
    if (rc != CLI_OK)
        return rc;
    if (o.trace) {
        event_log_init(&host->events, stderr);
        host->verbose_log = 1;
    }
    progress bar;
    progress_init(&bar, "demo");
    if (!o.quiet) {
        o.world.progress = progress_step;
        o.world.progress_user = &bar;
    }
    prod_ctx *ctx = NULL;
    if (host_open_context(p->api, host, recipes, &ctx) != 0)
        return CLI_FAILED;
    world *w = world_create(&o.world, p->api, ctx, host, recipes);
    if (w) /* --reload-at may swap *p and ctx */
        world_enable_reload(w, p, &ctx, plugin_path, recipes);
    rc = w && world_run(w) == 0 ? CLI_OK : CLI_FAILED;
    progress_done(&bar);
    if (rc == CLI_OK && o.metrics)
        rc = write_metrics(w, o.metrics);
    if (rc == CLI_OK)
        rc = summary(w, o.format);
    world_destroy(w);
    if (p->api)
        p->api->shutdown(ctx);
    if (rc == CLI_OK && host->log_errors > 0) {
        fprintf(stderr, "prodhost: the plugin logged %llu error(s), see above\n",
                (unsigned long long)host->log_errors);
        rc = CLI_FAILED;
    }
    return rc;
}
