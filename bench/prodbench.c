/* prodbench.c - the benchmark driver: parses the command line, loads the
 * plugin like a host (dlopen), runs the chosen workloads and reports every
 * figure as a table row (stderr) and a JSON line (stdout or --json FILE). */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PROD_BENCH_BUILD_TYPE
#define PROD_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef PROD_BENCH_COMMIT
#define PROD_BENCH_COMMIT "unknown"
#endif

typedef struct workload {
    const char *name; /* what the command line names */
    void (*run)(const bench_opts *o, const prod_api *api);
} workload;

static const workload WORKLOADS[] = {
    {"W1", w1_idle},       {"W2", w2_w3_w4},          {"W5", w5_repeating},
    {"W6", w6_persist},    {"W7", w7_parallel},       {"W8", w8_catchup},
    {"W9", w9_scaling},    {"W10", w10_many_managers}, {"W11", w11_month_away},
    {"chains", w_chains},  {"calc", w_calc},          {"coord", w_coord},
    {"floor", w_floor},
};
#define N_WORKLOADS (sizeof WORKLOADS / sizeof WORKLOADS[0])

static void usage(void)
{
    fprintf(stderr,
            "usage: prodbench [--quick] [--plugin PATH] [--json FILE] [--commit HASH]\n"
            "                 [WORKLOAD...]\n"
            "WORKLOAD: W1 W2 (also reports W3, W4, W2e) W5 W6 W7 W8 W9 W10 W11 chains calc\n"
            "          coord floor;\n"
            "default all but floor (W2 and W5 run the floor beside them). --floor is floor.\n"
            "PATH defaults to libproduction.so next to this binary. The table goes to\n"
            "stderr, one JSON line per figure to stdout (or FILE).\n");
    exit(2);
}

/* libproduction.so in the directory of /proc/self/exe. */
static char *default_plugin(void)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 32);
    if (n <= 0)
        return "libproduction.so";
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    strcpy(slash ? slash + 1 : path, "libproduction.so");
    return path;
}

/* Index of the workload called name (W3, W4 and W2e run with W2), or -1. */
static int find_workload(const char *name)
{
    if (!strcmp(name, "W3") || !strcmp(name, "W4") || !strcmp(name, "W2e"))
        name = "W2";
    for (size_t i = 0; i < N_WORKLOADS; i++)
        if (!strcmp(name, WORKLOADS[i].name))
            return (int)i;
    return -1;
}

int main(int argc, char **argv)
{
    bench_opts o = {.build_type = PROD_BENCH_BUILD_TYPE, .commit = PROD_BENCH_COMMIT,
                    .json = stdout};
    const char *plugin = NULL;
    int chosen[N_WORKLOADS] = {0}, any = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--quick"))
            o.quick = 1;
        else if (!strcmp(a, "--floor"))
            chosen[find_workload("floor")] = any = 1;
        else if (!strcmp(a, "--plugin") && i + 1 < argc)
            plugin = argv[++i];
        else if (!strcmp(a, "--commit") && i + 1 < argc)
            o.commit = argv[++i];
        else if (!strcmp(a, "--json") && i + 1 < argc) {
            o.json = fopen(argv[++i], "w");
            if (!o.json) {
                perror(argv[i]);
                return 2;
            }
        } else {
            int w = find_workload(a);
            if (w < 0)
                usage();
            chosen[w] = any = 1;
        }
    }
    const prod_api *api = bench_load(plugin ? plugin : default_plugin());
    fprintf(stderr, "prodbench: plugin %s, ABI %u.%u, build %s, commit %s%s\n",
            api->plugin_version, api->abi_version >> 16, api->abi_version & 0xFFFF,
            o.build_type, o.commit, o.quick ? ", quick mode (reduced sizes)" : "");
    bench_table_header();
    for (size_t i = 0; i < N_WORKLOADS; i++)
        if (any ? chosen[i] : WORKLOADS[i].run != w_floor)
            WORKLOADS[i].run(&o, api);
    if (o.json != stdout)
        fclose(o.json);
    return 0;
}
