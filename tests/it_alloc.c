/* it_alloc.c - the host allocator hook (prod_host.allocate) through the real
 * .so: with a counting allocator every block the plugin asks for is given
 * back, each with the size it was given (no leak, no foreign or mis-sized
 * free), across init, managers (start, modifiers, hold, cancel, tick,
 * save, load, dump, counters), the manager registry, chains, flows,
 * exports, a coordinator (scan, plan, workers, trips, status, save, load)
 * and shutdown; and an allocator that refuses the n-th request,
 * for every n the scenario makes, never crashes the plugin, leaks nothing,
 * and only ever turns a call into an error. */
#include <string.h>

#include "testworld.h"

static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1}],\"duration_ms\":100},"
    "{\"id\":\"press\",\"inputs\":[{\"item\":\"ingot\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"plate\",\"qty\":2}],\"duration_ms\":40},"
    "{\"id\":\"mine\",\"inputs\":[],\"outputs\":[{\"item\":\"ore\",\"qty\":3}],"
    "\"duration_ms\":30}"
    "]}";

static const char *SO;

/* The blocks handed out, by address: an open-addressing table. */
#define SLOTS (1u << 16)

typedef struct counting {
    void *ptr[SLOTS];
    size_t size[SLOTS];
    size_t live, allocs, bad;  /* bad: a free or resize of an unknown block or a wrong size */
    long fail_at;              /* the request (counted from 1) to refuse; 0 = none */
    long requests;
} counting;

static counting C;

static size_t slot_of(const void *p)
{
    size_t i = ((uintptr_t)p >> 4) * 2654435761u % SLOTS;
    while (C.ptr[i] && C.ptr[i] != p)
        i = (i + 1) % SLOTS;
    return i;
}

static void forget(void *p, size_t size)
{
    size_t i = slot_of(p);
    if (C.ptr[i] != p || C.size[i] != size) {
        C.bad++;
        return;
    }
    /* backward-shift deletion keeps every probe chain whole */
    C.ptr[i] = NULL;
    for (size_t j = (i + 1) % SLOTS; C.ptr[j]; j = (j + 1) % SLOTS) {
        void *q = C.ptr[j];
        size_t qs = C.size[j];
        C.ptr[j] = NULL;
        size_t k = slot_of(q);
        C.ptr[k] = q;
        C.size[k] = qs;
    }
    C.live--;
}

static void remember(void *p, size_t size)
{
    size_t i = slot_of(p);
    C.ptr[i] = p;
    C.size[i] = size;
    C.live++;
    C.allocs++;
}

static void *count_allocate(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    if (new_size == 0) {
        forget(ptr, old_size);
        free(ptr);
        return NULL;
    }
    if (++C.requests == C.fail_at)
        return NULL;
    if (ptr && (C.ptr[slot_of(ptr)] != ptr || C.size[slot_of(ptr)] != old_size)) {
        C.bad++;
        return NULL;
    }
    void *q = malloc(new_size); /* a new block each time: a stale pointer is never valid */
    if (!q)
        return NULL;
    if (ptr) {
        memcpy(q, ptr, old_size < new_size ? old_size : new_size);
        forget(ptr, old_size);
        free(ptr);
    }
    remember(q, new_size);
    return q;
}

static void reset(long fail_at)
{
    memset(&C, 0, sizeof C);
    C.fail_at = fail_at;
}

/* Everything the scenario does; each call may fail (with a refusing
 * allocator), and the scenario goes on with what it has. 1 when every
 * call that failed failed with a status (never a crash). */
static int scenario(th_host *h)
{
    const prod_api *a = h->api;
    char err[256] = "";
    h->host.allocate = count_allocate;
    if (th_init(h, RECIPES, 1, err, sizeof err) != PROD_OK) {
        th_close(h); /* nothing was made: nothing to give back */
        return 1;
    }
    th_set(h, 0, "ore", 40);
    h->mods[0] = (prod_modifiers){1.0, 1.5, 1.0}; /* a snapshot record per recipe */
    prod_manager_config cfg = {.struct_size = sizeof cfg, .version = PROD_MANAGER_CONFIG_VERSION,
                               .tag = 7, .seed = 1};
    prod_manager *m = NULL;
    a->manager_create(h->ctx, &cfg, &m); /* NULL when refused */
    prod_manager_registry *reg = NULL;
    if (a->registry_create(h->ctx, &reg) == PROD_OK && m)
        a->registry_add(reg, 7, m);
    prod_job_id job = 0;
    for (int i = 0; m && i < 6; i++) {
        a->start(m, th_recipe(h, "smelt"), 1, 0, i, &job);
        a->start_repeating(m, th_recipe(h, "mine"), 2, 0, i, NULL);
    }
    if (m) {
        a->cancel(m, job, PROD_REFUND_FULL, 10);
        h->capacity[1] = 1; /* presses block */
        a->start(m, th_recipe(h, "press"), 3, 1, 10, NULL);
        a->tick(m, 500);
        uint8_t *bytes = NULL;
        size_t len = 0;
        if (a->serialize(m, &bytes, &len) == PROD_OK) {
            prod_manager *back = NULL;
            if (a->deserialize(h->ctx, bytes, len, NULL, &back) == PROD_OK) {
                a->tick(back, 2000);
                a->manager_destroy(back);
            }
            a->free_buffer(bytes);
        }
        char *json = NULL;
        if (a->manager_dump_json(m, &json, &len) == PROD_OK)
            a->free_buffer(json);
        prod_manager_counters c = {.struct_size = sizeof c};
        a->manager_counters(m, &c);
    }
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = th_item(h, "plate"), .runs = 3,
                            .strategy = PROD_STRATEGY_MAKE_ALL};
    prod_chain_result *res = NULL;
    if (a->chain_build(h->ctx, &q, &res) == PROD_OK)
        a->free_buffer(res);
    prod_flow_target t = {.item = th_item(h, "plate"), .num = 5, .den = 1};
    prod_flow_request fq = {.struct_size = sizeof fq, .version = PROD_FLOW_REQUEST_VERSION,
                            .targets = &t, .target_count = 1, .unit = PROD_AMOUNT_PER_MINUTE};
    prod_flow_result *flow = NULL;
    if (a->chain_flow(h->ctx, &fq, &flow) == PROD_OK)
        a->free_buffer(flow);
    prod_recipe_ix *startable = NULL;
    uint32_t n = 0;
    if (a->recipes_startable(h->ctx, 0, &startable, &n) == PROD_OK)
        a->free_buffer(startable);
    char *text = NULL;
    size_t len = 0;
    if (a->export_json(h->ctx, &text, &len) == PROD_OK)
        a->free_buffer(text);
    a->registry_destroy(reg);
    a->manager_destroy(m);
    th_close(h);
    return 1;
}

static tw W;

/* A coordinator's life in seeds 001/002's MACHINERY world, with the world
 * lenient (a refused block fails a call, never the test). */
static size_t coord_completed; /* TASK_COMPLETED events of the last coord_scenario */

static int coord_scenario(void)
{
    tw_prepare(&W, SO, 0);
    W.lenient = 1;
    W.h.host.allocate = count_allocate;
    if (tw_start(&W, TW_SPACETRADERS, NULL)) { /* the defaults: the scan is on */
        const prod_api *a = W.h.api;
        tw_machinery(&W);
        tw_worker_add(&W, 1, 11, 20);
        tw_worker_add(&W, 2, 12, 20);
        a->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL);
        tw_run(&W, 240000, 10000);
        if (tw_reload(&W)) {
            tw_run(&W, 480000, 10000);
            uint64_t ids[8];
            uint32_t n = 0;
            prod_pipeline_status *s = NULL;
            if (a->coord_pipelines(W.c, ids, 8, &n) == PROD_OK && n &&
                a->coord_status(W.c, ids[0], &s) == PROD_OK)
                a->free_buffer(s);
        }
    }
    coord_completed = tw_count(&W, PROD_COORD_EVENT_TASK_COMPLETED); /* tw_close frees the events */
    tw_close(&W);
    return 1;
}

static void every_block_comes_back_with_its_size(void)
{
    th_host h;
    th_load(&h, SO);
    reset(0);
    REQUIRE(scenario(&h));
    CHECK(C.allocs > 50); /* the plugin's memory went through the hook */
    CHECK(C.live == 0 && C.bad == 0);
}

static void a_coordinator_gives_every_block_back(void)
{
    reset(0);
    REQUIRE(coord_scenario());
    CHECK(W.failures == 0 && coord_completed >= 3);
    CHECK(C.allocs > 50 && C.live == 0 && C.bad == 0);
}

static void refusing_any_one_coordinator_request_leaks_nothing(void)
{
    reset(0);
    REQUIRE(coord_scenario());
    long total = C.requests, leaks = 0, bad = 0, failed = 0;
    for (long n = 1; n <= total; n++) {
        reset(n);
        coord_scenario();
        leaks += C.live != 0;
        bad += C.bad != 0;
        failed += W.failures != 0;
        if (C.live || C.bad)
            fprintf(stderr, "  refusing request %ld of %ld: %zu blocks left, %zu bad\n", n,
                    total, C.live, C.bad);
    }
    fprintf(stderr, "  %ld coordinator requests refused one at a time, %ld runs saw a failed call\n",
            total, failed);
    CHECK(total > 50 && leaks == 0 && bad == 0 && failed > 0);
}

/* A host table too short to have the member keeps the C library: nothing
 * reaches the counting allocator. */
static void an_older_host_table_keeps_the_c_library(void)
{
    th_host h;
    th_load(&h, SO);
    reset(0);
    h.host.allocate = count_allocate;
    h.host.struct_size = (uint32_t)offsetof(prod_host, allocate);
    char err[256] = "";
    REQUIRE_OK(th_init(&h, RECIPES, 0, err, sizeof err));
    prod_manager *m = th_manager(&h, 1, PROD_OUTPUT_HOLD);
    CHECK(m != NULL && C.allocs == 0);
    h.api->manager_destroy(m);
    th_close(&h);
}

/* Refuse the n-th request, for every n up to what the full run makes:
 * nothing crashes (the sanitizer builds run this too), nothing leaks,
 * every size matches. */
static void refusing_any_one_request_leaks_nothing(void)
{
    th_host h;
    th_load(&h, SO);
    reset(0);
    REQUIRE(scenario(&h));
    long total = C.requests, leaks = 0, bad = 0;
    for (long n = 1; n <= total; n++) {
        th_load(&h, SO);
        reset(n);
        scenario(&h);
        leaks += C.live != 0;
        bad += C.bad != 0;
        if (C.live || C.bad)
            fprintf(stderr, "  refusing request %ld of %ld: %zu blocks left, %zu bad\n", n,
                    total, C.live, C.bad);
    }
    fprintf(stderr, "  %ld requests refused one at a time\n", total);
    CHECK(total > 50 && leaks == 0 && bad == 0);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(every_block_comes_back_with_its_size);
    RUN(an_older_host_table_keeps_the_c_library);
    RUN(refusing_any_one_request_leaks_nothing);
    RUN(a_coordinator_gives_every_block_back);
    RUN(refusing_any_one_coordinator_request_leaks_nothing);
    return check_finish("it_alloc");
}
