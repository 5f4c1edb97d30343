/* bench_parallel.c - W7: 1,000 managers x 1,000 jobs run to completion by
 * one thread and by two (each thread ticks its own half of the managers, as
 * a host would), reporting the speed-up. */
#include "bench.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct slice {
    const prod_api *api;
    prod_manager **ms;
    uint32_t n;
    double ns;
} slice;

static void *run_slice(void *arg)
{
    slice *s = arg;
    s->ns = bench_drain(s->api, s->ms, s->n, 0, NULL, NULL, 0, NULL);
    return NULL;
}

/* Wall ns to drain n managers x per jobs with `threads` threads. */
static double run(const prod_api *api, uint32_t n, uint32_t per, uint32_t threads)
{
    bench_host b;
    bench_setup(&b, api, n, BENCH_ORE_PLENTY);
    prod_manager **ms = bench_managers(&b, n);
    uint64_t seed = BENCH_SEED;
    bench_fill(&b, ms, n, per, 1000, 0, &seed);
    slice s[2];
    pthread_t tid[2];
    uint32_t half = n / threads;
    double t0 = bench_now_ns();
    for (uint32_t t = 0; t < threads; t++) {
        s[t] = (slice){api, ms + t * half, t + 1 == threads ? n - t * half : half, 0};
        pthread_create(&tid[t], NULL, run_slice, &s[t]);
    }
    for (uint32_t t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    double ns = bench_now_ns() - t0;
    bench_destroy_all(api, ms, n);
    bench_free(&b);
    return ns;
}

void w7_parallel(const bench_opts *o, const prod_api *api)
{
    const uint32_t n = o->quick ? 100 : 1000, per = 1000;
    double one = run(api, n, per, 1), two = run(api, n, per, 2);
    bench_report(o, "W7", "one_thread_ms", one / 1e6, "ms", NULL, 0);
    bench_report(o, "W7", "two_threads_ms", two / 1e6, "ms", NULL, 0);
    bench_report(o, "W7", "speedup_2_threads", one / two, "x", ">=", 1.8);
}
