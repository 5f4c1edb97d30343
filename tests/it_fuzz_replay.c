/* it_fuzz_replay.c - replays the fuzzers' seed corpora and every input a
 * fuzzer ever failed on (fuzz/corpus/<target>, fuzz/regressions/<target>)
 * through the real .so, so a fixed crash stays fixed in every CI run, also
 * where clang/libFuzzer are not installed. Each input must load or fail with
 * a message; a loaded manager must tick and save again. */
#include <dirent.h>
#include <string.h>

#include "testhost.h"
#include "persist_recipes.h"

static const char *RECIPES = PERSIST_RECIPES;

static uint8_t buf[1 << 20];

static void replay_save(th_host *h, size_t n)
{
    prod_manager *m = NULL;
    prod_status st = h->api->deserialize(h->ctx, buf, n, NULL, &m);
    if (st != PROD_OK) {
        CHECK(!m && h->api->last_error(h->ctx)[0] != '\0');
        return;
    }
    uint8_t *b = NULL;
    size_t len;
    CHECK_OK(h->api->serialize(m, &b, &len));
    h->api->free_buffer(b);
    CHECK_OK(h->api->tick(m, h->api->manager_time(m) + 3600000));
    h->api->manager_destroy(m);
}

static void replay_recipes(th_host *h, size_t n)
{
    char err[512] = "";
    prod_recipe_source src = {.json = (const char *)buf, .json_len = n, .name = "replay"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &h->host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    prod_ctx *ctx = NULL;
    prod_status st = h->api->init(&p, &ctx);
    CHECK(st == PROD_OK ? ctx != NULL : (ctx == NULL && err[0] != '\0'));
    h->api->shutdown(ctx);
}

/* Replays every file of dir; returns how many. */
static int replay_dir(th_host *h, const char *dir, void (*one)(th_host *, size_t))
{
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return 0;
    int files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        one(h, n);
        files++;
    }
    closedir(d);
    return files;
}

int main(int argc, char **argv)
{
    const char *root = getenv("PROD_FUZZ_DIR");
    if (argc < 2 || !root)
        return 2;
    th_host h;
    char err[512], dir[1024];
    th_load(&h, argv[1]);
    if (th_init(&h, RECIPES, 0, err, sizeof err) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        return 2;
    }
    snprintf(dir, sizeof dir, "%s/corpus/deserialize", root);
    CHECK(replay_dir(&h, dir, replay_save) > 0);
    snprintf(dir, sizeof dir, "%s/regressions/deserialize", root);
    replay_dir(&h, dir, replay_save);
    snprintf(dir, sizeof dir, "%s/corpus/recipes", root);
    CHECK(replay_dir(&h, dir, replay_recipes) > 0);
    snprintf(dir, sizeof dir, "%s/regressions/recipes", root);
    replay_dir(&h, dir, replay_recipes);
    th_close(&h);
    return th_finish("it_fuzz_replay");
}
