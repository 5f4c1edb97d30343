/* fleet_status_cmd.c - `prodhost fleet status --db FILE [--pipeline ID]
 * [--format text|json]`: the saved fleet's pipelines, or one pipeline's
 * status tree as seed 001 shows it (per node: decision, market, its task's
 * state, worker and quantity, the factory's state, supply and polls; as JSON
 * every pipeline with its tree). */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd_fleet.h"
#include "config_json.h"
#include "json_out.h"

#define CMD "fleet status"

static const char *const DECISION[] = {"?", "MAKE", "BUY", "RAW"};
static const char *const PIPELINE[] = {"?", "PLANNING", "EXECUTING", "COMPLETED", "FAILED",
                                       "CANCELLED"};
static const char *const TASK[] = {"?", "ACQUIRE", "DELIVER", "COLLECT", "SELL", "LIQUIDATE"};
static const char *const TASK_STATE[] = {"?", "PENDING", "READY", "ASSIGNED", "EXECUTING",
                                         "COMPLETED", "FAILED"};
static const char *const FACTORY[] = {"?", "AWAITING_INPUTS", "INPUTS_PARTIAL",
                                      "INPUTS_COMPLETE", "PRODUCTION_IN_PROGRESS",
                                      "READY_FOR_COLLECTION"};

static const char *const REASON[] = {"-", "TRAVEL", "DEPLETED", "REFUSED", "OTHER", "SUPPLY_LOW",
                                     "NOT_TRADED", "PRICE_MOVED", "FACTORY_GONE",
                                     "WORKER_REMOVED", "CANCELLED", "PIPELINE_FAILED",
                                     "RETRIES_EXHAUSTED", "CARGO_MISMATCH", "ORPHAN_CARGO",
                                     "CARGO_LOST", "NO_TRADE", "ALREADY_DONE", "NO_MARKET"};

#define NAME(table, v) ((v) < sizeof table / sizeof table[0] ? table[v] : "?")

typedef struct status_args {
    const char *db;
    uint64_t pipeline;
    uint32_t json;
} status_args;

static int parse(status_args *a, int argc, char **argv)
{
    static const char *const FORMATS[] = {"text", "json"};
    cli_args args = cli_args_of(CMD, argc, argv);
    for (const char *opt; (opt = cli_next(&args)) != NULL;) {
        const char *v = NULL;
        if (!cli_is_option(opt))
            return cli_usage_error(CMD, "unexpected argument \"%s\"", opt);
        int rc = cli_value(&args, opt, &v);
        if (rc != CLI_OK)
            return rc;
        if (strcmp(opt, "--db") == 0)
            a->db = v;
        else if (strcmp(opt, "--pipeline") == 0)
            rc = cli_u64(CMD, opt, v, 1, UINT64_MAX, &a->pipeline);
        else if (strcmp(opt, "--format") == 0)
            rc = cli_choice(CMD, opt, v, FORMATS, 2, &a->json);
        else
            rc = cli_unknown_option(CMD, opt);
        if (rc != CLI_OK)
            return rc;
    }
    return a->db ? CLI_OK : cli_usage_error(CMD, "needs --db FILE");
}

static const char *market_name(const fleet_world *w, uint64_t m)
{
    return m >= 1 && m <= w->nmarkets ? w->markets[m - 1].symbol : "-";
}

static const prod_coord_task *task_of(const prod_pipeline_status *s, uint64_t id)
{
    for (uint32_t i = 0; i < s->task_count; i++)
        if (s->tasks[i].id == id)
            return &s->tasks[i];
    return NULL;
}

static cJSON *node_json(const fleet_world *w, const prod_pipeline_status *s, uint32_t i)
{
    const prod_coord_node *n = &s->nodes[i];
    const prod_coord_task *t = task_of(s, n->task);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "item", w->api->item_name(w->ctx, n->item));
    cJSON_AddNumberToObject(o, "depth", n->depth);
    cJSON_AddStringToObject(o, "decision", NAME(DECISION, n->decision));
    cJSON_AddStringToObject(o, "market", market_name(w, n->market));
    if (t) {
        cJSON_AddStringToObject(o, "task", NAME(TASK, t->type));
        cJSON_AddStringToObject(o, "state", NAME(TASK_STATE, t->state));
        cJSON_AddNumberToObject(o, "worker", (double)t->worker);
        cJSON_AddNumberToObject(o, "quantity", (double)t->quantity);
    }
    if (n->factory < s->factory_count) {
        const prod_coord_factory *f = &s->factories[n->factory];
        cJSON_AddStringToObject(o, "factory", NAME(FACTORY, f->state));
        cJSON_AddStringToObject(o, "supply", f->supply >= 1 && f->supply <= 5
                                                 ? FLEET_SUPPLY_NAMES[f->supply - 1]
                                                 : "-");
        cJSON_AddNumberToObject(o, "polls", f->polls);
    }
    return o;
}

static cJSON *pipeline_json(const fleet_world *w, const prod_pipeline_status *s, int tree)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)s->id);
    cJSON_AddStringToObject(o, "item", s->item ? w->api->item_name(w->ctx, s->item) : "-");
    cJSON_AddStringToObject(o, "state", NAME(PIPELINE, s->state));
    cJSON_AddStringToObject(o, "reason", NAME(REASON, s->reason));
    cJSON_AddStringToObject(o, "sell_market", market_name(w, s->sell_market));
    cJSON_AddNumberToObject(o, "tasks", s->task_count);
    cJSON_AddNumberToObject(o, "tasks_done", s->tasks_done);
    cJSON_AddNumberToObject(o, "cost", s->cost);
    cJSON_AddNumberToObject(o, "revenue", s->revenue);
    cJSON_AddNumberToObject(o, "net_profit", s->net_profit);
    cJSON *nodes = tree ? cJSON_AddArrayToObject(o, "nodes") : NULL;
    for (uint32_t i = 0; nodes && i < s->node_count; i++)
        cJSON_AddItemToArray(nodes, node_json(w, s, i));
    return o;
}

static void print_node(const cJSON *n)
{
    int depth = cJSON_GetObjectItem(n, "depth")->valueint;
    printf("%*s%s %s at %s", 2 * depth, "", cJSON_GetObjectItem(n, "item")->valuestring,
           cJSON_GetObjectItem(n, "decision")->valuestring,
           cJSON_GetObjectItem(n, "market")->valuestring);
    const cJSON *t = cJSON_GetObjectItem(n, "task"), *f = cJSON_GetObjectItem(n, "factory");
    if (t)
        printf(": %s %s, worker %g, %g units", t->valuestring,
               cJSON_GetObjectItem(n, "state")->valuestring,
               cJSON_GetObjectItem(n, "worker")->valuedouble,
               cJSON_GetObjectItem(n, "quantity")->valuedouble);
    if (f)
        printf("; factory %s, supply %s, %g polls", f->valuestring,
               cJSON_GetObjectItem(n, "supply")->valuestring,
               cJSON_GetObjectItem(n, "polls")->valuedouble);
    printf("\n");
}

static void print_pipeline(const cJSON *p)
{
    const char *reason = cJSON_GetObjectItem(p, "reason")->valuestring;
    printf("pipeline %g %s %s%s%s: %g/%g tasks, cost %.0f, revenue %.0f, profit %.0f\n",
           cJSON_GetObjectItem(p, "id")->valuedouble, cJSON_GetObjectItem(p, "item")->valuestring,
           cJSON_GetObjectItem(p, "state")->valuestring, strcmp(reason, "-") ? " " : "",
           strcmp(reason, "-") ? reason : "",
           cJSON_GetObjectItem(p, "tasks_done")->valuedouble,
           cJSON_GetObjectItem(p, "tasks")->valuedouble,
           cJSON_GetObjectItem(p, "cost")->valuedouble,
           cJSON_GetObjectItem(p, "revenue")->valuedouble,
           cJSON_GetObjectItem(p, "net_profit")->valuedouble);
    const cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItem(p, "nodes")) print_node(n);
}

/* The pipelines asked for (one, or every one held) as a JSON array. */
static cJSON *collect(const fleet_world *w, const status_args *a)
{
    uint64_t ids[1024];
    uint32_t n = 0;
    if (a->pipeline) {
        ids[0] = a->pipeline;
        n = 1;
    } else if (w->api->coord_pipelines(w->coord, ids, 1024, &n) != PROD_OK) {
        return NULL;
    }
    cJSON *arr = cJSON_CreateArray();
    for (uint32_t i = 0; arr && i < n && i < 1024; i++) {
        prod_pipeline_status *s = NULL;
        if (w->api->coord_status(w->coord, ids[i], &s) != PROD_OK) {
            fprintf(stderr, "prodhost %s: %s\n", CMD, w->api->coord_last_error(w->coord));
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON_AddItemToArray(arr, pipeline_json(w, s, a->pipeline != 0 || a->json));
        w->api->free_buffer(s);
    }
    return arr;
}

static int print(fleet_world *w, void *arg)
{
    const status_args *a = arg;
    cJSON *arr = collect(w, a);
    if (!arr)
        return CLI_FAILED;
    if (a->json)
        return cli_print_json(arr);
    const cJSON *p;
    cJSON_ArrayForEach(p, arr) print_pipeline(p);
    cJSON_Delete(arr);
    return CLI_OK;
}

int fleet_status(const prod_api *api, const char *recipes, int argc, char **argv)
{
    status_args a = {.db = NULL};
    int rc = parse(&a, argc, argv);
    return rc == CLI_OK ? fleet_on_saved(api, recipes, a.db, print, &a) : rc;
}
