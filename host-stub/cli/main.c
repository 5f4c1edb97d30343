/* main.c - the prodhost command line: the global options (--plugin,
 * --recipes, --help, --version), the subcommand table with each one's
 * usage, --help for every subcommand, loading the plugin and the host
 * services, and the exit code (args.h: 0, 1 failed, 2 usage error). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmd_chain.h"
#include "cmd_check.h"
#include "cmd_demo.h"
#include "host.h"
#include "persist_cmd.h"
#include "ph_loader.h"

#ifndef PRODHOST_DEFAULT_PLUGIN
#define PRODHOST_DEFAULT_PLUGIN "./libproduction.so"
#endif
#ifndef PRODHOST_DEFAULT_RECIPES
#define PRODHOST_DEFAULT_RECIPES "recipes/sample_recipes.json"
#endif

typedef struct command {
    const char *name;
    persist_cmd_fn run; /* NULL: demo, which also needs the plugin path */
    void (*usage)(FILE *out);
} command;

static const command COMMANDS[] = {
    {"demo", NULL, demo_usage},
    {"inspect", cmd_inspect, inspect_usage},
    {"soak", cmd_soak, soak_usage},
    {"verify", cmd_verify, verify_usage},
    {"chain", cmd_chain, chain_usage},
    {"econ", cmd_econ, econ_usage},
    {"opportunities", cmd_opportunities, opportunities_usage},
    {"check", cmd_check, check_usage},
    {"storebench", cmd_storebench, storebench_usage},
    {"fleet", cmd_fleet, fleet_usage},
};
#define COMMAND_COUNT (sizeof COMMANDS / sizeof COMMANDS[0])

typedef struct options {
    const char *plugin;
    const char *recipes;
    const command *cmd;
    int argc; /* the arguments after the subcommand's name */
    char **argv;
} options;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: prodhost [--plugin PATH] [--recipes PATH] COMMAND [options]\n"
            "       prodhost --version | --help | COMMAND --help\n"
            "  --plugin PATH   the plugin to dlopen (default %s)\n"
            "  --recipes PATH  recipe JSON to load (default %s)\n"
            "  --version       this program's and the plugin's versions\n"
            "commands:\n",
            PRODHOST_DEFAULT_PLUGIN, PRODHOST_DEFAULT_RECIPES);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        COMMANDS[i].usage(out);
    fprintf(out, "exit status: 0 done, 1 failed (the reason is on stderr), 2 usage error\n");
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(name, COMMANDS[i].name) == 0)
            return &COMMANDS[i];
    return NULL;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    return 0;
}

static int top_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "prodhost: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nrun \"prodhost --help\" for usage\n");
    return CLI_USAGE;
}

/* The plugin's version beside this program's. CLI_OK or CLI_FAILED. */
static int print_version(const char *plugin)
{
    printf("prodhost %s (built against ABI %u.%u)\n", PROD_VERSION_STRING, PROD_ABI_MAJOR,
           PROD_ABI_MINOR);
    ph_plugin p;
    if (host_plugin_load(plugin, &p) != 0)
        return CLI_FAILED;
    printf("plugin %s: production %s, ABI %u.%u\n", plugin, p.api->plugin_version,
           p.api->abi_version >> 16, p.api->abi_version & 0xFFFFu);
    ph_plugin_unload(&p);
    return CLI_OK;
}

/* -1 = run o->cmd, otherwise the exit code (help, version or a usage error). */
static int parse_args(options *o, int argc, char **argv)
{
    int i = 1;
    for (; i < argc && cli_is_option(argv[i]); i += 2) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return usage(stdout), CLI_OK;
        if (strcmp(argv[i], "--version") == 0)
            return print_version(o->plugin);
        const char **slot = strcmp(argv[i], "--plugin") == 0    ? &o->plugin
                            : strcmp(argv[i], "--recipes") == 0 ? &o->recipes
                                                                : NULL;
        if (!slot)
            return top_usage_error("%s is not an option (options of a command come after it)",
                                   argv[i]);
        if (i + 1 >= argc)
            return top_usage_error("%s needs a value", argv[i]);
        *slot = argv[i + 1];
    }
    if (i >= argc)
        return top_usage_error("no command given%s", "");
    if (!(o->cmd = find_command(argv[i])))
        return top_usage_error("unknown command \"%s\"", argv[i]);
    o->argc = argc - i - 1;
    o->argv = argv + i + 1;
    if (wants_help(o->argc, o->argv)) {
        printf("usage: prodhost [--plugin PATH] [--recipes PATH]\n");
        o->cmd->usage(stdout);
        return CLI_OK;
    }
    return -1;
}

int main(int argc, char **argv)
{
    options o = {.plugin = PRODHOST_DEFAULT_PLUGIN, .recipes = PRODHOST_DEFAULT_RECIPES};
    int done = parse_args(&o, argc, argv);
    if (done >= 0)
        return cli_exit_code(done);
    ph_plugin p;
    if (host_plugin_load(o.plugin, &p) != 0)
        return cli_exit_code(CLI_FAILED);
    host_services host;
    int rc = host_services_init(&host, NULL);
    if (rc == 0) {
        rc = o.cmd->run ? o.cmd->run(&p, &host, o.recipes, o.argc, o.argv)
                        : cmd_demo(&p, &host, o.plugin, o.recipes, o.argc, o.argv);
        host_services_free(&host);
    }
    ph_plugin_unload(&p);
    return cli_exit_code(rc);
}
