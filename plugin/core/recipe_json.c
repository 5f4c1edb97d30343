/* recipe_json.c - recipe JSON in and out. prodi_reg_load reads every source (file or
 * memory), parses it with cJSON, validates each recipe against the schema and
 * feeds the registry builder, all or nothing; prodi_reg_export_json writes a
 * registry back as recipe JSON that loads into the same registry. Every load
 * error names the source, the recipe and the field (or the byte offset). */
#include "core/registry.h"
#include "core/vec.h"

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
    prodi_reg_builder *b;
    prodi_errbuf *err;
    const char *source; /* name, else path, else "<memory #i>" */
    uint32_t index;     /* recipe index within the source */
    const char *id;     /* the recipe's id once it is known to be valid */
    const char *list;   /* "inputs" or "outputs" while reading an entry */
    uint32_t entry;     /* index of that entry */
    uint64_t total;     /* recipes in the sources before this one */
} rj_loader;

/* ---- text helpers --------------------------------------------------------- */

/* printf wrote the locale's decimal point; JSON wants '.'. */
static void dot_decimal_point(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (strchr("0123456789+-eE", *r))
            *w++ = *r;
        else if (w == s || w[-1] != '.')
            *w++ = '.';
    }
    *w = '\0';
}

/* The shortest %g text of a finite d that reads back as exactly d (cJSON's own
 * printer accepts a 15-digit text that is only approximately equal). */
static void fmt_double(char *buf, size_t cap, double d)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    dot_decimal_point(buf);
}

/* What a JSON value is, for "(got ...)": the number itself, else its kind. */
static const char *got(const cJSON *v, char *buf, size_t cap)
{
    if (cJSON_IsNumber(v)) {
        if (!isfinite(cJSON_GetNumberValue(v)))
            return "a non-finite number";
        fmt_double(buf, cap, cJSON_GetNumberValue(v));
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

/* ---- sources -------------------------------------------------------------- */

static prod_status read_file(const char *path, char **out, size_t *len, prodi_errbuf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return prodi_err_set(err, PROD_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = NULL;
    size_t cap = 0, n = 0;
    prod_status st = PROD_OK;
    for (;;) {
        if (PRODI_VEC_RESERVE(NULL, buf, cap, n + 1, (size_t)1 << 16) != 0) {
            st = prodi_err_set(err, PROD_ERR_NO_MEMORY, "%s: out of memory reading the file", path);
            break;
        }
        size_t want = cap - n, got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want) {
            if (ferror(f))
                st = prodi_err_set(err, PROD_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (st != PROD_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    *len = n;
    return PROD_OK;
}

/* Whitespace, or a NUL (json_len may count the terminator). */
static int blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; }

static prod_status syntax_error(const char *source, const char *text, size_t off, const char *what,
                                prodi_errbuf *err)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < off; i++) {
        line += text[i] == '\n';
        col = text[i] == '\n' ? 1 : col + 1;
    }
    return prodi_err_set(err, PROD_ERR_PARSE,
                         "%s: JSON syntax error at byte offset %zu (line %zu, column %zu)%s",
                         source, off, line, col, what);
}

/* Parse exactly one JSON value from text[0..len). */
static prod_status rj_parse(const char *source, const char *text, size_t len, cJSON **out,
                            prodi_errbuf *err)
{
    const char *end = text;
    *out = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
    if (!*out)
        return syntax_error(source, text, off, "", err);
    while (off < len && blank(text[off]))
        off++;
    if (off < len) {
        cJSON_Delete(*out);
        *out = NULL;
        return syntax_error(source, text, off, ": unexpected text after the JSON value", err);
    }
    return PROD_OK;
}

static prod_status rj_source(rj_loader *L, const prod_recipe_source *src, uint32_t i)
{
    char label[32];
    char *file = NULL;
    const char *text = src->json;
    size_t len = src->json_len;
    cJSON *root;
    snprintf(label, sizeof label, "<memory #%u>", i);
    L->source = src->name ? src->name : src->path ? src->path : label;
    if (text && len == 0)
        len = strlen(text);
    if (!text && !src->path)
        return prodi_err_set(L->err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: recipe source has neither json nor path", L->source);
    if (!text) {
        prod_status st = read_file(src->path, &file, &len, L->err);
        if (st != PROD_OK)
            return st;
        text = file;
    }
    prod_status st = rj_parse(L->source, text, len, &root, L->err);
    free(file);
    if (st == PROD_OK)
        st = rj_recipes(L, root);
    cJSON_Delete(root);
    return st;
}

prod_status prodi_reg_load(const prod_recipe_source *sources, uint32_t count, prodi_registry **out,
                           prodi_errbuf *err)
{
    if (!out)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "reg_load: out is NULL");
    *out = NULL;
    if (count > 0 && !sources)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "reg_load: %u sources but sources is NULL", count);
    rj_loader L = {.b = prodi_regb_new(), .err = err};
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

/* ---- export --------------------------------------------------------------- */

typedef struct rj_buf {
    char *p;
    size_t len, cap;
    int failed;
} rj_buf;

static void buf_put(rj_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->failed)
        return;
    if (n >= SIZE_MAX - b->len ||
        PRODI_VEC_RESERVE(NULL, b->p, b->cap, b->len + n + 1, 4096) != 0) {
        b->failed = 1;
        return;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

/* A new {"item": ..., "qty": ...} appended to arr, or NULL when out of memory. */
static cJSON *export_entry(cJSON *arr, const prodi_registry *r, prod_item_id item, uint32_t qty)
{
    cJSON *e = cJSON_CreateObject();
    if (!e || !cJSON_AddItemToArray(arr, e)) {
        cJSON_Delete(e);
        return NULL;
    }
    if (!cJSON_AddStringToObject(e, "item", prodi_reg_item_name(r, item)) ||
        !cJSON_AddNumberToObject(e, "qty", qty))
        return NULL;
    return e;
}

static int export_io(cJSON *o, const prodi_registry *r, const prodi_recipe *rc)
{
    char num[32];
    cJSON *ins = cJSON_AddArrayToObject(o, "inputs"), *e;
    for (uint32_t i = 0; ins && i < rc->input_count; i++) {
        const prod_requirement *in = &rc->inputs[i];
        if (!(e = export_entry(ins, r, in->item, in->qty)) ||
            !cJSON_AddBoolToObject(e, "consume", in->consume != 0))
            return 0;
    }
    cJSON *outs = ins ? cJSON_AddArrayToObject(o, "outputs") : NULL;
    for (uint32_t i = 0; outs && i < rc->output_count; i++) {
        const prod_output *out = &rc->outputs[i];
        fmt_double(num, sizeof num, out->probability);
        if (!(e = export_entry(outs, r, out->item, out->qty)) ||
            !cJSON_AddRawToObject(e, "probability", num))
            return 0;
    }
    return outs != NULL;
}

/* One recipe as compact JSON text (cJSON-allocated) with every field explicit;
 * metadata is parsed back from its text, and left out when there is none. */
static prod_status export_recipe(const prodi_registry *r, const prodi_recipe *rc, char **text,
                                 prodi_errbuf *err)
{
    char num[32];
    cJSON *meta = NULL;
    if (rc->metadata[0] && !(meta = cJSON_ParseWithOpts(rc->metadata, NULL, 1)))
        return prodi_err_set(err, PROD_ERR_VALIDATION,
                             "export: recipe \"%s\": metadata is not valid JSON", rc->id);
    snprintf(num, sizeof num, "%" PRId64, rc->duration_ms);
    cJSON *o = cJSON_CreateObject();
    int ok = o && cJSON_AddStringToObject(o, "id", rc->id) &&
             cJSON_AddStringToObject(o, "name", rc->name) &&
             cJSON_AddStringToObject(o, "category", rc->category) &&
             cJSON_AddRawToObject(o, "duration_ms", num) && export_io(o, r, rc);
    if (ok && meta) {
        ok = cJSON_AddItemToObject(o, "metadata", meta);
        meta = ok ? NULL : meta;
    }
    *text = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(meta);
    cJSON_Delete(o);
    if (!*text)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "export: out of memory at recipe \"%s\"",
                             rc->id);
    return PROD_OK;
}

prod_status prodi_reg_export_json(const prodi_registry *r, char **out, size_t *len,
                                  prodi_errbuf *err)
{
    rj_buf b = {0};
    prod_status st = PROD_OK;
    *out = NULL;
    if (len)
        *len = 0;
    buf_put(&b, "{\"recipes\":[");
    for (prod_recipe_ix ix = 0; ix < prodi_reg_recipe_count(r) && st == PROD_OK; ix++) {
        char *text;
        st = export_recipe(r, prodi_reg_recipe(r, ix), &text, err);
        if (st != PROD_OK)
            break;
        buf_put(&b, ix ? ",\n" : "\n");
        buf_put(&b, text);
        cJSON_free(text);
    }
    buf_put(&b, "\n]}\n");
    if (st == PROD_OK && b.failed)
        st = prodi_err_set(err, PROD_ERR_NO_MEMORY, "export: out of memory");
    if (st != PROD_OK) {
        free(b.p);
        return st;
    }
    *out = b.p;
    if (len)
        *len = b.len;
    return PROD_OK;
}
