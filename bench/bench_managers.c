/* bench_managers.c - W10: a world of 100,000 small chunk managers with 10
 * jobs each (one-hour jobs, so a tick has nothing to do): what a manager
 * costs beyond its jobs, how fast managers are created and destroyed, and
 * a tick sweep over all of them, by one tick call each and by tick_batch. */
#include "bench.h"

#include <stdlib.h>

static uint64_t reserved_sum(const prod_api *api, prod_manager **ms, uint32_t n, uint64_t *jobs)
{
    uint64_t sum = 0;
    *jobs = 0;
    for (uint32_t i = 0; i < n; i++) {
        prod_memory_stats s = {.struct_size = sizeof s};
        if (api->manager_memory(ms[i], &s) == PROD_OK) {
            sum += s.bytes_reserved;
            *jobs += s.job_count;
        }
    }
    return sum;
}

/* Bytes reserved per job of one manager holding 10,000 of them: the
 * marginal cost of a job, to take off the small managers' totals. */
static double bytes_per_job(bench_host *b)
{
    prod_manager *m = bench_manager(b, 1);
    for (uint32_t j = 0; j < 10000; j++)
        bench_check(b->api->start(m, BENCH_RHOUR, j, 0, 0, NULL), "start", b, m);
    uint64_t jobs, r = reserved_sum(b->api, &m, 1, &jobs);
    b->api->manager_destroy(m);
    return (double)r / (double)jobs;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median over 7 sweeps (at now = from, from + 1, ...) of the ns per
 * manager of ticking all n: one tick call each, or one tick_batch. */
static double sweep_ns(bench_host *b, prod_manager **ms, uint32_t n, int64_t from, int batch)
{
    enum { SWEEPS = 7 };
    double ns[SWEEPS];
    for (int k = 0; k < SWEEPS; k++) {
        double s0 = bench_now_ns();
        prod_status st = PROD_OK;
        if (batch)
            st = b->api->tick_batch(ms, n, from + k, NULL);
        for (uint32_t i = 0; !batch && i < n && st == PROD_OK; i++)
            st = b->api->tick(ms[i], from + k);
        ns[k] = (bench_now_ns() - s0) / n;
        bench_check(st, batch ? "tick_batch" : "tick", b, NULL);
    }
    qsort(ns, SWEEPS, sizeof *ns, cmp_double);
    return ns[SWEEPS / 2];
}

void w10_many_managers(const bench_opts *o, const prod_api *api)
{
    const uint32_t n = o->quick ? 10000 : 100000, per = 10;
    bench_host b;
    bench_setup(&b, api, n, BENCH_ORE_PLENTY);
    double job_bytes = bytes_per_job(&b);

    double t0 = bench_now_ns();
    prod_manager **ms = bench_managers(&b, n);
    bench_destroy_all(api, ms, n);
    double t1 = bench_now_ns();
    bench_report(o, "W10", "create_destroy_per_second", n / (t1 - t0) * 1e9, "managers/s", NULL,
                 0);

    uint64_t rss0 = bench_rss_bytes();
    ms = bench_managers(&b, n);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < per; j++)
            bench_check(api->start(ms[i], BENCH_RHOUR, j, i, 0, NULL), "start", &b, ms[i]);
    uint64_t jobs, reserved = reserved_sum(api, ms, n, &jobs);
    double rss = (double)(bench_rss_bytes() - rss0) / n;
    bench_report(o, "W10", "bytes_reserved_per_manager", (double)reserved / n, "B", NULL, 0);
    bench_report(o, "W10", "bytes_per_manager_beyond_jobs",
                 ((double)reserved - (double)jobs * job_bytes) / n, "B", "<=", 1024);
    bench_report(o, "W10", "rss_per_manager", rss, "B", NULL, 0);

    double loop = sweep_ns(&b, ms, n, 1, 0), batch = sweep_ns(&b, ms, n, 100, 1);
    bench_report(o, "W10", "sweep_per_idle_manager", loop, "ns/manager", NULL, 0);
    bench_report(o, "W10", "sweep_batch_per_idle_manager", batch, "ns/manager", "<=", 10);
    bench_destroy_all(api, ms, n);
    bench_free(&b);
}
