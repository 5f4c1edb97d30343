/* fleet_config_cmd.c - `prodhost fleet config show|set --db FILE`: seed
 * 004's CLI over a saved (or running) fleet. show prints the coordinator's
 * effective configuration, a pending update and the history of changes;
 * set checks the update with coord_config_set on the saved coordinator (the
 * ABI's own validation and error text) and queues it for the run; show
 * also lists the requests queued that the fleet has not applied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmd_fleet.h"
#include "config_json.h"
#include "requests.h"

#define CMD "fleet config"

typedef struct config_args {
    const char *db;
    int set;
    prod_coord_config update;
} config_args;

static int value(const fleet_cfg_field *f, const char *opt, const char *v, prod_coord_config *c)
{
    uint32_t ix = 0;
    uint64_t n = 0;
    double d = 0;
    int rc = f->kind == FLEET_CFG_SUPPLY   ? cli_choice(CMD, opt, v, FLEET_SUPPLY_NAMES, 5, &ix)
             : f->kind == FLEET_CFG_PRESET ? cli_choice(CMD, opt, v, FLEET_PRESET_NAMES, 3, &ix)
             : f->kind == FLEET_CFG_PRICE  ? cli_double(CMD, opt, v, 0, 1e15, &d)
                                           : cli_u64(CMD, opt, v, 0, UINT32_MAX, &n);
    if (rc == CLI_OK)
        fleet_cfg_set(c, f, f->kind == FLEET_CFG_PRICE   ? d
                            : f->kind == FLEET_CFG_COUNT ? (double)n
                                                         : (double)(ix + 1));
    return rc;
}

static int parse(config_args *a, int set, int argc, char **argv)
{
    cli_args args = cli_args_of(CMD, argc, argv);
    for (const char *opt; (opt = cli_next(&args)) != NULL;) {
        const char *v = NULL;
        if (!cli_is_option(opt))
            return cli_usage_error(CMD, "unexpected argument \"%s\"", opt);
        const fleet_cfg_field *f = set ? fleet_cfg_by_option(opt) : NULL;
        if (!f && strcmp(opt, "--db") != 0)
            return cli_unknown_option(CMD, opt);
        int rc = cli_value(&args, opt, &v);
        if (rc == CLI_OK && f)
            rc = value(f, opt, v, &a->update);
        else if (rc == CLI_OK)
            a->db = v;
        if (rc != CLI_OK)
            return rc;
    }
    if (!a->db)
        return cli_usage_error(CMD, "needs --db FILE");
    if (set && a->update.fields == 0)
        return cli_usage_error(CMD, "set needs at least one field to change");
    return CLI_OK;
}

/* The requests queued that the fleet has not applied yet. */
static int queued(const fleet_world *w, const char *db)
{
    fleet_requests *r = NULL;
    if (fleet_requests_read(db, &r) != 0)
        return CLI_FAILED;
    int64_t id = w->config_seen;
    char *json = NULL;
    int got = 0, n = 0;
    while (r && n < 1000 && (got = fleet_requests_next(r, id, &id, &json)) == 1) {
        printf("%s  #%lld %s\n", n++ ? "" : "queued (the fleet applies them when it runs):\n",
               (long long)id, json);
        free(json);
    }
    fleet_requests_close(r);
    if (got < 0)
        return CLI_FAILED;
    if (n == 0)
        printf("queued: none\n");
    return CLI_OK;
}

static int show(const prod_api *api, fleet_world *w, const char *db)
{
    prod_coord_config c = {.struct_size = sizeof c}, pend = {.struct_size = sizeof pend};
    prod_coord_stats st = {.struct_size = sizeof st};
    prod_coord_config_change h[PROD_COORD_HISTORY];
    uint32_t n = 0;
    api->coord_config_get(w->coord, PROD_COORD_CONFIG_EFFECTIVE, &c);
    api->coord_config_get(w->coord, PROD_COORD_CONFIG_PENDING, &pend);
    api->coord_stats(w->coord, &st);
    printf("configuration at game minute %.0f:\n", (double)st.time / 60000);
    fleet_cfg_print(stdout, &c);
    if (st.config_pending) {
        printf("pending (the next tick applies it):\n");
        fleet_cfg_print(stdout, &pend);
    }
    api->coord_config_history(w->coord, h, PROD_COORD_HISTORY, &n);
    printf("history (%u change%s):\n", n, n == 1 ? "" : "s");
    for (uint32_t i = 0; i < n && i < PROD_COORD_HISTORY; i++) {
        const char *key = fleet_cfg_key(h[i].field);
        char name[32];
        snprintf(name, sizeof name, "field %u", h[i].field);
        printf("  minute %.0f: %s %g -> %g\n", (double)h[i].time / 60000, key ? key : name,
               h[i].old_value, h[i].new_value);
    }
    return queued(w, db);
}

/* Check the update on the saved coordinator, then queue it. */
static int set(const prod_api *api, fleet_world *w, config_args *a)
{
    prod_coord_stats st = {.struct_size = sizeof st};
    api->coord_stats(w->coord, &st);
    a->update.struct_size = sizeof a->update;
    a->update.version = PROD_COORD_CONFIG_VERSION;
    if (api->coord_config_set(w->coord, &a->update, st.time) != PROD_OK) {
        fprintf(stderr, "prodhost %s: %s\n", CMD, api->coord_last_error(w->coord));
        return CLI_USAGE;
    }
    char *json = fleet_cfg_to_json(&a->update);
    fleet_requests *r = NULL;
    int64_t id = 0;
    int rc = json && fleet_requests_open(a->db, &r) == 0 && fleet_requests_add(r, json, &id) == 0
                 ? CLI_OK
                 : CLI_FAILED;
    if (rc == CLI_OK)
        printf("request #%lld queued at game minute %.0f: %s (a running fleet applies it "
               "within a game minute; the next run on %s otherwise)\n", (long long)id,
               (double)st.time / 60000, json, a->db);
    fleet_requests_close(r);
    free(json);
    return rc;
}

static int run(fleet_world *w, void *arg)
{
    config_args *a = arg;
    return a->set ? set(w->api, w, a) : show(w->api, w, a->db);
}

int fleet_config(const prod_api *api, const char *recipes, int argc, char **argv)
{
    config_args a = {.set = argc > 0 && strcmp(argv[0], "set") == 0};
    if (argc < 1 || (!a.set && strcmp(argv[0], "show") != 0))
        return cli_usage_error(CMD, "needs show or set");
    int rc = parse(&a, a.set, argc - 1, argv + 1);
    return rc == CLI_OK ? fleet_on_saved(api, recipes, a.db, run, &a) : rc;
}
