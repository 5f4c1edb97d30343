/* it_persist_hostile.c - deserialize against damaged and hostile bytes through
 * the real .so: every truncation, byte mutations, and crafted blobs (counts
 * larger than the input, duplicate job ids, times out of range, wrong types,
 * unknown fields, future minor versions, an unknown major), each giving a
 * clear error with a byte offset and creating nothing. (The fuzzers' inputs
 * are replayed by it_fuzz_replay.) */
#include <msgpack.h>
#include <string.h>

#include "testhost.h"
#include "persist_recipes.h"

static const char *RECIPES = PERSIST_RECIPES;

/* --- a blob written by hand with msgpack-c, with knobs to break it -------- */

typedef struct spec {
    uint32_t major, minor;
    int64_t time;          /* manager time */
    int64_t start2;        /* start of the second job */
    uint32_t slot2;        /* slot of the second job (1 normally; 0 duplicates job 0) */
    uint32_t jobs_declared;/* declared job count (2 normally) */
    int extra_key;         /* add an unknown body field */
    int extra_job_value;   /* append a 9th value to each job record */
    int owner_as_string;   /* wrong type for job 0's owner */
    const char *recipe;    /* the snapshot's recipe id */
    const char *item0;     /* first item name */
    size_t owner_at;       /* out: byte offset of job 0's owner */
    uint32_t ingot_qty;    /* the snapshot's ingot output (the recipe gives 1) */
    uint32_t held_ingots;  /* when > 0: job 1 is blocked, holding this many ingots */
    int key_after_slots;   /* a body key after the last known one */
    const char *version;   /* the writer's version text */
    int version_nul;       /* write it as "te\0st" instead */
    int64_t catch_up;      /* format 1.1's catch_up */
} spec;

static spec good(void)
{
    return (spec){.major = 1, .minor = 0, .time = 5000, .start2 = 4500, .slot2 = 1,
                  .jobs_declared = 2, .recipe = "smelt", .item0 = "ore", .ingot_qty = 1,
                  .version = "test", .catch_up = -1};
}

static void pstr(msgpack_packer *pk, const char *s)
{
    msgpack_pack_str(pk, strlen(s));
    msgpack_pack_str_body(pk, s, strlen(s));
}

static void pack_job(msgpack_packer *pk, spec *s, msgpack_sbuffer *sb, uint32_t slot,
                     int64_t start, int first)
{
    msgpack_pack_array(pk, s->extra_job_value ? 9 : 8);
    msgpack_pack_uint32(pk, slot);
    msgpack_pack_uint32(pk, 1);           /* generation */
    if (first)
        s->owner_at = sb->size;
    if (first && s->owner_as_string)
        pstr(pk, "owner");
    else
        msgpack_pack_uint64(pk, 77);      /* owner */
    msgpack_pack_uint64(pk, 3);           /* inventory */
    msgpack_pack_int64(pk, start);
    msgpack_pack_uint64(pk, 0);           /* cycles */
    msgpack_pack_uint32(pk, 0);           /* snapshot */
    msgpack_pack_uint32(pk, first ? 1 : s->held_ingots ? 2 : 0); /* flags: repeat / blocked */
    if (s->extra_job_value)
        pstr(pk, "a later minor's value");
}

/* Format 1.0's nine body fields; a minor of 1 or more also writes 1.1's
 * max_completions (in config) and catch_up (after slots). */
static void pack_body(msgpack_packer *pk, spec *s, msgpack_sbuffer *sb)
{
    int v1_1 = s->minor >= 1;
    msgpack_pack_map(pk, 9 + (uint32_t)v1_1 + (s->extra_key ? 1 : 0) +
                             (s->key_after_slots ? 1 : 0));
    if (s->extra_key) {
        pstr(pk, "future");
        msgpack_pack_array(pk, 2);
        msgpack_pack_map(pk, 1);
        pstr(pk, "x");
        msgpack_pack_double(pk, 1.5);
        msgpack_pack_bin(pk, 3);
        msgpack_pack_bin_body(pk, "abc", 3);
    }
    pstr(pk, "config");
    msgpack_pack_array(pk, 4 + (uint32_t)v1_1);
    msgpack_pack_uint64(pk, 9);
    msgpack_pack_uint64(pk, 10);
    msgpack_pack_uint32(pk, 5);
    msgpack_pack_uint32(pk, 0);
    if (v1_1)
        msgpack_pack_uint32(pk, 500); /* max_completions */
    pstr(pk, "time");
    msgpack_pack_int64(pk, s->time);
    pstr(pk, "rng");
    msgpack_pack_array(pk, 4);
    for (int i = 0; i < 4; i++)
        msgpack_pack_uint64(pk, 0x1234567ull * (uint64_t)(i + 1));
    pstr(pk, "items");
    msgpack_pack_array(pk, 3);
    pstr(pk, s->item0);
    pstr(pk, "ingot");
    pstr(pk, "slag");
    pstr(pk, "recipes");
    msgpack_pack_array(pk, 1);
    pstr(pk, s->recipe);
    pstr(pk, "snapshots");
    msgpack_pack_array(pk, 1);
    msgpack_pack_array(pk, 7);
    msgpack_pack_uint32(pk, 0);
    msgpack_pack_double(pk, 1.0);
    msgpack_pack_double(pk, 1.0);
    msgpack_pack_double(pk, 1.0);
    msgpack_pack_int64(pk, 1000);
    msgpack_pack_array(pk, 3);
    msgpack_pack_uint32(pk, 0);
    msgpack_pack_uint32(pk, 2);
    msgpack_pack_uint32(pk, 1);
    msgpack_pack_array(pk, 6);
    msgpack_pack_uint32(pk, 1);
    msgpack_pack_uint32(pk, s->ingot_qty);
    msgpack_pack_double(pk, 1.0);
    msgpack_pack_uint32(pk, 2);
    msgpack_pack_uint32(pk, 1);
    msgpack_pack_double(pk, 0.5);
    pstr(pk, "jobs");
    msgpack_pack_array(pk, s->jobs_declared);
    pack_job(pk, s, sb, 0, 4000, 1);
    pack_job(pk, s, sb, s->slot2, s->start2, 0);
    pstr(pk, "blocked");
    msgpack_pack_array(pk, s->held_ingots ? 1 : 0);
    if (s->held_ingots) { /* job 1 (slot2) holds ingots */
        msgpack_pack_array(pk, 2);
        msgpack_pack_uint32(pk, s->slot2);
        msgpack_pack_array(pk, 2);
        msgpack_pack_uint32(pk, 1); /* item "ingot" */
        msgpack_pack_uint32(pk, s->held_ingots);
    }
    pstr(pk, "slots");
    msgpack_pack_array(pk, 2);
    msgpack_pack_uint32(pk, 3);           /* hwm: slot 2 is free */
    msgpack_pack_array(pk, 2);
    msgpack_pack_uint32(pk, 2);
    msgpack_pack_uint32(pk, 4);
    if (v1_1) {
        pstr(pk, "catch_up");
        msgpack_pack_int64(pk, s->catch_up);
    }
    if (s->key_after_slots) { /* the 100-byte crash: a key after the last field */
        pstr(pk, "x");
        msgpack_pack_uint32(pk, 0);
    }
}

static msgpack_sbuffer blob(spec *s)
{
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    msgpack_packer pk;
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    msgpack_pack_array(&pk, 5);
    pstr(&pk, "PRODSAVE");
    msgpack_pack_uint32(&pk, s->major);
    msgpack_pack_uint32(&pk, s->minor);
    if (s->version_nul) {
        msgpack_pack_str(&pk, 5);
        msgpack_pack_str_body(&pk, "te\0st", 5);
    } else {
        pstr(&pk, s->version);
    }
    pack_body(&pk, s, &sb);
    return sb;
}

/* Load s's blob with options (NULL = defaults): the status, with the error
 * text in err. */
static prod_status try_load_with(th_host *h, spec s, const prod_load_options *opts, char *err,
                                 size_t cap, prod_manager **out)
{
    msgpack_sbuffer sb = blob(&s);
    prod_manager *m = NULL;
    prod_status st = h->api->deserialize(h->ctx, (const uint8_t *)sb.data, sb.size, opts, &m);
    snprintf(err, cap, "%s", h->api->last_error(h->ctx));
    msgpack_sbuffer_destroy(&sb);
    if (out)
        *out = m;
    else if (m)
        h->api->manager_destroy(m);
    if (st != PROD_OK)
        CHECK(m == NULL);
    return st;
}

static prod_status try_load(th_host *h, spec s, char *err, size_t cap, prod_manager **out)
{
    return try_load_with(h, s, NULL, err, cap, out);
}

static void expect(th_host *h, spec s, prod_status want, const char *needle)
{
    char err[512];
    prod_status st = try_load(h, s, err, sizeof err, NULL);
    CHECK(st == want);
    if (needle && !strstr(err, needle)) {
        fprintf(stderr, "error text lacks \"%s\": %s\n", needle, err);
        CHECK(!"error text");
    }
    if (want != PROD_OK)
        CHECK(strstr(err, "byte") != NULL);
}

static const char *SO; /* the plugin under test (argv[1]) */

/* A host with RECIPES; 0 after a failed check. */
static int host_open(th_host *h)
{
    char err[512] = "";
    th_load(h, SO);
    if (CHECK_OK(th_init(h, RECIPES, 0, err, sizeof err)))
        return 1;
    fprintf(stderr, "init: %s\n", err);
    return 0;
}

/* ---- saved state trusted only where it cannot be checked ---------------- */

/* The 100-byte save that crashed the loader: after "slots" there is no field
 * left to expect, and a key there indexed past the table of fields. */
static void key_after_the_last_field_is_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.key_after_slots = 1;
    expect(&h, s, PROD_ERR_FORMAT, "field \"x\" is unknown");
    s.minor = 1; /* after format 1.1's last field too */
    expect(&h, s, PROD_ERR_FORMAT, "field \"x\" is unknown");
    th_close(&h);
}

static void format_1_1_blob_with_its_budget_loads(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.minor = 1;
    prod_manager *m = NULL;
    char err[512];
    REQUIRE_OK(try_load(&h, s, err, sizeof err, &m));
    prod_manager_config c = {.struct_size = sizeof c};
    CHECK_OK(h.api->manager_config(m, &c));
    CHECK(c.max_completions == 500);
    h.api->manager_destroy(m);
    s.catch_up = 5001; /* after the manager's time */
    expect(&h, s, PROD_ERR_FORMAT, "catch_up");
    s.catch_up = -2;
    expect(&h, s, PROD_ERR_FORMAT, "catch_up");
    th_close(&h);
}

/* A save saying 2 ore make a billion ingots is refused, naming the job. */
static void forged_effective_values_are_refused_naming_the_job(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.ingot_qty = 1000000000;
    expect(&h, s, PROD_ERR_FORMAT, "job in slot 0 (recipe \"smelt\")");
    expect(&h, s, PROD_ERR_FORMAT, "outputs[0].qty: saved 1000000000, the recipe gives 1");
    th_close(&h);
}

static void changed_recipe_policy_current_runs_on_the_recipe_as_loaded(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.ingot_qty = 1000000000;
    prod_load_options o = {.struct_size = sizeof o, .version = PROD_LOAD_OPTIONS_VERSION,
                           .changed_recipe = PROD_CHANGED_RECIPE_CURRENT};
    prod_manager *m = NULL;
    char err[512];
    REQUIRE_OK(try_load_with(&h, s, &o, err, sizeof err, &m));
    prod_job_id ids[2];
    uint32_t n = 0;
    REQUIRE_OK(h.api->jobs_all(m, ids, 2, &n));
    REQUIRE(n == 2);
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(h.api->job_get(m, ids[0], 5000, &info));
    CHECK(info.output_count == 2 && info.outputs[0].qty == 1); /* not a billion */
    CHECK_OK(h.api->tick(m, 6000));
    CHECK(th_count(&h, 3, "ingot") <= 2);
    h.api->manager_destroy(m);
    o.changed_recipe = 2;
    CHECK(try_load_with(&h, s, &o, err, sizeof err, NULL) == PROD_ERR_INVALID_ARGUMENT);
    th_close(&h);
}

static void held_outputs_beyond_one_roll_are_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.held_ingots = 1; /* what smelt's roll gives: loads */
    prod_manager *m = NULL;
    char err[512];
    REQUIRE_OK(try_load(&h, s, err, sizeof err, &m));
    h.api->manager_destroy(m);
    s.held_ingots = 1000;
    expect(&h, s, PROD_ERR_FORMAT, "holds 1000 \"ingot\", more than one roll of its outputs");
    prod_load_options o = {.struct_size = sizeof o, .version = PROD_LOAD_OPTIONS_VERSION,
                           .changed_recipe = PROD_CHANGED_RECIPE_CURRENT};
    REQUIRE_OK(try_load_with(&h, s, &o, err, sizeof err, &m)); /* cut to the recipe's 1 */
    prod_job_id ids[2];
    uint32_t n = 0;
    REQUIRE_OK(h.api->jobs_all(m, ids, 2, &n));
    prod_job_info info = {.struct_size = sizeof info};
    REQUIRE_OK(h.api->job_get(m, ids[1], 5000, &info));
    CHECK(info.state == PROD_JOB_BLOCKED && info.held_count == 1 && info.held[0].qty == 1);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void nul_in_the_writers_version_is_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.version = ""; /* empty is fine */
    expect(&h, s, PROD_OK, NULL);
    s.version_nul = 1;
    expect(&h, s, PROD_ERR_FORMAT, "plugin version): contains a NUL byte");
    th_close(&h);
}

/* ---- crafted blobs ----------------------------------------------------------- */

static void hand_written_blob_is_a_valid_save(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    prod_manager *m = NULL;
    char err[512];
    CHECK_OK(try_load(&h, s, err, sizeof err, &m)); /* the hand-written blob is valid */
    CHECK(h.api->job_count(m) == 2);
    h.api->manager_destroy(m);
    th_close(&h);
}

static void count_beyond_the_limit_or_the_bytes_left_is_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s = good(), s.jobs_declared = UINT32_MAX; /* 5 bytes asking for 4 billion jobs */
    expect(&h, s, PROD_ERR_FORMAT, "4294967295 elements; expected 0 to 16777215");
    s = good(), s.jobs_declared = 16000000; /* within the limit, beyond the bytes */
    expect(&h, s, PROD_ERR_FORMAT, "declares 16000000 elements but only");
    s = good(), s.jobs_declared = 3;
    expect(&h, s, PROD_ERR_FORMAT, NULL);
    th_close(&h);
}

static void duplicate_job_slot_is_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.slot2 = 0;
    expect(&h, s, PROD_ERR_FORMAT, "ascending slot");
    th_close(&h);
}

static void times_out_of_range_are_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s = good(), s.start2 = 6000; /* starts after the manager's time */
    expect(&h, s, PROD_ERR_FORMAT, "start");
    s = good(), s.time = ((int64_t)1 << 52) + 1;
    expect(&h, s, PROD_ERR_FORMAT, "time");
    s = good(), s.start2 = -5;
    expect(&h, s, PROD_ERR_FORMAT, "is outside");
    th_close(&h);
}

static void unknown_field_or_extra_value_of_this_minor_is_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s = good(), s.extra_key = 1;
    expect(&h, s, PROD_ERR_FORMAT, "\"future\" is unknown");
    s = good(), s.extra_job_value = 1;
    expect(&h, s, PROD_ERR_FORMAT, "elements; expected 8 to 8");
    th_close(&h);
}

static void newer_minor_may_add_fields_and_values(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.extra_key = 1, s.extra_job_value = 1, s.minor = 7; /* a newer writer */
    expect(&h, s, PROD_OK, NULL);
    th_close(&h);
}

static void unknown_major_is_a_version_error(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.major = 2;
    expect(&h, s, PROD_ERR_VERSION, "format version 2.0");
    th_close(&h);
}

static void job_of_an_unloaded_recipe_is_refunded_by_default(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.recipe = "no_such_recipe"; /* default policy: refund, no error */
    expect(&h, s, PROD_OK, NULL);
    th_close(&h);
}

static void loaded_recipe_using_an_unknown_item_is_not_found(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.item0 = "no_such_item"; /* a loaded recipe using an unknown item */
    expect(&h, s, PROD_ERR_NOT_FOUND, "no_such_item");
    th_close(&h);
}

/* Wrong type: the offset is exactly where job 0's owner starts. */
static void wrong_type_is_refused_at_its_exact_byte_offset(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    spec s = good();
    s.owner_as_string = 1;
    char want[64];
    msgpack_sbuffer probe = blob(&s);
    msgpack_sbuffer_destroy(&probe);
    snprintf(want, sizeof want, "byte %zu (job 0, owner)", s.owner_at);
    expect(&h, s, PROD_ERR_FORMAT, want);
    expect(&h, s, PROD_ERR_FORMAT, "expected an integer, found a string");
    th_close(&h);
}

/* Not a save at all, and trailing bytes. */
static void bytes_that_are_not_a_save_are_refused(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    prod_manager *m = NULL;
    CHECK(h.api->deserialize(h.ctx, (const uint8_t *)"hello", 5, NULL, &m) == PROD_ERR_FORMAT);
    CHECK(h.api->deserialize(h.ctx, NULL, 0, NULL, &m) == PROD_ERR_FORMAT && !m);
    th_close(&h);
}

static void trailing_bytes_are_refused_and_counted(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    prod_manager *m = NULL;
    spec s = good();
    msgpack_sbuffer sb = blob(&s);
    msgpack_sbuffer_write(&sb, "\x01", 1);
    CHECK(h.api->deserialize(h.ctx, (const uint8_t *)sb.data, sb.size, NULL, &m) ==
          PROD_ERR_FORMAT);
    CHECK(strstr(h.api->last_error(h.ctx), "1 bytes follow") != NULL);
    msgpack_sbuffer_destroy(&sb);
    th_close(&h);
}

/* --- damage to a real save ------------------------------------------------ */

static uint8_t *real_save(th_host *h, size_t *len)
{
    const prod_api *a = h->api;
    prod_manager *m = th_manager(h, 5, PROD_OUTPUT_HOLD);
    if (!m)
        return NULL;
    th_set(h, 1, "ore", 50);
    th_set(h, 1, "ingot", 5);
    h->capacity[2] = 1;
    th_set(h, 2, "ingot", 1);
    prod_job_id id;
    CHECK_OK(a->start_repeating(m, th_recipe(h, "smelt"), 1, 1, 0, NULL));
    CHECK_OK(a->start(m, th_recipe(h, "press"), 2, 1, 0, &id));
    CHECK_OK(a->start(m, th_recipe(h, "press"), 2, 2, 0, NULL)); /* will block */
    CHECK_OK(a->start(m, th_recipe(h, "smelt"), 3, 1, 0, NULL));
    CHECK_OK(a->cancel(m, id, PROD_REFUND_PROPORTIONAL, 100));
    CHECK_OK(a->tick(m, 2500));
    uint8_t *b = NULL;
    CHECK_OK(a->serialize(m, &b, len));
    a->manager_destroy(m);
    return b;
}

/* A load that succeeded must give a manager that works and saves again. */
static void exercise(th_host *h, prod_manager *m)
{
    uint8_t *b = NULL;
    size_t len;
    CHECK_OK(h->api->serialize(m, &b, &len));
    h->api->free_buffer(b);
    int64_t t = h->api->manager_time(m);
    CHECK_OK(h->api->tick(m, t + 100000));
    h->api->manager_destroy(m);
}

static void every_truncation_of_a_real_save_fails_with_an_offset(void)
{
    th_host h;
    REQUIRE(host_open(&h));
    size_t len;
    uint8_t *b = real_save(&h, &len);
    REQUIRE(b);
    uint8_t *copy = malloc(len);
    prod_manager *m = NULL;
    for (size_t cut = 0; cut < len; cut++) { /* every truncation fails cleanly */
        memcpy(copy, b, cut);
        CHECK(h.api->deserialize(h.ctx, copy, cut, NULL, &m) == PROD_ERR_FORMAT && !m);
        CHECK(strstr(h.api->last_error(h.ctx), "byte") != NULL);
    }
    free(copy);
    h.api->free_buffer(b);
    th_close(&h);
}

/* Each byte of a real save set to each of 8 values and to itself + 1:
 * every load fails with an offset or gives a manager that works and saves
 * again. The counts of both outcomes into *ok and *failed; 0 when the save
 * could not be made. */
static int damage_run(size_t *ok, size_t *failed)
{
    th_host h;
    *ok = *failed = 0;
    if (!host_open(&h))
        return 0;
    size_t len;
    uint8_t *b = real_save(&h, &len);
    if (!b)
        return 0;
    uint8_t *copy = malloc(len);
    prod_manager *m = NULL;
    static const uint8_t values[] = {0x00, 0xFF, 0xC1, 0xDD, 0xDC, 0x7F, 0xCB, 0x91};
    for (size_t i = 0; i < len; i++) {
        for (size_t v = 0; v < sizeof values + 1; v++) {
            memcpy(copy, b, len);
            copy[i] = v < sizeof values ? values[v] : (uint8_t)(b[i] + 1);
            prod_status st = h.api->deserialize(h.ctx, copy, len, NULL, &m);
            if (st == PROD_OK) {
                (*ok)++;
                exercise(&h, m);
            } else {
                (*failed)++;
                CHECK(!m && strstr(h.api->last_error(h.ctx), "byte") != NULL);
            }
        }
    }
    free(copy);
    h.api->free_buffer(b);
    th_close(&h);
    return 1;
}

static void damaged_byte_fails_with_an_offset_or_loads_a_working_manager(void)
{
    size_t ok, failed;
    REQUIRE(damage_run(&ok, &failed));
    REQUIRE(ok + failed > 0);
}

/* most damage is detected; some (a changed owner) is valid */
static void most_byte_damage_is_detected_and_some_is_valid(void)
{
    size_t ok, failed;
    REQUIRE(damage_run(&ok, &failed));
    CHECK(failed > ok);
    CHECK(ok > 0);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(hand_written_blob_is_a_valid_save);
    RUN(count_beyond_the_limit_or_the_bytes_left_is_refused);
    RUN(duplicate_job_slot_is_refused);
    RUN(times_out_of_range_are_refused);
    RUN(unknown_field_or_extra_value_of_this_minor_is_refused);
    RUN(newer_minor_may_add_fields_and_values);
    RUN(unknown_major_is_a_version_error);
    RUN(job_of_an_unloaded_recipe_is_refunded_by_default);
    RUN(loaded_recipe_using_an_unknown_item_is_not_found);
    RUN(wrong_type_is_refused_at_its_exact_byte_offset);
    RUN(bytes_that_are_not_a_save_are_refused);
    RUN(trailing_bytes_are_refused_and_counted);
    RUN(every_truncation_of_a_real_save_fails_with_an_offset);
    RUN(damaged_byte_fails_with_an_offset_or_loads_a_working_manager);
    RUN(most_byte_damage_is_detected_and_some_is_valid);
    RUN(key_after_the_last_field_is_refused);
    RUN(format_1_1_blob_with_its_budget_loads);
    RUN(forged_effective_values_are_refused_naming_the_job);
    RUN(changed_recipe_policy_current_runs_on_the_recipe_as_loaded);
    RUN(held_outputs_beyond_one_roll_are_refused);
    RUN(nul_in_the_writers_version_is_refused);
    return check_finish("it_persist_hostile");
}
