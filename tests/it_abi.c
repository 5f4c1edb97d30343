/* it_abi.c - the ABI contract through dlopen: version negotiation, struct
 * size checks, NULL handling, manager configuration errors, job id layout,
 * and the optional manager registry. */
#include <dlfcn.h>
#include <string.h>

#include "testhost.h"

static const char *RECIPES =
    "[{\"id\":\"gather\",\"outputs\":[{\"item\":\"wood\",\"qty\":1}],\"duration_ms\":1000}]";

static void test_versions(const char *so)
{
    void *dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    CHECK(dl != NULL);
    prod_get_api_fn get = (prod_get_api_fn)dlsym(dl, PROD_ENTRY_SYMBOL);
    CHECK(get != NULL);
    const char *why = "unset";
    const prod_api *a = get(PROD_ABI_VERSION, &why);
    CHECK(a && why == NULL);
    CHECK(a->struct_size >= sizeof(prod_api) && a->abi_version == PROD_ABI_VERSION);
    CHECK(a->plugin_version && strlen(a->plugin_version) >= 5);
    CHECK(get(2u << 16, &why) == NULL && why && strstr(why, "major"));
    CHECK(get((PROD_ABI_MAJOR << 16) | (PROD_ABI_MINOR + 1), &why) == NULL && why);
    CHECK(get(PROD_ABI_VERSION, NULL) == a);
    /* A symbol that is not exported is not found. */
    CHECK(dlsym(dl, "mgr_tick") == NULL && dlsym(dl, "reg_load") == NULL);
    dlclose(dl);
}

static void test_init_errors(const char *so)
{
    th_host h;
    char err[256] = "";
    th_load(&h, so);
    const prod_api *a = h.api;
    prod_ctx *ctx = (prod_ctx *)&h; /* must be overwritten with NULL */
    CHECK(a->init(NULL, &ctx) == PROD_ERR_INVALID_ARGUMENT);
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .error = err, .error_cap = sizeof err};
    CHECK(a->init(&p, &ctx) == PROD_ERR_INVALID_ARGUMENT && ctx == NULL);
    CHECK(strstr(err, "host") != NULL);
    prod_host small = h.host;
    small.struct_size = 4;
    p.host = &small;
    CHECK(a->init(&p, &ctx) == PROD_ERR_VERSION && ctx == NULL);
    prod_host mods = h.host;
    mods.modifier_source_count = 2;
    mods.get_modifiers = NULL;
    p.host = &mods;
    CHECK(a->init(&p, &ctx) == PROD_ERR_INVALID_ARGUMENT);
    /* NULL handles never crash. */
    CHECK(a->recipe_count(NULL) == 0 && a->item_count(NULL) == 0);
    CHECK(a->item_name(NULL, 1) == NULL && strcmp(a->last_error(NULL), "") == 0);
    CHECK(a->tick(NULL, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->start(NULL, 0, 0, 0, 0, NULL) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->cancel(NULL, 1, 0, 0) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(a->job_count(NULL) == 0);
    CHECK(a->registry_count(NULL) == 0);
    a->manager_destroy(NULL);
    a->registry_destroy(NULL);
    a->shutdown(NULL);
    a->free_buffer(NULL);
    th_close(&h);
}

static prod_manager *make(th_host *h, uint32_t space, prod_status *st)
{
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = 100 + space, .seed = 1, .id_space = space};
    prod_manager *m = NULL;
    *st = h->api->manager_create(h->ctx, &c, &m);
    return m;
}

static void test_managers_and_registry(const char *so)
{
    th_host h;
    char err[256];
    th_load(&h, so);
    CHECK_OK(th_init(&h, RECIPES, 0, err, sizeof err));
    const prod_api *a = h.api;
    prod_status st;
    CHECK(make(&h, PROD_ID_SPACE_MAX + 1, &st) == NULL && st == PROD_ERR_INVALID_ARGUMENT);
    CHECK(strstr(a->last_error(h.ctx), "id_space") != NULL);
    prod_manager_config c = {.struct_size = sizeof c, .version = 1, .output_policy = 7};
    prod_manager *m = NULL;
    CHECK(a->manager_create(h.ctx, &c, &m) == PROD_ERR_INVALID_ARGUMENT && m == NULL);
    c.output_policy = 0;
    c.struct_size = 8;
    CHECK(a->manager_create(h.ctx, &c, &m) == PROD_ERR_VERSION);

    prod_manager *m1 = make(&h, 1, &st), *m2 = make(&h, 2, &st), *m3 = make(&h, 1, &st);
    CHECK(m1 && m2 && m3);
    prod_manager_registry *r = NULL;
    CHECK_OK(a->registry_create(h.ctx, &r));
    CHECK_OK(a->registry_add(r, 11, m1));
    CHECK_OK(a->registry_add(r, 22, m2));
    CHECK(a->registry_add(r, 33, m3) == PROD_ERR_EXISTS); /* id_space 1 taken */
    CHECK(a->registry_add(r, 11, m3) == PROD_ERR_EXISTS); /* key taken */
    CHECK(a->registry_add(r, 44, m1) == PROD_ERR_EXISTS); /* already registered */
    CHECK(a->registry_count(r) == 2);
    prod_job_id job = 0;
    CHECK_OK(a->start(m2, 0, 5, 3, 0, &job));
    CHECK(job >> 40 == 2);
    prod_manager *found = NULL;
    uint64_t key = 0;
    CHECK_OK(a->registry_find_job(r, job, &found, &key));
    CHECK(found == m2 && key == 22);
    CHECK(a->registry_find_job(r, job + 1, &found, &key) == PROD_ERR_NOT_FOUND);
    CHECK_OK(a->registry_get(r, 11, &found));
    CHECK(found == m1);
    CHECK(a->registry_get(r, 99, &found) == PROD_ERR_NOT_FOUND);
    CHECK_OK(a->registry_remove(r, 11));
    CHECK(a->registry_remove(r, 11) == PROD_ERR_NOT_FOUND);
    CHECK_OK(a->registry_add(r, 33, m3)); /* id_space 1 is free again */
    a->manager_destroy(m2);               /* still registered: removed from the registry */
    CHECK(a->registry_count(r) == 1);
    CHECK(a->registry_find_job(r, job, &found, NULL) == PROD_ERR_NOT_FOUND);
    a->registry_destroy(r);
    a->manager_destroy(m1);
    a->manager_destroy(m3);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    test_versions(argv[1]);
    test_init_errors(argv[1]);
    test_managers_and_registry(argv[1]);
    return th_finish("it_abi");
}
