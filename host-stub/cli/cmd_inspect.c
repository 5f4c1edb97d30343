/* cmd_inspect.c - `prodhost inspect DB CHUNK`: one stored chunk as JSON:
 * the row's columns, the manager (deserialized against the recipes, with
 * PROD_MISSING_RECIPE_ERROR so that no callback runs), its jobs and the
 * chunk's inventories. 64-bit ids (job ids, seed, checksum) are hex strings;
 * JSON numbers would lose their low bits. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "chunk.h"
#include "persist_cmd.h"
#include "store.h"

typedef struct inspect {
    const prod_api *api;
    prod_ctx *ctx;
    prod_manager *m;
    int ok; /* cleared when an allocation failed */
} inspect;

/* Parse "X,Y" (a chunk's grid position) or a decimal manager tag. */
static int parse_chunk(const char *text, uint64_t *tag)
{
    char *end = NULL;
    errno = 0;
    long x = strtol(text, &end, 10);
    if (end != text && *end == ',') {
        const char *ytext = end + 1;
        long y = strtol(ytext, &end, 10);
        if (!errno && end != ytext && !*end && x >= INT32_MIN && x <= INT32_MAX &&
            y >= INT32_MIN && y <= INT32_MAX) {
            *tag = chunk_tag((int32_t)x, (int32_t)y);
            return 0;
        }
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    *tag = v;
    return *text && *text != '-' && !*end && !errno ? 0 : -1;
}

static void add_num(inspect *in, cJSON *o, const char *name, double v)
{
    if (!cJSON_AddNumberToObject(o, name, v))
        in->ok = 0;
}

static void add_str(inspect *in, cJSON *o, const char *name, const char *v)
{
    if (!cJSON_AddStringToObject(o, name, v ? v : "?"))
        in->ok = 0;
}

static void add_hex(inspect *in, cJSON *o, const char *name, uint64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "0x%016" PRIx64, v);
    add_str(in, o, name, text);
}

/* Add child to o (or to an array when name is NULL); NULL child = out of memory. */
static cJSON *attach(inspect *in, cJSON *o, const char *name, cJSON *child)
{
    int ok = child && (name ? cJSON_AddItemToObject(o, name, child) : cJSON_AddItemToArray(o, child));
    if (!ok) {
        cJSON_Delete(child);
        in->ok = 0;
        return NULL;
    }
    return child;
}

static const char *item(const inspect *in, prod_item_id id)
{
    const char *name = in->api->item_name(in->ctx, id);
    return name ? name : "?";
}

/* {"item": name, "qty": n} appended to list; NULL when out of memory. */
static cJSON *add_stack(inspect *in, cJSON *list, prod_item_id id, uint32_t qty)
{
    cJSON *o = list ? attach(in, list, NULL, cJSON_CreateObject()) : NULL;
    if (o) {
        add_str(in, o, "item", item(in, id));
        add_num(in, o, "qty", qty);
    }
    return o;
}

/* The job's effective inputs and outputs and its held items. */
static void add_stacks(inspect *in, cJSON *job, const prod_job_info *j)
{
    cJSON *inputs = attach(in, job, "inputs", cJSON_CreateArray());
    for (uint32_t i = 0; inputs && i < j->input_count; i++) {
        cJSON *o = add_stack(in, inputs, j->inputs[i].item, j->inputs[i].qty);
        if (o && !cJSON_AddBoolToObject(o, "consume", j->inputs[i].consume != 0))
            in->ok = 0;
    }
    cJSON *outputs = attach(in, job, "outputs", cJSON_CreateArray());
    for (uint32_t i = 0; outputs && i < j->output_count; i++) {
        cJSON *o = add_stack(in, outputs, j->outputs[i].item, j->outputs[i].qty);
        if (o)
            add_num(in, o, "probability", j->outputs[i].probability);
    }
    cJSON *held = attach(in, job, "held", cJSON_CreateArray());
    for (uint32_t i = 0; held && i < j->held_count; i++)
        add_stack(in, held, j->held[i].item, j->held[i].qty);
}

static void add_job(inspect *in, cJSON *list, const prod_job_info *j)
{
    cJSON *o = attach(in, list, NULL, cJSON_CreateObject());
    if (!o)
        return;
    prod_recipe_info r = {.struct_size = sizeof r};
    int known = in->api->recipe_get(in->ctx, j->recipe, &r) == PROD_OK;
    add_hex(in, o, "id", j->id);
    add_str(in, o, "recipe", known ? r.id : "?");
    add_num(in, o, "recipe_index", j->recipe);
    add_num(in, o, "owner", (double)j->owner);
    add_num(in, o, "inventory", (double)j->inventory);
    add_str(in, o, "state", j->state == PROD_JOB_RUNNING   ? "running"
                            : j->state == PROD_JOB_BLOCKED ? "blocked"
                                                           : "?");
    add_num(in, o, "start_ms", (double)j->start_time);
    add_num(in, o, "end_ms", (double)j->end_time);
    add_num(in, o, "duration_ms", (double)j->duration);
    add_num(in, o, "cycles", (double)j->cycles);
    if (!cJSON_AddBoolToObject(o, "repeat", j->repeat != 0))
        in->ok = 0;
    add_num(in, o, "progress", j->progress);
    cJSON *mods = attach(in, o, "modifiers", cJSON_CreateObject());
    if (mods) {
        add_num(in, mods, "input_cost", j->modifiers.input_cost);
        add_num(in, mods, "output_yield", j->modifiers.output_yield);
        add_num(in, mods, "time_speed", j->modifiers.time_speed);
    }
    add_stacks(in, o, j);
}

static int add_jobs(inspect *in, cJSON *root)
{
    uint32_t n = 0;
    in->api->jobs_all(in->m, NULL, 0, &n);
    prod_job_id *ids = calloc(n ? n : 1, sizeof *ids);
    cJSON *list = attach(in, root, "jobs", cJSON_CreateArray());
    if (!ids || !list) {
        free(ids);
        return -1;
    }
    in->api->jobs_all(in->m, ids, n, &n);
    int64_t now = in->api->manager_time(in->m);
    for (uint32_t i = 0; i < n && in->ok; i++) {
        prod_job_info j = {.struct_size = sizeof j};
        prod_status st = in->api->job_get(in->m, ids[i], now, &j);
        if (st != PROD_OK) {
            fprintf(stderr, "prodhost: a job of the chunk cannot be read: %s: %s\n",
                    in->api->status_str(st), in->api->manager_last_error(in->m));
            free(ids);
            return -1;
        }
        add_job(in, list, &j);
    }
    free(ids);
    return 0;
}

static void add_manager(inspect *in, cJSON *root)
{
    prod_manager_config cfg = {.struct_size = sizeof cfg};
    prod_memory_stats mem = {.struct_size = sizeof mem};
    cJSON *o = attach(in, root, "manager", cJSON_CreateObject());
    if (!o || in->api->manager_config(in->m, &cfg) != PROD_OK ||
        in->api->manager_memory(in->m, &mem) != PROD_OK) {
        in->ok = 0;
        return;
    }
    add_num(in, o, "tag", (double)cfg.tag);
    add_num(in, o, "x", (int32_t)(uint32_t)(cfg.tag >> 32));
    add_num(in, o, "y", (int32_t)(uint32_t)cfg.tag);
    add_hex(in, o, "seed", cfg.seed);
    add_num(in, o, "id_space", cfg.id_space);
    add_str(in, o, "output_policy", cfg.output_policy == PROD_OUTPUT_FAIL ? "fail" : "hold");
    add_num(in, o, "time_ms", (double)in->api->manager_time(in->m));
    add_num(in, o, "job_count", (double)mem.job_count);
    add_num(in, o, "snapshot_count", (double)mem.snapshot_count);
    add_num(in, o, "bytes_reserved", (double)mem.bytes_reserved);
    add_num(in, o, "bytes_used", (double)mem.bytes_used);
}

static void add_row(inspect *in, cJSON *root, const store_row *row)
{
    cJSON *o = attach(in, root, "row", cJSON_CreateObject());
    if (!o)
        return;
    add_num(in, o, "key", (double)row->key);
    add_num(in, o, "saved_at_ms", (double)row->saved_at);
    add_num(in, o, "saved_wall_ms", (double)row->saved_wall);
    add_str(in, o, "plugin_version", row->plugin_version);
    add_num(in, o, "format_major", row->format_major);
    add_num(in, o, "format_minor", row->format_minor);
    add_num(in, o, "bytes", (double)row->blob_len);
    add_hex(in, o, "checksum", row->checksum);
    add_hex(in, o, "digest", row->digest);
    /* The host part is the store's own JSON; a damaged text shows as null. */
    cJSON *host = cJSON_Parse(row->host);
    cJSON *invs = cJSON_DetachItemFromObjectCaseSensitive(host, "inventories");
    cJSON_Delete(host);
    attach(in, root, "inventories", invs ? invs : cJSON_CreateNull());
}

/* Build and print the document. 0 or -1 (printed). */
static int print_chunk(inspect *in, const store_row *row)
{
    cJSON *root = cJSON_CreateObject();
    in->ok = root != NULL;
    if (in->ok) {
        add_row(in, root, row);
        add_manager(in, root);
    }
    int rc = in->ok ? add_jobs(in, root) : -1;
    char *text = rc == 0 && in->ok ? cJSON_Print(root) : NULL;
    if (text)
        printf("%s\n", text);
    else if (rc == 0)
        fprintf(stderr, "prodhost: out of memory printing the chunk\n");
    cJSON_free(text);
    cJSON_Delete(root);
    return text ? 0 : -1;
}

static int inspect_row(const prod_api *api, host_services *host, const char *recipes,
                       const store_row *row)
{
    inspect in = {.api = api};
    if (host_open_context(api, host, recipes, &in.ctx) != 0)
        return -1;
    prod_load_options opts = {.struct_size = sizeof opts, .version = PROD_LOAD_OPTIONS_VERSION,
                              .missing_recipe = PROD_MISSING_RECIPE_ERROR};
    prod_status st = api->deserialize(in.ctx, row->blob, row->blob_len, &opts, &in.m);
    int rc = -1;
    if (st != PROD_OK)
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": the stored bytes do not load: %s: %s\n",
                row->key, api->status_str(st), api->last_error(in.ctx));
    else
        rc = print_chunk(&in, row);
    api->manager_destroy(in.m);
    api->shutdown(in.ctx);
    return rc;
}

int cmd_inspect(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    uint64_t tag = 0;
    for (int i = 0; i < argc; i++)
        if (cli_is_option(argv[i]))
            return cli_unknown_option("inspect", argv[i]);
    if (argc != 2)
        return cli_usage_error("inspect", "needs DB and CHUNK (got %d argument%s)", argc,
                               argc == 1 ? "" : "s");
    if (parse_chunk(argv[1], &tag) != 0)
        return cli_usage_error("inspect", "CHUNK must be X,Y or a tag, got \"%s\"", argv[1]);
    chunk_store *st = NULL;
    if (store_open(argv[0], 0, &st) != 0)
        return -1;
    store_row row;
    int found = store_get(st, tag, &row);
    int rc = -1;
    if (found == 0)
        fprintf(stderr, "prodhost: chunk %s (tag %" PRIu64 ") is not in %s\n", argv[1], tag,
                argv[0]);
    if (found == 1)
        rc = inspect_row(p->api, host, recipes, &row);
    store_row_free(&row);
    store_close(st);
    return rc;
}
