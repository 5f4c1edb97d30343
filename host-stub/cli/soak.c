/* soak.c - `prodhost soak` (the demo world saving every chunk each round, in
 * one transaction with the round number, until killed; each commit is read
 * back through a second connection before it is reported) and `prodhost
 * verify` (what a crash must leave: a database that passes integrity_check,
 * whose header matches its rows, whose rows pass their checksums and
 * deserialize back to exactly the bytes that were committed, and that holds
 * the last round soak reported). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "persist_cmd.h"
#include "ph_status.h"
#include "store.h"
#include "world.h"

#define SOAK_STEP_MS 250
#define SOAK_STEPS_PER_ROUND 8

typedef struct soak_args {
    const char *db;
    uint64_t chunks, seed, run, rounds, round;
    int has_round;
} soak_args;

static int number(const char *opt, const char *text, uint64_t max, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = text ? strtoull(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || text[0] == '-' || v > max) {
        fprintf(stderr, "prodhost: %s needs a number in 0..%" PRIu64 "\n", opt, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* --db, --chunks, --seed, --run, --rounds, --round. 0 or -1 (printed). */
static int parse(soak_args *a, int argc, char **argv)
{
    for (int i = 0; i < argc; i += 2) {
        const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = !v ? (fprintf(stderr, "prodhost: %s needs a value\n", opt), -1)
                 : strcmp(opt, "--db") == 0     ? (a->db = v, 0)
                 : strcmp(opt, "--chunks") == 0 ? number(opt, v, 4096, &a->chunks)
                 : strcmp(opt, "--seed") == 0   ? number(opt, v, UINT64_MAX, &a->seed)
                 : strcmp(opt, "--run") == 0    ? number(opt, v, INT64_MAX, &a->run)
                 : strcmp(opt, "--rounds") == 0 ? number(opt, v, INT64_MAX, &a->rounds)
                 : strcmp(opt, "--round") == 0  ? (a->has_round = 1, number(opt, v, INT64_MAX, &a->round))
                                                : (fprintf(stderr, "prodhost: unknown option %s\n", opt), -1);
        if (rc != 0)
            return -1;
    }
    if (!a->db || a->chunks == 0) {
        fprintf(stderr, "prodhost: --db PATH is required (and --chunks must be >= 1)\n");
        return -1;
    }
    return 0;
}

/* The round a fresh connection reads from the store: a commit that another
 * process cannot see (its WAL deleted under the writer, say) is not one. */
static int read_back_round(const char *db, uint64_t round)
{
    chunk_store *st = NULL;
    int64_t stored = -1;
    int rc = store_open(db, 0, &st) == 0 && store_get_meta(st, "round", &stored) == 1 &&
                     (uint64_t)stored == round
                 ? 0
                 : -1;
    store_close(st);
    if (rc != 0)
        fprintf(stderr,
                "prodhost: %s does not hold round %" PRIu64 " just committed (a new "
                "connection reads round %" PRId64 "): the store lost it\n",
                db, round, stored);
    return rc;
}

int cmd_soak(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    soak_args a = {.chunks = 16, .seed = 1};
    if (parse(&a, argc, argv) != 0)
        return -1;
    world_config cfg = {.chunks = (uint32_t)a.chunks, .minutes = 1, .seed = a.seed,
                        .stream = {.db = a.db}};
    prod_ctx *ctx = NULL;
    if (host_open_context(p->api, host, recipes, &ctx) != 0)
        return -1;
    world *w = world_create(&cfg, p->api, ctx, host, recipes);
    int rc = w ? 0 : -1;
    int64_t now = 0;
    for (uint64_t round = 1; rc == 0 && (a.rounds == 0 || round <= a.rounds); round++) {
        for (int k = 0; rc == 0 && k < SOAK_STEPS_PER_ROUND; k++, now += SOAK_STEP_MS)
            rc = world_step(w, now);
        const store_meta meta[] = {{"run", (int64_t)a.run}, {"round", (int64_t)round},
                                   {"game_time", now}};
        if (rc == 0 && (rc = world_checkpoint(w, now, meta, 3)) == 0 &&
            (rc = read_back_round(a.db, round)) == 0) {
            printf("committed run %" PRIu64 " round %" PRIu64 "\n", a.run, round);
            fflush(stdout);
        }
    }
    world_destroy(w);
    p->api->shutdown(ctx);
    return rc;
}

/* --run/--round: the store must hold that run's round R (or R+1: the kill
 * came between the commit and the print); R == 0 means nothing was printed. */
static int check_round(chunk_store *st, const soak_args *a)
{
    int64_t run = -1, round = -1;
    if (store_get_meta(st, "run", &run) < 0 || store_get_meta(st, "round", &round) < 0)
        return -1;
    int ok = (uint64_t)run == a->run ? (uint64_t)round == a->round || (uint64_t)round == a->round + 1
                                     : a->round == 0;
    printf("store holds run %" PRId64 " round %" PRId64 "; soak last printed run %" PRIu64
           " round %" PRIu64 ": %s\n", run, round, a->run, a->round, ok ? "ok" : "MISMATCH");
    return ok ? 0 : -1;
}

/* Checksum (in store_get), digest and an exact deserialize/serialize round trip. */
static int verify_chunk(const prod_api *api, prod_ctx *ctx, chunk_store *st, uint64_t key)
{
    store_row row;
    if (store_get(st, key, &row) != 1)
        return -1;
    int rc = -1;
    prod_manager *m = NULL;
    uint8_t *again = NULL;
    size_t len = 0;
    prod_load_options opts = {.struct_size = sizeof opts, .version = PROD_LOAD_OPTIONS_VERSION,
                              .missing_recipe = PROD_MISSING_RECIPE_ERROR};
    prod_status s = PROD_OK;
    if (fnv_bytes(FNV_OFFSET, row.blob, row.blob_len) != row.digest)
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": the bytes do not match the digest committed "
                "with them\n", key);
    else if ((s = api->deserialize(ctx, row.blob, row.blob_len, &opts, &m)) != PROD_OK)
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": deserialize: %s: %s\n", key, ph_status_name(s),
                api->last_error(ctx));
    else if ((s = api->serialize(m, &again, &len)) != PROD_OK)
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": serialize: %s: %s\n", key, ph_status_name(s),
                api->manager_last_error(m));
    else if (len != row.blob_len || memcmp(again, row.blob, len) != 0)
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": the deserialized manager saves to other "
                "bytes than were committed\n", key);
    else
        rc = 0;
    api->free_buffer(again);
    api->manager_destroy(m);
    store_row_free(&row);
    return rc;
}

static int verify_all(const prod_api *api, prod_ctx *ctx, chunk_store *st)
{
    uint64_t *keys = NULL;
    size_t n = 0, bad = 0;
    if (store_keys(st, &keys, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        bad += verify_chunk(api, ctx, st, keys[i]) != 0;
    free(keys);
    printf("verified %zu chunks: %zu bad%s\n", n, bad,
           bad ? "" : " (checksums, digests and exact deserialize/serialize round trips ok)");
    return bad ? -1 : 0;
}

int cmd_verify(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    soak_args a = {.chunks = 1};
    if (parse(&a, argc, argv) != 0)
        return -1;
    chunk_store *st = NULL;
    if (store_open(a.db, 0, &st) != 0)
        return -1;
    int rc = store_integrity(st);
    if (rc == 0)
        printf("integrity_check: ok\n");
    if (rc == 0 && (rc = store_check_header(st)) == 0)
        printf("header: ok (the rows the last commit wrote are all there)\n");
    if (rc == 0 && a.has_round)
        rc = check_round(st, &a);
    prod_ctx *ctx = NULL;
    if (rc == 0 && (rc = host_open_context(p->api, host, recipes, &ctx)) == 0)
        rc = verify_all(p->api, ctx, st);
    p->api->shutdown(ctx);
    store_close(st);
    return rc;
}
