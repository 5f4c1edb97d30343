/* it_counters.c - a live manager's operations view through the real .so:
 * manager_counters counts every kind of event the manager emits (checked
 * against the events the host saw), restarts from 0 after a load, and is
 * copied out by struct_size; manager_dump_json describes the manager, its
 * counters and its jobs (parsed back with cJSON). */
#include <cjson/cJSON.h>
#include <string.h>

#include "testhost.h"

/* Every event kind: a one-off (smelt), a repeating job that runs out of ore
 * (mine), a job cancelled (smelt), one whose outputs do not fit (press). */
static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1}],\"duration_ms\":100},"
    "{\"id\":\"mine\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"gem\",\"qty\":1}],\"duration_ms\":10},"
    "{\"id\":\"press\",\"inputs\":[],\"outputs\":[{\"item\":\"plate\",\"qty\":5}],"
    "\"duration_ms\":50}"
    "]}";

static const char *SO;

typedef struct fx {
    th_host h;
    const prod_api *a;
    prod_manager *m;
    prod_job_id cancelled;
} fx;

/* Inventory 0: 3 ore for smelt x2 (one cancelled, refunded) and mine (2 cycles, then
 * it fails to restart); inventory 1 holds 3 items, so press's 5 plates
 * block. Ticked to 200. */
static int fx_run(fx *f)
{
    char err[256] = "";
    th_load(&f->h, SO);
    f->a = f->h.api;
    if (!CHECK_OK(th_init(&f->h, RECIPES, 0, err, sizeof err)))
        return 0;
    f->m = th_manager(&f->h, 1, PROD_OUTPUT_HOLD);
    f->h.capacity[1] = 3;
    th_set(&f->h, 0, "ore", 3);
    const prod_api *a = f->a;
    return f->m && CHECK_OK(a->start(f->m, th_recipe(&f->h, "smelt"), 1, 0, 0, NULL)) &&
           CHECK_OK(a->start(f->m, th_recipe(&f->h, "smelt"), 1, 0, 0, &f->cancelled)) &&
           CHECK_OK(a->start_repeating(f->m, th_recipe(&f->h, "mine"), 2, 0, 0, NULL)) &&
           CHECK_OK(a->start(f->m, th_recipe(&f->h, "press"), 3, 1, 0, NULL)) &&
           CHECK_OK(a->cancel(f->m, f->cancelled, PROD_REFUND_FULL, 5)) &&
           CHECK_OK(a->tick(f->m, 200));
}

static void fx_close(fx *f)
{
    f->a->manager_destroy(f->m);
    th_close(&f->h);
}

static uint64_t seen(const fx *f, uint32_t type, int reason)
{
    return th_count_events(&f->h, type, reason);
}

static void counters_count_every_kind_of_event_the_host_saw(void)
{
    fx f;
    REQUIRE(fx_run(&f));
    prod_manager_counters c = {.struct_size = sizeof c};
    REQUIRE_OK(f.a->manager_counters(f.m, &c));
    CHECK(c.struct_size == sizeof c);
    CHECK(c.starts == seen(&f, PROD_EVENT_STARTED, -1) && c.starts == 4);
    CHECK(c.restarts == seen(&f, PROD_EVENT_RESTARTED, -1) && c.restarts == 1);
    CHECK(c.completions == seen(&f, PROD_EVENT_COMPLETED, -1) && c.completions == 3);
    CHECK(c.cancels == seen(&f, PROD_EVENT_CANCELLED, -1) && c.cancels == 1);
    CHECK(c.blocked_outputs == seen(&f, PROD_EVENT_OUTPUT_BLOCKED, -1) && c.blocked_outputs == 1);
    CHECK(c.failed_to_restart == seen(&f, PROD_EVENT_FAILED, PROD_REASON_FAILED_TO_RESTART) &&
          c.failed_to_restart == 1);
    CHECK(c.failed_output_full == 0 && c.recipe_removed == 0);
    CHECK(c.events == f.h.n_events);
    CHECK(c.jobs == f.a->job_count(f.m) && c.jobs == 1 && c.jobs_blocked == 1);
    prod_memory_stats mem = {.struct_size = sizeof mem};
    REQUIRE_OK(f.a->manager_memory(f.m, &mem));
    CHECK(c.bytes_reserved == mem.bytes_reserved && c.bytes_used == mem.bytes_used);
    fx_close(&f);
}

/* Counters describe this instance: a loaded manager starts from 0. */
static void counters_start_from_zero_after_a_load(void)
{
    fx f;
    REQUIRE(fx_run(&f));
    uint8_t *b = NULL;
    size_t n = 0;
    REQUIRE_OK(f.a->serialize(f.m, &b, &n));
    prod_manager *back = NULL;
    CHECK_OK(f.a->deserialize(f.h.ctx, b, n, NULL, &back));
    f.a->free_buffer(b);
    prod_manager_counters c = {.struct_size = sizeof c};
    if (CHECK(back != NULL) && CHECK_OK(f.a->manager_counters(back, &c)))
        CHECK(c.events == 0 && c.starts == 0 && c.jobs == 1 && c.jobs_blocked == 1);
    f.a->manager_destroy(back);
    fx_close(&f);
}

/* A caller with a shorter struct gets what fits; below the header, VERSION. */
static void counters_are_copied_out_up_to_struct_size(void)
{
    fx f;
    REQUIRE(fx_run(&f));
    prod_manager_counters c;
    memset(&c, 0xAB, sizeof c);
    c.struct_size = (uint32_t)offsetof(prod_manager_counters, restarts);
    REQUIRE_OK(f.a->manager_counters(f.m, &c));
    CHECK(c.struct_size == offsetof(prod_manager_counters, restarts) && c.starts == 4);
    CHECK(c.restarts == 0xABABABABABABABABull);
    c.struct_size = 4;
    CHECK(f.a->manager_counters(f.m, &c) == PROD_ERR_VERSION);
    fx_close(&f);
}

static double field(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static const char *text(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void dump_json_shows_the_manager_its_counters_and_its_jobs(void)
{
    fx f;
    REQUIRE(fx_run(&f));
    char *json = NULL;
    size_t len = 0;
    REQUIRE_OK(f.a->manager_dump_json(f.m, &json, &len));
    CHECK(strlen(json) == len);
    cJSON *root = cJSON_Parse(json);
    f.a->free_buffer(json);
    REQUIRE(root != NULL);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "manager");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "counters");
    const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(root, "jobs");
    CHECK(field(m, "tag") == 7 && field(m, "time_ms") == 200 && field(m, "job_count") == 1);
    CHECK(strcmp(text(m, "output_policy"), "hold") == 0 && strlen(text(m, "seed")) == 18);
    CHECK(field(c, "completions") == 3 && field(c, "events") == (double)f.h.n_events);
    REQUIRE(cJSON_IsArray(jobs) && cJSON_GetArraySize(jobs) == 1);
    const cJSON *j = cJSON_GetArrayItem(jobs, 0);
    CHECK(strcmp(text(j, "recipe"), "press") == 0 && strcmp(text(j, "state"), "blocked") == 0);
    CHECK(field(j, "owner") == 3 && field(j, "inventory") == 1 && field(j, "end_ms") == 50);
    const cJSON *held = cJSON_GetObjectItemCaseSensitive(j, "held");
    CHECK(cJSON_GetArraySize(held) == 1 &&
          strcmp(text(cJSON_GetArrayItem(held, 0), "item"), "plate") == 0 &&
          field(cJSON_GetArrayItem(held, 0), "qty") == 5);
    cJSON_Delete(root);
    fx_close(&f);
}

static void dump_json_of_an_empty_manager_has_no_jobs(void)
{
    th_host h;
    char err[256] = "";
    th_load(&h, SO);
    REQUIRE_OK(th_init(&h, RECIPES, 0, err, sizeof err));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    char *json = NULL;
    size_t len = 0;
    if (CHECK(m != NULL) && CHECK_OK(h.api->manager_dump_json(m, &json, &len))) {
        cJSON *root = cJSON_Parse(json);
        CHECK(root && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "jobs")) == 0);
        cJSON_Delete(root);
    }
    CHECK(h.api->manager_dump_json(NULL, &json, &len) == PROD_ERR_INVALID_ARGUMENT);
    h.api->free_buffer(json);
    h.api->manager_destroy(m);
    th_close(&h);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(counters_count_every_kind_of_event_the_host_saw);
    RUN(counters_start_from_zero_after_a_load);
    RUN(counters_are_copied_out_up_to_struct_size);
    RUN(dump_json_shows_the_manager_its_counters_and_its_jobs);
    RUN(dump_json_of_an_empty_manager_has_no_jobs);
    return check_finish("it_counters");
}
