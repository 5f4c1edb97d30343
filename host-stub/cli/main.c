/* main.c - the prodhost command line: parse options, load the plugin, create
 * the context with the host's callbacks, run the demo world, print the
 * summary, tear everything down in order. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_chain.h"
#include "host.h"
#include "persist_cmd.h"
#include "ph_loader.h"
#include "world.h"

#ifndef PRODHOST_DEFAULT_PLUGIN
#define PRODHOST_DEFAULT_PLUGIN "./libproduction.so"
#endif
#ifndef PRODHOST_DEFAULT_RECIPES
#define PRODHOST_DEFAULT_RECIPES "recipes/sample_recipes.json"
#endif

#define EXIT_USAGE 2
#define MAX_CHUNKS 65536u
#define MAX_MINUTES 1000000u

typedef struct options {
    const char *plugin;
    const char *recipes;
    world_config world;
    int trace;
    persist_cmd_fn command; /* a chunk-store subcommand instead of demo, or NULL */
    int command_argc;
    char **command_argv;
} options;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: prodhost [--plugin PATH] [--recipes PATH] demo [--chunks N] [--minutes M]\n"
            "                [--seed S] [--trace]\n"
            "  --plugin PATH   the plugin to dlopen (default %s)\n"
            "  --recipes PATH  recipe JSON to load (default %s)\n"
            "  demo            simulate a world of production chunks and print a summary\n"
            "  --chunks N      chunks, one production manager each (1..%u, default 16)\n"
            "  --minutes M     game minutes to simulate (1..%u, default 30)\n"
            "  --seed S        seed of the host PRNG and the managers (default 1)\n"
            "  --trace         print every plugin event and log message to stderr\n",
            PRODHOST_DEFAULT_PLUGIN, PRODHOST_DEFAULT_RECIPES, MAX_CHUNKS, MAX_MINUTES);
    stream_usage(out);
    persist_usage(out);
    chain_usage(out);
}

/* Parse an unsigned decimal in [min, max]. 0 or -1 (printed). */
static int parse_u64(const char *opt, const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = text ? strtoull(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || text[0] == '-' || v < min || v > max) {
        fprintf(stderr, "prodhost: %s needs a number in %llu..%llu, got \"%s\"\n", opt,
                (unsigned long long)min, (unsigned long long)max, text ? text : "");
        return -1;
    }
    *out = v;
    return 0;
}

/* Options after "demo". 0 or -1 (printed). */
static int parse_demo(options *o, int argc, char **argv, int i)
{
    for (; i < argc; i++) {
        const char *opt = argv[i];
        uint64_t v = 0;
        if (strcmp(opt, "--trace") == 0) {
            o->trace = 1;
            continue;
        }
        const char *value = i + 1 < argc ? argv[++i] : NULL;
        if (strcmp(opt, "--chunks") == 0) {
            if (parse_u64(opt, value, 1, MAX_CHUNKS, &v) != 0)
                return -1;
            o->world.chunks = (uint32_t)v;
        } else if (strcmp(opt, "--minutes") == 0) {
            if (parse_u64(opt, value, 1, MAX_MINUTES, &v) != 0)
                return -1;
            o->world.minutes = (uint32_t)v;
        } else if (strcmp(opt, "--seed") == 0) {
            if (parse_u64(opt, value, 0, UINT64_MAX, &v) != 0)
                return -1;
            o->world.seed = v;
        } else {
            int known = stream_option(&o->world.stream, opt, value); /* -1: printed */
            if (known == 0)
                fprintf(stderr, "prodhost: unknown demo option \"%s\"\n", opt);
            if (known <= 0)
                return -1;
        }
    }
    return 0;
}

/* The subcommand (other than demo) called name, or NULL. */
static persist_cmd_fn find_command(const char *name)
{
    static const struct {
        const char *name;
        persist_cmd_fn fn;
    } table[] = {{"inspect", cmd_inspect}, {"soak", cmd_soak},  {"verify", cmd_verify},
                 {"chain", cmd_chain},     {"econ", cmd_econ}, {"opportunities", cmd_opportunities},
                 {"storebench", cmd_storebench}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(name, table[i].name) == 0)
            return table[i].fn;
    return NULL;
}

/* 0 = run, 1 = help printed, -1 = usage error (printed). */
static int parse_args(options *o, int argc, char **argv)
{
    int i = 1;
    for (; i < argc && strncmp(argv[i], "-", 1) == 0; i += 2) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 1;
        }
        const char **slot = strcmp(argv[i], "--plugin") == 0    ? &o->plugin
                            : strcmp(argv[i], "--recipes") == 0 ? &o->recipes
                                                                : NULL;
        if (!slot || i + 1 >= argc) {
            fprintf(stderr, "prodhost: %s \"%s\"\n", slot ? "missing value for" : "unknown option",
                    argv[i]);
            return -1;
        }
        *slot = argv[i + 1];
    }
    if (i < argc && (o->command = find_command(argv[i])) != NULL) {
        o->command_argc = argc - i - 1;
        o->command_argv = argv + i + 1;
        return 0;
    }
    if (i >= argc || strcmp(argv[i], "demo") != 0) {
        fprintf(stderr, "prodhost: %s\n", i >= argc ? "no command given" : "unknown command");
        return -1;
    }
    return parse_demo(o, argc, argv, i + 1);
}

static int run_demo(ph_plugin *p, host_services *host, const options *o)
{
    prod_ctx *ctx = NULL;
    if (host_open_context(p->api, host, o->recipes, &ctx) != 0)
        return -1;
    world *w = world_create(&o->world, p->api, ctx, host, o->recipes);
    if (w) /* --reload-at may swap *p and ctx */
        world_enable_reload(w, p, &ctx, o->plugin, o->recipes);
    int rc = w ? world_run(w) : -1;
    if (rc == 0)
        world_print_summary(w, stdout);
    world_destroy(w);
    if (p->api)
        p->api->shutdown(ctx);
    if (rc == 0 && host->log_errors > 0) {
        fprintf(stderr, "prodhost: the plugin logged %llu error(s), see above\n",
                (unsigned long long)host->log_errors);
        rc = -1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    options o = {.plugin = PRODHOST_DEFAULT_PLUGIN, .recipes = PRODHOST_DEFAULT_RECIPES,
                 .world = {.chunks = 16, .minutes = 30, .seed = 1}};
    int parsed = parse_args(&o, argc, argv);
    if (parsed != 0) {
        if (parsed < 0)
            fprintf(stderr, "prodhost: run \"prodhost --help\" for usage\n");
        return parsed < 0 ? EXIT_USAGE : EXIT_SUCCESS;
    }
    ph_plugin p;
    if (host_plugin_load(o.plugin, &p) != 0)
        return EXIT_FAILURE;
    host_services host;
    int rc = host_services_init(&host, o.trace ? stderr : NULL);
    if (rc == 0) {
        host.verbose_log = o.trace;
        rc = o.command ? o.command(&p, &host, o.recipes, o.command_argc, o.command_argv)
                       : run_demo(&p, &host, &o);
        host_services_free(&host);
    }
    ph_plugin_unload(&p);
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
