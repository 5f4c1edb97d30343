/* dataload.c - reads the real game data and the converted recipe files for
 * the data tests (see dataload.h). */
#include "dataload.h"

#include <string.h>

static void path_of(char *buf, size_t cap, const char *dir_env, const char *file)
{
    const char *dir = getenv(dir_env);
    if (!dir) {
        fprintf(stderr, "%s is not set\n", dir_env);
        exit(2);
    }
    snprintf(buf, cap, "%s/%s", dir, file);
}

cJSON *dl_json(const char *dir_env, const char *file)
{
    char path[4096];
    path_of(path, sizeof path, dir_env, file);
    char *text = th_read_file(path);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!root) {
        fprintf(stderr, "%s: cannot read or parse\n", path);
        exit(2);
    }
    return root;
}

prod_ctx *dl_ctx(th_host *h, const char *file)
{
    char path[4096], err[1024] = "";
    path_of(path, sizeof path, "PROD_CONV_DIR", file);
    prod_recipe_source src = {.path = path};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &h->host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    if (h->api->init(&p, &ctx) != PROD_OK) {
        fprintf(stderr, "%s: init failed: %s\n", path, err);
        exit(2);
    }
    return ctx;
}

const cJSON *dl_get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}
