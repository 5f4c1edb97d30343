/* cmd_fleet.c - `prodhost fleet run|status|config`: the fleet economy's
 * subcommands, their options and usage, the run's hourly progress lines and
 * its summary. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd_fleet.h"
#include "live_config.h"
#include "persist.h"
#include "persist_cmd.h"
#include "rules.h"

#ifndef PRODHOST_FLEET_RECIPES
#define PRODHOST_FLEET_RECIPES "recipes/spacetraders_chain.json"
#endif
#ifndef PRODHOST_DEFAULT_RECIPES
#define PRODHOST_DEFAULT_RECIPES "recipes/sample_recipes.json"
#endif

typedef struct run_args {
    uint64_t ships, hours, seed;
    int serial, trace;
    const char *db;
} run_args;

void fleet_usage(FILE *out)
{
    fprintf(out,
            "  fleet run [--ships N] [--hours H] [--serial] [--db FILE] [--seed S] [--trace]\n"
            "                  NPC haulers (default 10) run the coordinator's pipelines over\n"
            "                  the SpaceTraders markets until game hour H (default 4): a\n"
            "                  progress line per game hour, then the summary; --serial is\n"
            "                  seed 002's baseline (one ship, one pipeline at a time); with\n"
            "                  --db it saves each game minute and resumes what FILE holds;\n"
            "                  --trace: plans, collections, config changes, reconciliation\n"
            "  fleet status --db FILE [--pipeline ID] [--format text|json]\n"
            "                  the saved fleet's pipelines, or one pipeline's status tree\n"
            "  fleet config show --db FILE\n"
            "  fleet config set --db FILE [--preset conservative|balanced|aggressive]\n"
            "                  [--max-pipelines N] [--max-workers N] [--max-retries N]\n"
            "                  [--collect-start-supply L] [--collect-execute-supply L]\n"
            "                  [--acquire-start-supply L] [--acquire-execute-supply L]\n"
            "                  [--min-purchase-price P] [--margin-drop PCT]\n"
            "                  the coordinator's configuration and its history; set checks\n"
            "                  the update as coord_config_set does and queues it: a running\n"
            "                  fleet applies it within a game minute (L: SCARCE .. ABUNDANT)\n");
}

static int parse_run(run_args *a, int argc, char **argv)
{
    cli_args args = cli_args_of("fleet run", argc, argv);
    for (const char *opt; (opt = cli_next(&args)) != NULL;) {
        const char *v = NULL;
        int rc = CLI_OK;
        if (!cli_is_option(opt))
            return cli_usage_error("fleet run", "unexpected argument \"%s\"", opt);
        if (strcmp(opt, "--serial") == 0 || strcmp(opt, "--trace") == 0) {
            *(opt[2] == 's' ? &a->serial : &a->trace) = 1;
            continue;
        }
        if ((rc = cli_value(&args, opt, &v)) != CLI_OK)
            return rc;
        if (strcmp(opt, "--ships") == 0)
            rc = cli_u64("fleet run", opt, v, 1, FLEET_MAX_SHIPS, &a->ships);
        else if (strcmp(opt, "--hours") == 0)
            rc = cli_u64("fleet run", opt, v, 1, 10000, &a->hours);
        else if (strcmp(opt, "--seed") == 0)
            rc = cli_u64("fleet run", opt, v, 0, UINT64_MAX, &a->seed);
        else if (strcmp(opt, "--db") == 0)
            a->db = v;
        else
            rc = cli_unknown_option("fleet run", opt);
        if (rc != CLI_OK)
            return rc;
    }
    return CLI_OK;
}

static const char *const TASK_NAMES[FLEET_TASK_TYPES] = {"", "ACQUIRE", "DELIVER", "COLLECT",
                                                         "SELL", "LIQUIDATE"};

static void progress_line(fleet_world *w)
{
    fleet_figures f;
    if (fleet_figures_of(w, 0, &f) != 0)
        return;
    fprintf(stderr, "hour %3.0f: pipelines %llu done, %llu active; tasks %llu; credits %.0f; "
                    "utilisation %.1f%%\n",
            f.hours, (unsigned long long)f.st.pipelines_completed,
            (unsigned long long)f.st.pipelines_active, (unsigned long long)f.st.tasks_completed,
            w->acc.credits, 100 * f.utilisation);
}

/* "cargo in flight: ship 3 COPPER x20, ..." (or none). */
static void in_flight(const fleet_world *w)
{
    printf("cargo in flight:");
    int any = 0;
    for (uint32_t i = 0; i < w->nships; i++)
        for (uint32_t k = 0; k < w->ships[i].cargo_count; k++, any = 1)
            printf("%s ship %llu %s x%u", any ? "," : "", (unsigned long long)w->ships[i].id,
                   w->api->item_name(w->ctx, w->ships[i].cargo[k].item),
                   w->ships[i].cargo[k].qty);
    printf("%s\n", any ? "" : " none");
}

static void summary(fleet_world *w, int serial)
{
    fleet_figures f;
    if (fleet_figures_of(w, 0, &f) != 0)
        return;
    const fleet_accounts *a = &w->acc;
    printf("fleet: %u ship%s%s, %.1f game hours\n", w->nships, w->nships == 1 ? "" : "s",
           serial ? " (serial baseline)" : "", f.hours);
    printf("pipelines: %llu completed, %llu failed, %llu cancelled, %llu active\n",
           (unsigned long long)f.st.pipelines_completed, (unsigned long long)f.st.pipelines_failed,
           (unsigned long long)f.st.pipelines_cancelled, (unsigned long long)f.st.pipelines_active);
    printf("tasks:");
    for (uint32_t t = 1; t < FLEET_TASK_TYPES; t++)
        printf(" %s %llu%s", TASK_NAMES[t], (unsigned long long)a->tasks[t],
               t + 1 < FLEET_TASK_TYPES ? "," : "\n");
    printf("credits: spent %.0f, earned %.0f, profit %.0f\n", a->spent, a->earned,
           a->earned - a->spent);
    printf("utilisation: %.1f%% (busy %.1f of %.1f ship-hours)\n", 100 * f.utilisation,
           (double)f.st.worker_busy_ms / FLEET_HOUR_MS, f.hours * w->nships);
    printf("runs per hour: %.2f\n", f.runs_per_hour);
    double end = a->start_credits + a->earned - a->spent;
    printf("conservation: credits %.0f + %.0f - %.0f = %.0f (wallet %.0f) %s; goods bought %llu "
           "+ found %llu = delivered %llu + sold %llu + liquidated %llu + lost %llu + in flight "
           "%llu %s\n",
           a->start_credits, a->earned, a->spent, end, a->credits,
           end - a->credits < 0.5 && a->credits - end < 0.5 ? "ok" : "MISMATCH",
           (unsigned long long)f.st.units_bought, (unsigned long long)f.st.units_found,
           (unsigned long long)f.st.units_delivered,
           (unsigned long long)f.st.units_sold, (unsigned long long)f.st.units_liquidated,
           (unsigned long long)f.st.units_lost, (unsigned long long)f.cargo_units,
           f.st.units_bought + f.st.units_found == f.st.units_delivered + f.st.units_sold +
                                                        f.st.units_liquidated + f.st.units_lost +
                                                        f.cargo_units
               ? "ok"
               : "MISMATCH");
    in_flight(w);
}

/* The world of a run: restored from --db when it holds one, else fresh. */
static int open_run(fleet_world *w, const prod_api *api, const fleet_params *fp,
                    chunk_store *db)
{
    int saved = db ? fleet_saved(db) : 0;
    if (saved < 0)
        return -1;
    if (saved == 0)
        return fleet_open(w, api, fp);
    if (fleet_restore(w, api, fp, db) != 0)
        return -1;
    fprintf(stderr, "prodhost fleet run: resumed %s at game time %.1f min (%u ships)\n",
            store_path(db), (double)w->now / FLEET_MINUTE_MS, w->nships);
    return 0;
}

/* Game minute by game minute to the end hour: with --db the configuration
 * requests and a save each minute, a progress line each hour. */
static int run_loop(fleet_world *w, chunk_store *db, fleet_requests *req, int64_t end)
{
    while (w->now < end) {
        int64_t next = (w->now / FLEET_MINUTE_MS + 1) * FLEET_MINUTE_MS;
        if ((req && fleet_config_poll(w, req) != 0) || fleet_advance(w, next) != 0 ||
            (db && fleet_save(w, db) != 0))
            return -1;
        if (w->now % FLEET_HOUR_MS == 0)
            progress_line(w);
    }
    return 0;
}

static int fleet_run(ph_plugin *p, const char *recipes, int argc, char **argv)
{
    run_args a = {.ships = 10, .hours = 4, .seed = 1};
    int rc = parse_run(&a, argc, argv);
    if (rc != CLI_OK)
        return rc;
    fleet_params fp = fleet_files(recipes);
    fp.ships = (uint32_t)a.ships;
    fp.serial = (uint32_t)a.serial;
    fp.seed = a.seed;
    fp.trace = a.trace;
    chunk_store *db = NULL;
    fleet_requests *req = NULL;
    if (a.db && store_open(a.db, 1, &db) != 0)
        return CLI_FAILED;
    if (db && store_shared(db)) {
        fprintf(stderr, "prodhost fleet run: --db needs an SQLite file; a fleet on PostgreSQL "
                        "is not supported\n");
        store_close(db);
        return CLI_FAILED;
    }
    if (db && fleet_requests_open(a.db, &req) != 0) {
        store_close(db);
        return CLI_FAILED;
    }
    fleet_world w;
    if (open_run(&w, p->api, &fp, db) != 0) {
        fprintf(stderr, "prodhost fleet run: %s\n", w.error);
        fleet_requests_close(req);
        store_close(db);
        return CLI_FAILED;
    }
    if (run_loop(&w, db, req, (int64_t)a.hours * FLEET_HOUR_MS) != 0) {
        fprintf(stderr, "prodhost fleet run: %s\n", w.error);
        rc = CLI_FAILED;
    } else {
        summary(&w, w.serial);
    }
    fleet_close(&w);
    fleet_requests_close(req);
    store_close(db);
    return rc;
}

int cmd_fleet(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    (void)host;
    if (strcmp(recipes, PRODHOST_DEFAULT_RECIPES) == 0)
        recipes = PRODHOST_FLEET_RECIPES;
    if (argc < 1)
        return cli_usage_error("fleet", "needs run, status or config");
    if (strcmp(argv[0], "run") == 0)
        return fleet_run(p, recipes, argc - 1, argv + 1);
    if (strcmp(argv[0], "status") == 0)
        return fleet_status(p->api, recipes, argc - 1, argv + 1);
    if (strcmp(argv[0], "config") == 0)
        return fleet_config(p->api, recipes, argc - 1, argv + 1);
    return cli_usage_error("fleet", "unknown subcommand \"%s\" (run, status, config)", argv[0]);
}
