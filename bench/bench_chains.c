/* bench_chains.c - issue 5's chain figures: init (parse, registry and the
 * chain graph precomputed at init) of 100,000 generated recipes held in
 * memory, flat (ore -> item) and chain-heavy (40 layers, each recipe needing
 * items of the layer below and five below), and the time of one chain query. */
#include "bench.h"

#include <stddef.h>
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
