/* soak.c - `prodhost soak` (the demo world saving every chunk each round, in
 * one transaction with the round number, until killed; each commit is read
 * back through a second connection before it is reported) and `prodhost
 * verify` (what a crash must leave: a database that passes integrity_check,
 * whose header matches its rows, whose rows pass their checksums and
 * deserialize back to exactly the bytes that were committed, and that holds
 * the last round soak reported). */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fnv.h"
#include "json_out.h"
#include "persist_cmd.h"
#include "store.h"
#include "world.h"

#define SOAK_STEP_MS 250
#define SOAK_STEPS_PER_ROUND 8

typedef struct soak_args {
    const char *db;
    uint64_t chunks, seed, run, rounds, round;
    int has_round;
    uint32_t format; /* verify: 0 text, 1 json */
} soak_args;

/* The options of soak and verify. CLI_OK or CLI_USAGE (printed). */
static int parse(const char *cmd, const char *const *accepted, soak_args *a, int argc, char **argv)
{
    static const char *const formats[] = {"text", "json"};
    cli_args it = cli_args_of(cmd, argc, argv);
    for (const char *opt; (opt = cli_next(&it)) != NULL;) {
        const char *v = NULL;
        if (!cli_is_option(opt))
            return cli_usage_error(cmd, "unexpected argument \"%s\"", opt);
        if (!cli_in(opt, accepted))
            return cli_unknown_option(cmd, opt);
        int rc = cli_value(&it, opt, &v);
        if (rc == CLI_OK)
            rc = strcmp(opt, "--db") == 0       ? (a->db = v, CLI_OK)
                 : strcmp(opt, "--chunks") == 0 ? cli_u64(cmd, opt, v, 1, 4096, &a->chunks)
                 : strcmp(opt, "--seed") == 0   ? cli_u64(cmd, opt, v, 0, UINT64_MAX, &a->seed)
                 : strcmp(opt, "--run") == 0    ? cli_u64(cmd, opt, v, 0, INT64_MAX, &a->run)
                 : strcmp(opt, "--rounds") == 0 ? cli_u64(cmd, opt, v, 0, INT64_MAX, &a->rounds)
                 : strcmp(opt, "--format") == 0 ? cli_choice(cmd, opt, v, formats, 2, &a->format)
                                                : (a->has_round = 1,
                                                   cli_u64(cmd, opt, v, 0, INT64_MAX, &a->round));
        if (rc != CLI_OK)
            return rc;
    }
    return a->db ? CLI_OK : cli_usage_error(cmd, "--db PATH is required");
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
    static const char *const accepted[] = {"--db", "--chunks", "--seed", "--run", "--rounds", NULL};
    soak_args a = {.chunks = 16, .seed = 1};
    int parsed = parse("soak", accepted, &a, argc, argv);
    if (parsed != CLI_OK)
        return parsed;
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

/* What verify found, step by step (-1: the step was not reached or not
 * asked for); printed as text or JSON once every step ran. */
typedef struct verify_report {
    int integrity, header, round_ok;
    int64_t store_run, store_round;
    int64_t chunks, bad;
} verify_report;

/* --run/--round: the store must hold that run's round R (or R+1: the kill
 * came between the commit and the print); R == 0 means nothing was printed. */
static int check_round(chunk_store *st, const soak_args *a, verify_report *r)
{
    if (store_get_meta(st, "run", &r->store_run) < 0 ||
        store_get_meta(st, "round", &r->store_round) < 0)
        return -1;
    r->round_ok = (uint64_t)r->store_run == a->run
                      ? (uint64_t)r->store_round == a->round ||
                            (uint64_t)r->store_round == a->round + 1
                      : a->round == 0;
    return r->round_ok ? 0 : -1;
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
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": the stored bytes do not load: %s: %s\n",
                key, api->status_str(s), api->last_error(ctx));
    else if ((s = api->serialize(m, &again, &len)) != PROD_OK)
        fprintf(stderr, "prodhost: chunk %" PRIu64 ": saving the loaded chunk failed: %s: %s\n",
                key, api->status_str(s), api->manager_last_error(m));
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

static int verify_all(const prod_api *api, prod_ctx *ctx, chunk_store *st, verify_report *r)
{
    uint64_t *keys = NULL;
    size_t n = 0, bad = 0;
    if (store_keys(st, &keys, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        bad += verify_chunk(api, ctx, st, keys[i]) != 0;
    free(keys);
    r->chunks = (int64_t)n;
    r->bad = (int64_t)bad;
    return bad ? -1 : 0;
}

static void print_text(const verify_report *r, const soak_args *a)
{
    if (r->integrity == 1)
        printf("integrity_check: ok\n");
    if (r->header == 1)
        printf("header: ok (the rows the last commit wrote are all there)\n");
    if (r->round_ok >= 0)
        printf("store holds run %" PRId64 " round %" PRId64 "; soak last printed run %" PRIu64
               " round %" PRIu64 ": %s\n", r->store_run, r->store_round, a->run, a->round,
               r->round_ok ? "ok" : "MISMATCH");
    if (r->chunks >= 0)
        printf("verified %" PRId64 " chunks: %" PRId64 " bad%s\n", r->chunks, r->bad,
               r->bad ? "" : " (checksums, digests and exact deserialize/serialize round trips ok)");
}

/* A step's outcome in JSON: true, false, or null when it did not run. */
static cJSON *step_json(int v) { return v < 0 ? cJSON_CreateNull() : cJSON_CreateBool(v); }

static int print_json(const verify_report *r, int rc)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "integrity_check", step_json(r->integrity));
    cJSON_AddItemToObject(o, "header", step_json(r->header));
    cJSON_AddItemToObject(o, "round", step_json(r->round_ok));
    if (r->round_ok >= 0) {
        cJSON_AddNumberToObject(o, "store_run", (double)r->store_run);
        cJSON_AddNumberToObject(o, "store_round", (double)r->store_round);
    }
    cJSON_AddItemToObject(o, "chunks", r->chunks < 0 ? cJSON_CreateNull()
                                                     : cJSON_CreateNumber((double)r->chunks));
    cJSON_AddItemToObject(o, "bad", r->bad < 0 ? cJSON_CreateNull()
                                               : cJSON_CreateNumber((double)r->bad));
    cJSON_AddBoolToObject(o, "ok", rc == 0);
    return cli_print_json(o) == CLI_OK ? rc : CLI_FAILED;
}

static int verify_store(const prod_api *api, host_services *host, const char *recipes,
                        chunk_store *st, const soak_args *a, verify_report *r)
{
    int rc = store_integrity(st);
    r->integrity = rc == 0;
    if (rc == 0)
        r->header = (rc = store_check_header(st)) == 0;
    if (rc == 0 && a->has_round)
        rc = check_round(st, a, r);
    prod_ctx *ctx = NULL;
    if (rc == 0 && (rc = host_open_context(api, host, recipes, &ctx)) == 0)
        rc = verify_all(api, ctx, st, r);
    api->shutdown(ctx);
    return rc;
}

int cmd_verify(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    static const char *const accepted[] = {"--db", "--run", "--round", "--format", NULL};
    soak_args a = {.chunks = 1};
    int parsed = parse("verify", accepted, &a, argc, argv);
    if (parsed != CLI_OK)
        return parsed;
    chunk_store *st = NULL;
    if (store_open(a.db, 0, &st) != 0)
        return CLI_FAILED;
    verify_report r = {.integrity = -1, .header = -1, .round_ok = -1, .chunks = -1, .bad = -1};
    int rc = verify_store(p->api, host, recipes, st, &a, &r);
    store_close(st);
    if (a.format == 1)
        return print_json(&r, rc);
    print_text(&r, &a);
    return rc;
}
