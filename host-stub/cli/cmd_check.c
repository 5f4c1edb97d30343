/* cmd_check.c - prodhost check FILE...: validate recipe files the way init
 * would and list every error with its line and column, not only the first.
 * The rules are the plugin's own: a file is loaded whole first (init); when
 * that fails on a recipe, every recipe is loaded again on its own (an
 * in-memory source holding just it), so each bad recipe reports its first
 * error, and ids used twice are found here. Positions come from walking the
 * file's text: cJSON parses every key and value (cJSON_ParseWithLengthOpts
 * stops after one value and says where), this file only steps over the
 * punctuation between them, so the walk agrees with the plugin's parser. */
#include "cmd_check.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

#define ERR_CAP 512

void check_usage(FILE *out)
{
    fprintf(out,
            "  check FILE...   validate recipe files as init would, listing every bad recipe\n"
            "                  as FILE:LINE:COLUMN: error (the first error of each recipe)\n");
}

/* One file's text and where its errors go. */
typedef struct checked {
    const prod_api *api;
    const char *path;
    char *text;
    size_t len;
    uint32_t errors;
} checked;

typedef struct seen_id {
    const char *id; /* points into a recipe's cJSON tree, kept until the end */
    size_t at;
} seen_id;

/* ---- walking the text ----------------------------------------------------- */

static size_t skip_ws(const checked *c, size_t i)
{
    while (i < c->len && strchr(" \t\r\n", c->text[i]) && c->text[i])
        i++;
    return i;
}

/* Parse the one value at offset i; the offset after it (0 = not JSON). The
 * value goes to *out (the caller deletes it) or is dropped. */
static size_t value_end(const checked *c, size_t i, cJSON **out)
{
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(c->text + i, c->len - i, &end, 0);
    if (!v)
        return 0;
    if (out)
        *out = v;
    else
        cJSON_Delete(v);
    return (size_t)(end - c->text);
}

/* After a value ending at e inside a list: the next entry's offset, or 0. */
static size_t next_entry(const checked *c, size_t e)
{
    size_t i = skip_ws(c, e);
    return i < c->len && c->text[i] == ',' ? skip_ws(c, i + 1) : 0;
}

/* Offset of entry n of the array at i ('['), or 0. */
static size_t array_entry(const checked *c, size_t i, uint32_t n)
{
    i = skip_ws(c, i + 1);
    for (uint32_t k = 0; i && i < c->len && c->text[i] != ']'; k++) {
        if (k == n)
            return i;
        size_t e = value_end(c, i, NULL);
        i = e ? next_entry(c, e) : 0;
    }
    return 0;
}

/* Offset of the value of member `key` of the object at i ('{'), and of the
 * key itself into *key_at; 0 if there is none. */
static size_t member(const checked *c, size_t i, const char *key, size_t *key_at)
{
    for (i = skip_ws(c, i + 1); i && i < c->len && c->text[i] == '"';) {
        cJSON *k = NULL;
        size_t e = value_end(c, i, &k);
        int match = e && cJSON_IsString(k) && strcmp(k->valuestring, key) == 0;
        cJSON_Delete(k);
        size_t v = e ? skip_ws(c, e) : c->len;
        if (v >= c->len || c->text[v] != ':')
            return 0;
        v = skip_ws(c, v + 1);
        if (match) {
            *key_at = i;
            return v;
        }
        e = value_end(c, v, NULL);
        i = e ? next_entry(c, e) : 0;
    }
    return 0;
}

/* Follow a field path of the plugin's messages ("inputs[1].qty") from the
 * recipe at i; as far as it resolves. */
static size_t follow(const checked *c, size_t i, const char *path)
{
    char key[64];
    while (*path && *path != ' ') {
        size_t n = strcspn(path, ".[ ");
        size_t key_at = 0, at = 0;
        if (*path == '[') {
            at = array_entry(c, i, (uint32_t)strtoul(path + 1, NULL, 10));
            n = strcspn(path, "]") + 1;
        } else if (n > 0 && n < sizeof key) {
            memcpy(key, path, n);
            key[n] = '\0';
            at = member(c, i, key, &key_at);
        }
        if (!at)
            break;
        i = at;
        path += n;
        path += *path == '.';
    }
    return i;
}

static void line_col(const checked *c, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && i < c->len; i++) {
        *col = c->text[i] == '\n' ? 1 : *col + 1;
        *line += c->text[i] == '\n';
    }
}

/* ---- reporting ------------------------------------------------------------ */

static void report(checked *c, size_t off, const char *fmt, const char *a, const char *b)
{
    size_t line, col;
    line_col(c, off, &line, &col);
    printf("%s:%zu:%zu: ", c->path, line, col);
    printf(fmt, a, b);
    putchar('\n');
    c->errors++;
}

/* Where in recipe r (at offset at) the plugin's message msg points: the
 * field it names, the unknown key it names, or the recipe. */
static size_t error_at(const checked *c, size_t at, const char *msg)
{
    const char *field = strstr(msg, ": "); /* after "recipe <label>" */
    size_t i = field ? follow(c, at, field + 2) : at;
    const char *unknown = strstr(msg, "unknown key \"");
    if (unknown && i) {
        char key[64];
        size_t n = strcspn(unknown + 13, "\"");
        size_t key_at = 0;
        if (n < sizeof key) {
            memcpy(key, unknown + 13, n);
            key[n] = '\0';
            if (member(c, i, key, &key_at))
                i = key_at;
        }
    }
    return i;
}

/* Load recipe n (text at..end) on its own; report its first error. */
static void check_recipe(checked *c, uint32_t n, size_t at, size_t end)
{
    char *json = malloc(end - at + 3);
    if (!json) {
        report(c, at, "out of memory checking this recipe%s%s", "", "");
        return;
    }
    json[0] = '[';
    memcpy(json + 1, c->text + at, end - at);
    strcpy(json + 1 + (end - at), "]");
    char err[ERR_CAP] = "";
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION};
    prod_recipe_source src = {.json = json, .name = ""};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1, .error = err,
                          .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    if (c->api->init(&p, &ctx) == PROD_OK) {
        c->api->shutdown(ctx);
    } else {
        /* "<empty source>: recipe #0: ..." names the recipe by its index here */
        const char *msg = strncmp(err, ": ", 2) == 0 ? err + 2 : err;
        char index[16];
        snprintf(index, sizeof index, "#%u", n);
        if (strncmp(msg, "recipe #0:", 10) == 0)
            report(c, error_at(c, at, msg), "recipe %s%s", index, msg + 9);
        else
            report(c, error_at(c, at, msg), "%s%s", msg, "");
    }
    free(json);
}

static int by_id(const void *a, const void *b)
{
    const seen_id *x = a, *y = b;
    int d = strcmp(x->id, y->id);
    return d ? d : (x->at > y->at) - (x->at < y->at);
}

/* Ids used twice: the later use is the error (init says the same). */
static void check_ids(checked *c, seen_id *ids, uint32_t n)
{
    qsort(ids, n, sizeof *ids, by_id);
    for (uint32_t i = 1; i < n; i++)
        if (strcmp(ids[i].id, ids[i - 1].id) == 0)
            report(c, ids[i].at, "recipe \"%s\": id is already used by an earlier recipe%s",
                   ids[i].id, "");
}

/* Every recipe of the array at i, each on its own, then the ids. */
static void check_recipes(checked *c, size_t i)
{
    uint32_t cap = 0, n = 0, count = 0;
    seen_id *ids = NULL;
    cJSON **trees = NULL;
    i = skip_ws(c, i + 1);
    for (uint32_t k = 0; i && i < c->len && c->text[i] != ']'; k++) {
        cJSON *r = NULL;
        size_t e = value_end(c, i, &r);
        if (!e)
            break;
        check_recipe(c, k, i, e);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
        if (count == cap) {
            cap = cap ? 2 * cap : 64;
            seen_id *more_ids = realloc(ids, cap * sizeof *ids);
            cJSON **more_trees = more_ids ? realloc(trees, cap * sizeof *trees) : NULL;
            ids = more_ids ? more_ids : ids;
            trees = more_trees ? more_trees : trees;
            if (!more_trees) {
                cJSON_Delete(r);
                report(c, i, "out of memory checking ids%s%s", "", "");
                break;
            }
        }
        trees[count++] = r;
        size_t key_at = 0;
        if (cJSON_IsString(id))
            ids[n++] = (seen_id){.id = id->valuestring, .at = member(c, i, "id", &key_at)};
        i = next_entry(c, e);
    }
    check_ids(c, ids, n);
    for (uint32_t k = 0; k < count; k++)
        cJSON_Delete(trees[k]);
    free(trees);
    free(ids);
}

/* ---- one file --------------------------------------------------------------- */

static int read_text(checked *c)
{
    FILE *f = fopen(c->path, "rb");
    long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (c->text = malloc((size_t)n + 1)) != NULL) {
        c->len = fread(c->text, 1, (size_t)n, f);
        c->text[c->len] = '\0';
    }
    if (f)
        fclose(f);
    return c->text ? 0 : -1;
}

/* The recipes array of the text: the top level, or its "recipes"; 0 if neither. */
static size_t recipes_array(const checked *c)
{
    size_t i = skip_ws(c, 0), key_at = 0;
    if (i < c->len && c->text[i] == '{')
        i = member(c, i, "recipes", &key_at);
    return i && i < c->len && c->text[i] == '[' ? i : 0;
}

static int check_file(const prod_api *api, const char *path)
{
    char err[ERR_CAP] = "";
    prod_host host = {.struct_size = sizeof host, .version = PROD_HOST_VERSION};
    prod_recipe_source src = {.path = path};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1, .error = err,
                          .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    prod_status st = api->init(&p, &ctx);
    if (st == PROD_OK) {
        printf("%s: ok, %u recipes, %u items\n", path, api->recipe_count(ctx), api->item_count(ctx));
        api->shutdown(ctx);
        return 0;
    }
    checked c = {.api = api, .path = path};
    size_t arr = 0;
    if ((st == PROD_ERR_VALIDATION || st == PROD_ERR_LIMIT) && read_text(&c) == 0 &&
        (arr = recipes_array(&c)) != 0)
        check_recipes(&c, arr);
    if (c.errors == 0) { /* not about one recipe: the file as a whole */
        printf("%s\n", err);
        c.errors = 1;
    }
    printf("%s: %u error%s\n", path, c.errors, c.errors == 1 ? "" : "s");
    free(c.text);
    return -1;
}

int cmd_check(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    (void)host;
    (void)recipes;
    if (argc == 0)
        return cli_usage_error("check", "needs at least one FILE");
    for (int i = 0; i < argc; i++)
        if (cli_is_option(argv[i]))
            return cli_unknown_option("check", argv[i]);
    int bad = 0;
    for (int i = 0; i < argc; i++)
        bad += check_file(p->api, argv[i]) != 0;
    return bad ? CLI_FAILED : CLI_OK;
}
