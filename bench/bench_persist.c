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

/* Save m, destroy it and load it back: the loaded manager (load time in
 * *load_ns), or NULL when persistence is unavailable (reported). */
static prod_manager *reload(const bench_opts *o, const char *w, bench_host *b, prod_manager *m,
                            double *load_ns)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    int ok = save(o, w, b, m, &bytes, &len);
    b->api->manager_destroy(m);
    if (!ok)
        return NULL;
    prod_manager *back = NULL;
    double t0 = bench_now_ns();
    bench_check(b->api->deserialize(b->ctx, bytes, len, NULL, &back), "deserialize", b, NULL);
    *load_ns = bench_now_ns() - t0;
    b->api->free_buffer(bytes);
    return back;
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
    uint64_t before = bench_events(&b, PROD_EVENT_COMPLETED);
    double load_ns = 0;
    prod_manager *back = reload(o, "W8", &b, m, &load_ns);
    if (back) {
        double t1 = bench_now_ns(), t0 = t1 - load_ns;
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
    }
    bench_free(&b);
}

static int cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* W11: a 10,000-job chunk saved at one minute and loaded again 30 days of
 * game time later, caught up under the manager's per-call budget (the
 * default max_completions, 100,000): time per tick call and calls needed.
 * Half the jobs are one-off (W2's durations), half repeat cycle60s, each on
 * its own 100 ore (100 cycles). */
void w11_month_away(const bench_opts *o, const prod_api *api)
{
    const uint32_t jobs = o->quick ? 2000 : 10000;
    const int64_t saved_at = 60000, away = 30LL * 24 * 3600 * 1000;
    bench_host b;
    bench_setup(&b, api, jobs / 2 + 1, 100);
    b.counts[b.ore] = BENCH_ORE_PLENTY; /* inventory 0 feeds the one-off jobs */
    prod_manager *m = bench_manager(&b, 1);
    uint64_t seed = BENCH_SEED;
    bench_fill(&b, &m, 1, jobs / 2, 1000, 0, &seed);
    for (uint32_t j = 1; j <= jobs / 2; j++)
        bench_check(api->start_repeating(m, BENCH_R60S, j, j, 0, NULL), "start", &b, m);
    bench_check(api->tick(m, saved_at), "tick", &b, m);
    uint64_t before = bench_events(&b, PROD_EVENT_COMPLETED);
    double load_ns = 0;
    prod_manager *back = reload(o, "W11", &b, m, &load_ns);
    if (back) {
        enum { MAXCALLS = 4096 };
        double *call = malloc(MAXCALLS * sizeof *call), total = load_ns / 1e6;
        uint32_t calls = 0;
        prod_status st = PROD_MORE;
        while (st == PROD_MORE && calls < MAXCALLS) {
            double t0 = bench_now_ns();
            st = api->tick(back, saved_at + away);
            call[calls] = (bench_now_ns() - t0) / 1e6;
            total += call[calls++];
        }
        bench_check(st, "tick", &b, back);
        double done = (double)(bench_events(&b, PROD_EVENT_COMPLETED) - before);
        qsort(call, calls, sizeof *call, cmp_ms);
        bench_report(o, "W11", "load_ms", load_ns / 1e6, "ms", NULL, 0);
        bench_report(o, "W11", "calls_to_catch_up", calls, "calls", NULL, 0);
        bench_report(o, "W11", "call_median_ms", call[calls / 2], "ms", NULL, 0);
        bench_report(o, "W11", "call_max_ms", call[calls - 1], "ms", NULL, 0);
        bench_report(o, "W11", "completions_caught_up", done, "completions", NULL, 0);
        bench_report(o, "W11", "catch_up_ms", total, "ms", NULL, 0);
        free(call);
        api->manager_destroy(back);
    }
    bench_free(&b);
}
