/* dataconv.c - converts the third-party game data in data/ (see
 * data/SOURCES.md) into the plugin's recipe JSON schema (README.md,
 * "Recipe schema"). Usage: dataconv spacetraders|factorio|eve IN OUT.
 *
 * Every recipe a converter makes goes through emit(), which applies the
 * loader's rules (plugin/recipe_json.c): id 1..256 bytes and unique, category
 * <= 256 bytes, duration_ms an integer in 0..2^40, 1..64 outputs, <= 64
 * inputs, item names 1..256 bytes, qty an integer in 1..1,000,000,000,
 * probability in [0, 1], no item twice in one list. A recipe that breaks one
 * is not written: it is listed under the output's top-level "skipped" key
 * ({id, reason}; the loader ignores that key) and counted per reason on
 * stdout. Nothing is rounded, clamped or split to make a recipe fit. An item
 * that only a skipped recipe made would look raw to a chain, so each one is
 * listed under "unmade" ({item, recipe, reason}) and named on stdout, and
 * prodhost chain refuses to count it as raw.
 *
 * spacetraders (spacetraders_supply_chain.json): one recipe per key G of
 *   exportToImportMap, in file order. The API gives relations only, with no
 *   quantities or times, so each recipe is "G x1 from 1 of every listed
 *   import" with a fixed duration of ST_DURATION_MS (60 s); the quantities and
 *   the time are placeholders, not game data. id = name = G. Goods listed in
 *   rawMaterials get category "extraction" and metadata {"raw": "MINING" or
 *   "SIPHONING"} (from rawMaterialSource), and still carry their map entry
 *   (IRON_ORE from EXPLOSIVES), so the map's cycles stay in the data; every
 *   other good gets category "manufacturing". Fixed: an import listed twice
 *   for one good (MODULE_WARP_DRIVE_III lists MERITIUM twice) is written once,
 *   since a repeated relation carries no quantity; each such drop is listed
 *   under "fixed" and counted.
 * factorio (factorio_recipes.json, factorio_recipes_2.0.json): one recipe per
 *   entry of "recipes". id = name = the prototype name, category as given,
 *   duration_ms = time (seconds at crafting speed 1) x 1000, exact for every
 *   time in both files (multiples of 0.05 s; a time that is not a whole number
 *   of ms is skipped). Inputs and outputs keep their quantities per craft,
 *   outputs their probability (uranium-processing: U-235 0.007, U-238 0.993).
 *   Fluids are items like any other (amounts in fluid units); their names go in
 *   metadata "fluids". Catalysts (items on both sides, e.g. kovarex: U-235 40
 *   in / 41 out) keep both gross amounts, so the net is out - in; the source's
 *   "catalysts" list is copied to metadata. "has_expensive_variant" becomes
 *   metadata "expensive_variant": true.
 * eve (eve_blueprints_subset.json): one recipe per entry of "blueprints"
 *   (category "manufacturing") then "reactions" (category "reaction"). id =
 *   the blueprintTypeID in decimal, name = that type's English name. Inputs
 *   are the materials per run at ME 0, all consumed; the blueprint itself (the
 *   game's non-consumed tool) is not listed. One output: productQuantity of
 *   the product. duration_ms = time (seconds per run at TE 0) x 1000. Item ids
 *   are the types' English names; a name shared by two typeIDs (e.g. the
 *   expired 'Radiance' cerebral accelerators) gets " [typeID]" appended, a
 *   typeID without a name becomes "type <typeID>". Metadata: blueprintTypeID,
 *   productTypeID, published, maxProductionLimit and materialTypeIDs (in input
 *   order). Nothing is skipped: the largest material quantity, 80,000,000 per
 *   run (a titan), is within the loader's limit. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 256u              /* ids, item names, categories */
#define MAX_IO 64                  /* inputs, and outputs, per recipe */
#define MAX_QTY 1000000000.0       /* qty per input/output */
#define MAX_DURATION_MS 1099511627776.0 /* 2^40 */
#define ST_DURATION_MS 60000       /* SpaceTraders: no times in the data */

/* The converted file being built. */
typedef struct conv_out {
    cJSON *root, *recipes, *skipped, *fixed, *unmade;
    cJSON *lost;                   /* {item, recipe, reason} of every skipped output */
    int read;                      /* source records seen */
} conv_out;

/* ---- the loader's rules --------------------------------------------------- */

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int name_ok(const cJSON *s)
{
    return cJSON_IsString(s) && s->valuestring[0] && strlen(s->valuestring) <= MAX_NAME;
}

static int whole_in(const cJSON *v, double min, double max)
{
    return cJSON_IsNumber(v) && v->valuedouble >= min && v->valuedouble <= max &&
           v->valuedouble == floor(v->valuedouble);
}

/* Whether one of the first `upto` entries of list (all when upto < 0) is item. */
static int has_item(const cJSON *list, const char *item, int upto)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (upto-- == 0)
            break;
        if (!strcmp(member(e, "item")->valuestring, item))
            return 1;
    }
    return 0;
}

/* Why an inputs/outputs list breaks the loader's rules, or NULL. */
static const char *list_unfit(const cJSON *list, int outputs)
{
    int n = cJSON_GetArraySize(list);
    if (outputs && n == 0)
        return "no outputs";
    if (n > MAX_IO)
        return "more than 64 inputs or outputs";
    for (int i = 0; i < n; i++) {
        const cJSON *e = cJSON_GetArrayItem(list, i), *item = member(e, "item");
        if (!name_ok(item))
            return "item name empty or over 256 bytes";
        if (!whole_in(member(e, "qty"), 1, MAX_QTY))
            return "qty not an integer in 1..1000000000";
        const cJSON *p = member(e, "probability");
        if (p && !(cJSON_IsNumber(p) && p->valuedouble >= 0 && p->valuedouble <= 1))
            return "probability outside [0, 1]";
        if (has_item(list, item->valuestring, i))
            return "item listed twice in one list";
    }
    return NULL;
}

/* Why recipe r would be rejected by the loader, or NULL. */
static const char *unfit(const conv_out *o, const cJSON *r)
{
    const cJSON *id = member(r, "id"), *done;
    if (!name_ok(id))
        return "id empty or over 256 bytes";
    if (strlen(member(r, "category")->valuestring) > MAX_NAME)
        return "category over 256 bytes";
    if (!whole_in(member(r, "duration_ms"), 0, MAX_DURATION_MS))
        return "duration_ms not an integer in 0..2^40";
    const char *why = list_unfit(member(r, "inputs"), 0);
    if (!why)
        why = list_unfit(member(r, "outputs"), 1);
    if (why)
        return why;
    cJSON_ArrayForEach(done, o->recipes)
        if (!strcmp(member(done, "id")->valuestring, id->valuestring))
            return "duplicate id";
    return NULL;
}

/* ---- building recipes ----------------------------------------------------- */

static void oom(void)
{
    fprintf(stderr, "dataconv: out of memory\n");
    exit(1);
}

static cJSON *must(cJSON *v)
{
    if (!v)
        oom();
    return v;
}

static void add(cJSON *o, const char *key, cJSON *v)
{
    if (!cJSON_AddItemToObject(o, key, must(v)))
        oom();
}

static void append(cJSON *arr, cJSON *v)
{
    if (!cJSON_AddItemToArray(arr, must(v)))
        oom();
}

/* A recipe with empty inputs and outputs. */
static cJSON *recipe_new(const char *id, const char *name, const char *category,
                         double duration_ms)
{
    cJSON *r = must(cJSON_CreateObject());
    add(r, "id", cJSON_CreateString(id));
    add(r, "name", cJSON_CreateString(name));
    add(r, "category", cJSON_CreateString(category));
    add(r, "duration_ms", cJSON_CreateNumber(duration_ms));
    add(r, "inputs", cJSON_CreateArray());
    add(r, "outputs", cJSON_CreateArray());
    return r;
}

/* Appends {item, qty} to r's list `key` and returns it. */
static cJSON *recipe_entry(cJSON *r, const char *key, const char *item, double qty)
{
    cJSON *e = must(cJSON_CreateObject());
    add(e, "item", cJSON_CreateString(item));
    add(e, "qty", cJSON_CreateNumber(qty));
    append(cJSON_GetObjectItemCaseSensitive(r, key), e);
    return e;
}

static void recipe_input(cJSON *r, const char *item, double qty)
{
    recipe_entry(r, "inputs", item, qty);
}

static void recipe_output(cJSON *r, const char *item, double qty, double probability)
{
    add(recipe_entry(r, "outputs", item, qty), "probability", cJSON_CreateNumber(probability));
}

/* The recipe's metadata object, created on first use. */
static cJSON *recipe_meta(cJSON *r)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(r, "metadata");
    if (!m) {
        m = cJSON_CreateObject();
        add(r, "metadata", m);
    }
    return m;
}

/* Write r to the output, or list it under "skipped" with the reason. Takes r. */
static void emit(conv_out *o, cJSON *r)
{
    const char *why = unfit(o, r);
    if (!why) {
        append(o->recipes, r);
        return;
    }
    cJSON *s = must(cJSON_CreateObject()), *e;
    const char *id = cJSON_GetStringValue(member(r, "id"));
    add(s, "id", cJSON_CreateString(id));
    add(s, "reason", cJSON_CreateString(why));
    append(o->skipped, s);
    cJSON_ArrayForEach(e, member(r, "outputs")) {
        const char *item = cJSON_GetStringValue(member(e, "item"));
        cJSON *l = must(cJSON_CreateObject());
        add(l, "item", cJSON_CreateString(item ? item : ""));
        add(l, "recipe", cJSON_CreateString(id ? id : ""));
        add(l, "reason", cJSON_CreateString(why));
        append(o->lost, l);
    }
    cJSON_Delete(r);
}

/* Whether a written recipe has item among its outputs. */
static int made_by_a_recipe(const conv_out *o, const char *item)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, o->recipes)
        if (has_item(member(r, "outputs"), item, -1))
            return 1;
    return 0;
}

/* Every output of a skipped recipe that no written recipe makes, once. */
static void list_unmade(conv_out *o)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, o->lost) {
        const char *item = cJSON_GetStringValue(member(l, "item"));
        if (!made_by_a_recipe(o, item) && !has_item(o->unmade, item, -1))
            append(o->unmade, cJSON_Duplicate(l, 1));
    }
}

/* ---- spacetraders ---------------------------------------------------------- */

/* Whether the array of strings arr holds s. */
static int listed(const cJSON *arr, const char *s)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
        if (!strcmp(cJSON_GetStringValue(e), s))
            return 1;
    return 0;
}

static void note_fix(conv_out *o, const char *id, const char *what)
{
    cJSON *f = must(cJSON_CreateObject());
    add(f, "id", cJSON_CreateString(id));
    add(f, "fix", cJSON_CreateString(what));
    append(o->fixed, f);
}

static const char *conv_spacetraders(const cJSON *src, conv_out *o)
{
    const cJSON *map = member(src, "exportToImportMap"), *good, *imp;
    const cJSON *raw = member(src, "rawMaterialSource");
    if (!cJSON_IsObject(map) || !cJSON_IsObject(raw))
        return "exportToImportMap or rawMaterialSource is not an object";
    cJSON_ArrayForEach(good, map) {
        const char *g = good->string, *how = cJSON_GetStringValue(member(raw, g));
        if (!cJSON_IsArray(good))
            return "an exportToImportMap entry is not an array";
        o->read++;
        cJSON *r = recipe_new(g, g, how ? "extraction" : "manufacturing", ST_DURATION_MS);
        cJSON_ArrayForEach(imp, good) {
            if (!cJSON_IsString(imp)) {
                cJSON_Delete(r);
                return "an import is not a string";
            }
            if (has_item(member(r, "inputs"), imp->valuestring, -1)) {
                char what[MAX_NAME + 64];
                snprintf(what, sizeof what, "input %s listed twice, written once",
                         imp->valuestring);
                note_fix(o, g, what);
            } else {
                recipe_input(r, imp->valuestring, 1);
            }
        }
        recipe_output(r, g, 1, 1.0);
        if (how)
            add(recipe_meta(r), "raw", cJSON_CreateString(how));
        emit(o, r);
    }
    return NULL;
}

/* ---- factorio ------------------------------------------------------------- */

/* A number member, NaN when absent or not a number (emit then skips). */
static double num(const cJSON *o, const char *key, double def)
{
    const cJSON *v = member(o, key);
    return !v ? def : cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Copies one Factorio inputs/outputs list into r; fluid names go to fluids. */
static const char *factorio_io(const cJSON *list, cJSON *r, int outputs, cJSON *fluids)
{
    const cJSON *e;
    if (!cJSON_IsArray(list))
        return "inputs or outputs is not an array";
    cJSON_ArrayForEach(e, list) {
        const char *item = cJSON_GetStringValue(member(e, "item"));
        if (!item)
            return "an entry has no item";
        if (outputs)
            recipe_output(r, item, num(e, "qty", NAN), num(e, "probability", 1.0));
        else
            recipe_input(r, item, num(e, "qty", NAN));
        if (cJSON_IsTrue(member(e, "fluid")) && !listed(fluids, item))
            append(fluids, cJSON_CreateString(item));
    }
    return NULL;
}

static const char *conv_factorio(const cJSON *src, conv_out *o)
{
    const cJSON *list = member(src, "recipes"), *p;
    if (!cJSON_IsArray(list))
        return "no recipes array";
    cJSON_ArrayForEach(p, list) {
        const char *name = cJSON_GetStringValue(member(p, "name"));
        const char *cat = cJSON_GetStringValue(member(p, "category"));
        if (!name || !cat)
            return "a recipe has no name or category";
        o->read++;
        cJSON *r = recipe_new(name, name, cat, num(p, "time", NAN) * 1000.0);
        cJSON *fluids = must(cJSON_CreateArray());
        const char *bad = factorio_io(member(p, "inputs"), r, 0, fluids);
        if (!bad)
            bad = factorio_io(member(p, "outputs"), r, 1, fluids);
        if (bad) {
            cJSON_Delete(fluids);
            cJSON_Delete(r);
            return bad;
        }
        if (cJSON_GetArraySize(fluids) > 0)
            add(recipe_meta(r), "fluids", fluids);
        else
            cJSON_Delete(fluids);
        if (member(p, "catalysts"))
            add(recipe_meta(r), "catalysts", cJSON_Duplicate(member(p, "catalysts"), 1));
        if (cJSON_IsTrue(member(p, "has_expensive_variant")))
            add(recipe_meta(r), "expensive_variant", cJSON_CreateTrue());
        emit(o, r);
    }
    return NULL;
}

/* ---- eve ------------------------------------------------------------------ */

typedef struct eve_type {
    double id;
    const char *name;
    int shared; /* another typeID has the same name */
} eve_type;

typedef struct eve_types {
    eve_type *v;
    size_t n;
} eve_types;

static int by_id(const void *a, const void *b)
{
    double x = ((const eve_type *)a)->id, y = ((const eve_type *)b)->id;
    return (x > y) - (x < y);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const eve_type *)a)->name, ((const eve_type *)b)->name);
}

/* The "types" object as an array sorted by id, with shared names marked. */
static const char *eve_index(const cJSON *types, eve_types *t)
{
    const cJSON *e;
    if (!cJSON_IsObject(types))
        return "types is not an object";
    t->n = 0;
    t->v = malloc(((size_t)cJSON_GetArraySize(types) + 1) * sizeof *t->v);
    if (!t->v)
        oom();
    cJSON_ArrayForEach(e, types) {
        if (!cJSON_IsString(e))
            return "a type name is not a string";
        t->v[t->n++] = (eve_type){.id = strtod(e->string, NULL), .name = e->valuestring};
    }
    qsort(t->v, t->n, sizeof *t->v, by_name);
    for (size_t i = 1; i < t->n; i++)
        if (!strcmp(t->v[i - 1].name, t->v[i].name))
            t->v[i - 1].shared = t->v[i].shared = 1;
    qsort(t->v, t->n, sizeof *t->v, by_id);
    return NULL;
}

/* The item id of typeID id: its name, "name [id]" when the name is shared,
 * "type <id>" when it has none. */
static const char *eve_label(const eve_types *t, double id, char *buf, size_t cap)
{
    eve_type key = {.id = id};
    const eve_type *e = bsearch(&key, t->v, t->n, sizeof *t->v, by_id);
    if (e && !e->shared)
        return e->name;
    if (e)
        snprintf(buf, cap, "%s [%.0f]", e->name, id);
    else
        snprintf(buf, cap, "type %.0f", id);
    return buf;
}

/* One blueprint or reaction activity as a recipe, or an error. */
static const char *eve_recipe(const cJSON *a, const char *category, const eve_types *t,
                              conv_out *o)
{
    char id[32], buf[MAX_NAME + 32];
    const cJSON *m, *mats = member(a, "materials");
    double bp = num(a, "blueprintTypeID", NAN), product = num(a, "productTypeID", NAN);
    if (!(bp >= 0 && bp < 1e15 && product >= 0 && product < 1e15))
        return "an activity has no blueprintTypeID or productTypeID";
    if (mats && !cJSON_IsArray(mats))
        return "materials is not an array";
    o->read++;
    snprintf(id, sizeof id, "%.0f", bp);
    cJSON *r = recipe_new(id, eve_label(t, bp, buf, sizeof buf), category,
                          num(a, "time", NAN) * 1000.0);
    cJSON *meta = recipe_meta(r), *tids = must(cJSON_CreateArray());
    cJSON_ArrayForEach(m, mats) {
        double tid = num(m, "typeID", NAN);
        recipe_input(r, eve_label(t, tid, buf, sizeof buf), num(m, "quantity", NAN));
        append(tids, cJSON_CreateNumber(tid));
    }
    recipe_output(r, eve_label(t, product, buf, sizeof buf), num(a, "productQuantity", NAN),
                  1.0);
    add(meta, "blueprintTypeID", cJSON_CreateNumber(bp));
    add(meta, "productTypeID", cJSON_CreateNumber(product));
    add(meta, "published", cJSON_CreateBool(cJSON_IsTrue(member(a, "published"))));
    if (member(a, "maxProductionLimit"))
        add(meta, "maxProductionLimit", cJSON_Duplicate(member(a, "maxProductionLimit"), 0));
    add(meta, "materialTypeIDs", tids);
    emit(o, r);
    return NULL;
}

static const char *conv_eve(const cJSON *src, conv_out *o)
{
    static const char *const lists[][2] = {{"blueprints", "manufacturing"},
                                           {"reactions", "reaction"}};
    eve_types t = {0};
    const char *bad = eve_index(member(src, "types"), &t);
    for (size_t i = 0; i < 2 && !bad; i++) {
        const cJSON *list = member(src, lists[i][0]), *a;
        if (!cJSON_IsArray(list))
            bad = "blueprints or reactions is not an array";
        cJSON_ArrayForEach(a, list) {
            if (!bad)
                bad = eve_recipe(a, lists[i][1], &t, o);
        }
    }
    free(t.v);
    return bad;
}

/* ---- files and main ------------------------------------------------------- */

static cJSON *read_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            char *p = realloc(buf, cap);
            if (!p)
                oom();
            buf = p;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    cJSON *root = failed ? NULL : cJSON_ParseWithLength(buf, n);
    free(buf);
    return root;
}

static int write_json(const char *path, const cJSON *root)
{
    char *text = cJSON_PrintUnformatted(root);
    if (!text)
        oom();
    FILE *f = fopen(path, "wb");
    int ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = f && fclose(f) == 0 && ok;
    cJSON_free(text);
    return ok ? 0 : -1;
}

/* Count of entries of arr whose `key` string equals s, among the first `upto`
 * (all when upto < 0). */
static int count_key(const cJSON *arr, const char *key, const char *s, int upto)
{
    const cJSON *e;
    int n = 0;
    cJSON_ArrayForEach(e, arr) {
        if (upto-- == 0)
            break;
        n += !strcmp(cJSON_GetStringValue(member(e, key)), s);
    }
    return n;
}

/* "<kind>: N source recipes, N written, N skipped, N fixed", then the count of
 * each skip reason. */
static void summary(const char *kind, const conv_out *o)
{
    printf("%s: %d source recipes, %d written, %d skipped, %d fixed\n", kind, o->read,
           cJSON_GetArraySize(o->recipes), cJSON_GetArraySize(o->skipped),
           cJSON_GetArraySize(o->fixed));
    for (int i = 0; i < cJSON_GetArraySize(o->skipped); i++) {
        const char *why = member(cJSON_GetArrayItem(o->skipped, i), "reason")->valuestring;
        if (count_key(o->skipped, "reason", why, i) == 0)
            printf("  skipped, %s: %d\n", why, count_key(o->skipped, "reason", why, -1));
    }
    const cJSON *u;
    cJSON_ArrayForEach(u, o->unmade)
        printf("  unmade: %s (only recipe %s skipped: %s); a chain must not count it as raw\n",
               member(u, "item")->valuestring, member(u, "recipe")->valuestring,
               member(u, "reason")->valuestring);
}

typedef const char *(*conv_fn)(const cJSON *src, conv_out *o);

static conv_fn converter(const char *kind)
{
    if (!strcmp(kind, "spacetraders"))
        return conv_spacetraders;
    if (!strcmp(kind, "factorio"))
        return conv_factorio;
    if (!strcmp(kind, "eve"))
        return conv_eve;
    return NULL;
}

int main(int argc, char **argv)
{
    conv_fn conv = argc == 4 ? converter(argv[1]) : NULL;
    if (!conv) {
        fprintf(stderr, "usage: dataconv spacetraders|factorio|eve IN OUT\n");
        return 2;
    }
    cJSON *src = read_json(argv[2]);
    if (!src) {
        fprintf(stderr, "dataconv: %s: cannot read or parse\n", argv[2]);
        return 1;
    }
    conv_out o = {.root = must(cJSON_CreateObject())};
    const char *base = strrchr(argv[2], '/');
    char by[64];
    snprintf(by, sizeof by, "dataconv %s", argv[1]);
    add(o.root, "generated_by", cJSON_CreateString(by));
    add(o.root, "source", cJSON_CreateString(base ? base + 1 : argv[2]));
    add(o.root, "recipes", o.recipes = cJSON_CreateArray());
    add(o.root, "skipped", o.skipped = cJSON_CreateArray());
    add(o.root, "fixed", o.fixed = cJSON_CreateArray());
    add(o.root, "unmade", o.unmade = cJSON_CreateArray());
    o.lost = must(cJSON_CreateArray());
    const char *bad = conv(src, &o);
    if (!bad)
        list_unmade(&o);
    int rc = 0;
    if (bad) {
        fprintf(stderr, "dataconv: %s: unexpected data: %s\n", argv[2], bad);
        rc = 1;
    } else if (write_json(argv[3], o.root) != 0) {
        fprintf(stderr, "dataconv: %s: cannot write\n", argv[3]);
        rc = 1;
    } else {
        summary(argv[1], &o);
    }
    cJSON_Delete(o.lost);
    cJSON_Delete(o.root);
    cJSON_Delete(src);
    return rc;
}
