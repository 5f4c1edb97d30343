/* bench_jobs.c - the job workloads on the common recipe set: W1 idle tick,
 * W2 completions with W3 starts and W4 memory (and W2e from epoch time),
 * W5 repeating jobs, each against the lean floor (floor.c), W9 scaling of
 * the completion and idle costs with the size of a manager. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>


double bench_fill(bench_host *b, prod_manager **ms, uint32_t n, uint32_t per, uint32_t span,
                  int64_t now, uint64_t *seed)
{
    double ns = 0;
    for (uint32_t i = 0; i < n; i++) {
        double t0 = bench_now_ns();
        for (uint32_t j = 0; j < per; j++) {
            prod_recipe_ix r = (prod_recipe_ix)(bench_rand(seed) % span);
            prod_status st = b->api->start(ms[i], r, j, i, now, NULL);
            if (st != PROD_OK)
                bench_check(st, "start", b, ms[i]);
        }
        ns += bench_now_ns() - t0;
    }
    return ns;
}

static int all_empty(const prod_api *api, prod_manager **ms, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (api->job_count(ms[i]))
            return 0;
    return 1;
}

double bench_drain(const prod_api *api, prod_manager **ms, uint32_t n, int64_t from,
                   int64_t *end, double *tick_ns, uint64_t cap, uint64_t *n_ticks)
{
    double total = 0, loop0 = bench_now_ns();
    uint64_t k = 0;
    int64_t t = from;
    while (!all_empty(api, ms, n)) {
        t++;
        for (uint32_t i = 0; i < n; i++) {
            double t0 = tick_ns ? bench_now_ns() : 0;
            prod_status st = api->tick(ms[i], t);
            if (tick_ns) {
                double d = bench_now_ns() - t0;
                total += d;
                if (k < cap)
                    tick_ns[k++] = d;
            }
            if (st != PROD_OK && st != PROD_MORE) { /* MORE: the next t goes on */
                fprintf(stderr, "prodbench: tick failed with %d: %s\n", st,
                        api->manager_last_error(ms[i]));
                exit(2);
            }
        }
    }
    if (end)
        *end = t;
    if (n_ticks)
        *n_ticks = k;
    return tick_ns ? total : bench_now_ns() - loop0;
}

/* ns per tick of one manager holding `jobs` jobs due in an hour, ticked
 * `ticks` times at the same time. */
static double idle_tick_ns(const prod_api *api, uint32_t jobs, uint32_t ticks)
{
    bench_host b;
    bench_setup(&b, api, 1, BENCH_ORE_PLENTY);
    prod_manager *m = bench_manager(&b, 1);
    for (uint32_t j = 0; j < jobs; j++)
        bench_check(api->start(m, BENCH_RHOUR, j, 0, 0, NULL), "start", &b, m);
    bench_check(api->tick(m, 1), "tick", &b, m);
    double t0 = bench_now_ns();
    for (uint32_t i = 0; i < ticks; i++)
        api->tick(m, 1);
    double ns = (bench_now_ns() - t0) / ticks;
    api->manager_destroy(m);
    bench_free(&b);
    return ns;
}

void w1_idle(const bench_opts *o, const prod_api *api)
{
    double ns = idle_tick_ns(api, 10000, o->quick ? 10000 : 100000);
    bench_report(o, "W1", "idle_tick", ns, "ns/tick", "<=", 10);
    bench_report(o, "W1", "claim_floor", floor_claim_ns(o->quick ? 10000 : 1000000), "ns/call",
                 NULL, 0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void w4_memory(const bench_opts *o, bench_host *b, prod_manager **ms, uint32_t n,
                      uint64_t rss0)
{
    uint64_t used = 0, reserved = 0, jobs = 0;
    for (uint32_t i = 0; i < n; i++) {
        prod_memory_stats s = {.struct_size = sizeof s};
        bench_check(b->api->manager_memory(ms[i], &s), "manager_memory", b, ms[i]);
        used += s.bytes_used;
        reserved += s.bytes_reserved;
        jobs += s.job_count;
    }
    bench_report(o, "W4", "bytes_used_per_job", (double)used / jobs, "B/job", "<=", 40);
    bench_report(o, "W4", "bytes_reserved_per_job", (double)reserved / jobs, "B/job", "<=", 40);
    bench_report(o, "W4", "rss_growth_per_job", (double)(bench_rss_bytes() - rss0) / jobs,
                 "B/job", "<=", 40);
}

/* One W2 run from time t0: start rate, completion rate and tick times. */
typedef struct w2_run {
    double starts, completions, median_us, p99_us, max_us, slow;
} w2_run;

static void w2_once(const bench_opts *o, const prod_api *api, int64_t t0, int memory,
                    w2_run *r)
{
    const uint32_t n = o->quick ? 10 : 100, per = 10000;
    bench_host b;
    bench_setup(&b, api, n, BENCH_ORE_PLENTY);
    uint64_t seed = BENCH_SEED, rss0 = bench_rss_bytes();
    prod_manager **ms = bench_managers(&b, n);
    double start_ns = bench_fill(&b, ms, n, per, 1000, t0, &seed);
    double jobs = (double)n * per;
    if (memory)
        w4_memory(o, &b, ms, n, rss0);
    uint64_t cap = (uint64_t)n * 1100, k = 0;
    double *ticks = malloc(cap * sizeof *ticks);
    double ns = bench_drain(api, ms, n, t0, NULL, ticks, cap, &k);
    uint64_t done = bench_events(&b, PROD_EVENT_COMPLETED);
    if (done != (uint64_t)jobs)
        fprintf(stderr, "prodbench: W2 expected %.0f completions, saw %lu\n", jobs,
                (unsigned long)done);
    qsort(ticks, k, sizeof *ticks, cmp_double);
    uint64_t slow = 0;
    while (slow < k && ticks[k - 1 - slow] > 200e3)
        slow++;
    *r = (w2_run){jobs / start_ns * 1e9, done / ns * 1e9, ticks[k / 2] / 1e3,
                  ticks[k * 99 / 100] / 1e3, ticks[k - 1] / 1e3, (double)slow};
    free(ticks);
    bench_destroy_all(api, ms, n);
    bench_free(&b);
}

#define W2_EPOCH 1700000000000LL /* a real host's epoch milliseconds, past 2^40 */
#define MAX_ROUNDS 5

/* The ceiling beside the floor (rates of `rounds` rounds): its ratio to the
 * floor, the most any plugin making the ABI's host calls could reach, and
 * the ns per operation such a plugin has for its own work at the target
 * ratio, 1 / (target x floor) - 1 / ceiling (below 0: no plugin can meet
 * the target); medians over the rounds. */
static void report_ceiling(const bench_opts *o, const char *workload, const double *floor,
                           const double *ceiling, int rounds, double target)
{
    double r[MAX_ROUNDS], left[MAX_ROUNDS];
    for (int i = 0; i < rounds; i++) {
        r[i] = ceiling[i] / floor[i];
        left[i] = 1e9 / (target * floor[i]) - 1e9 / ceiling[i];
    }
    bench_report(o, workload, "abi_ceiling", bench_median(r, rounds), "x floor", NULL, 0);
    bench_report(o, workload, "plugin_ns_left_at_target", bench_median(left, rounds), "ns/op", NULL,
                 0);
}

/* W2, W3 and W4, interleaved with the floor (and W2 again from epoch time)
 * for `rounds` rounds; rates and ratios are medians over the rounds. */
void w2_w3_w4(const bench_opts *o, const prod_api *api)
{
    int rounds = o->quick ? 1 : 3;
    double f2[MAX_ROUNDS], f3[MAX_ROUNDS], c2[MAX_ROUNDS], c3[MAX_ROUNDS], p2[MAX_ROUNDS],
        p3[MAX_ROUNDS], e2[MAX_ROUNDS], r2[MAX_ROUNDS], r3[MAX_ROUNDS], re[MAX_ROUNDS];
    w2_run run = {0}, epoch;
    const uint32_t n = o->quick ? 10 : 100;
    for (int i = 0; i < rounds; i++) { /* the plugin first: W4's RSS is of fresh memory */
        w2_once(o, api, 0, i == 0, &run);
        floor_w2(n, 10000, 0, &f3[i], &f2[i]);
        floor_w2(n, 10000, 1, &c3[i], &c2[i]);
        w2_once(o, api, W2_EPOCH, 0, &epoch);
        p2[i] = run.completions;
        p3[i] = run.starts;
        e2[i] = epoch.completions;
        r2[i] = p2[i] / f2[i];
        r3[i] = p3[i] / f3[i];
        re[i] = e2[i] / p2[i];
    }
    bench_report(o, "W3", "starts_per_second", bench_median(p3, rounds), "starts/s", NULL, 0);
    bench_report(o, "W3", "floor_starts_per_second", bench_median(f3, rounds), "starts/s", NULL, 0);
    bench_report(o, "W3", "starts_ratio_to_floor", bench_median(r3, rounds), "x floor", ">=", 0.5);
    report_ceiling(o, "W3", f3, c3, rounds, 0.5);
    bench_report(o, "W2", "completions_per_second", bench_median(p2, rounds), "completions/s", NULL,
                 0);
    bench_report(o, "W2", "floor_completions_per_second", bench_median(f2, rounds), "completions/s",
                 NULL, 0);
    bench_report(o, "W2", "completions_ratio_to_floor", bench_median(r2, rounds), "x floor", ">=",
                 0.7);
    report_ceiling(o, "W2", f2, c2, rounds, 0.7);
    bench_report(o, "W2", "tick_median", run.median_us, "us", NULL, 0);
    bench_report(o, "W2", "tick_p99", run.p99_us, "us", NULL, 0);
    bench_report(o, "W2", "tick_max", run.max_us, "us", "<=", 200);
    bench_report(o, "W2", "ticks_over_200us", run.slow, "ticks", NULL, 0);
    bench_report(o, "W2e", "completions_per_second", bench_median(e2, rounds), "completions/s", NULL,
                 0);
    bench_report(o, "W2e", "ratio_to_W2", bench_median(re, rounds), "x W2", ">=", 0.9);
}

static double w5_once(const prod_api *api)
{
    const uint32_t jobs = 10000;
    bench_host b;
    bench_setup(&b, api, jobs, 10);
    prod_manager *m = bench_manager(&b, 1);
    uint64_t seed = BENCH_SEED;
    for (uint32_t j = 0; j < jobs; j++) {
        prod_recipe_ix r = (prod_recipe_ix)(bench_rand(&seed) % 100);
        bench_check(api->start_repeating(m, r, j, j, 0, NULL), "start_repeating", &b, m);
    }
    double ns = bench_drain(api, &m, 1, 0, NULL, NULL, 0, NULL);
    uint64_t cycles = bench_events(&b, PROD_EVENT_COMPLETED);
    if (cycles != (uint64_t)jobs * 10)
        fprintf(stderr, "prodbench: W5 expected %u cycles, saw %lu\n", jobs * 10,
                (unsigned long)cycles);
    api->manager_destroy(m);
    bench_free(&b);
    return cycles / ns * 1e9;
}

void w5_repeating(const bench_opts *o, const prod_api *api)
{
    int rounds = o->quick ? 1 : 5;
    double f[MAX_ROUNDS], c[MAX_ROUNDS], p[MAX_ROUNDS], r[MAX_ROUNDS];
    for (int i = 0; i < rounds; i++) {
        f[i] = floor_w5(10000, 0);
        c[i] = floor_w5(10000, 1);
        p[i] = w5_once(api);
        r[i] = p[i] / f[i];
    }
    bench_report(o, "W5", "cycles_per_second", bench_median(p, rounds), "cycles/s", NULL, 0);
    bench_report(o, "W5", "floor_cycles_per_second", bench_median(f, rounds), "cycles/s", NULL, 0);
    bench_report(o, "W5", "cycles_ratio_to_floor", bench_median(r, rounds), "x floor", ">=", 0.35);
    report_ceiling(o, "W5", f, c, rounds, 0.35);
}

/* --floor: the floor's own figures, alone. */
void w_floor(const bench_opts *o, const prod_api *api)
{
    (void)api;
    double starts, completions;
    floor_w2(o->quick ? 10 : 100, 10000, 0, &starts, &completions);
    bench_report(o, "floor", "W3_starts_per_second", starts, "starts/s", NULL, 0);
    bench_report(o, "floor", "W2_completions_per_second", completions, "completions/s", NULL, 0);
    bench_report(o, "floor", "W5_cycles_per_second", floor_w5(10000, 0), "cycles/s", NULL, 0);
}

/* ns per completion of one manager of `jobs` jobs (W2's durations) run to
 * the end in 1 ms steps. */
static double completion_ns(const prod_api *api, uint32_t jobs)
{
    bench_host b;
    bench_setup(&b, api, 1, BENCH_ORE_PLENTY);
    prod_manager *m = bench_manager(&b, 1);
    uint64_t seed = BENCH_SEED;
    bench_fill(&b, &m, 1, jobs, 1000, 0, &seed);
    double ns = bench_drain(api, &m, 1, 0, NULL, NULL, 0, NULL);
    double per = ns / (double)bench_events(&b, PROD_EVENT_COMPLETED);
    api->manager_destroy(m);
    bench_free(&b);
    return per;
}

void w9_scaling(const bench_opts *o, const prod_api *api)
{
    const uint32_t sizes[] = {100, 1000, 10000, 100000, 1000000};
    size_t count = o->quick ? 4 : 5;
    for (size_t i = 0; i < count; i++) {
        char metric[64];
        snprintf(metric, sizeof metric, "completion_cost_jobs_%u", sizes[i]);
        bench_report(o, "W9", metric, completion_ns(api, sizes[i]), "ns/completion", NULL, 0);
        snprintf(metric, sizeof metric, "idle_tick_jobs_%u", sizes[i]);
        bench_report(o, "W9", metric, idle_tick_ns(api, sizes[i], o->quick ? 10000 : 100000),
                     "ns/tick", NULL, 0);
    }
}
