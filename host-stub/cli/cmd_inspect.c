/* cmd_inspect.c - `prodhost inspect DB CHUNK`: one stored chunk as JSON:
 * the manager (deserialized against the recipes, with
 * PROD_MISSING_RECIPE_ERROR so that no callback runs) as the plugin's
 * manager_dump_json shows it (settings, counters, jobs), its place on the
 * grid, the row's columns and the chunk's inventories. 64-bit ids (job
 * ids, seed, checksum) are hex strings; JSON numbers would lose their low
 * bits. */
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

/* The chunk's place on the grid, from its tag (x in the high 32 bits). */
static void add_place(inspect *in, cJSON *root)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "manager");
    prod_manager_config cfg = {.struct_size = sizeof cfg};
    if (!m || in->api->manager_config(in->m, &cfg) != PROD_OK) {
        in->ok = 0;
        return;
    }
    add_num(in, m, "x", (int32_t)(uint32_t)(cfg.tag >> 32));
    add_num(in, m, "y", (int32_t)(uint32_t)cfg.tag);
}

/* The plugin's own view of the manager (manager_dump_json: the manager,
 * its counters and jobs) with the row, the chunk's place and its
 * inventories added. 0 or -1 (printed). */
static int print_chunk(inspect *in, const store_row *row)
{
    char *dump = NULL;
    size_t len = 0;
    prod_status st = in->api->manager_dump_json(in->m, &dump, &len);
    if (st != PROD_OK) {
        fprintf(stderr, "prodhost: the chunk cannot be shown: %s\n", in->api->status_str(st));
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(dump, len);
    in->api->free_buffer(dump);
    in->ok = root != NULL;
    if (in->ok) {
        add_place(in, root);
        add_row(in, root, row);
    }
    char *text = in->ok ? cJSON_Print(root) : NULL;
    if (text)
        printf("%s\n", text);
    else
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
