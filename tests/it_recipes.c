/* it_recipes.c - recipe loading, look-ups, validation errors and export,
 * all through the real libproduction.so api table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"

static const char *GOOD =
    "{\"recipes\": [\n"
    " {\"id\": \"smelt\", \"name\": \"Smelt Iron\", \"category\": \"smelting\",\n"
    "  \"inputs\": [{\"item\": \"ore\", \"qty\": 2},\n"
    "             {\"item\": \"furnace\", \"qty\": 1, \"consume\": false}],\n"
    "  \"outputs\": [{\"item\": \"ingot\", \"qty\": 1}],\n"
    "  \"duration_ms\": 3000, \"metadata\": { \"tier\" : 2, \"tags\": [ \"a\", \"b\" ] }},\n"
    " {\"id\": \"mine\", \"name\": \"Mine\", \"category\": \"mining\",\n"
    "  \"outputs\": [{\"item\": \"ore\", \"qty\": 5}, {\"item\": \"gem\", \"qty\": 1, \"probability\": 0.25}],\n"
    "  \"duration_ms\": 1000},\n"
    " {\"id\": \"smelt2\", \"name\": \"Smelt Fast\", \"category\": \"smelting\",\n"
    "  \"inputs\": [{\"item\": \"ore\", \"qty\": 3, \"consume\": true}],\n"
    "  \"outputs\": [{\"item\": \"ingot\", \"qty\": 2}],\n"
    "  \"duration_ms\": 0}\n"
    "]}";

static th_host H;

static prod_status init_sources(const prod_recipe_source *s, uint32_t n, prod_ctx **out, char *err,
                                uint32_t cap)
{
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &H.host, .sources = s, .source_count = n, .error = err,
                          .error_cap = cap};
    return H.api->init(&p, out);
}

/* GOOD as good.json; NULL (after a failed check) when init failed. */
static prod_ctx *good_ctx(void)
{
    prod_ctx *ctx = NULL;
    char err[512] = "";
    prod_recipe_source s = {.json = GOOD, .name = "good.json"};
    prod_status st = init_sources(&s, 1, &ctx, err, sizeof err);
    if (!CHECK(st == PROD_OK))
        fprintf(stderr, "init: %s\n", err);
    return ctx;
}

/* recipe_get of recipe ix into *ri; 0 (after a failed check) on failure. */
static int get_recipe(prod_ctx *ctx, prod_recipe_ix ix, prod_recipe_info *ri)
{
    memset(ri, 0, sizeof *ri);
    ri->struct_size = sizeof *ri;
    return CHECK_OK(H.api->recipe_get(ctx, ix, ri));
}

static void good_document_loads_every_recipe(void)
{
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx != NULL);
    CHECK(H.api->recipe_count(ctx) == 3);
    H.api->shutdown(ctx);
}

static void recipes_are_found_by_id_at_their_load_index(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    prod_recipe_ix ix = 99;
    CHECK_OK(a->recipe_find(ctx, "smelt", &ix));
    CHECK(ix == 0);
    CHECK_OK(a->recipe_find(ctx, "mine", &ix));
    CHECK(ix == 1);
    CHECK_OK(a->recipe_find(ctx, "smelt2", &ix));
    CHECK(ix == 2);
    CHECK(a->recipe_find(ctx, "nope", &ix) == PROD_ERR_NOT_FOUND);
    a->shutdown(ctx);
}

/* items dense from 1 in order of first appearance: ore, furnace, ingot, gem */
static void items_are_numbered_from_1_in_order_of_first_appearance(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    CHECK(a->item_count(ctx) == 4);
    const char *names[] = {"ore", "furnace", "ingot", "gem"};
    for (uint32_t i = 0; i < 4; i++) {
        prod_item_id id = 0;
        CHECK_OK(a->item_find(ctx, names[i], &id));
        CHECK(id == i + 1);
        const char *n = a->item_name(ctx, id);
        CHECK(n && strcmp(n, names[i]) == 0);
    }
    CHECK(a->item_name(ctx, 0) == NULL);
    CHECK(a->item_name(ctx, 5) == NULL);
    prod_item_id none = 0;
    CHECK(a->item_find(ctx, "unobtainium", &none) == PROD_ERR_NOT_FOUND);
    a->shutdown(ctx);
}

static void recipe_get_gives_every_field_as_written(void)
{
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    prod_recipe_info ri;
    REQUIRE(get_recipe(ctx, 0, &ri));
    CHECK(ri.index == 0);
    CHECK(ri.id && strcmp(ri.id, "smelt") == 0);
    CHECK(ri.name && strcmp(ri.name, "Smelt Iron") == 0);
    CHECK(ri.category && strcmp(ri.category, "smelting") == 0);
    CHECK(ri.duration_ms == 3000);
    CHECK(ri.input_count == 2);
    if (ri.input_count == 2) {
        CHECK(ri.inputs[0].item == 1 && ri.inputs[0].qty == 2 && ri.inputs[0].consume == 1);
        CHECK(ri.inputs[1].item == 2 && ri.inputs[1].qty == 1 && ri.inputs[1].consume == 0);
    }
    CHECK(ri.output_count == 1);
    if (ri.output_count == 1)
        CHECK(ri.outputs[0].item == 3 && ri.outputs[0].qty == 1 &&
              ri.outputs[0].probability == 1.0);
    H.api->shutdown(ctx);
}

static void metadata_is_returned_as_compact_json_or_empty(void)
{
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    prod_recipe_info ri;
    REQUIRE(get_recipe(ctx, 0, &ri));
    CHECK(ri.metadata && strcmp(ri.metadata, "{\"tier\":2,\"tags\":[\"a\",\"b\"]}") == 0);
    REQUIRE(get_recipe(ctx, 1, &ri));
    CHECK(ri.metadata && strcmp(ri.metadata, "") == 0);
    H.api->shutdown(ctx);
}

static void recipe_without_inputs_lists_its_outputs_with_probabilities(void)
{
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    prod_recipe_info ri;
    REQUIRE(get_recipe(ctx, 1, &ri));
    CHECK(ri.id && strcmp(ri.id, "mine") == 0);
    CHECK(ri.input_count == 0);
    CHECK(ri.duration_ms == 1000);
    CHECK(ri.output_count == 2);
    if (ri.output_count == 2) {
        CHECK(ri.outputs[0].item == 1 && ri.outputs[0].qty == 5 &&
              ri.outputs[0].probability == 1.0);
        CHECK(ri.outputs[1].item == 4 && ri.outputs[1].probability == 0.25);
    }
    H.api->shutdown(ctx);
}

static void instant_recipe_has_duration_0_and_its_consumed_input(void)
{
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    prod_recipe_info ri;
    REQUIRE(get_recipe(ctx, 2, &ri));
    CHECK(ri.duration_ms == 0);
    CHECK(ri.input_count == 1 && ri.inputs[0].consume == 1 && ri.inputs[0].qty == 3);
    H.api->shutdown(ctx);
}

static void recipe_get_past_the_last_index_is_not_found(void)
{
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    prod_recipe_info ri;
    memset(&ri, 0, sizeof ri);
    ri.struct_size = sizeof ri;
    CHECK(H.api->recipe_get(ctx, 3, &ri) == PROD_ERR_NOT_FOUND);
    H.api->shutdown(ctx);
}

static void recipes_are_listed_by_category_in_load_order(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    const prod_recipe_ix *list = NULL;
    uint32_t cnt = 99;
    CHECK_OK(a->recipes_by_category(ctx, "smelting", &list, &cnt));
    CHECK(cnt == 2);
    if (cnt == 2)
        CHECK(list[0] == 0 && list[1] == 2);
    cnt = 99;
    CHECK_OK(a->recipes_by_category(ctx, "mining", &list, &cnt));
    CHECK(cnt == 1);
    if (cnt == 1)
        CHECK(list[0] == 1);
    cnt = 99;
    CHECK_OK(a->recipes_by_category(ctx, "nothing", &list, &cnt));
    CHECK(cnt == 0);
    a->shutdown(ctx);
}

static void recipes_are_listed_by_output_in_load_order(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    const prod_recipe_ix *list = NULL;
    uint32_t cnt = 99;
    CHECK_OK(a->recipes_by_output(ctx, 3 /* ingot */, &list, &cnt));
    CHECK(cnt == 2);
    if (cnt == 2)
        CHECK(list[0] == 0 && list[1] == 2);
    cnt = 99;
    CHECK_OK(a->recipes_by_output(ctx, 4 /* gem */, &list, &cnt));
    CHECK(cnt == 1);
    if (cnt == 1)
        CHECK(list[0] == 1);
    cnt = 99;
    CHECK_OK(a->recipes_by_output(ctx, 2 /* furnace */, &list, &cnt));
    CHECK(cnt == 0);
    a->shutdown(ctx);
}

/* export -> init -> export is byte-identical */
static void export_loads_back_and_exports_the_same_bytes(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = good_ctx();
    REQUIRE(ctx);
    char err[512] = "";
    char *ex1 = NULL;
    size_t len1 = 0;
    CHECK_OK(a->export_json(ctx, &ex1, &len1));
    CHECK(ex1 != NULL && len1 == strlen(ex1) && len1 > 0);
    REQUIRE(ex1);
    prod_ctx *ctx2 = NULL;
    prod_recipe_source s2 = {.json = ex1, .name = "export.json"};
    prod_status st = init_sources(&s2, 1, &ctx2, err, sizeof err);
    CHECK(st == PROD_OK);
    if (st != PROD_OK)
        fprintf(stderr, "re-init: %s\n", err);
    if (ctx2) {
        CHECK(a->recipe_count(ctx2) == 3);
        CHECK(a->item_count(ctx2) == 4);
        char *ex2 = NULL;
        size_t len2 = 0;
        CHECK_OK(a->export_json(ctx2, &ex2, &len2));
        CHECK(ex2 && len2 == len1 && memcmp(ex1, ex2, len1) == 0);
        a->free_buffer(ex2);
        a->shutdown(ctx2);
    }
    a->free_buffer(ex1);
    a->shutdown(ctx);
}

/* Init with two sources: a good one, then `bad`. Expect status and every
 * needle in the error text, and no context. */
static void expect_bad(const char *bad, prod_status want, const char *n1, const char *n2,
                       const char *n3)
{
    char err[512];
    memset(err, 'x', sizeof err);
    prod_ctx *ctx = (prod_ctx *)&err; /* garbage that must be overwritten */
    prod_recipe_source s[2] = {{.json = GOOD, .name = "first.json"},
                               {.json = bad, .name = "second.json"}};
    prod_status st = init_sources(s, 2, &ctx, err, sizeof err);
    CHECK(st == want);
    CHECK(ctx == NULL);
    CHECK(memchr(err, '\0', sizeof err) != NULL);
    err[sizeof err - 1] = '\0';
    const char *need[3] = {n1, n2, n3};
    for (int i = 0; i < 3; i++)
        if (need[i] && !CHECK(strstr(err, need[i]) != NULL))
            fprintf(stderr, "error text \"%s\" lacks \"%s\" (status %d, want %d)\n", err, need[i],
                    st, want);
}

#define R(body) "{\"recipes\":[" body "]}"
#define OK_OUT "\"outputs\":[{\"item\":\"x\",\"qty\":1}]"

#define R(body) "{\"recipes\":[" body "]}"
#define OK_OUT "\"outputs\":[{\"item\":\"x\",\"qty\":1}]"

/* duplicate id, across sources and within one */
static void id_used_in_an_earlier_source_or_twice_in_one_is_refused(void)
{
    expect_bad(R("{\"id\":\"smelt\"," OK_OUT ",\"duration_ms\":5}"), PROD_ERR_VALIDATION,
               "second.json", "recipe \"smelt\"", "id is already used");
    expect_bad(R("{\"id\":\"d\"," OK_OUT ",\"duration_ms\":5},{\"id\":\"d\"," OK_OUT
                 ",\"duration_ms\":5}"),
               PROD_ERR_VALIDATION, "second.json", "recipe \"d\"", "id is already used");
}

/* missing id: recipe named by position */
static void recipe_without_id_is_named_by_its_position(void)
{
    expect_bad(R("{\"id\":\"ok\"," OK_OUT ",\"duration_ms\":5},{" OK_OUT ",\"duration_ms\":5}"),
               PROD_ERR_VALIDATION, "second.json", "recipe #1", "id is missing");
}

static void qty_given_as_a_string_or_zero_is_refused(void)
{
    /* qty as a string */
    expect_bad(R("{\"id\":\"q\",\"outputs\":[{\"item\":\"x\",\"qty\":\"3\"}],\"duration_ms\":5}"),
               PROD_ERR_VALIDATION, "second.json", "\"q\"", "outputs[0].qty");
    /* qty 0 */
    expect_bad(R("{\"id\":\"q0\",\"inputs\":[{\"item\":\"y\",\"qty\":0}]," OK_OUT
                 ",\"duration_ms\":5}"),
               PROD_ERR_VALIDATION, "second.json", "\"q0\"", "inputs[0].qty");
}

static void probability_above_1_is_refused(void)
{
    expect_bad(R("{\"id\":\"p\",\"outputs\":[{\"item\":\"x\",\"qty\":1,\"probability\":1.5}],"
                 "\"duration_ms\":5}"),
               PROD_ERR_VALIDATION, "second.json", "\"p\"", "outputs[0].probability");
}

static void negative_duration_is_refused(void)
{
    expect_bad(R("{\"id\":\"neg\"," OK_OUT ",\"duration_ms\":-1}"), PROD_ERR_VALIDATION,
               "second.json", "\"neg\"", "duration_ms");
}

static void empty_outputs_are_refused(void)
{
    expect_bad(R("{\"id\":\"e\",\"outputs\":[],\"duration_ms\":5}"), PROD_ERR_VALIDATION,
               "second.json", "\"e\"", "outputs must not be empty");
}

/* JSON syntax error: offset and line */
static void syntax_error_gives_the_offset_and_line(void)
{
    expect_bad("{\"recipes\": [\n {\"id\": \"s\",, }\n]}", PROD_ERR_PARSE, "second.json",
               "offset", "line 2");
}

static void missing_file_fails_the_init_naming_its_path(void)
{
    char err[512] = "";
    prod_ctx *ctx = (prod_ctx *)&err;
    prod_recipe_source s[2] = {{.json = GOOD, .name = "first.json"},
                               {.path = "/nonexistent/dir/recipes.json"}};
    CHECK(init_sources(s, 2, &ctx, err, sizeof err) == PROD_ERR_IO);
    CHECK(ctx == NULL);
    CHECK(strstr(err, "/nonexistent/dir/recipes.json") != NULL);
}

/* a good init still works afterwards (nothing left behind) */
static void failed_init_leaves_nothing_behind(void)
{
    char err[512] = "";
    prod_ctx *ctx = (prod_ctx *)&err;
    prod_recipe_source s[2] = {{.json = GOOD, .name = "first.json"},
                               {.path = "/nonexistent/dir/recipes.json"}};
    REQUIRE(init_sources(s, 2, &ctx, err, sizeof err) == PROD_ERR_IO);
    ctx = NULL;
    CHECK_OK(init_sources(s, 1, &ctx, err, sizeof err));
    CHECK(ctx && H.api->recipe_count(ctx) == 3);
    H.api->shutdown(ctx);
}

/* ---- 100,000 recipes --------------------------------------------------------- */

#define BIG_N 100000u

/* The big context, made once on first use and shut down at the end of main;
 * NULL when it could not be made. */
static prod_ctx *BIG_CTX;
static int big_tried;

static prod_ctx *big_ctx(void)
{
    if (big_tried)
        return BIG_CTX;
    big_tried = 1;
    const uint32_t N = BIG_N;
    size_t cap = (size_t)N * 128 + 64;
    char *buf = malloc(cap);
    if (!CHECK(buf != NULL))
        return NULL;
    size_t n = 0;
    n += (size_t)snprintf(buf + n, cap - n, "{\"recipes\":[");
    for (uint32_t k = 0; k < N; k++)
        n += (size_t)snprintf(buf + n, cap - n,
                              "%s{\"id\":\"r%u\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}],"
                              "\"outputs\":[{\"item\":\"ingot_%u\",\"qty\":1}],\"duration_ms\":%u}",
                              k ? "," : "", k, k % 1000, 1000 + k % 7);
    n += (size_t)snprintf(buf + n, cap - n, "]}");
    char err[512] = "";
    prod_recipe_source s = {.json = buf, .json_len = n, .name = "big.json"};
    prod_status st = init_sources(&s, 1, &BIG_CTX, err, sizeof err);
    if (!CHECK(st == PROD_OK))
        fprintf(stderr, "big init: %s\n", err);
    free(buf);
    return BIG_CTX;
}

static void hundred_thousand_recipes_load_with_every_item(void)
{
    prod_ctx *ctx = big_ctx();
    REQUIRE(ctx);
    CHECK(H.api->recipe_count(ctx) == BIG_N);
    CHECK(H.api->item_count(ctx) == 1001);
}

static void recipe_among_100k_is_found_with_its_fields(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = big_ctx();
    REQUIRE(ctx);
    prod_recipe_ix ix = 0;
    CHECK_OK(a->recipe_find(ctx, "r77777", &ix));
    CHECK(ix == 77777);
    prod_recipe_info ri;
    memset(&ri, 0, sizeof ri);
    ri.struct_size = sizeof ri;
    CHECK_OK(a->recipe_get(ctx, ix, &ri));
    CHECK(ri.id && strcmp(ri.id, "r77777") == 0 && ri.duration_ms == 1000 + 77777 % 7);
}

static void recipes_among_100k_are_listed_by_output_in_load_order(void)
{
    const prod_api *a = H.api;
    prod_ctx *ctx = big_ctx();
    REQUIRE(ctx);
    prod_item_id it = 0;
    CHECK_OK(a->item_find(ctx, "ingot_777", &it));
    CHECK(it == 1 + 777 + 1); /* ore = 1, ingot_0 = 2 */
    const prod_recipe_ix *list = NULL;
    uint32_t cnt = 0;
    CHECK_OK(a->recipes_by_output(ctx, it, &list, &cnt));
    CHECK(cnt == 100);
    if (cnt == 100)
        CHECK(list[0] == 777 && list[99] == 99777);
}

/* ---- the sample recipes of prodhost -------------------------------------------- */

static prod_ctx *sample_ctx(void)
{
    const char *path = getenv("PROD_SAMPLE_RECIPES");
    if (!CHECK(path != NULL))
        return NULL;
    prod_ctx *ctx = NULL;
    char err[512] = "";
    prod_recipe_source s = {.path = path};
    prod_status st = init_sources(&s, 1, &ctx, err, sizeof err);
    if (!CHECK(st == PROD_OK))
        fprintf(stderr, "sample init: %s\n", err);
    return ctx;
}

static void sample_recipes_file_loads(void)
{
    prod_ctx *ctx = sample_ctx();
    REQUIRE(ctx);
    CHECK(H.api->recipe_count(ctx) > 0);
    H.api->shutdown(ctx);
}

static void sample_mine_iron_comes_first_with_a_consumed_input_and_a_tool(void)
{
    prod_ctx *ctx = sample_ctx();
    REQUIRE(ctx);
    prod_recipe_ix ix = 0;
    CHECK_OK(H.api->recipe_find(ctx, "mine_iron", &ix));
    CHECK(ix == 0);
    prod_recipe_info ri;
    memset(&ri, 0, sizeof ri);
    ri.struct_size = sizeof ri;
    CHECK_OK(H.api->recipe_get(ctx, ix, &ri));
    CHECK(ri.duration_ms == 5000 && ri.input_count == 2);
    if (ri.input_count == 2)
        CHECK(ri.inputs[1].consume == 0 && ri.inputs[0].consume == 1);
    H.api->shutdown(ctx);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s libproduction.so\n", argv[0]);
        return 2;
    }
    th_load(&H, argv[1]);
    RUN(good_document_loads_every_recipe);
    RUN(recipes_are_found_by_id_at_their_load_index);
    RUN(items_are_numbered_from_1_in_order_of_first_appearance);
    RUN(recipe_get_gives_every_field_as_written);
    RUN(metadata_is_returned_as_compact_json_or_empty);
    RUN(recipe_without_inputs_lists_its_outputs_with_probabilities);
    RUN(instant_recipe_has_duration_0_and_its_consumed_input);
    RUN(recipe_get_past_the_last_index_is_not_found);
    RUN(recipes_are_listed_by_category_in_load_order);
    RUN(recipes_are_listed_by_output_in_load_order);
    RUN(export_loads_back_and_exports_the_same_bytes);
    RUN(id_used_in_an_earlier_source_or_twice_in_one_is_refused);
    RUN(recipe_without_id_is_named_by_its_position);
    RUN(qty_given_as_a_string_or_zero_is_refused);
    RUN(probability_above_1_is_refused);
    RUN(negative_duration_is_refused);
    RUN(empty_outputs_are_refused);
    RUN(syntax_error_gives_the_offset_and_line);
    RUN(missing_file_fails_the_init_naming_its_path);
    RUN(failed_init_leaves_nothing_behind);
    RUN(hundred_thousand_recipes_load_with_every_item);
    RUN(recipe_among_100k_is_found_with_its_fields);
    RUN(recipes_among_100k_are_listed_by_output_in_load_order);
    RUN(sample_recipes_file_loads);
    RUN(sample_mine_iron_comes_first_with_a_consumed_input_and_a_tool);
    H.api->shutdown(BIG_CTX);
    th_close(&H); /* H.ctx is NULL: shutdown(NULL) is accepted */
    return check_finish("it_recipes");
}
