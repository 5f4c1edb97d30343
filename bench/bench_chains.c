/* bench_chains.c - issue 5's chain figures: init (parse, registry and the
 * chain graph precomputed at init) of 100,000 generated recipes held in
 * memory, flat (ore -> item) and chain-heavy (40 layers, each recipe needing
 * items of the layer below and five below), and the time of one chain query;
 * and issue 13's calculator figures (calc) on the full Factorio 1.1 set: a
 * rate query with machines (chain_flow), one flow per producible item, and
 * the LP (chain_optimize) for the same targets. */
#include "bench.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define LAYERS 40u

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, unsigned x, unsigned y)
{
    if (b->cap - b->n < 256) {
        b->cap = b->cap ? b->cap * 2 : 1 << 20;
        b->s = realloc(b->s, b->cap);
        if (!b->s) {
            fprintf(stderr, "prodbench: out of memory\n");
            exit(2);
        }
    }
    b->n += (size_t)snprintf(b->s + b->n, b->cap - b->n, fmt, x, y);
}

/* n recipes "c<i>" producing item "i<i>". heavy: item i sits in layer
 * i / (n / LAYERS) and needs one item of the layer below and one of five
 * layers below (each picked by a fixed PRNG), plus ore. */
static char *recipes(uint32_t n, int heavy, size_t *len)
{
    buf b = {0};
    uint64_t seed = 5;
    uint32_t width = n / LAYERS;
    put(&b, "{\"recipes\":[", 0, 0);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t layer = i / width;
        if (i)
            put(&b, ",", 0, 0);
        put(&b, "{\"id\":\"c%u\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}", i, 0);
        for (uint32_t back = 1; heavy && back <= 5 && back <= layer; back += 4) {
            uint32_t below = (layer - back) * width + (uint32_t)(bench_rand(&seed) % width);
            put(&b, ",{\"item\":\"i%u\",\"qty\":%u}", below, 1 + (back == 1));
        }
        put(&b, "],\"outputs\":[{\"item\":\"i%u\",\"qty\":1}],\"duration_ms\":%u}", i, 1 + i % 1000);
    }
    put(&b, "]}", 0, 0);
    *len = b.n;
    return b.s;
}

/* Init with n generated recipes; reports the time; on success leaves the
 * context in *b. */
static int timed_init(const bench_opts *o, const prod_api *api, bench_host *b, uint32_t n,
                      int heavy)
{
    size_t len;
    char *json = recipes(n, heavy, &len), err[512] = "", metric[64];
    double t0 = bench_now_ns();
    prod_status st = bench_init(b, api, json, len, err, sizeof err);
    double ns = bench_now_ns() - t0;
    free(json);
    if (st != PROD_OK) {
        fprintf(stderr, "prodbench: chains init failed with %d: %s\n", st, err);
        bench_unavailable(o, "chains", "init of the generated recipes failed");
        return 0;
    }
    snprintf(metric, sizeof metric, "init_%s_%u_recipes", heavy ? "chain_heavy" : "flat", n);
    bench_report(o, "chains", metric, ns / 1e6, "ms", NULL, 0);
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median time of `reps` chain_build queries for the last recipe's item. */
static void query(const bench_opts *o, bench_host *b, uint32_t n, const char *label)
{
    char name[32], metric[64];
    snprintf(name, sizeof name, "i%u", n - 1);
    prod_chain_request rq = {.struct_size = sizeof rq, .version = PROD_CHAIN_REQUEST_VERSION,
                             .runs = 1, .strategy = PROD_STRATEGY_MAKE_ALL};
    bench_check(b->api->item_find(b->ctx, name, &rq.item), "item_find", b, NULL);
    enum { REPS = 21 };
    double t[REPS];
    uint32_t nodes = 0;
    for (int i = 0; i < REPS; i++) {
        prod_chain_result *res = NULL;
        double t0 = bench_now_ns();
        prod_status st = b->api->chain_build(b->ctx, &rq, &res);
        t[i] = bench_now_ns() - t0;
        bench_check(st, "chain_build", b, NULL);
        nodes = res->node_count;
        b->api->free_buffer(res);
    }
    qsort(t, REPS, sizeof t[0], cmp_double);
    snprintf(metric, sizeof metric, "query_%s_us", label);
    bench_report(o, "chains", metric, t[REPS / 2] / 1e3, "us", NULL, 0);
    snprintf(metric, sizeof metric, "query_%s_nodes", label);
    bench_report(o, "chains", metric, nodes, "nodes", NULL, 0);
}

void w_chains(const bench_opts *o, const prod_api *api)
{
    if (api->struct_size < offsetof(prod_api, recipes_startable) + sizeof(void *)) {
        bench_unavailable(o, "chains", "the plugin serves no chains ABI (1.2)");
        return;
    }
    const uint32_t n = o->quick ? 10000 : 100000;
    for (int heavy = 0; heavy < 2; heavy++) {
        bench_host b;
        if (!timed_init(o, api, &b, n, heavy))
            continue;
        query(o, &b, n, heavy ? "chain_heavy" : "flat");
        bench_free(&b);
    }
}

/* ---- calc: rate queries and the LP on the full Factorio 1.1 set ----------- */

/* The converted Factorio 1.1 recipes (dataconv's output: ctest's conv fixture
 * or bench/run.sh write it), or NULL. */
static char *factorio_json(size_t *len)
{
    const char *path = getenv("PROD_BENCH_FACTORIO");
    FILE *f = fopen(path ? path : PROD_BENCH_DATA "/factorio_1_1.json", "rb");
    char *text = NULL;
    long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n > 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)))
        *len = fread(text, 1, (size_t)n, f);
    if (f)
        fclose(f);
    return text;
}

/* Assembling machine 3, steel furnace, and speed 1 for the rest. */
static const prod_machine MACHINES[] = {
    {.category = "crafting", .speed_num = 5, .speed_den = 4, .power_kw = 375},
    {.category = "advanced-crafting", .speed_num = 5, .speed_den = 4, .power_kw = 375},
    {.category = "crafting-with-fluid", .speed_num = 5, .speed_den = 4, .power_kw = 375},
    {.category = "smelting", .speed_num = 2, .speed_den = 1, .power_kw = 90},
    {.category = NULL, .speed_num = 1, .speed_den = 1, .power_kw = 210},
};

/* Median of reps runs of fn in microseconds; *out gets fn's last count. */
typedef uint32_t (*calc_fn)(bench_host *b, const prod_flow_request *f);

static double median_us(bench_host *b, const prod_flow_request *f, calc_fn fn, int reps,
                        uint32_t *out)
{
    double t[21];
    for (int i = 0; i < reps; i++) {
        double t0 = bench_now_ns();
        *out = fn(b, f);
        t[i] = (bench_now_ns() - t0) / 1e3;
    }
    qsort(t, (size_t)reps, sizeof t[0], cmp_double);
    return t[reps / 2];
}

static uint32_t run_flow(bench_host *b, const prod_flow_request *f)
{
    prod_flow_result *r = NULL;
    bench_check(b->api->chain_flow(b->ctx, f, &r), "chain_flow", b, NULL);
    uint32_t n = r->item_count;
    b->api->free_buffer(r);
    return n;
}

static uint32_t run_lp(bench_host *b, const prod_flow_request *f)
{
    prod_lp_request q = {.struct_size = sizeof q, .version = PROD_LP_REQUEST_VERSION, .flow = f};
    prod_flow_result *r = NULL;
    bench_check(b->api->chain_optimize(b->ctx, &q, &r), "chain_optimize", b, NULL);
    uint32_t n = r->step_count;
    b->api->free_buffer(r);
    return n;
}

/* One flow per producible item at 1/s: the total, and how many answered. */
static void every_item(const bench_opts *o, bench_host *b)
{
    uint32_t items = b->api->item_count(b->ctx), answered = 0;
    double t0 = bench_now_ns();
    for (prod_item_id it = 1; it <= items; it++) {
        const prod_recipe_ix *list;
        uint32_t n = 0;
        prod_flow_target t = {.item = it, .num = 1, .den = 1};
        prod_flow_request f = {.struct_size = sizeof f, .version = PROD_FLOW_REQUEST_VERSION,
                               .targets = &t, .target_count = 1, .unit = PROD_AMOUNT_PER_SECOND,
                               .machines = MACHINES, .machine_count = 5};
        prod_flow_result *r = NULL;
        if (b->api->recipes_by_output(b->ctx, it, &list, &n) != PROD_OK || n == 0)
            continue;
        answered += b->api->chain_flow(b->ctx, &f, &r) == PROD_OK;
        b->api->free_buffer(r);
    }
    bench_report(o, "calc", "flow_every_item_ms", (bench_now_ns() - t0) / 1e6, "ms", NULL, 0);
    bench_report(o, "calc", "flow_every_item_answered", answered, "items", NULL, 0);
}

void w_calc(const bench_opts *o, const prod_api *api)
{
    if (api->struct_size < offsetof(prod_api, exact_format) + sizeof(void *)) {
        bench_unavailable(o, "calc", "the plugin serves no chain_flow (ABI 1.4)");
        return;
    }
    size_t len = 0;
    char *json = factorio_json(&len), err[512] = "";
    bench_host b;
    if (!json || bench_init(&b, api, json, len, err, sizeof err) != PROD_OK) {
        free(json);
        bench_unavailable(o, "calc", "no converted Factorio recipes (run ctest or bench/run.sh)");
        return;
    }
    free(json);
    static const char *const wanted[] = {"rocket-part", "utility-science-pack",
                                         "production-science-pack"};
    prod_flow_target t[3];
    for (int i = 0; i < 3; i++) {
        t[i] = (prod_flow_target){.num = 1, .den = 1};
        bench_check(api->item_find(b.ctx, wanted[i], &t[i].item), "item_find", &b, NULL);
    }
    prod_flow_request f = {.struct_size = sizeof f, .version = PROD_FLOW_REQUEST_VERSION,
                           .targets = t, .target_count = 3, .unit = PROD_AMOUNT_PER_SECOND,
                           .machines = MACHINES, .machine_count = 5};
    int reps = o->quick ? 5 : 21;
    uint32_t n = 0;
    bench_report(o, "calc", "flow_rate_us", median_us(&b, &f, run_flow, reps, &n), "us", NULL, 0);
    bench_report(o, "calc", "flow_rate_items", n, "items", NULL, 0);
    every_item(o, &b);
    prod_lp_request probe = {.struct_size = sizeof probe, .version = PROD_LP_REQUEST_VERSION,
                             .flow = &f};
    prod_flow_result *r = NULL;
    if (api->chain_optimize(b.ctx, &probe, &r) == PROD_ERR_NOT_PROVIDED) {
        bench_unavailable(o, "calc", "lp: the plugin was built without CLP");
    } else {
        api->free_buffer(r);
        bench_report(o, "calc", "lp_us", median_us(&b, &f, run_lp, reps, &n), "us", NULL, 0);
        bench_report(o, "calc", "lp_recipes_used", n, "recipes", NULL, 0);
    }
    bench_free(&b);
}
