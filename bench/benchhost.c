/* benchhost.c - prodbench's host: dlopen of the plugin, array inventories
 * whose callbacks really check and move item counts, an event sink counting
 * events per manager, the fixed recipe set, clock and RSS helpers. */
#include "bench.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what, const char *why)
{
    fprintf(stderr, "prodbench: %s: %s\n", what, why);
    exit(2);
}

const prod_api *bench_load(const char *path)
{
    void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!so)
        die(path, dlerror());
    prod_get_api_fn get = (prod_get_api_fn)dlsym(so, PROD_ENTRY_SYMBOL);
    if (!get)
        die(path, "no prod_get_api symbol");
    const char *reason = "unknown";
    const prod_api *api = get(PROD_ABI_VERSION, &reason);
    if (!api)
        die(path, reason);
    return api;
}

/* Inventory i's counts, or NULL when there is no such inventory. */
static uint64_t *inv_of(void *user, uint64_t inventory)
{
    bench_host *b = user;
    return inventory < b->inv_count ? b->counts + inventory * b->item_slots : NULL;
}

static int32_t cb_count(void *user, uint64_t inventory, prod_item_id item, uint64_t *out)
{
    bench_host *b = user;
    uint64_t *v = inv_of(user, inventory);
    *out = v && item < b->item_slots ? v[item] : 0;
    return PROD_HOST_OK;
}

static int32_t cb_consume(void *user, uint64_t inventory, const prod_requirement *r, uint32_t n)
{
    bench_host *b = user;
    uint64_t *v = inv_of(user, inventory);
    if (!v)
        return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].item >= b->item_slots || v[r[i].item] < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].consume)
            v[r[i].item] -= r[i].qty;
    return PROD_HOST_OK;
}

/* Adds as it goes; an unknown item undoes what was added (all or nothing). */
static int32_t cb_add(void *user, uint64_t inventory, const prod_item_qty *items, uint32_t n)
{
    bench_host *b = user;
    uint64_t *v = inv_of(user, inventory);
    uint32_t i = 0;
    while (v && i < n && items[i].item < b->item_slots) {
        v[items[i].item] += items[i].qty;
        i++;
    }
    if (i == n)
        return PROD_HOST_OK;
    while (v && i-- > 0)
        v[items[i].item] -= items[i].qty;
    return PROD_HOST_FULL;
}

static void cb_event(void *user, const prod_event *e)
{
    bench_host *b = user;
    if (e->manager_tag >= 1 && e->manager_tag <= b->inv_count && e->type < BENCH_EVENT_TYPES)
        b->events[(e->manager_tag - 1) * BENCH_EVENT_TYPES + e->type]++;
}

static void cb_log(void *user, int32_t level, const char *message)
{
    (void)user;
    if (level >= PROD_LOG_WARN)
        fprintf(stderr, "plugin log %d: %s\n", level, message);
}

/* b zeroed, with its callbacks. */
static void host_init(bench_host *b)
{
    memset(b, 0, sizeof *b);
    b->host.struct_size = sizeof b->host;
    b->host.version = PROD_HOST_VERSION;
    b->host.user = b;
    b->host.inventory_count = cb_count;
    b->host.inventory_consume = cb_consume;
    b->host.inventory_add = cb_add;
    b->host.on_event = cb_event;
    b->host.log = cb_log;
}

void bench_host_alone(bench_host *b, uint32_t invs, uint64_t ore)
{
    host_init(b);
    b->item_slots = 3; /* what the recipe set has: ore, ingot, and one spare as with a plugin */
    b->ore = 0;
    b->ingot = 1;
    bench_invs(b, invs, ore);
}

prod_status bench_init(bench_host *b, const prod_api *api, const char *json, size_t len,
                       char *err, uint32_t err_cap)
{
    host_init(b);
    b->api = api;
    prod_recipe_source src = {.json = json, .json_len = len, .name = "bench"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &b->host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = err_cap};
    prod_status st = api->init(&p, &b->ctx);
    if (st != PROD_OK)
        return st;
    b->item_slots = api->item_count(b->ctx) + 1;
    if (api->item_find(b->ctx, "ore", &b->ore) != PROD_OK)
        b->ore = 0;
    if (api->item_find(b->ctx, "ingot", &b->ingot) != PROD_OK)
        b->ingot = 0;
    return PROD_OK;
}

void bench_invs(bench_host *b, uint32_t n, uint64_t ore)
{
    b->counts = calloc((size_t)n * b->item_slots, sizeof *b->counts);
    b->events = calloc((size_t)n * BENCH_EVENT_TYPES, sizeof *b->events);
    if (!b->counts || !b->events)
        die("inventories", "out of memory");
    for (uint32_t i = 0; i < n; i++)
        b->counts[(size_t)i * b->item_slots + b->ore] = ore;
    b->inv_count = n;
}

void bench_setup(bench_host *b, const prod_api *api, uint32_t invs, uint64_t ore)
{
    size_t len;
    char *json = bench_recipes_json(&len), err[512] = "";
    prod_status st = bench_init(b, api, json, len, err, sizeof err);
    free(json);
    if (st != PROD_OK) {
        fprintf(stderr, "prodbench: init failed with %d: %s\n", st, err);
        exit(2);
    }
    bench_invs(b, invs, ore);
}

void bench_free(bench_host *b)
{
    free(b->counts);
    free(b->events);
    if (b->api)
        b->api->shutdown(b->ctx);
    memset(b, 0, sizeof *b);
}

uint64_t bench_events(const bench_host *b, uint32_t type)
{
    uint64_t n = 0;
    for (uint32_t i = 0; type < BENCH_EVENT_TYPES && i < b->inv_count; i++)
        n += b->events[(size_t)i * BENCH_EVENT_TYPES + type];
    return n;
}

static const char RECIPE_FMT[] =
    "{\"id\":\"%s\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1,\"probability\":1}],\"duration_ms\":%ld}";

char *bench_recipes_json(size_t *len)
{
    size_t cap = 1024 * 128, n = 0;
    char *s = malloc(cap), id[32];
    if (!s)
        die("recipes", "out of memory");
    n += (size_t)snprintf(s + n, cap - n, "{\"recipes\":[");
    for (long k = 1; k <= 1002; k++) {
        long ms = k <= 1000 ? k : k == 1001 ? 60000 : 3600000;
        snprintf(id, sizeof id, "%s%ld", k <= 1000 ? "r" : "", k);
        if (k > 1000)
            snprintf(id, sizeof id, "%s", k == 1001 ? "cycle60s" : "hour");
        n += (size_t)snprintf(s + n, cap - n, k > 1 ? "," : "");
        n += (size_t)snprintf(s + n, cap - n, RECIPE_FMT, id, ms);
    }
    n += (size_t)snprintf(s + n, cap - n, "]}");
    if (n >= cap)
        die("recipes", "buffer too small");
    *len = n;
    return s;
}

void bench_check(prod_status st, const char *what, const bench_host *b, const prod_manager *m)
{
    if (st == PROD_OK)
        return;
    fprintf(stderr, "prodbench: %s failed with %d: %s\n", what, st,
            m ? b->api->manager_last_error(m) : b->api->last_error(b->ctx));
    exit(2);
}

prod_manager *bench_manager(bench_host *b, uint32_t id)
{
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION,
                             .tag = id, .seed = 0x5eed + id, .id_space = id,
                             .output_policy = PROD_OUTPUT_HOLD};
    prod_manager *m = NULL;
    bench_check(b->api->manager_create(b->ctx, &c, &m), "manager_create", b, NULL);
    return m;
}

void bench_destroy_all(const prod_api *api, prod_manager **ms, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        api->manager_destroy(ms[i]);
    free(ms);
}

prod_manager **bench_managers(bench_host *b, uint32_t n)
{
    prod_manager **ms = calloc(n, sizeof *ms);
    if (!ms) {
        fprintf(stderr, "prodbench: out of memory\n");
        exit(2);
    }
    for (uint32_t i = 0; i < n; i++)
        ms[i] = bench_manager(b, i + 1);
    return ms;
}

double bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

uint64_t bench_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t bench_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, rss = 0;
    if (f) {
        if (fscanf(f, "%lu %lu", &size, &rss) != 2)
            rss = 0;
        fclose(f);
    }
    return (uint64_t)rss * (uint64_t)sysconf(_SC_PAGESIZE);
}
