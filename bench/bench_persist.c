/* bench_persist.c - the persistence workloads: W6 serialize/deserialize of
 * 100 managers x 10,000 jobs, W8 catch-up of a chunk unloaded for 24 hours.
 * Both report "unavailable" when the plugin answers PROD_ERR_STATE. */
#include "bench.h"

#include <stdlib.h>


/* Serialize m into *bytes; 1 on success, 0 (reported) when persistence is
 * not available; exits on any other error. */
static int save(const bench_opts *o, const char *w, bench_host *b, prod_manager *m,
                uint8_t **bytes, size_t *len)
{
    prod_status st = b->api->serialize(m, bytes, len);
    if (st == PROD_ERR_STATE) {
        bench_unavailable(o, w, "serialize answers PROD_ERR_STATE (persistence not built)");
        return 0;
    }
    bench_check(st, "serialize", b, m);
    return 1;
}

void w6_persist(const bench_opts *o, const prod_api *api)
{
    const uint32_t n = o->quick ? 10 : 100, per = 10000;
    bench_host b;
    bench_setup(&b, api, n, BENCH_ORE_PLENTY);
    prod_manager **ms = bench_managers(&b, n);
    uint8_t **saved = calloc(n, sizeof *saved);
    size_t *lens = calloc(n, sizeof *lens);
    uint64_t seed = BENCH_SEED;
    bench_fill(&b, ms, n, per, 1000, 0, &seed);
    double ser = 0, de = 0, bytes = 0, jobs = (double)n * per;
    int ok = 1;
    for (uint32_t i = 0; i < n && ok; i++) {
        double t0 = bench_now_ns();
        ok = save(o, "W6", &b, ms[i], &saved[i], &lens[i]);
        ser += bench_now_ns() - t0;
        bytes += (double)lens[i];
    }
    for (uint32_t i = 0; i < n && ok; i++) {
        prod_manager *back = NULL;
        double t0 = bench_now_ns();
        prod_status st = api->deserialize(b.ctx, saved[i], lens[i], NULL, &back);
        de += bench_now_ns() - t0;
        bench_check(st, "deserialize", &b, NULL);
        api->manager_destroy(back);
    }
    if (ok) {
        bench_report(o, "W6", "serialize_per_job", ser / jobs, "ns/job", "<=", 100);
        bench_report(o, "W6", "serialize_rate", bytes / ser * 1e3, "MB/s", NULL, 0);
        bench_report(o, "W6", "deserialize_per_job", de / jobs, "ns/job", "<=", 200);
        bench_report(o, "W6", "deserialize_rate", bytes / de * 1e3, "MB/s", NULL, 0);
        bench_report(o, "W6", "bytes_per_job", bytes / jobs, "B/job", NULL, 0);
    }
    for (uint32_t i = 0; i < n; i++)
        api->free_buffer(saved[i]);
    bench_destroy_all(api, ms, n);
    free(saved);
    free(lens);
    bench_free(&b);
}

void w8_catchup(const bench_opts *o, const prod_api *api)
{
    const uint32_t jobs = o->quick ? 1000 : 10000;
    const int64_t cycle = 60000, away = 24LL * 3600 * 1000;
    bench_host b;
    bench_setup(&b, api, 1, BENCH_ORE_PLENTY);
    prod_manager *m = bench_manager(&b, 1);
    for (uint32_t j = 0; j < jobs; j++) /* starts spread over one cycle */
        bench_check(api->start_repeating(m, BENCH_R60S, j, 0, (int64_t)j * cycle / jobs, NULL),
                    "start_repeating", &b, m);
    bench_check(api->tick(m, cycle), "tick", &b, m);
    uint8_t *bytes = NULL;
    size_t len = 0;
    int ok = save(o, "W8", &b, m, &bytes, &len);
    api->manager_destroy(m);
    if (ok) {
        uint64_t before = bench_events(&b, PROD_EVENT_COMPLETED);
        prod_manager *back = NULL;
        double t0 = bench_now_ns();
        bench_check(api->deserialize(b.ctx, bytes, len, NULL, &back), "deserialize", &b, NULL);
        double t1 = bench_now_ns();
        prod_status st;
        while ((st = api->tick(back, cycle + away)) == PROD_MORE) /* a budget per call */
            ;
        bench_check(st, "tick", &b, back);
        double t2 = bench_now_ns();
        double cycles = (double)(bench_events(&b, PROD_EVENT_COMPLETED) - before);
        bench_report(o, "W8", "load_ms", (t1 - t0) / 1e6, "ms", NULL, 0);
        bench_report(o, "W8", "catch_up_ms", (t2 - t0) / 1e6, "ms", NULL, 0);
        bench_report(o, "W8", "cycles_caught_up", cycles, "cycles", NULL, 0);
        bench_report(o, "W8", "cycles_per_second", cycles / (t2 - t1) * 1e9, "cycles/s", NULL,
                     0);
        api->manager_destroy(back);
        api->free_buffer(bytes);
    }
    bench_free(&b);
}
