/* recipe_json.c - recipe JSON in: prodi_reg_load parses every source
 * (source.c), validates each recipe against the schema, strictly (an unknown
 * key is an error naming the closest known one, unless the host allows
 * them), and feeds the registry builder, all or nothing. Every error names
 * the source, the recipe and the field (or the byte offset). Export is
 * recipe_export.c. */
#include "core/registry.h"
#include "core/source.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_MAX 64 /* longer ids and item names are cut short in messages */
/* Export wraps metadata in {"recipes":[{...}]}: three levels that must still
 * fit under cJSON's nesting limit when the export is loaded again. */
#define METADATA_DEPTH_MAX (CJSON_NESTING_LIMIT - 3)

/* The loader's state, and where it is for error messages. */
typedef struct rj_loader {
    const prodi_mem *mem;
    prodi_reg_builder *b;
    prodi_errbuf *err;
    const char *source; /* name, else path, else "<memory #i>" */
    uint32_t index;     /* recipe index within the source */
    const char *id;     /* the recipe's id once it is known to be valid */
    const char *list;   /* "inputs" or "outputs" while reading an entry */
    uint32_t entry;     /* index of that entry */
    uint64_t total;     /* recipes in the sources before this one */
    prodi_load_limits limits;
} rj_loader;

/* ---- text helpers --------------------------------------------------------- */

/* What a JSON value is, for "(got ...)": the number itself, else its kind. */
static const char *got(const cJSON *v, char *buf, size_t cap)
{
    if (cJSON_IsNumber(v)) {
        if (!isfinite(cJSON_GetNumberValue(v)))
            return "a non-finite number";
        prodi_fmt_double(buf, cap, cJSON_GetNumberValue(v));
        return buf;
    }
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    if (cJSON_IsNull(v))
        return "null";
    return cJSON_IsArray(v) ? "an array" : "an object";
}

/* printf precision that shows at most SHOWN_MAX bytes of s. */
static int shown(const char *s) { return (int)strnlen(s, SHOWN_MAX); }

static const char *cut(const char *s) { return strlen(s) > SHOWN_MAX ? "..." : ""; }

/* ---- error messages ------------------------------------------------------- */

/* "<source>: recipe <id or #index>: <field> <message>", where field is
 * list[entry].key, list[entry] or key, whichever applies. */
static prod_status rj_fail(const rj_loader *L, prod_status st, const char *key,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static prod_status rj_fail(const rj_loader *L, prod_status st, const char *key,
                           const char *fmt, ...)
{
    char msg[PRODI_ERR_TEXT_CAP], field[64] = "", recipe[SHOWN_MAX + 16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->list)
        snprintf(field, sizeof field, "%s[%u]%s%s ", L->list, L->entry, key ? "." : "",
                 key ? key : "");
    else if (key)
        snprintf(field, sizeof field, "%s ", key);
    if (L->id)
        snprintf(recipe, sizeof recipe, "\"%.*s%s\"", shown(L->id), L->id, cut(L->id));
    else
        snprintf(recipe, sizeof recipe, "#%u", L->index);
    return prodi_err_set(L->err, st, "%s: recipe %s: %s%s", L->source, recipe, field, msg);
}

/* A missing or ill-typed value v of field key, which should have been `what`. */
static prod_status rj_bad(const rj_loader *L, const char *key, const char *what,
                          const cJSON *v)
{
    char buf[32];
    if (!v)
        return rj_fail(L, PROD_ERR_VALIDATION, key, "is missing (must be %s)", what);
    return rj_fail(L, PROD_ERR_VALIDATION, key, "must be %s (got %s)", what,
                   got(v, buf, sizeof buf));
}

/* ---- typed fields --------------------------------------------------------- */

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* String member `key`, def when absent (required if def is NULL), with a
 * length in [min_len, max_len] bytes. *out points into the cJSON tree. */
static prod_status rj_string(const rj_loader *L, const cJSON *o, const char *key,
                             const char *def, size_t min_len, size_t max_len,
                             const char **out)
{
    const cJSON *v = member(o, key);
    if (!v && def) {
        *out = def;
        return PROD_OK;
    }
    if (!cJSON_IsString(v))
        return rj_bad(L, key, "a string", v);
    const char *s = cJSON_GetStringValue(v);
    size_t n = strlen(s);
    if (n < min_len)
        return rj_fail(L, PROD_ERR_VALIDATION, key, "must not be empty");
    if (n > max_len)
        return rj_fail(L, PROD_ERR_LIMIT, key, "is %zu bytes long, over the limit of %zu", n,
                       max_len);
    *out = s;
    return PROD_OK;
}

/* Required integer member `key` in [min, max]. */
static prod_status rj_int(const rj_loader *L, const cJSON *o, const char *key, int64_t min,
                          int64_t max, int64_t *out)
{
    const cJSON *v = member(o, key);
    double d = cJSON_IsNumber(v) ? cJSON_GetNumberValue(v) : NAN;
    char what[48];
    if (!(d >= (double)min && d == floor(d))) {
        snprintf(what, sizeof what, "an integer >= %" PRId64, min);
        return rj_bad(L, key, what, v);
    }
    if (d > (double)max) {
        snprintf(what, sizeof what, "an integer <= %" PRId64, max);
        return rj_bad(L, key, what, v);
    }
    *out = (int64_t)d;
    return PROD_OK;
}

/* Optional boolean member `key` as 1/0, def when absent. */
static prod_status rj_bool(const rj_loader *L, const cJSON *o, const char *key, uint32_t def,
                           uint32_t *out)
{
    const cJSON *v = member(o, key);
    if (v && !cJSON_IsBool(v))
        return rj_bad(L, key, "true or false", v);
    *out = v ? (cJSON_IsTrue(v) ? 1u : 0u) : def;
    return PROD_OK;
}

/* Optional "probability" in [0, 1], 1 when absent. */
static prod_status rj_probability(const rj_loader *L, const cJSON *o, double *out)
{
    const cJSON *v = member(o, "probability");
    double p = !v ? 1.0 : cJSON_IsNumber(v) ? cJSON_GetNumberValue(v) : NAN;
    if (!(p >= 0.0 && p <= 1.0))
        return rj_bad(L, "probability", "a number in [0, 1]", v);
    *out = p == 0.0 ? 0.0 : p; /* -0 would not survive an export */
    return PROD_OK;
}

/* ---- keys ----------------------------------------------------------------- */

static const char *const RECIPE_KEYS[] = {"id",      "name",        "category", "inputs",
                                          "outputs", "duration_ms", "metadata", NULL};
static const char *const INPUT_KEYS[] = {"item", "qty", "consume", NULL};
static const char *const OUTPUT_KEYS[] = {"item", "qty", "probability", NULL};

/* Edit distance of a and b (each cut at 63 bytes; enough to rank typos). */
static size_t distance(const char *a, const char *b)
{
    size_t n = strnlen(a, 63), m = strnlen(b, 63), row[64];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            diag = up;
            row[j] = best;
        }
    }
    return row[m];
}

/* VALIDATION for a key of o not in `known` (NULL-terminated), naming the
 * closest known key; nothing when the host allowed unknown keys. */
static prod_status rj_keys(const rj_loader *L, const cJSON *o, const char *const *known)
{
    const cJSON *c;
    if (L->limits.flags & PROD_INIT_ALLOW_UNKNOWN_KEYS)
        return PROD_OK;
    cJSON_ArrayForEach(c, o)
    {
        size_t k = 0, best = 0;
        while (known[k] && strcmp(known[k], c->string) != 0)
            k++;
        if (known[k])
            continue;
        for (size_t i = 1; known[i]; i++)
            if (distance(c->string, known[i]) < distance(c->string, known[best]))
                best = i;
        return rj_fail(L, PROD_ERR_VALIDATION, NULL,
                       "unknown key \"%.*s%s\" (did you mean \"%s\"?)", shown(c->string), c->string,
                       cut(c->string), known[best]);
    }
    return PROD_OK;
}

/* ---- inputs and outputs --------------------------------------------------- */

/* Array member `key` with at most PRODI_MAX_IO_PER_RECIPE entries; an absent
 * optional list is empty, a required one must have an entry. */
static prod_status rj_list(const rj_loader *L, const cJSON *o, const char *key, int required,
                           const cJSON **arr, uint32_t *n)
{
    const cJSON *v = member(o, key);
    *arr = NULL;
    *n = 0;
    if (!v && !required)
        return PROD_OK;
    if (!cJSON_IsArray(v))
        return rj_bad(L, key, required ? "a non-empty array" : "an array", v);
    int size = cJSON_GetArraySize(v);
    if (size == 0 && required)
        return rj_fail(L, PROD_ERR_VALIDATION, key, "must not be empty");
    if ((uint32_t)size > PRODI_MAX_IO_PER_RECIPE)
        return rj_fail(L, PROD_ERR_LIMIT, key, "has %d entries, over the limit of %u", size,
                       PRODI_MAX_IO_PER_RECIPE);
    *arr = v;
    *n = (uint32_t)size;
    return PROD_OK;
}

/* The part inputs and outputs share: entry L->entry is an object with an item
 * (interned into seen[L->entry], not already in seen[]) and a qty. */
static prod_status rj_entry(const rj_loader *L, const cJSON *e, prod_item_id *seen,
                            uint32_t *qty)
{
    const char *name;
    int64_t q = 0;
    if (!cJSON_IsObject(e))
        return rj_bad(L, NULL, "an object", e);
    prod_status st = rj_string(L, e, "item", NULL, 1, PRODI_MAX_ID_LEN, &name);
    if (st != PROD_OK)
        return st;
    prod_item_id id = prodi_regb_item(L->b, name);
    if (id == 0)
        return rj_fail(L, PROD_ERR_NO_MEMORY, "item", "could not be stored: out of memory");
    for (uint32_t j = 0; j < L->entry; j++)
        if (seen[j] == id)
            return rj_fail(L, PROD_ERR_VALIDATION, "item", "\"%.*s%s\" is already listed at %s[%u]",
                           shown(name), name, cut(name), L->list, j);
    seen[L->entry] = id;
    st = rj_int(L, e, "qty", 1, PRODI_MAX_QTY, &q);
    *qty = (uint32_t)q;
    return st;
}

/* The inputs (in != NULL) or outputs (out != NULL) list `key` of recipe o. */
static prod_status rj_io(rj_loader *L, const cJSON *o, const char *key, prod_requirement *in,
                         prod_output *out, uint32_t *n)
{
    prod_item_id seen[PRODI_MAX_IO_PER_RECIPE];
    const cJSON *arr, *e;
    prod_status st = rj_list(L, o, key, out != NULL, &arr, n);
    L->list = key;
    L->entry = 0;
    cJSON_ArrayForEach(e, arr) {
        uint32_t i = L->entry, qty = 0;
        if (st == PROD_OK)
            st = rj_entry(L, e, seen, &qty);
        if (st == PROD_OK)
            st = rj_keys(L, e, in ? INPUT_KEYS : OUTPUT_KEYS);
        if (st == PROD_OK && in) {
            in[i] = (prod_requirement){.item = seen[i], .qty = qty};
            st = rj_bool(L, e, "consume", 1, &in[i].consume);
        }
        if (st == PROD_OK && out) {
            out[i] = (prod_output){.item = seen[i], .qty = qty};
            st = rj_probability(L, e, &out[i].probability);
        }
        if (st != PROD_OK)
            return st;
        L->entry++;
    }
    L->list = NULL;
    return st;
}

/* ---- recipes -------------------------------------------------------------- */

/* The required, unique id. Sets L->id so later messages name the recipe. */
static prod_status rj_id(rj_loader *L, const cJSON *o, const char **id)
{
    prod_status st = rj_string(L, o, "id", NULL, 1, PRODI_MAX_ID_LEN, id);
    if (st != PROD_OK)
        return st;
    L->id = *id;
    if (prodi_regb_has_recipe(L->b, *id))
        return rj_fail(L, PROD_ERR_VALIDATION, "id", "is already used by an earlier recipe");
    return PROD_OK;
}

/* Arrays and objects nested in v: 0 for a scalar, 1 for [], and so on. */
static int json_depth(const cJSON *v)
{
    int max = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, v) {
        int d = json_depth(c);
        max = d > max ? d : max;
    }
    return cJSON_IsArray(v) || cJSON_IsObject(v) ? max + 1 : 0;
}

/* Hand a validated recipe to the builder, metadata as compact JSON text. */
static prod_status rj_add(const rj_loader *L, prodi_recipe *rc, const cJSON *metadata)
{
    char *text = NULL;
    int depth = json_depth(metadata);
    if (depth > METADATA_DEPTH_MAX)
        return rj_fail(L, PROD_ERR_LIMIT, "metadata",
                       "is nested %d levels deep, over the limit of %d", depth,
                       METADATA_DEPTH_MAX);
    if (metadata && !(text = cJSON_PrintUnformatted(metadata)))
        return rj_fail(L, PROD_ERR_NO_MEMORY, "metadata", "could not be stored: out of memory");
    rc->metadata = text ? text : "";
    prod_status st = prodi_regb_add(L->b, rc, L->err);
    cJSON_free(text);
    if (st == PROD_ERR_NO_MEMORY)
        return rj_fail(L, st, NULL, "could not be stored: out of memory");
    return st;
}

static prod_status rj_recipe(rj_loader *L, const cJSON *o)
{
    prod_requirement in[PRODI_MAX_IO_PER_RECIPE];
    prod_output out[PRODI_MAX_IO_PER_RECIPE];
    prodi_recipe rc = {0};
    L->id = NULL;
    L->list = NULL;
    if (!cJSON_IsObject(o))
        return rj_bad(L, NULL, "an object", o);
    prod_status st = rj_id(L, o, &rc.id);
    if (st == PROD_OK)
        st = rj_keys(L, o, RECIPE_KEYS);
    if (st == PROD_OK)
        st = rj_string(L, o, "name", rc.id, 0, SIZE_MAX, &rc.name);
    if (st == PROD_OK)
        st = rj_string(L, o, "category", "", 0, PRODI_MAX_ID_LEN, &rc.category);
    if (st == PROD_OK)
        st = rj_int(L, o, "duration_ms", 0, PRODI_MAX_DURATION_MS, &rc.duration_ms);
    if (st == PROD_OK)
        st = rj_io(L, o, "inputs", in, NULL, &rc.input_count);
    if (st == PROD_OK)
        st = rj_io(L, o, "outputs", NULL, out, &rc.output_count);
    if (st != PROD_OK)
        return st;
    rc.inputs = in;
    rc.outputs = out;
    return rj_add(L, &rc, member(o, "metadata"));
}

/* The recipes of one parsed source: an array, or an object's "recipes". */
static prod_status rj_recipes(rj_loader *L, const cJSON *root)
{
    const cJSON *arr = cJSON_IsObject(root) ? member(root, "recipes") : root, *o;
    if (cJSON_IsObject(root) && !cJSON_IsArray(arr))
        return prodi_err_set(L->err, PROD_ERR_VALIDATION,
                             "%s: the top-level object has no \"recipes\" array", L->source);
    if (!cJSON_IsArray(arr))
        return prodi_err_set(L->err, PROD_ERR_VALIDATION,
                             "%s: the top level must be an array of recipes or an object with a "
                             "\"recipes\" array",
                             L->source);
    uint64_t n = (uint64_t)cJSON_GetArraySize(arr);
    if (L->total + n > PRODI_MAX_RECIPES)
        return prodi_err_set(L->err, PROD_ERR_LIMIT,
                             "%s: %" PRIu64 " recipes bring the total to %" PRIu64
                             ", over the limit of %u",
                             L->source, n, L->total + n, PRODI_MAX_RECIPES);
    L->index = 0;
    cJSON_ArrayForEach(o, arr) {
        prod_status st = rj_recipe(L, o);
        if (st != PROD_OK)
            return st;
        L->index++;
    }
    L->total += n;
    return PROD_OK;
}

static prod_status rj_source(rj_loader *L, const prod_recipe_source *src, uint32_t i)
{
    char label[32];
    cJSON *root;
    snprintf(label, sizeof label, "<memory #%u>", i);
    L->source = src->name ? src->name : src->path ? src->path : label;
    prod_status st =
        prodi_source_parse(L->mem, src, L->limits.max_file_bytes, L->source, &root, L->err);
    if (st == PROD_OK)
        st = rj_recipes(L, root);
    cJSON_Delete(root);
    return st;
}

prod_status prodi_reg_load(const prod_recipe_source *sources, uint32_t count,
                           const prodi_load_limits *limits, const prodi_mem *mem,
                           prodi_registry **out, prodi_errbuf *err)
{
    if (!out)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "reg_load: out is NULL");
    *out = NULL;
    if (count > 0 && !sources)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "reg_load: %u sources but sources is NULL", count);
    rj_loader L = {.mem = mem, .b = prodi_regb_new(mem), .err = err, .limits = *limits};
    if (!L.b)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "recipe registry: out of memory");
    prod_status st = PROD_OK;
    for (uint32_t i = 0; i < count && st == PROD_OK; i++)
        st = rj_source(&L, &sources[i], i);
    if (st != PROD_OK) {
        prodi_regb_free(L.b);
        return st;
    }
    return prodi_regb_finish(L.b, out, err);
}
