/* unit_registry.c - unit tests of the recipe registry (plugin/registry.c) and
 * its JSON loader and exporter (plugin/recipe_json.c), linked against prodcore.
 * JSON in this file is written with ' for " (see J) to stay readable. */
#include "core/registry.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* The limits a default init gives (256 MiB files, strict keys). */
static const prodi_load_limits LIMITS = {PROD_DEFAULT_MAX_FILE_BYTES, 0};

/* ---- helpers -------------------------------------------------------------- */

/* A growable string for generated JSON. */
typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void tputf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tputf(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        if (!t->p) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    va_start(ap, fmt);
    vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* s with every ' turned into " (malloc'd). */
static char *J(const char *s)
{
    text t = {0};
    tputf(&t, "%s", s);
    for (char *c = t.p; *c; c++)
        if (*c == '\'')
            *c = '"';
    return t.p;
}

static prod_status load_named(const char *json_quoted, const char *name, prodi_registry **r,
                              prodi_errbuf *err)
{
    char *json = J(json_quoted);
    prod_recipe_source src = {.json = json, .name = name};
    prod_status st = prodi_reg_load(&src, 1, &LIMITS, NULL, r, err);
    free(json);
    return st;
}

static int contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) {
        fprintf(stderr, "  expected \"%s\" in: %s\n", needle, hay);
        return 0;
    }
    return 1;
}

static prod_item_id item(const prodi_registry *r, const char *name)
{
    prod_item_id id = 0;
    CHECK(prodi_reg_find_item(r, name, &id));
    return id;
}

/* Deep equality of two registries (strings, numbers, item ids, doubles bitwise). */
static int same_registry(const prodi_registry *a, const prodi_registry *b)
{
    if (!CHECK(prodi_reg_recipe_count(a) == prodi_reg_recipe_count(b)) ||
        !CHECK(prodi_reg_item_count(a) == prodi_reg_item_count(b)))
        return 0;
    int ok = 1;
    for (prod_item_id i = 1; i <= prodi_reg_item_count(a); i++)
        ok &= CHECK(strcmp(prodi_reg_item_name(a, i), prodi_reg_item_name(b, i)) == 0);
    for (prod_recipe_ix ix = 0; ix < prodi_reg_recipe_count(a); ix++) {
        const prodi_recipe *x = prodi_reg_recipe(a, ix), *y = prodi_reg_recipe(b, ix);
        ok &= CHECK(strcmp(x->id, y->id) == 0) && CHECK(strcmp(x->name, y->name) == 0) &&
              CHECK(strcmp(x->category, y->category) == 0) &&
              CHECK(strcmp(x->metadata, y->metadata) == 0) &&
              CHECK(x->duration_ms == y->duration_ms) &&
              CHECK(x->input_count == y->input_count) &&
              CHECK(x->output_count == y->output_count);
        if (!ok)
            return 0;
        for (uint32_t i = 0; i < x->input_count; i++)
            ok &= CHECK(memcmp(&x->inputs[i], &y->inputs[i], sizeof x->inputs[i]) == 0);
        for (uint32_t i = 0; i < x->output_count; i++)
            ok &= CHECK(x->outputs[i].item == y->outputs[i].item) &&
                  CHECK(x->outputs[i].qty == y->outputs[i].qty) &&
                  CHECK(memcmp(&x->outputs[i].probability, &y->outputs[i].probability,
                               sizeof(double)) == 0);
    }
    return ok;
}

/* export(r) loads into a registry equal to r, and exporting that gives the same
 * bytes. Returns the export of r (malloc'd) or NULL. */
static char *check_round_trip(const prodi_registry *r)
{
    prodi_errbuf err = {{0}};
    char *e1 = NULL, *e2 = NULL;
    size_t n1 = 0, n2 = 0;
    prodi_registry *r2 = NULL;
    if (!CHECK(prodi_reg_export_json(r, &e1, &n1, &err) == PROD_OK))
        return NULL;
    CHECK(strlen(e1) == n1);
    prod_recipe_source src = {.json = e1, .json_len = n1, .name = "export"};
    if (CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r2, &err) == PROD_OK)) {
        CHECK(same_registry(r, r2));
        CHECK(prodi_reg_export_json(r2, &e2, &n2, &err) == PROD_OK);
        CHECK(e2 && n1 == n2 && strcmp(e1, e2) == 0);
    } else {
        fprintf(stderr, "  reload failed: %s\n", err.text);
    }
    prodi_buf_free(e2);
    prodi_reg_free(r2);
    return e1;
}

/* ---- a valid multi-recipe document ----------------------------------------- */

static const char *SAMPLE =
    "{'version': 3, 'recipes': ["
    " {'id':'iron_plate','name':'Iron plate','category':'smelting',"
    "  'inputs':[{'item':'iron_ore','qty':1}],'outputs':[{'item':'iron_plate','qty':1}],"
    "  'duration_ms':3200},"
    " {'id':'gear','category':'crafting','duration_ms':500,"
    "  'inputs':[{'item':'iron_plate','qty':2},{'item':'hammer','qty':1,'consume':false}],"
    "  'outputs':[{'item':'gear','qty':1}],"
    "  'metadata': {'tier': 1, 'tags': ['a', 'b'], 'x': null}},"
    " {'id':'steel','category':'smelting','inputs':[{'item':'iron_plate','qty':5,'consume':true}],"
    "  'outputs':[{'item':'steel','qty':1},{'item':'slag','qty':2,'probability':0.25}],"
    "  'duration_ms':16000},"
    " {'id':'scrap','outputs':[{'item':'iron_plate','qty':1,'probability':0.30000000000000004},"
    "  {'item':'dust','qty':1000000000,'probability':0}],'duration_ms':0,'metadata':42},"
    " {'id':'catalysis','inputs':[{'item':'slag','qty':1}],"
    "  'outputs':[{'item':'slag','qty':3,'probability':-0.0}],'duration_ms':1099511627776}"
    "]}";

/* The checks on SAMPLE, by behaviour; a case runs one, the file case all. */

static void sample_items(const prodi_registry *r)
{
    /* Items are numbered 1.. in order of first appearance, inputs first. */
    static const char *items[] = {"iron_ore", "iron_plate", "hammer", "gear",
                                  "steel",    "slag",       "dust"};
    REQUIRE(prodi_reg_item_count(r) == 7);
    for (prod_item_id i = 1; i <= 7; i++) {
        prod_item_id id = 0;
        CHECK(strcmp(prodi_reg_item_name(r, i), items[i - 1]) == 0);
        CHECK(prodi_reg_find_item(r, items[i - 1], &id) && id == i);
    }
    CHECK(prodi_reg_item_name(r, 0) == NULL && prodi_reg_item_name(r, 8) == NULL);
    CHECK(!prodi_reg_find_item(r, "unobtainium", NULL));
}

static void sample_recipes(const prodi_registry *r)
{
    CHECK(prodi_reg_recipe_count(r) == 5);
    prod_recipe_ix ix = 99;
    CHECK(prodi_reg_find_recipe(r, "steel", &ix) && ix == 2);
    CHECK(!prodi_reg_find_recipe(r, "nope", &ix));
    CHECK(prodi_reg_recipe(r, 5) == NULL);
}

static void sample_scalars(const prodi_registry *r)
{
    REQUIRE(prodi_reg_recipe_count(r) == 5);
    const prodi_recipe *p = prodi_reg_recipe(r, 0);
    CHECK(strcmp(p->id, "iron_plate") == 0 && strcmp(p->name, "Iron plate") == 0);
    CHECK(strcmp(p->metadata, "") == 0 && p->duration_ms == 3200);
    const prodi_recipe *g = prodi_reg_recipe(r, 1);
    CHECK(strcmp(g->name, "gear") == 0); /* name defaults to id */
    const prodi_recipe *sc = prodi_reg_recipe(r, 3);
    CHECK(strcmp(sc->category, "") == 0 && sc->input_count == 0 && sc->duration_ms == 0);
}

static void sample_inputs(const prodi_registry *r)
{
    REQUIRE(prodi_reg_recipe_count(r) == 5);
    const prodi_recipe *g = prodi_reg_recipe(r, 1);
    CHECK(g->input_count == 2 && g->inputs[0].item == 2 && g->inputs[0].qty == 2 &&
          g->inputs[0].consume == 1);
    CHECK(g->inputs[1].item == 3 && g->inputs[1].consume == 0);
}

static void sample_probabilities(const prodi_registry *r)
{
    REQUIRE(prodi_reg_recipe_count(r) == 5);
    const prodi_recipe *s = prodi_reg_recipe(r, 2);
    CHECK(s->output_count == 2 && s->outputs[0].probability == 1.0 &&
          s->outputs[1].item == 6 && s->outputs[1].qty == 2 && s->outputs[1].probability == 0.25);
    const prodi_recipe *sc = prodi_reg_recipe(r, 3);
    CHECK(sc->outputs[0].probability == 0.1 + 0.2 && sc->outputs[0].probability != 0.3);
}

static void sample_largest(const prodi_registry *r)
{
    REQUIRE(prodi_reg_recipe_count(r) == 5);
    const prodi_recipe *sc = prodi_reg_recipe(r, 3);
    CHECK(sc->outputs[1].qty == PRODI_MAX_QTY && sc->outputs[1].probability == 0.0);
    const prodi_recipe *c = prodi_reg_recipe(r, 4);
    CHECK(c->duration_ms == PRODI_MAX_DURATION_MS && !signbit(c->outputs[0].probability));
}

static void sample_metadata(const prodi_registry *r)
{
    REQUIRE(prodi_reg_recipe_count(r) == 5);
    const prodi_recipe *g = prodi_reg_recipe(r, 1);
    CHECK(strcmp(g->metadata, "{\"tier\":1,\"tags\":[\"a\",\"b\"],\"x\":null}") == 0);
    const prodi_recipe *sc = prodi_reg_recipe(r, 3);
    CHECK(strcmp(sc->metadata, "42") == 0);
}

static void sample_by_category(const prodi_registry *r)
{
    uint32_t n = 99;
    const prod_recipe_ix *list = prodi_reg_by_category(r, "smelting", &n);
    CHECK(n == 2 && list && list[0] == 0 && list[1] == 2);
    list = prodi_reg_by_category(r, "crafting", &n);
    CHECK(n == 1 && list && list[0] == 1);
    list = prodi_reg_by_category(r, "", &n);
    CHECK(n == 2 && list && list[0] == 3 && list[1] == 4);
    CHECK(prodi_reg_by_category(r, "nope", &n) == NULL && n == 0);
}

static void sample_by_output(const prodi_registry *r)
{
    uint32_t n = 99;
    const prod_recipe_ix *list = prodi_reg_by_output(r, 2, &n); /* iron_plate */
    CHECK(n == 2 && list && list[0] == 0 && list[1] == 3);
    list = prodi_reg_by_output(r, 6, &n); /* slag */
    CHECK(n == 2 && list && list[0] == 2 && list[1] == 4);
    CHECK(prodi_reg_by_output(r, 1, &n) == NULL && n == 0); /* iron_ore: nobody makes it */
    CHECK(prodi_reg_by_output(r, 0, &n) == NULL && n == 0);
    CHECK(prodi_reg_by_output(r, 8, &n) == NULL && n == 0);
}

static void sample_round_trip(const prodi_registry *r) { prodi_buf_free(check_round_trip(r)); }

/* Runs one of the checks above on SAMPLE loaded from memory. */
static void on_sample(void (*checks)(const prodi_registry *))
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    prod_status st = load_named(SAMPLE, "sample.json", &r, &err);
    if (st != PROD_OK)
        fprintf(stderr, "  %s\n", err.text);
    REQUIRE_OK(st);
    checks(r);
    prodi_reg_free(r);
}

static void sample_items_are_numbered_from_1_in_order_of_first_appearance(void)
{
    on_sample(sample_items);
}
static void sample_recipes_are_found_by_id_in_load_order(void) { on_sample(sample_recipes); }
static void sample_ids_names_categories_and_durations_are_read_or_defaulted(void)
{
    on_sample(sample_scalars);
}
static void sample_inputs_are_consumed_unless_marked_as_tools(void) { on_sample(sample_inputs); }
static void sample_probabilities_are_kept_bit_exact_and_default_to_1(void)
{
    on_sample(sample_probabilities);
}
static void sample_largest_qty_and_duration_load(void) { on_sample(sample_largest); }
static void sample_metadata_is_kept_as_compact_json_text(void) { on_sample(sample_metadata); }
static void sample_recipes_are_listed_by_category_in_load_order(void)
{
    on_sample(sample_by_category);
}
static void sample_recipes_are_listed_by_output_in_load_order(void)
{
    on_sample(sample_by_output);
}
static void sample_export_reloads_to_the_same_registry_and_bytes(void)
{
    on_sample(sample_round_trip);
}

/* A top-level array works as well as {"recipes": [...]}. */
static void top_level_array_is_a_list_of_recipes(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    CHECK(load_named("[{'id':'a','outputs':[{'item':'x','qty':1}],'duration_ms':1}]", NULL, &r,
                     &err) == PROD_OK);
    CHECK(r && prodi_reg_recipe_count(r) == 1);
    prodi_reg_free(r);
}

static char *write_temp(const char *quoted)
{
    char *path = malloc(64), *json = J(quoted);
    strcpy(path, "/tmp/unit_registry_XXXXXX");
    int fd = mkstemp(path);
    if (!CHECK(fd >= 0)) {
        free(json);
        free(path);
        return NULL;
    }
    size_t n = strlen(json);
    CHECK(write(fd, json, n) == (ssize_t)n);
    close(fd);
    free(json);
    return path;
}

static void sample_from_a_file_loads_as_from_memory(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    char *path = write_temp(SAMPLE);
    REQUIRE(path);
    prod_recipe_source src = {.path = path};
    prod_status st = prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err);
    unlink(path);
    free(path);
    if (st != PROD_OK)
        fprintf(stderr, "  %s\n", err.text);
    REQUIRE_OK(st);
    sample_items(r);
    sample_recipes(r);
    sample_scalars(r);
    sample_inputs(r);
    sample_probabilities(r);
    sample_largest(r);
    sample_metadata(r);
    sample_by_category(r);
    sample_by_output(r);
    prodi_reg_free(r);
}

/* A bad file is named by its path when the source has no name. */
static void bad_file_is_named_by_its_path(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    char *path = write_temp("[{'id':'x','outputs':[],'duration_ms':1}]");
    REQUIRE(path);
    prod_recipe_source src = {.path = path};
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_ERR_VALIDATION && r == NULL);
    CHECK(contains(err.text, path) && contains(err.text, "\"x\"") &&
          contains(err.text, "outputs"));
    unlink(path);
    free(path);
}

/* ---- rejections ------------------------------------------------------------- */

#define OUT "'outputs':[{'item':'b','qty':1}]"
#define IN "'inputs':[{'item':'a','qty':1}]"
#define DUR "'duration_ms':10"
#define GOOD "{'id':'ok'," OUT "," DUR "}"
#define BAD(fields) "[{'id':'bad'," fields "}]"

typedef struct reject_case {
    const char *json;
    prod_status status;
    const char *recipe; /* how the message names the recipe */
    const char *field;  /* and the field */
} reject_case;

#define V PROD_ERR_VALIDATION
#define RB "recipe \"bad\""

static const reject_case REJECT_ID[] = {
    {"[" GOOD "," GOOD "]", V, "recipe \"ok\"", "id is already used"},
    {"[{" OUT "," DUR "}]", V, "recipe #0", "id is missing"},
    {"[" GOOD ",{'id':5," OUT "," DUR "}]", V, "recipe #1", "id must be a string"},
    {"[{'id':''," OUT "," DUR "}]", V, "recipe #0", "id must not be empty"},
    {"[{'id':null," OUT "," DUR "}]", V, "recipe #0", "id must be a string (got null)"},
    {"[" GOOD ",7]", V, "recipe #1", "must be an object (got 7)"},
};

static const reject_case REJECT_NAME_CATEGORY[] = {
    {BAD("'name':3," OUT "," DUR), V, RB, "name must be a string (got 3)"},
    {BAD("'category':[]," OUT "," DUR), V, RB, "category must be a string (got an array)"},
};

static const reject_case REJECT_DURATION[] = {
    {BAD(OUT), V, RB, "duration_ms is missing"},
    {BAD(OUT ",'duration_ms':-1"), V, RB, "duration_ms must be an integer >= 0 (got -1)"},
    {BAD(OUT ",'duration_ms':1.5"), V, RB, "duration_ms must be an integer >= 0 (got 1.5)"},
    {BAD(OUT ",'duration_ms':'5'"), V, RB,
     "duration_ms must be an integer >= 0 (got a string)"},
    {BAD(OUT ",'duration_ms':1099511627777"), V, RB,
     "duration_ms must be an integer <= 1099511627776 (got 1099511627777)"},
    {BAD(OUT ",'duration_ms':1e999"), V, RB, "duration_ms must be an integer <= "},
};

static const reject_case REJECT_INPUTS[] = {
    {BAD("'inputs':{}," OUT "," DUR), V, RB, "inputs must be an array (got an object)"},
    {BAD("'inputs':null," OUT "," DUR), V, RB, "inputs must be an array (got null)"},
    {BAD("'inputs':['a']," OUT "," DUR), V, RB, "inputs[0] must be an object (got a string)"},
    {BAD("'inputs':[{'qty':1}]," OUT "," DUR), V, RB, "inputs[0].item is missing"},
    {BAD("'inputs':[{'item':'','qty':1}]," OUT "," DUR), V, RB,
     "inputs[0].item must not be empty"},
    {BAD("'inputs':[{'item':7,'qty':1}]," OUT "," DUR), V, RB,
     "inputs[0].item must be a string (got 7)"},
    {BAD("'inputs':[{'item':'a'}]," OUT "," DUR), V, RB, "inputs[0].qty is missing"},
    {BAD("'inputs':[{'item':'a','qty':1},{'item':'c','qty':-2}]," OUT "," DUR), V, RB,
     "inputs[1].qty must be an integer >= 1 (got -2)"},
    {BAD("'inputs':[{'item':'a','qty':2.5}]," OUT "," DUR), V, RB,
     "inputs[0].qty must be an integer >= 1 (got 2.5)"},
    {BAD("'inputs':[{'item':'a','qty':'2'}]," OUT "," DUR), V, RB,
     "inputs[0].qty must be an integer >= 1 (got a string)"},
    {BAD("'inputs':[{'item':'a','qty':1000000001}]," OUT "," DUR), V, RB,
     "inputs[0].qty must be an integer <= 1000000000 (got 1000000001)"},
    {BAD("'inputs':[{'item':'a','qty':1,'consume':1}]," OUT "," DUR), V, RB,
     "inputs[0].consume must be true or false (got 1)"},
    {BAD("'inputs':[{'item':'a','qty':1},{'item':'a','qty':2}]," OUT "," DUR), V, RB,
     "inputs[1].item \"a\" is already listed at inputs[0]"},
};

static const reject_case REJECT_OUTPUTS[] = {
    {BAD(IN "," DUR), V, RB, "outputs is missing"},
    {BAD(IN ",'outputs':[]," DUR), V, RB, "outputs must not be empty"},
    {BAD(IN ",'outputs':'b'," DUR), V, RB, "outputs must be a non-empty array (got a string)"},
    {BAD("'outputs':[{'item':'b','qty':0}]," DUR), V, RB,
     "outputs[0].qty must be an integer >= 1 (got 0)"},
    {BAD("'outputs':[{'item':'b','qty':1,'probability':1.5}]," DUR), V, RB,
     "outputs[0].probability must be a number in [0, 1] (got 1.5)"},
    {BAD("'outputs':[{'item':'b','qty':1,'probability':-0.1}]," DUR), V, RB,
     "outputs[0].probability must be a number in [0, 1] (got -0.1)"},
    {BAD("'outputs':[{'item':'b','qty':1,'probability':'0.5'}]," DUR), V, RB,
     "outputs[0].probability must be a number in [0, 1] (got a string)"},
    {BAD("'outputs':[{'item':'b','qty':1,'probability':1e999}]," DUR), V, RB,
     "outputs[0].probability must be a number in [0, 1] (got a non-finite number)"},
    {BAD("'outputs':[{'item':'b','qty':1,'probability':null}]," DUR), V, RB,
     "outputs[0].probability must be a number in [0, 1] (got null)"},
    {BAD("'outputs':[{'item':'b','qty':1},{'item':'c','qty':1},{'item':'b','qty':1}]," DUR), V,
     RB, "outputs[2].item \"b\" is already listed at outputs[0]"},
    {BAD("'outputs':[{'item':'','qty':1}]," DUR), V, RB, "outputs[0].item must not be empty"},
};

static void expect_reject(const char *json, const char *name, prod_status status,
                          const char *recipe, const char *field)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = (prodi_registry *)&err; /* must come back NULL */
    prod_status st = load_named(json, name, &r, &err);
    if (!CHECK(st == status && r == NULL))
        fprintf(stderr, "  status %d for %s: %s\n", (int)st, json, err.text);
    if (st == PROD_OK)
        prodi_reg_free(r);
    CHECK(contains(err.text, name) && contains(err.text, recipe) && contains(err.text, field));
}

static void expect_rejects(const reject_case *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        expect_reject(v[i].json, "case.json", v[i].status, v[i].recipe, v[i].field);
}
#define EXPECT_REJECTS(table) expect_rejects(table, sizeof table / sizeof table[0])

static void bad_or_duplicate_id_is_refused_naming_the_recipe(void) { EXPECT_REJECTS(REJECT_ID); }
static void name_or_category_of_the_wrong_type_is_refused(void)
{
    EXPECT_REJECTS(REJECT_NAME_CATEGORY);
}
static void missing_or_bad_duration_is_refused(void) { EXPECT_REJECTS(REJECT_DURATION); }
static void bad_input_entry_is_refused_naming_its_index_and_field(void)
{
    EXPECT_REJECTS(REJECT_INPUTS);
}
static void missing_empty_or_bad_outputs_are_refused(void) { EXPECT_REJECTS(REJECT_OUTPUTS); }

/* The message, exactly. */
static void validation_message_names_source_recipe_field_rule_and_value(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    CHECK(load_named("{'recipes':[{'id':'iron_sword','duration_ms':1,"
                     "'inputs':[{'item':'iron','qty':3},{'item':'wood','qty':0}]," OUT "}]}",
                     "recipes.json", &r, &err) == PROD_ERR_VALIDATION);
    CHECK(strcmp(err.text, "recipes.json: recipe \"iron_sword\": inputs[1].qty must be an "
                           "integer >= 1 (got 0)") == 0);
}

/* ---- length and count limits (PROD_ERR_LIMIT), with generated documents --- */

/* A string of n 'k's (n <= PRODI_MAX_ID_LEN + 1) in id. */
static void k_string(char id[PRODI_MAX_ID_LEN + 2], size_t n)
{
    memset(id, 'k', n);
    id[n] = '\0';
}

/* Exactly PRODI_MAX_ID_LEN bytes is fine everywhere. */
static void id_category_and_item_of_the_longest_length_load(void)
{
    char id[PRODI_MAX_ID_LEN + 2];
    k_string(id, PRODI_MAX_ID_LEN);
    text t = {0};
    tputf(&t, "[{'id':'%s','category':'%s','outputs':[{'item':'%s','qty':1}]," DUR "}]", id,
          id, id);
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    CHECK(load_named(t.p, "limits.json", &r, &err) == PROD_OK);
    CHECK(r && prodi_reg_find_recipe(r, id, NULL) && prodi_reg_by_category(r, id, NULL));
    prodi_reg_free(r);
    free(t.p);
}

static void id_category_or_item_one_byte_too_long_is_a_limit_error(void)
{
    char id[PRODI_MAX_ID_LEN + 2];
    k_string(id, PRODI_MAX_ID_LEN + 1);
    text t = {0};
    tputf(&t, "[{'id':'%s'," OUT "," DUR "}]", id);
    expect_reject(t.p, "limits.json", PROD_ERR_LIMIT, "recipe #0", "id is 257 bytes long");
    t.len = 0;
    tputf(&t, BAD("'category':'%s'," OUT "," DUR), id);
    expect_reject(t.p, "limits.json", PROD_ERR_LIMIT, "recipe \"bad\"", "category is 257");
    t.len = 0;
    tputf(&t, BAD("'outputs':[{'item':'%s','qty':1}]," DUR), id);
    expect_reject(t.p, "limits.json", PROD_ERR_LIMIT, "recipe \"bad\"", "outputs[0].item is 257");
    free(t.p);
}

/* A recipe with n inputs (list 0) or n outputs (list 1) into t. */
static void many_io(text *t, int list, uint32_t n)
{
    t->len = 0;
    tputf(t, "[{'id':'many','duration_ms':1,");
    if (list == 0)
        tputf(t, "'outputs':[{'item':'out','qty':1}],");
    tputf(t, "'%s':[", list == 0 ? "inputs" : "outputs");
    for (uint32_t i = 0; i < n; i++)
        tputf(t, "%s{'item':'i%u','qty':1}", i ? "," : "", i);
    tputf(t, "]}]");
}

/* PRODI_MAX_IO_PER_RECIPE entries are fine, one more is not. */
static void recipe_with_the_most_inputs_or_outputs_loads(void)
{
    text t = {0};
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    for (int list = 0; list < 2; list++) {
        many_io(&t, list, PRODI_MAX_IO_PER_RECIPE);
        CHECK(load_named(t.p, "many.json", &r, &err) == PROD_OK);
        prodi_reg_free(r);
    }
    free(t.p);
}

static void recipe_with_one_input_or_output_too_many_is_a_limit_error(void)
{
    text t = {0};
    for (int list = 0; list < 2; list++) {
        many_io(&t, list, PRODI_MAX_IO_PER_RECIPE + 1);
        expect_reject(t.p, "many.json", PROD_ERR_LIMIT, "recipe \"many\"",
                      list == 0 ? "inputs has 65 entries" : "outputs has 65 entries");
    }
    free(t.p);
}

/* Metadata nested depth levels deep into t. */
static void deep_metadata(text *t, int depth)
{
    t->len = 0;
    tputf(t, "[{'id':'deep'," OUT "," DUR ",'metadata':");
    for (int i = 0; i < depth; i++)
        tputf(t, "[");
    for (int i = 0; i < depth; i++)
        tputf(t, "]");
    tputf(t, "}]");
}

/* Metadata as deep as still fits in the export's {"recipes":[{...}]}. */
static void metadata_nested_997_deep_loads_and_round_trips(void)
{
    text t = {0};
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    deep_metadata(&t, 997);
    CHECK(load_named(t.p, "deep.json", &r, &err) == PROD_OK);
    if (r)
        prodi_buf_free(check_round_trip(r));
    prodi_reg_free(r);
    free(t.p);
}

static void metadata_nested_998_deep_is_a_limit_error(void)
{
    text t = {0};
    deep_metadata(&t, 998);
    expect_reject(t.p, "deep.json", PROD_ERR_LIMIT, "recipe \"deep\"",
                  "metadata is nested 998 levels deep");
    free(t.p);
}

/* ---- document errors ---------------------------------------------------------- */

static void document_without_a_recipe_list_is_refused(void)
{
    expect_reject("5", "top.json", PROD_ERR_VALIDATION, "top.json", "top level");
    expect_reject("{'other':[]}", "top.json", PROD_ERR_VALIDATION, "top.json", "\"recipes\"");
    expect_reject("{'recipes':{}}", "top.json", PROD_ERR_VALIDATION, "top.json", "\"recipes\"");
}

/* Syntax errors give the byte offset (and line/column). */
static void syntax_error_gives_the_byte_offset_and_line(void)
{
    expect_reject("[{'id': }]", "syntax.json", PROD_ERR_PARSE, "syntax.json", "byte offset 8");
    expect_reject("[\n {'id' 'x'}]", "syntax.json", PROD_ERR_PARSE, "byte offset 9", "line 2");
    expect_reject("[] x", "syntax.json", PROD_ERR_PARSE, "byte offset 3", "after the JSON");
    expect_reject("", "syntax.json", PROD_ERR_PARSE, "syntax.json", "byte offset 0");
}

/* json_len bounds the text: what follows is not read, a counted NUL is fine. */
static void json_len_bounds_the_text_read(void)
{
    const char *doc = "[{\"id\":\"a\",\"outputs\":[{\"item\":\"b\",\"qty\":1}],\"duration_ms\":1}]";
    char buf[256];
    snprintf(buf, sizeof buf, "%s garbage", doc);
    prod_recipe_source src = {.json = buf, .json_len = strlen(doc)};
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_OK && r && prodi_reg_recipe_count(r) == 1);
    prodi_reg_free(r);
    src = (prod_recipe_source){.json = doc, .json_len = strlen(doc) + 1};
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_OK && r);
    prodi_reg_free(r);
    src = (prod_recipe_source){.json = buf, .json_len = strlen(buf)};
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_ERR_PARSE && r == NULL);
    CHECK(contains(err.text, "<memory #0>"));
}

static void unreadable_file_is_an_io_error_naming_path_and_reason(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    prod_recipe_source src = {.path = "/nonexistent/recipes.json"};
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_ERR_IO && r == NULL);
    CHECK(contains(err.text, "/nonexistent/recipes.json") &&
          contains(err.text, "No such file or directory"));
    src = (prod_recipe_source){.path = "/tmp", .name = "dir"};
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_ERR_IO && r == NULL);
    CHECK(contains(err.text, "/tmp") && contains(err.text, "not a regular file"));
}

/* A source with nothing in it, bad arguments. */
static void empty_source_or_null_arguments_are_invalid(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    prod_recipe_source src = {.name = "empty"};
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &r, &err) == PROD_ERR_INVALID_ARGUMENT && r == NULL);
    CHECK(contains(err.text, "empty"));
    CHECK(prodi_reg_load(NULL, 1, &LIMITS, NULL, &r, &err) == PROD_ERR_INVALID_ARGUMENT && r == NULL);
    CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, NULL, &err) == PROD_ERR_INVALID_ARGUMENT);
}

/* ---- several sources ---------------------------------------------------------- */

static const char *SRC_A =
    "[{'id':'ok','inputs':[{'item':'x','qty':1}],'outputs':[{'item':'y','qty':1}],"
    "'duration_ms':1}]";
static const char *SRC_B = "[{'id':'two','inputs':[{'item':'z','qty':1},{'item':'y','qty':1}],"
                           "'outputs':[{'item':'x','qty':1}],'duration_ms':1}]";

/* Sources a.json and b.json loaded together into *r. */
static prod_status load_a_and_b(prodi_registry **r)
{
    char *a = J(SRC_A), *b = J(SRC_B);
    prodi_errbuf err = {{0}};
    prod_recipe_source ok2[] = {{.json = a, .name = "a.json"}, {.json = b, .name = "b.json"}};
    prod_status st = prodi_reg_load(ok2, 2, &LIMITS, NULL, r, &err);
    free(a);
    free(b);
    return st;
}

/* Items are numbered across sources in order of first appearance. */
static void two_sources_number_items_and_recipes_across_both(void)
{
    prodi_registry *r = NULL;
    REQUIRE_OK(load_a_and_b(&r));
    CHECK(prodi_reg_recipe_count(r) == 2 && prodi_reg_item_count(r) == 3);
    CHECK(item(r, "x") == 1 && item(r, "y") == 2 && item(r, "z") == 3);
    prod_recipe_ix ix;
    CHECK(prodi_reg_find_recipe(r, "two", &ix) && ix == 1);
    prodi_reg_free(r);
}

static void two_source_registry_exports_and_reloads_the_same(void)
{
    prodi_registry *r = NULL;
    REQUIRE_OK(load_a_and_b(&r));
    prodi_buf_free(check_round_trip(r));
    prodi_reg_free(r);
}

/* A bad second source leaves nothing behind. */
static void bad_second_source_leaves_nothing_behind(void)
{
    char *a = J(SRC_A);
    char *bad = J("{'recipes':[{'id':'fine'," OUT "," DUR "},{'id':'worse'," OUT "}]}");
    prodi_errbuf err = {{0}};
    prod_recipe_source bad2[] = {{.json = a, .name = "a.json"}, {.json = bad, .name = "b.json"}};
    prodi_registry *r = (prodi_registry *)&err;
    CHECK(prodi_reg_load(bad2, 2, &LIMITS, NULL, &r, &err) == PROD_ERR_VALIDATION && r == NULL);
    CHECK(contains(err.text, "b.json") && contains(err.text, "\"worse\"") &&
          contains(err.text, "duration_ms"));
    free(a);
    free(bad);
}

/* Duplicate ids across sources; unnamed memory sources are labelled by index. */
static void id_used_in_two_sources_is_refused_naming_the_second(void)
{
    char *dup = J("[" GOOD "]");
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    prod_recipe_source dup2[] = {{.json = dup}, {.json = dup}};
    CHECK(prodi_reg_load(dup2, 2, &LIMITS, NULL, &r, &err) == PROD_ERR_VALIDATION && r == NULL);
    CHECK(contains(err.text, "<memory #1>: recipe \"ok\": id is already used"));
    free(dup);
}

/* A later parse error also throws away earlier sources. */
static void later_parse_error_throws_away_earlier_sources(void)
{
    char *a = J(SRC_A);
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    prod_recipe_source parse2[] = {{.json = a}, {.json = "[", .name = "broken"}};
    CHECK(prodi_reg_load(parse2, 2, &LIMITS, NULL, &r, &err) == PROD_ERR_PARSE && r == NULL);
    CHECK(contains(err.text, "broken"));
    free(a);
}

/* Zero sources: an empty registry, which exports and reloads. */
static void zero_sources_give_an_empty_registry(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    CHECK(prodi_reg_load(NULL, 0, &LIMITS, NULL, &r, &err) == PROD_OK && r && prodi_reg_recipe_count(r) == 0 &&
          prodi_reg_item_count(r) == 0);
    REQUIRE(r);
    uint32_t n = 5;
    CHECK(prodi_reg_by_category(r, "", &n) == NULL && n == 0);
    CHECK(prodi_reg_by_output(r, 1, &n) == NULL && n == 0);
    prodi_reg_free(r);
}

static void empty_registry_exports_an_empty_list_and_reloads(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    REQUIRE_OK(prodi_reg_load(NULL, 0, &LIMITS, NULL, &r, &err));
    char *e = check_round_trip(r);
    CHECK(e && strcmp(e, "{\"recipes\":[\n]}\n") == 0);
    prodi_buf_free(e);
    prodi_reg_free(r);
}

/* ---- metadata and export ---------------------------------------------------- */

static const char *META_DOC =
    "[{'id':'m1','outputs':[{'item':'a','qty':1,'probability':0.1}],'duration_ms':5,"
    "  'metadata': {'f': 0.30000000000000004, 'g': 0.1, 'big': 1e300, 'huge': 1e999,"
    "    'neg': -0.0, 'int': 2147483648, 's': 'caf\\u00e9 \\n \\'q\\' \\\\',"
    "    'nested': {'deep': [[{}], [], null, true, false]}}},"
    " {'id':'m2','outputs':[{'item':'a','qty':1,'probability':1e-320}],'duration_ms':5,"
    "  'metadata':'just text'},"
    " {'id':'m3','outputs':[{'item':'a','qty':1,'probability':0.7777777777777777}],"
    "  'duration_ms':5,'metadata':null},"
    " {'id':'m4','outputs':[{'item':'a','qty':1}],'duration_ms':5,'metadata':[]}]";

static prodi_registry *load_meta(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    if (!CHECK(load_named(META_DOC, "meta.json", &r, &err) == PROD_OK))
        fprintf(stderr, "  %s\n", err.text);
    return r;
}

static void metadata_of_any_json_type_is_kept_as_compact_text(void)
{
    prodi_registry *r = load_meta();
    REQUIRE(r);
    CHECK(strcmp(prodi_reg_recipe(r, 1)->metadata, "\"just text\"") == 0);
    CHECK(strcmp(prodi_reg_recipe(r, 2)->metadata, "null") == 0);
    CHECK(strcmp(prodi_reg_recipe(r, 3)->metadata, "[]") == 0);
    CHECK(strstr(prodi_reg_recipe(r, 0)->metadata, "\"huge\":null") != NULL);
    prodi_reg_free(r);
}

static void subnormal_probability_is_kept_exactly(void)
{
    prodi_registry *r = load_meta();
    REQUIRE(r);
    CHECK(prodi_reg_recipe(r, 1)->outputs[0].probability == 1e-320);
    prodi_reg_free(r);
}

/* Every field is explicit; metadata is JSON, not a string of JSON. */
static void export_writes_every_field_and_metadata_as_json(void)
{
    prodi_registry *r = load_meta();
    REQUIRE(r);
    char *e = check_round_trip(r);
    CHECK(e && strstr(e, "{\"id\":\"m4\",\"name\":\"m4\",\"category\":\"\",\"duration_ms\":5,"
                         "\"inputs\":[],\"outputs\":[{\"item\":\"a\",\"qty\":1,"
                         "\"probability\":1}],\"metadata\":[]}"));
    CHECK(e && strstr(e, "\"probability\":0.1}"));
    CHECK(e && strstr(e, "\"metadata\":{\"f\":"));
    prodi_buf_free(e);
    prodi_reg_free(r);
}

/* Recipes without metadata export without the key and reload as "". */
static void recipe_without_metadata_exports_without_the_key(void)
{
    prodi_errbuf err = {{0}};
    prodi_registry *r = NULL;
    REQUIRE_OK(load_named("[{'id':'n','inputs':[{'item':'t','qty':2,'consume':false}]," OUT "," DUR
                          "}]", "n.json", &r, &err));
    char *e = check_round_trip(r);
    CHECK(e && strcmp(e, "{\"recipes\":[\n{\"id\":\"n\",\"name\":\"n\",\"category\":\"\","
                         "\"duration_ms\":10,\"inputs\":[{\"item\":\"t\",\"qty\":2,"
                         "\"consume\":false}],\"outputs\":[{\"item\":\"b\",\"qty\":1,"
                         "\"probability\":1}]}\n]}\n") == 0);
    prodi_buf_free(e);
    prodi_reg_free(r);
}

/* ---- the builder directly --------------------------------------------------- */

typedef struct builder_fixture {
    prodi_reg_builder *b;
    prod_item_id x, y;
    prod_output out;
    prod_requirement in;
    prodi_recipe rc; /* "r": x -> y in 7 ms, no name, category or metadata */
} builder_fixture;

/* A builder with items x, y; with_r adds recipe "r". 0 when that failed. */
static int builder_setup(builder_fixture *f, int with_r)
{
    prodi_errbuf err = {{0}};
    f->b = prodi_regb_new(NULL);
    if (!CHECK(f->b))
        return 0;
    f->x = prodi_regb_item(f->b, "x");
    f->y = prodi_regb_item(f->b, "y");
    f->out = (prod_output){.item = f->y, .qty = 1, .probability = 1.0};
    f->in = (prod_requirement){.item = f->x, .qty = 1, .consume = 1};
    f->rc = (prodi_recipe){.id = "r", .inputs = &f->in, .input_count = 1, .outputs = &f->out,
                           .output_count = 1, .duration_ms = 7};
    return !with_r || CHECK(prodi_regb_add(f->b, &f->rc, &err) == PROD_OK);
}

static void builder_numbers_each_item_name_once(void)
{
    builder_fixture f;
    REQUIRE(builder_setup(&f, 0));
    CHECK(f.x == 1 && f.y == 2 && prodi_regb_item(f.b, "x") == 1);
    prodi_regb_free(f.b);
}

static void builder_refuses_a_recipe_id_twice(void)
{
    prodi_errbuf err = {{0}};
    builder_fixture f;
    REQUIRE(builder_setup(&f, 0));
    CHECK(prodi_regb_add(f.b, &f.rc, &err) == PROD_OK && prodi_regb_has_recipe(f.b, "r"));
    CHECK(prodi_regb_add(f.b, &f.rc, &err) == PROD_ERR_VALIDATION);
    prodi_regb_free(f.b);
}

static void builder_refuses_an_item_it_never_numbered(void)
{
    prodi_errbuf err = {{0}};
    builder_fixture f;
    REQUIRE(builder_setup(&f, 1));
    prod_output stray = {.item = 3, .qty = 1, .probability = 1.0};
    prodi_recipe bad = {.id = "s", .outputs = &stray, .output_count = 1};
    CHECK(prodi_regb_add(f.b, &bad, &err) == PROD_ERR_INVALID_ARGUMENT &&
          !prodi_regb_has_recipe(f.b, "s"));
    prodi_regb_free(f.b);
}

/* NULL name/category/metadata default to id / "" / "". */
static void builder_defaults_name_category_and_metadata(void)
{
    prodi_errbuf err = {{0}};
    builder_fixture f;
    REQUIRE(builder_setup(&f, 1));
    prodi_registry *r = NULL;
    CHECK(prodi_regb_finish(f.b, &r, &err) == PROD_OK && r);
    REQUIRE(r);
    const prodi_recipe *p = prodi_reg_recipe(r, 0);
    CHECK(strcmp(p->name, "r") == 0 && strcmp(p->category, "") == 0 &&
          strcmp(p->metadata, "") == 0 && p->duration_ms == 7);
    prodi_reg_free(r);
    prodi_regb_free(prodi_regb_new(NULL));
    prodi_regb_free(NULL);
    prodi_reg_free(NULL);
}

/* ---- scale ---------------------------------------------------------------------- */

#define BIG 100000u
#define BIG_CATS 50u
#define BIG_TOOLS 10u

/* The 100,000-recipe registry, loaded once (first use) for the cases below
 * and freed at the end of main; NULL when the load failed. */
static prodi_registry *BIG_REG;
static int big_loaded;

static const prodi_registry *big(void)
{
    if (big_loaded)
        return BIG_REG;
    big_loaded = 1;
    text t = {0};
    tputf(&t, "{\"recipes\":[");
    for (uint32_t i = 0; i < BIG; i++)
        tputf(&t,
              "%s{\"id\":\"r%06u\",\"category\":\"cat%u\",\"duration_ms\":%u,"
              "\"inputs\":[{\"item\":\"m%u\",\"qty\":%u},"
              "{\"item\":\"tool%u\",\"qty\":1,\"consume\":false}],"
              "\"outputs\":[{\"item\":\"p%u\",\"qty\":1},"
              "{\"item\":\"slag\",\"qty\":1,\"probability\":0.5}]}\n",
              i ? "," : "", i, i % BIG_CATS, i * 10, i, 1 + i % 5, i % BIG_TOOLS, i);
    tputf(&t, "]}");
    prodi_errbuf err = {{0}};
    prod_recipe_source src = {.json = t.p, .json_len = t.len, .name = "big.json"};
    if (!CHECK(prodi_reg_load(&src, 1, &LIMITS, NULL, &BIG_REG, &err) == PROD_OK))
        fprintf(stderr, "  %s\n", err.text);
    free(t.p);
    return BIG_REG;
}

static void big_registry_numbers_items_in_order_of_first_appearance(void)
{
    const prodi_registry *r = big();
    REQUIRE(r);
    CHECK(prodi_reg_recipe_count(r) == BIG);
    CHECK(prodi_reg_item_count(r) == 2 * BIG + BIG_TOOLS + 1);
    /* First appearance: m0 tool0 p0 slag m1 tool1 p1 m2 ... */
    CHECK(item(r, "m0") == 1 && item(r, "tool0") == 2 && item(r, "p0") == 3 &&
          item(r, "slag") == 4 && item(r, "m1") == 5 && item(r, "p1") == 7 &&
          item(r, "m2") == 8 && item(r, "tool9") == 4 + 8 * 3 + 2);
}

static void big_registry_finds_a_recipe_by_id_with_its_fields(void)
{
    const prodi_registry *r = big();
    REQUIRE(r);
    prod_recipe_ix ix;
    CHECK(prodi_reg_find_recipe(r, "r077777", &ix) && ix == 77777);
    const prodi_recipe *p = prodi_reg_recipe(r, 77777);
    CHECK(p && strcmp(p->category, "cat27") == 0 && p->duration_ms == 777770 &&
          p->inputs[0].qty == 3 && p->inputs[1].consume == 0);
}

static void big_registry_lists_by_category_and_output_in_load_order(void)
{
    const prodi_registry *r = big();
    REQUIRE(r);
    uint32_t n = 0;
    const prod_recipe_ix *list = prodi_reg_by_category(r, "cat7", &n);
    int ok = n == BIG / BIG_CATS && list != NULL;
    for (uint32_t i = 0; ok && i < n; i++)
        ok = list[i] == 7 + i * BIG_CATS;
    CHECK(ok);
    list = prodi_reg_by_output(r, item(r, "slag"), &n);
    ok = n == BIG && list != NULL;
    for (uint32_t i = 0; ok && i < n; i++)
        ok = list[i] == i;
    CHECK(ok);
    list = prodi_reg_by_output(r, item(r, "p31415"), &n);
    CHECK(n == 1 && list && list[0] == 31415);
    CHECK(prodi_reg_by_output(r, item(r, "tool3"), &n) == NULL && n == 0);
}

static void big_registry_exports_and_reloads_the_same(void)
{
    const prodi_registry *r = big();
    REQUIRE(r);
    prodi_buf_free(check_round_trip(r));
}

int main(void)
{
    RUN(sample_items_are_numbered_from_1_in_order_of_first_appearance);
    RUN(sample_recipes_are_found_by_id_in_load_order);
    RUN(sample_ids_names_categories_and_durations_are_read_or_defaulted);
    RUN(sample_inputs_are_consumed_unless_marked_as_tools);
    RUN(sample_probabilities_are_kept_bit_exact_and_default_to_1);
    RUN(sample_largest_qty_and_duration_load);
    RUN(sample_metadata_is_kept_as_compact_json_text);
    RUN(sample_recipes_are_listed_by_category_in_load_order);
    RUN(sample_recipes_are_listed_by_output_in_load_order);
    RUN(sample_export_reloads_to_the_same_registry_and_bytes);
    RUN(top_level_array_is_a_list_of_recipes);
    RUN(sample_from_a_file_loads_as_from_memory);
    RUN(bad_file_is_named_by_its_path);
    RUN(bad_or_duplicate_id_is_refused_naming_the_recipe);
    RUN(name_or_category_of_the_wrong_type_is_refused);
    RUN(missing_or_bad_duration_is_refused);
    RUN(bad_input_entry_is_refused_naming_its_index_and_field);
    RUN(missing_empty_or_bad_outputs_are_refused);
    RUN(validation_message_names_source_recipe_field_rule_and_value);
    RUN(id_category_and_item_of_the_longest_length_load);
    RUN(id_category_or_item_one_byte_too_long_is_a_limit_error);
    RUN(recipe_with_the_most_inputs_or_outputs_loads);
    RUN(recipe_with_one_input_or_output_too_many_is_a_limit_error);
    RUN(metadata_nested_997_deep_loads_and_round_trips);
    RUN(metadata_nested_998_deep_is_a_limit_error);
    RUN(document_without_a_recipe_list_is_refused);
    RUN(syntax_error_gives_the_byte_offset_and_line);
    RUN(json_len_bounds_the_text_read);
    RUN(unreadable_file_is_an_io_error_naming_path_and_reason);
    RUN(empty_source_or_null_arguments_are_invalid);
    RUN(two_sources_number_items_and_recipes_across_both);
    RUN(two_source_registry_exports_and_reloads_the_same);
    RUN(bad_second_source_leaves_nothing_behind);
    RUN(id_used_in_two_sources_is_refused_naming_the_second);
    RUN(later_parse_error_throws_away_earlier_sources);
    RUN(zero_sources_give_an_empty_registry);
    RUN(empty_registry_exports_an_empty_list_and_reloads);
    RUN(metadata_of_any_json_type_is_kept_as_compact_text);
    RUN(subnormal_probability_is_kept_exactly);
    RUN(export_writes_every_field_and_metadata_as_json);
    RUN(recipe_without_metadata_exports_without_the_key);
    RUN(builder_numbers_each_item_name_once);
    RUN(builder_refuses_a_recipe_id_twice);
    RUN(builder_refuses_an_item_it_never_numbered);
    RUN(builder_defaults_name_category_and_metadata);
    RUN(big_registry_numbers_items_in_order_of_first_appearance);
    RUN(big_registry_finds_a_recipe_by_id_with_its_fields);
    RUN(big_registry_lists_by_category_and_output_in_load_order);
    RUN(big_registry_exports_and_reloads_the_same);
    prodi_reg_free(BIG_REG);
    return check_finish("unit_registry");
}
