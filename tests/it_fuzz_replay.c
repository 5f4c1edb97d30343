/* it_fuzz_replay.c - replays the fuzzers' seed corpora and every input a
 * fuzzer ever failed on (fuzz/corpus/<target>, fuzz/regressions/<target>)
 * through the real .so, so a fixed crash stays fixed in every CI run, also
 * where clang/libFuzzer are not installed. Each input must load or fail with
 * a message; a loaded manager must tick and save again; an operations input
 * (fuzz/ops_driver.c) must keep every item accounted for; a coordinator save
 * must pass fuzz_coordinator's own check (fuzz/coord_driver.c). */
#include <dirent.h>
#include <string.h>

#include "coord_driver.h"
#include "ops_driver.h"
#include "persist_recipes.h"
#include "testhost.h"

static const char *RECIPES = PERSIST_RECIPES;

static uint8_t buf[1 << 20];

static const char *SO, *ROOT; /* the plugin under test (argv[1]), PROD_FUZZ_DIR */

/* As fuzz_deserialize does: under both changed-recipe policies, a refusal
 * creates nothing and says why; what loads saves and ticks (at most to
 * PROD_TIME_MAX: a save may stand at the end of time). */
static void replay_save(th_host *h, size_t n)
{
    prod_load_options current = {.struct_size = sizeof current,
                                 .version = PROD_LOAD_OPTIONS_VERSION,
                                 .changed_recipe = PROD_CHANGED_RECIPE_CURRENT};
    for (int policy = 0; policy < 2; policy++) {
        prod_manager *m = NULL;
        prod_status st = h->api->deserialize(h->ctx, buf, n, policy ? &current : NULL, &m);
        if (st != PROD_OK) {
            CHECK(!m && h->api->last_error(h->ctx)[0] != '\0');
            continue;
        }
        uint8_t *b = NULL;
        size_t len;
        CHECK_OK(h->api->serialize(m, &b, &len));
        h->api->free_buffer(b);
        int64_t t = h->api->manager_time(m);
        t = t < PROD_TIME_MAX - 3600000 ? t + 3600000 : PROD_TIME_MAX;
        prod_status st2 = h->api->tick(m, t);
        CHECK(st2 == PROD_OK || st2 == PROD_MORE); /* MORE: a budget's worth done */
        h->api->manager_destroy(m);
    }
}

static void replay_ops(th_host *h, size_t n)
{
    char why[512];
    int rc = ops_run(h->api, buf, n, why, sizeof why);
    if (rc != 0)
        fprintf(stderr, "  ops: %s\n", rc > 0 ? why : "setup failed");
    CHECK(rc == 0);
}

static cd_host CD; /* the coordinator check's host and context */

static void replay_coord(th_host *h, size_t n)
{
    (void)h; /* CD has its own context, on the same table */
    char why[512];
    int rc = cd_run(&CD, buf, n, why, sizeof why);
    if (rc != 0)
        fprintf(stderr, "  coordinator: %s\n", why);
    CHECK(rc == 0);
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
        char path[1024 + 256 + 2]; /* dir and a d_name */
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

/* Replays ROOT/<sub> through `one` on a host with RECIPES; how many files
 * (-1 when the host could not be set up). */
static int replay(const char *sub, void (*one)(th_host *, size_t))
{
    th_host h;
    char err[512] = "", dir[1024];
    th_load(&h, SO);
    if (!CHECK_OK(th_init(&h, RECIPES, 0, err, sizeof err))) {
        fprintf(stderr, "init: %s\n", err);
        return -1;
    }
    snprintf(dir, sizeof dir, "%s/%s", ROOT, sub);
    int files = replay_dir(&h, dir, one);
    th_close(&h);
    return files;
}

/* Replays ROOT/<sub> through coord_driver's check, on the plugin's table
 * (how many files; -1 when its context could not be made). */
static int replay_coordinator(const char *sub)
{
    th_host h;
    char dir[1024];
    int files = -1;
    th_load(&h, SO);
    if (CHECK(cd_open(&CD, h.api) == 0)) {
        snprintf(dir, sizeof dir, "%s/%s", ROOT, sub);
        files = replay_dir(&h, dir, replay_coord);
    }
    cd_close(&CD);
    th_close(&h);
    return files;
}

static void deserialize_seeds_load_and_run_or_fail_with_a_message(void)
{
    CHECK(replay("corpus/deserialize", replay_save) > 0);
}

static void deserialize_crash_inputs_load_and_run_or_fail_with_a_message(void)
{
    REQUIRE(replay("regressions/deserialize", replay_save) >= 0);
}

static void recipe_seeds_init_or_fail_with_a_message(void)
{
    CHECK(replay("corpus/recipes", replay_recipes) > 0);
}

static void recipe_crash_inputs_init_or_fail_with_a_message(void)
{
    REQUIRE(replay("regressions/recipes", replay_recipes) >= 0);
}

static void ops_seeds_keep_every_item_accounted_for(void)
{
    CHECK(replay("corpus/ops", replay_ops) > 0);
}

static void ops_crash_inputs_keep_every_item_accounted_for(void)
{
    REQUIRE(replay("regressions/ops", replay_ops) >= 0);
}

static void coordinator_seeds_pass_the_fuzzers_check(void)
{
    CHECK(replay_coordinator("corpus/coordinator") > 0);
}

static void coordinator_crash_inputs_pass_the_fuzzers_check(void)
{
    CHECK(replay_coordinator("regressions/coordinator") > 0);
}

int main(int argc, char **argv)
{
    ROOT = getenv("PROD_FUZZ_DIR");
    if (argc < 2 || !ROOT)
        return 2;
    SO = argv[1];
    RUN(deserialize_seeds_load_and_run_or_fail_with_a_message);
    RUN(deserialize_crash_inputs_load_and_run_or_fail_with_a_message);
    RUN(recipe_seeds_init_or_fail_with_a_message);
    RUN(recipe_crash_inputs_init_or_fail_with_a_message);
    RUN(ops_seeds_keep_every_item_accounted_for);
    RUN(ops_crash_inputs_keep_every_item_accounted_for);
    RUN(coordinator_seeds_pass_the_fuzzers_check);
    RUN(coordinator_crash_inputs_pass_the_fuzzers_check);
    return check_finish("it_fuzz_replay");
}
