/* dataload.c - reads the real game data and the converted recipe files for
 * the data tests (see dataload.h). */
#include "dataload.h"

#include <string.h>

/* dir_env/file into buf; 0 (after a failed check) when dir_env is not set. */
static int path_of(char *buf, size_t cap, const char *dir_env, const char *file)
{
    const char *dir = getenv(dir_env);
    if (!CHECK(dir != NULL)) {
        fprintf(stderr, "%s is not set\n", dir_env);
        return 0;
    }
    snprintf(buf, cap, "%s/%s", dir, file);
    return 1;
}

cJSON *dl_json(const char *dir_env, const char *file)
{
    char path[4096];
    if (!path_of(path, sizeof path, dir_env, file))
        return NULL;
    char *text = th_read_file(path);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!CHECK(root != NULL))
        fprintf(stderr, "%s: cannot read or parse\n", path);
    return root;
}

prod_ctx *dl_ctx(th_host *h, const char *file)
{
    char path[4096], err[1024] = "";
    if (!path_of(path, sizeof path, "PROD_CONV_DIR", file))
        return NULL;
    prod_recipe_source src = {.path = path};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &h->host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    if (!CHECK_OK(h->api->init(&p, &ctx)))
        fprintf(stderr, "%s: init failed: %s\n", path, err);
    return ctx;
}

const cJSON *dl_get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}
