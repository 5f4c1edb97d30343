/* it_abi.c - the ABI contract through dlopen: version negotiation, struct
 * size checks, the status phrases, NULL handling, manager configuration errors, job id layout,
 * and the optional manager registry. */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "testhost.h"

static const char *RECIPES =
    "[{\"id\":\"gather\",\"outputs\":[{\"item\":\"wood\",\"qty\":1}],\"duration_ms\":1000}]";

static const char *SO; /* the plugin under test (argv[1]) */

/* ---- version negotiation ------------------------------------------------------ */

/* dlopen SO and find the entry point; 0 (after a failed check) if not. */
static int open_entry(void **dl, prod_get_api_fn *get)
{
    *get = NULL;
    *dl = dlopen(SO, RTLD_NOW | RTLD_LOCAL);
    if (!CHECK(*dl != NULL))
        return 0;
    *get = (prod_get_api_fn)dlsym(*dl, PROD_ENTRY_SYMBOL);
    return CHECK(*get != NULL);
}

static void current_version_gets_the_table_and_no_reason(void)
{
    void *dl;
    prod_get_api_fn get;
    REQUIRE(open_entry(&dl, &get));
    const char *why = "unset";
    const prod_api *a = get(PROD_ABI_VERSION, &why);
    CHECK(a && why == NULL);
    dlclose(dl);
}

/* The table of the current version from a fresh dlopen of SO, or NULL. */
static const prod_api *open_table(void **dl)
{
    prod_get_api_fn get;
    return open_entry(dl, &get) ? get(PROD_ABI_VERSION, NULL) : NULL;
}

static void table_gives_its_size_abi_and_plugin_version(void)
{
    void *dl;
    const prod_api *a = open_table(&dl);
    REQUIRE(a);
    CHECK(a->struct_size >= sizeof(prod_api) && a->abi_version == PROD_ABI_VERSION);
    CHECK(a->plugin_version && strcmp(a->plugin_version, PROD_VERSION_STRING) == 0);
    dlclose(dl);
}

/* ---- status_str (ABI 1.4) ---------------------------------------------------- */

/* Every code the header defines has its own phrase; others say so. */
static void status_str_names_every_code_distinctly(void)
{
    void *dl;
    const prod_api *a = open_table(&dl);
    REQUIRE(a && a->struct_size >= offsetof(prod_api, status_str) + sizeof a->status_str);
    const char *seen[PROD_MORE - PROD_ERR_CYCLE + 1] = {0};
    for (prod_status st = PROD_ERR_CYCLE; st <= PROD_MORE; st++) {
        const char *text = a->status_str(st);
        REQUIRE(text && *text);
        CHECK(strcmp(text, "unknown status") != 0);
        for (prod_status j = PROD_ERR_CYCLE; j < st; j++)
            CHECK(strcmp(seen[j - PROD_ERR_CYCLE], text) != 0);
        seen[st - PROD_ERR_CYCLE] = text;
    }
    CHECK(strstr(a->status_str(PROD_ERR_INSUFFICIENT), "inputs") != NULL);
    CHECK(strcmp(a->status_str(PROD_ERR_CYCLE - 1), "unknown status") == 0);
    CHECK(strcmp(a->status_str(PROD_MORE + 1), "unknown status") == 0);
    CHECK(strcmp(a->status_str(INT32_MIN), "unknown status") == 0);
    CHECK(strcmp(a->status_str(INT32_MAX), "unknown status") == 0);
    dlclose(dl);
}

static void other_major_or_newer_minor_is_refused_with_a_reason(void)
{
    void *dl;
    prod_get_api_fn get;
    REQUIRE(open_entry(&dl, &get));
    const char *why = "unset";
    CHECK(get(2u << 16, &why) == NULL && why && strstr(why, "major"));
    CHECK(get((PROD_ABI_MAJOR << 16) | (PROD_ABI_MINOR + 1), &why) == NULL && why);
    dlclose(dl);
}

static void reason_pointer_may_be_null(void)
{
    void *dl;
    prod_get_api_fn get;
    REQUIRE(open_entry(&dl, &get));
    const char *why = "unset";
    const prod_api *a = get(PROD_ABI_VERSION, &why);
    CHECK(get(PROD_ABI_VERSION, NULL) == a);
    dlclose(dl);
}

/* A symbol that is not exported is not found. */
static void internal_symbols_are_not_exported(void)
{
    void *dl;
    prod_get_api_fn get;
    REQUIRE(open_entry(&dl, &get));
    CHECK(dlsym(dl, "mgr_tick") == NULL && dlsym(dl, "reg_load") == NULL);
    dlclose(dl);
}

/* ---- init errors and NULL handles --------------------------------------------- */

static void init_without_params_is_invalid(void)
{
    th_host h;
    th_load(&h, SO);
    prod_ctx *ctx = (prod_ctx *)&h;
    CHECK(h.api->init(NULL, &ctx) == PROD_ERR_INVALID_ARGUMENT);
    th_close(&h);
}

static void init_without_a_host_is_invalid_and_says_so(void)
{
    th_host h;
    char err[256] = "";
    th_load(&h, SO);
    prod_ctx *ctx = (prod_ctx *)&h; /* must be overwritten with NULL */
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .error = err, .error_cap = sizeof err};
    CHECK(h.api->init(&p, &ctx) == PROD_ERR_INVALID_ARGUMENT && ctx == NULL);
    CHECK(strstr(err, "host") != NULL);
    th_close(&h);
}

static void host_struct_smaller_than_version_1_0_is_a_version_error(void)
{
    th_host h;
    char err[256] = "";
    th_load(&h, SO);
    prod_ctx *ctx = (prod_ctx *)&h;
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .error = err, .error_cap = sizeof err};
    prod_host small = h.host;
    small.struct_size = 4;
    p.host = &small;
    CHECK(h.api->init(&p, &ctx) == PROD_ERR_VERSION && ctx == NULL);
    th_close(&h);
}

static void modifier_sources_without_get_modifiers_are_invalid(void)
{
    th_host h;
    char err[256] = "";
    th_load(&h, SO);
    prod_ctx *ctx = (prod_ctx *)&h;
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .error = err, .error_cap = sizeof err};
    prod_host mods = h.host;
    mods.modifier_source_count = 2;
    mods.get_modifiers = NULL;
    p.host = &mods;
    CHECK(h.api->init(&p, &ctx) == PROD_ERR_INVALID_ARGUMENT);
    th_close(&h);
}

/* NULL handles never crash. */
static void null_context_answers_nothing(void)
{
    th_host h;
    th_load(&h, SO);
    const prod_api *a = h.api;
    CHECK(a->recipe_count(NULL) == 0 && a->item_count(NULL) == 0);
    CHECK(a->item_name(NULL, 1) == NULL && strcmp(a->last_error(NULL), "") == 0);
    th_close(&h);
}

static void null_manager_calls_are_invalid_arguments(void)
{
    th_host h;
    th_load(&h, SO);
    const prod_api *a = h.api;
    CHECK(a->tick(NULL, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->start(NULL, 0, 0, 0, 0, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->cancel(NULL, 1, 0, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->job_count(NULL) == 0);
    th_close(&h);
}

static void null_registry_is_empty_and_every_destructor_accepts_null(void)
{
    th_host h;
    th_load(&h, SO);
    const prod_api *a = h.api;
    CHECK(a->registry_count(NULL) == 0);
    a->manager_destroy(NULL);
    a->registry_destroy(NULL);
    a->shutdown(NULL);
    a->free_buffer(NULL);
    th_close(&h);
}

/* ---- manager configuration ------------------------------------------------------ */

static prod_manager *make(th_host *h, uint32_t space, prod_status *st)
{
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = 100 + space, .seed = 1, .id_space = space};
    prod_manager *m = NULL;
    *st = h->api->manager_create(h->ctx, &c, &m);
    return m;
}

static int ctx_open(th_host *h)
{
    char err[256] = "";
    th_load(h, SO);
    if (CHECK_OK(th_init(h, RECIPES, 0, err, sizeof err)))
        return 1;
    fprintf(stderr, "init: %s\n", err);
    return 0;
}

static void id_space_above_the_maximum_is_refused_naming_it(void)
{
    th_host h;
    REQUIRE(ctx_open(&h));
    prod_status st;
    CHECK(make(&h, PROD_ID_SPACE_MAX + 1, &st) == NULL && st == PROD_ERR_INVALID_ARGUMENT);
    CHECK(strstr(h.api->last_error(h.ctx), "id_space") != NULL);
    th_close(&h);
}

static void unknown_output_policy_is_invalid(void)
{
    th_host h;
    REQUIRE(ctx_open(&h));
    prod_manager_config c = {.struct_size = sizeof c, .version = 1, .output_policy = 7};
    prod_manager *m = NULL;
    CHECK(h.api->manager_create(h.ctx, &c, &m) == PROD_ERR_INVALID_ARGUMENT && m == NULL);
    th_close(&h);
}

static void config_struct_too_small_is_a_version_error(void)
{
    th_host h;
    REQUIRE(ctx_open(&h));
    prod_manager_config c = {.struct_size = 8, .version = 1, .output_policy = 0};
    prod_manager *m = NULL;
    CHECK(h.api->manager_create(h.ctx, &c, &m) == PROD_ERR_VERSION);
    th_close(&h);
}

/* ---- the manager registry -------------------------------------------------------- */

typedef struct reg_fx {
    th_host h;
    prod_manager *m1, *m2, *m3; /* id spaces 1, 2, 1 */
    prod_manager_registry *r;
    prod_job_id job;            /* started on m2 */
} reg_fx;

/* Managers m1, m2, m3 and a registry holding m1 as key 11 and m2 as 22, a
 * job started on m2; then the first `steps` of: 1 remove key 11; 2 add m3
 * as 33; 3 destroy m2 (still registered). 0 when the setup failed. */
static int reg_open(reg_fx *f, int steps)
{
    if (!ctx_open(&f->h))
        return 0;
    const prod_api *a = f->h.api;
    prod_status st;
    f->m1 = make(&f->h, 1, &st);
    f->m2 = make(&f->h, 2, &st);
    f->m3 = make(&f->h, 1, &st);
    f->r = NULL;
    f->job = 0;
    if (!CHECK(f->m1 && f->m2 && f->m3) || !CHECK_OK(a->registry_create(f->h.ctx, &f->r)) ||
        !CHECK_OK(a->registry_add(f->r, 11, f->m1)) ||
        !CHECK_OK(a->registry_add(f->r, 22, f->m2)) ||
        !CHECK_OK(a->start(f->m2, 0, 5, 3, 0, &f->job)))
        return 0;
    if (steps >= 1 && !CHECK_OK(a->registry_remove(f->r, 11)))
        return 0;
    if (steps >= 2 && !CHECK_OK(a->registry_add(f->r, 33, f->m3)))
        return 0;
    if (steps >= 3) {
        a->manager_destroy(f->m2);
        f->m2 = NULL;
    }
    return 1;
}

static void reg_close(reg_fx *f)
{
    const prod_api *a = f->h.api;
    a->registry_destroy(f->r);
    a->manager_destroy(f->m1);
    a->manager_destroy(f->m2);
    a->manager_destroy(f->m3);
    th_close(&f->h);
}

static void registry_refuses_a_taken_id_space_key_or_manager(void)
{
    reg_fx f;
    REQUIRE(reg_open(&f, 0));
    const prod_api *a = f.h.api;
    CHECK(a->registry_add(f.r, 33, f.m3) == PROD_ERR_EXISTS); /* id_space 1 taken */
    CHECK(a->registry_add(f.r, 11, f.m3) == PROD_ERR_EXISTS); /* key taken */
    CHECK(a->registry_add(f.r, 44, f.m1) == PROD_ERR_EXISTS); /* already registered */
    CHECK(a->registry_count(f.r) == 2);
    reg_close(&f);
}

static void job_id_carries_its_managers_id_space_in_the_top_bits(void)
{
    reg_fx f;
    REQUIRE(reg_open(&f, 0));
    CHECK(f.job >> 40 == 2);
    reg_close(&f);
}

static void registry_finds_a_jobs_manager_and_key(void)
{
    reg_fx f;
    REQUIRE(reg_open(&f, 0));
    const prod_api *a = f.h.api;
    prod_manager *found = NULL;
    uint64_t key = 0;
    CHECK_OK(a->registry_find_job(f.r, f.job, &found, &key));
    CHECK(found == f.m2 && key == 22);
    CHECK(a->registry_find_job(f.r, f.job + 1, &found, &key) == PROD_ERR_NOT_FOUND);
    reg_close(&f);
}

static void registry_gets_a_manager_by_key(void)
{
    reg_fx f;
    REQUIRE(reg_open(&f, 0));
    const prod_api *a = f.h.api;
    prod_manager *found = NULL;
    CHECK_OK(a->registry_get(f.r, 11, &found));
    CHECK(found == f.m1);
    CHECK(a->registry_get(f.r, 99, &found) == PROD_ERR_NOT_FOUND);
    reg_close(&f);
}

static void removed_key_is_gone_and_frees_its_id_space(void)
{
    reg_fx f;
    REQUIRE(reg_open(&f, 0));
    const prod_api *a = f.h.api;
    CHECK_OK(a->registry_remove(f.r, 11));
    CHECK(a->registry_remove(f.r, 11) == PROD_ERR_NOT_FOUND);
    CHECK_OK(a->registry_add(f.r, 33, f.m3)); /* id_space 1 is free again */
    reg_close(&f);
}

/* A manager destroyed while still registered is removed from the registry. */
static void destroyed_manager_leaves_the_registry(void)
{
    reg_fx f;
    REQUIRE(reg_open(&f, 3));
    const prod_api *a = f.h.api;
    prod_manager *found = NULL;
    CHECK(a->registry_count(f.r) == 1);
    CHECK(a->registry_find_job(f.r, f.job, &found, NULL) == PROD_ERR_NOT_FOUND);
    reg_close(&f);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(current_version_gets_the_table_and_no_reason);
    RUN(table_gives_its_size_abi_and_plugin_version);
    RUN(status_str_names_every_code_distinctly);
    RUN(other_major_or_newer_minor_is_refused_with_a_reason);
    RUN(reason_pointer_may_be_null);
    RUN(internal_symbols_are_not_exported);
    RUN(init_without_params_is_invalid);
    RUN(init_without_a_host_is_invalid_and_says_so);
    RUN(host_struct_smaller_than_version_1_0_is_a_version_error);
    RUN(modifier_sources_without_get_modifiers_are_invalid);
    RUN(null_context_answers_nothing);
    RUN(null_manager_calls_are_invalid_arguments);
    RUN(null_registry_is_empty_and_every_destructor_accepts_null);
    RUN(id_space_above_the_maximum_is_refused_naming_it);
    RUN(unknown_output_policy_is_invalid);
    RUN(config_struct_too_small_is_a_version_error);
    RUN(registry_refuses_a_taken_id_space_key_or_manager);
    RUN(job_id_carries_its_managers_id_space_in_the_top_bits);
    RUN(registry_finds_a_jobs_manager_and_key);
    RUN(registry_gets_a_manager_by_key);
    RUN(removed_key_is_gone_and_frees_its_id_space);
    RUN(destroyed_manager_leaves_the_registry);
    return check_finish("it_abi");
}
