/* it_recipes.c - recipe loading through the real .so: look-ups, bad files
 * with errors naming source/recipe/field, all-or-nothing init, export round
 * trip, 100,000 generated recipes, and the shipped sample recipes. */
#include <string.h>

#include "testhost.h"

static const char *GOOD =
    "{\"recipes\":["
    "{\"id\":\"iron_sword\",\"name\":\"Iron Sword\",\"category\":\"smithing\",\"inputs\":["
    "{\"item\":\"iron_ingot\",\"qty\":3},{\"item\":\"hammer\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"iron_sword\",\"qty\":1}],\"duration_ms\":5000,"
    "\"metadata\":{\"tier\": 2, \"tags\": [\"a\"]}},"
    "{\"id\":\"iron_ingot\",\"category\":\"smelting\",\"inputs\":[{\"item\":\"iron_ore\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"iron_ingot\",\"qty\":1},{\"item\":\"slag\",\"qty\":1,"
    "\"probability\":0.25}],\"duration_ms\":3000},"
    "{\"id\":\"iron_ingot_alt\",\"category\":\"smelting\",\"inputs\":[{\"item\":\"scrap\",\"qty\":5}],"
    "\"outputs\":[{\"item\":\"iron_ingot\",\"qty\":2}],\"duration_ms\":0}]}";

static void test_lookups(const char *so)
{
    th_host h;
    char err[512];
    th_load(&h, so);
    CHECK_OK(th_init(&h, GOOD, 0, err, sizeof err));
    const prod_api *a = h.api;
    CHECK(a->recipe_count(h.ctx) == 3);
    CHECK(a->item_count(h.ctx) == 6);
    CHECK(th_item(&h, "iron_ingot") == 1 && th_item(&h, "hammer") == 2 &&
          th_item(&h, "iron_sword") == 3 && th_item(&h, "scrap") == 6);
    CHECK(strcmp(a->item_name(h.ctx, 4), "iron_ore") == 0);
    CHECK(a->item_name(h.ctx, 0) == NULL && a->item_name(h.ctx, 7) == NULL);
    prod_recipe_info r = {.struct_size = sizeof r};
    CHECK_OK(a->recipe_get(h.ctx, th_recipe(&h, "iron_sword"), &r));
    CHECK(strcmp(r.name, "Iron Sword") == 0 && strcmp(r.category, "smithing") == 0);
    CHECK(strcmp(r.metadata, "{\"tier\":2,\"tags\":[\"a\"]}") == 0);
    CHECK(r.duration_ms == 5000 && r.input_count == 2 && r.output_count == 1);
    CHECK(r.inputs[0].consume == 1 && r.inputs[1].consume == 0 && r.inputs[0].qty == 3);
    CHECK(r.outputs[0].probability == 1.0);
    CHECK_OK(a->recipe_get(h.ctx, th_recipe(&h, "iron_ingot"), &r));
    CHECK(r.outputs[1].probability == 0.25 && strcmp(r.name, "iron_ingot") == 0);
    CHECK(a->recipe_get(h.ctx, 3, &r) == PROD_ERR_NOT_FOUND);
    const prod_recipe_ix *ix;
    uint32_t n;
    CHECK_OK(a->recipes_by_category(h.ctx, "smelting", &ix, &n));
    CHECK(n == 2 && ix[0] == 1 && ix[1] == 2);
    CHECK_OK(a->recipes_by_output(h.ctx, th_item(&h, "iron_ingot"), &ix, &n));
    CHECK(n == 2 && ix[0] == 1 && ix[1] == 2);
    CHECK_OK(a->recipes_by_category(h.ctx, "nope", &ix, &n));
    CHECK(n == 0);
    prod_recipe_ix out;
    CHECK(a->recipe_find(h.ctx, "missing", &out) == PROD_ERR_NOT_FOUND);
    /* Export, load the export: same registry, and the export is a fixed point. */
    char *x1 = NULL, *x2 = NULL;
    size_t len = 0;
    CHECK_OK(a->export_json(h.ctx, &x1, &len));
    CHECK(x1 && strlen(x1) == len);
    th_host h2;
    th_load(&h2, so);
    CHECK_OK(th_init(&h2, x1, 0, err, sizeof err));
    CHECK_OK(h2.api->export_json(h2.ctx, &x2, &len));
    CHECK(x1 && x2 && strcmp(x1, x2) == 0);
    CHECK(h2.api->recipe_count(h2.ctx) == 3 && h2.api->item_count(h2.ctx) == 6);
    a->free_buffer(x1);
    a->free_buffer(x2);
    th_close(&h2);
    th_close(&h);
}

typedef struct bad_case {
    const char *json;
    prod_status status;
    const char *must_contain[3];
} bad_case;

static const bad_case BAD[] = {
    {"[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1},"
     "{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]",
     PROD_ERR_VALIDATION, {"test.json", "\"a\"", "id"}},
    {"[{\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]",
     PROD_ERR_VALIDATION, {"test.json", "recipe #0", "id"}},
    {"[{\"id\":\"s\",\"inputs\":[{\"item\":\"x\",\"qty\":\"3\"}],"
     "\"outputs\":[{\"item\":\"y\",\"qty\":1}],\"duration_ms\":1}]",
     PROD_ERR_VALIDATION, {"test.json", "\"s\"", "inputs[0].qty"}},
    {"[{\"id\":\"z\",\"outputs\":[{\"item\":\"y\",\"qty\":0}],\"duration_ms\":1}]",
     PROD_ERR_VALIDATION, {"test.json", "\"z\"", "outputs[0].qty"}},
    {"[{\"id\":\"p\",\"outputs\":[{\"item\":\"y\",\"qty\":1,\"probability\":1.5}],"
     "\"duration_ms\":1}]",
     PROD_ERR_VALIDATION, {"test.json", "\"p\"", "probability"}},
    {"[{\"id\":\"d\",\"outputs\":[{\"item\":\"y\",\"qty\":1}],\"duration_ms\":-5}]",
     PROD_ERR_VALIDATION, {"test.json", "\"d\"", "duration_ms"}},
    {"[{\"id\":\"e\",\"outputs\":[],\"duration_ms\":1}]",
     PROD_ERR_VALIDATION, {"test.json", "\"e\"", "outputs"}},
    {"[{\"id\":\"m\",\"duration_ms\":1}]", PROD_ERR_VALIDATION, {"test.json", "\"m\"", "outputs"}},
    {"[{\"id\":\"j\",\"outputs\":[{\"item\":\"y\",\"qty\":1}],\"duration_ms\":1}",
     PROD_ERR_PARSE, {"test.json", "offset", NULL}},
};

static void test_bad_recipes(const char *so)
{
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        th_host h;
        char err[512] = "";
        th_load(&h, so);
        prod_status st = th_init(&h, BAD[i].json, 0, err, sizeof err);
        if (st != BAD[i].status)
            fprintf(stderr, "case %zu: status %d, text: %s\n", i, (int)st, err);
        CHECK(st == BAD[i].status);
        CHECK(h.ctx == NULL);
        for (int k = 0; k < 3 && BAD[i].must_contain[k]; k++) {
            if (!strstr(err, BAD[i].must_contain[k]))
                fprintf(stderr, "case %zu: \"%s\" not in: %s\n", i, BAD[i].must_contain[k], err);
            CHECK(strstr(err, BAD[i].must_contain[k]) != NULL);
        }
        h.ctx = NULL;
        th_close(&h);
    }
}

/* A good first source and a bad second one: init fails, nothing is created. */
static void test_all_or_nothing(const char *so)
{
    th_host h;
    char err[512] = "";
    th_load(&h, so);
    prod_recipe_source src[3] = {
        {.json = GOOD, .name = "good.json"},
        {.json = "[{\"id\":\"q\",\"outputs\":[{\"item\":\"y\",\"qty\":-1}],\"duration_ms\":1}]",
         .name = "bad.json"},
        {.path = "/nonexistent/recipes.json"},
    };
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &h.host, .sources = src, .source_count = 2,
                          .error = err, .error_cap = sizeof err};
    CHECK(h.api->init(&p, &h.ctx) == PROD_ERR_VALIDATION);
    CHECK(h.ctx == NULL && strstr(err, "bad.json") && strstr(err, "\"q\""));
    p.sources = &src[2];
    p.source_count = 1;
    CHECK(h.api->init(&p, &h.ctx) == PROD_ERR_IO);
    CHECK(h.ctx == NULL && strstr(err, "/nonexistent/recipes.json"));
    /* Duplicate across two sources. */
    src[1] = (prod_recipe_source){.json = GOOD, .name = "again.json"};
    p.sources = src;
    p.source_count = 2;
    CHECK(h.api->init(&p, &h.ctx) == PROD_ERR_VALIDATION);
    CHECK(strstr(err, "again.json") && strstr(err, "iron_sword"));
    th_close(&h);
}

static void test_many_recipes(const char *so)
{
    size_t cap = 100000 * 160, len = 0;
    char *j = malloc(cap);
    len += (size_t)snprintf(j + len, cap - len, "[");
    for (int i = 0; i < 100000; i++)
        len += (size_t)snprintf(j + len, cap - len,
                                "%s{\"id\":\"r%d\",\"category\":\"c%d\",\"inputs\":[{\"item\":"
                                "\"ore\",\"qty\":1}],\"outputs\":[{\"item\":\"ingot_%d\","
                                "\"qty\":1}],\"duration_ms\":%d}",
                                i ? "," : "", i, i % 10, i % 1000, i % 1000 + 1);
    snprintf(j + len, cap - len, "]");
    th_host h;
    char err[512];
    th_load(&h, so);
    CHECK_OK(th_init(&h, j, 0, err, sizeof err));
    CHECK(h.api->recipe_count(h.ctx) == 100000);
    CHECK(h.api->item_count(h.ctx) == 1001);
    CHECK(th_recipe(&h, "r99999") == 99999);
    const prod_recipe_ix *ix;
    uint32_t n;
    CHECK_OK(h.api->recipes_by_output(h.ctx, th_item(&h, "ingot_7"), &ix, &n));
    CHECK(n == 100 && ix[0] == 7 && ix[99] == 99007);
    CHECK_OK(h.api->recipes_by_category(h.ctx, "c3", &ix, &n));
    CHECK(n == 10000);
    th_close(&h);
    free(j);
}

static void test_sample_file(const char *so)
{
    const char *path = getenv("PROD_SAMPLE_RECIPES");
    CHECK(path != NULL);
    if (!path)
        return;
    th_host h;
    char err[512] = "";
    th_load(&h, so);
    prod_recipe_source src = {.path = path};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &h.host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    CHECK_OK(h.api->init(&p, &h.ctx));
    CHECK(h.api->recipe_count(h.ctx) >= 10);
    th_recipe(&h, "iron_sword");
    th_recipe(&h, "mine_iron");
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    test_lookups(argv[1]);
    test_bad_recipes(argv[1]);
    test_all_or_nothing(argv[1]);
    test_many_recipes(argv[1]);
    test_sample_file(argv[1]);
    return th_finish("it_recipes");
}
