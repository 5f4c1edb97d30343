/* bench_coord.c - the coordinator workload (issue 11): 1,000 pipelines in
 * flight and 10,000 workers in the host world of coordworld.c. Measures
 * coord_tick with nothing due, a busy game minute (the ticks and the
 * arrive / report / move / plan calls it needs), the bytes a pipeline and a
 * worker hold (a counting prod_host.allocate), and coord_serialize /
 * coord_deserialize of that coordinator. The reference is the same world
 * at a tenth of the size in the same run: a cost that does not grow
 * with the world has a ratio near 1. */
#include "bench.h"
#include "coordworld.h"

#include <stdlib.h>

#define STEP_MS 100      /* the host's tick period */
#define MINUTE_MS 60000

/* One world's figures. */
typedef struct coord_figures {
    double idle_ns;            /* per coord_tick with nothing due */
    double per_worker, per_pipeline; /* bytes held, added by cw_add_workers / cw_plan_all */
    double held_bytes;         /* the whole coordinator after the minute */
    cw_calls minute;           /* what the busy minute took */
    uint64_t pipelines_held;
    double save_ms, load_ms, saved_bytes;
    double scan_ms;            /* the tick running one opportunity scan */
    double crowd_move_ns;      /* an idle worker moved to where all others wait */
} coord_figures;

static cw_calls calls_since(const cw_calls *now, const cw_calls *then)
{
    cw_calls d = *now;
    d.ticks -= then->ticks;
    d.arrives -= then->arrives;
    d.reports -= then->reports;
    d.moves -= then->moves;
    d.plans -= then->plans;
    d.tick_ns -= then->tick_ns;
    d.host_ns -= then->host_ns;
    for (uint32_t i = 0; i < CW_EVENT_TYPES; i++)
        d.events[i] -= then->events[i];
    d.events_total -= then->events_total;
    return d;
}

/* ns per coord_tick at w->now once everything due there is done. */
static double idle_tick_ns(cw *w, uint32_t calls)
{
    cw_step(w, w->now); /* settles what the last step's reports queued */
    int64_t due = 0;
    if (w->api->coord_next_due(w->c, &due) == PROD_OK && due <= w->now) {
        fprintf(stderr, "prodbench coord: work still due at %lld\n", (long long)w->now);
        exit(2);
    }
    prod_status st = PROD_OK;
    double t0 = bench_now_ns();
    for (uint32_t i = 0; i < calls && st == PROD_OK; i++)
        st = w->api->coord_tick(w->c, w->now);
    double ns = (bench_now_ns() - t0) / calls;
    if (st != PROD_OK) {
        fprintf(stderr, "prodbench coord: idle coord_tick answered %d\n", st);
        exit(2);
    }
    return ns;
}

/* ms of the tick that runs an opportunity scan with every product's
 * pipeline live and room for 100 more (nothing is planned: the scan ranks
 * every item and skips those with a pipeline). Changes the configuration. */
static double scan_tick_ms(cw *w)
{
    prod_coord_config u = {.struct_size = sizeof u, .version = PROD_COORD_CONFIG_VERSION,
                           .fields = PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY) |
                                     PROD_COORD_F(PROD_COORD_FIELD_MAX_PIPELINES),
                           .scan_every_ms = 1, .max_pipelines = w->pipelines + 100};
    if (w->api->coord_config_set(w->c, &u, w->now) != PROD_OK)
        return -1;
    cw_step(w, w->now); /* applies it: the next scan is due 1 ms later */
    double t0 = bench_now_ns();
    prod_status st = w->api->coord_tick(w->c, w->now + 1);
    double ms = (bench_now_ns() - t0) / 1e6;
    return st == PROD_OK ? ms : -1;
}

/* ns per coord_worker_move of an idle worker into a location where n
 * newer idle workers wait (n idle at location 1, n more at 2, the first n
 * moved to 2 oldest first), in a coordinator of its own. */
static double crowd_move_ns(const cw *w, uint32_t n)
{
    prod_coordinator *c = NULL;
    prod_status st = w->api->coord_create(w->ctx, NULL, &c);
    for (uint32_t k = 1; k <= 2 * n && st == PROD_OK; k++) {
        prod_worker_info info = {.struct_size = sizeof info, .version = PROD_WORKER_INFO_VERSION,
                                 .id = k, .location = k <= n ? 1 : 2, .capacity = 1};
        st = w->api->coord_worker_add(c, &info, 0);
    }
    double t0 = bench_now_ns();
    for (uint32_t k = 1; k <= n && st == PROD_OK; k++)
        st = w->api->coord_worker_move(c, k, 2, 0);
    double ns = (bench_now_ns() - t0) / n;
    if (st != PROD_OK) {
        fprintf(stderr, "prodbench coord: crowd move failed with %d\n", st);
        exit(2);
    }
    w->api->coord_destroy(c);
    return ns;
}

static void save_load(cw *w, coord_figures *f)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    prod_coordinator *back = NULL;
    double t0 = bench_now_ns();
    prod_status st = w->api->coord_serialize(w->c, &bytes, &len);
    double t1 = bench_now_ns();
    if (st == PROD_OK)
        st = w->api->coord_deserialize(w->ctx, bytes, len, &back);
    double t2 = bench_now_ns();
    if (st != PROD_OK) {
        fprintf(stderr, "prodbench coord: save/load failed with %d: %s\n", st,
                w->api->last_error(w->ctx));
        exit(2);
    }
    f->save_ms = (t1 - t0) / 1e6;
    f->load_ms = (t2 - t1) / 1e6;
    f->saved_bytes = (double)len;
    w->api->coord_destroy(back);
    w->api->free_buffer(bytes);
}

/* Build the world, warm it up for warm_ms of game time (every pipeline
 * planned again as soon as it is done), then measure. */
static void run_world(uint32_t pipelines, uint32_t workers, int64_t warm_ms, uint32_t idle_calls,
                      const prod_api *api, coord_figures *f)
{
    cw w;
    cw_open(&w, api, pipelines, workers);
    int64_t bytes0 = w.live_bytes;
    cw_add_workers(&w);
    int64_t bytes1 = w.live_bytes;
    cw_plan_all(&w);
    f->per_worker = (double)(bytes1 - bytes0) / workers;
    f->per_pipeline = (double)(w.live_bytes - bytes1) / pipelines;
    cw_run(&w, warm_ms, STEP_MS);
    cw_calls before = w.calls;
    cw_run(&w, warm_ms + MINUTE_MS, STEP_MS);
    f->minute = calls_since(&w.calls, &before);
    f->idle_ns = idle_tick_ns(&w, idle_calls);
    f->held_bytes = (double)(w.live_bytes - bytes0);
    uint32_t held = 0;
    (void)api->coord_pipelines(w.c, NULL, 0, &held);
    f->pipelines_held = held;
    save_load(&w, f);
    f->scan_ms = scan_tick_ms(&w);
    f->crowd_move_ns = crowd_move_ns(&w, workers);
    cw_close(&w);
}

static double per_event(const cw_calls *k)
{
    uint64_t n = k->events_total;
    return n ? (k->tick_ns + k->host_ns) / (double)n : 0;
}

static double per_host_call(const cw_calls *k)
{
    uint64_t n = k->arrives + k->reports + k->moves + k->plans;
    return n ? k->host_ns / (double)n : 0;
}

#define ROUNDS_MAX 5

/* The rounds' figures, both worlds; timed figures are medians over them
 * (the counts are the same every round: the world is deterministic). */
typedef struct coord_rounds {
    coord_figures big[ROUNDS_MAX], small[ROUNDS_MAX];
    int n;
} coord_rounds;

typedef double (*figure_fn)(const coord_figures *big, const coord_figures *small);

static double median_of(const coord_rounds *r, figure_fn fn)
{
    double v[ROUNDS_MAX];
    for (int i = 0; i < r->n; i++)
        v[i] = fn(&r->big[i], &r->small[i]);
    return bench_median(v, r->n);
}

static double f_idle(const coord_figures *b, const coord_figures *s) { (void)s; return b->idle_ns; }
static double f_idle_small(const coord_figures *b, const coord_figures *s) { (void)b; return s->idle_ns; }
static double f_idle_ratio(const coord_figures *b, const coord_figures *s) { return b->idle_ns / s->idle_ns; }
static double f_tick_ms(const coord_figures *b, const coord_figures *s) { (void)s; return b->minute.tick_ns / 1e6; }
static double f_host_ms(const coord_figures *b, const coord_figures *s) { (void)s; return b->minute.host_ns / 1e6; }
static double f_total_ms(const coord_figures *b, const coord_figures *s)
{
    (void)s;
    return (b->minute.tick_ns + b->minute.host_ns) / 1e6;
}
static double f_event(const coord_figures *b, const coord_figures *s) { (void)s; return per_event(&b->minute); }
static double f_event_small(const coord_figures *b, const coord_figures *s) { (void)b; return per_event(&s->minute); }
static double f_event_ratio(const coord_figures *b, const coord_figures *s)
{
    return per_event(&b->minute) / per_event(&s->minute);
}
static double f_call(const coord_figures *b, const coord_figures *s) { (void)s; return per_host_call(&b->minute); }
static double f_save(const coord_figures *b, const coord_figures *s) { (void)s; return b->save_ms; }
static double f_load(const coord_figures *b, const coord_figures *s) { (void)s; return b->load_ms; }
static double f_scan(const coord_figures *b, const coord_figures *s) { (void)s; return b->scan_ms; }
static double f_crowd(const coord_figures *b, const coord_figures *s) { (void)s; return b->crowd_move_ns; }
static double f_crowd_small(const coord_figures *b, const coord_figures *s) { (void)b; return s->crowd_move_ns; }

static void report_minute(const bench_opts *o, const coord_rounds *r)
{
    const cw_calls *k = &r->big[0].minute;
    bench_report(o, "coord", "minute_ticks", (double)k->ticks, "calls", NULL, 0);
    bench_report(o, "coord", "minute_host_calls",
                 (double)(k->arrives + k->reports + k->moves + k->plans), "calls", NULL, 0);
    bench_report(o, "coord", "minute_events", (double)k->events_total, "events", NULL, 0);
    bench_report(o, "coord", "minute_tasks_completed",
                 (double)k->events[PROD_COORD_EVENT_TASK_COMPLETED], "tasks", NULL, 0);
    bench_report(o, "coord", "minute_pipelines_done",
                 (double)k->events[PROD_COORD_EVENT_PIPELINE_DONE], "pipelines", NULL, 0);
    bench_report(o, "coord", "minute_tick_ms", median_of(r, f_tick_ms), "ms", NULL, 0);
    bench_report(o, "coord", "minute_host_calls_ms", median_of(r, f_host_ms), "ms", NULL, 0);
    bench_report(o, "coord", "minute_total_ms", median_of(r, f_total_ms), "ms", NULL, 0);
    bench_report(o, "coord", "minute_per_event", median_of(r, f_event), "ns/event", NULL, 0);
    bench_report(o, "coord", "minute_per_host_call", median_of(r, f_call), "ns/call", NULL, 0);
    bench_report(o, "coord", "minute_per_event_small_world", median_of(r, f_event_small),
                 "ns/event", NULL, 0);
    bench_report(o, "coord", "per_event_ratio_to_small", median_of(r, f_event_ratio), "x small",
                 NULL, 0);
}

static void report_size(const bench_opts *o, const coord_rounds *r)
{
    const coord_figures *b = &r->big[0];
    bench_report(o, "coord", "bytes_per_worker", b->per_worker, "B/worker", NULL, 0);
    bench_report(o, "coord", "bytes_per_pipeline", b->per_pipeline, "B/pipeline", NULL, 0);
    bench_report(o, "coord", "bytes_held_after_minute", b->held_bytes, "B", NULL, 0);
    bench_report(o, "coord", "pipelines_held_after_minute", (double)b->pipelines_held,
                 "pipelines", NULL, 0);
    bench_report(o, "coord", "saved_bytes", b->saved_bytes, "B", NULL, 0);
    bench_report(o, "coord", "serialize_ms", median_of(r, f_save), "ms", NULL, 0);
    bench_report(o, "coord", "deserialize_ms", median_of(r, f_load), "ms", NULL, 0);
}

void w_coord(const bench_opts *o, const prod_api *api)
{
    if (api->struct_size < sizeof *api) {
        bench_unavailable(o, "coord", "the plugin has no coordinators (ABI 1.4)");
        return;
    }
    const uint32_t pipelines = o->quick ? 100 : 1000, workers = o->quick ? 1000 : 10000;
    const uint32_t idle_calls = o->quick ? 10000 : 100000;
    const int64_t warm = (o->quick ? 3 : 10) * (int64_t)MINUTE_MS;
    static coord_rounds r;
    r.n = o->quick ? 1 : 3;
    for (int i = 0; i < r.n; i++) { /* interleaved, so both see the same machine */
        run_world(pipelines / 10, workers / 10, warm, idle_calls, api, &r.small[i]);
        run_world(pipelines, workers, warm, idle_calls, api, &r.big[i]);
    }
    if (!r.big[0].minute.events[PROD_COORD_EVENT_PIPELINE_DONE]) {
        fprintf(stderr, "prodbench coord: no pipeline was done in the measured minute\n");
        exit(2);
    }
    bench_report(o, "coord", "pipelines", pipelines, "pipelines", NULL, 0);
    bench_report(o, "coord", "workers", workers, "workers", NULL, 0);
    bench_report(o, "coord", "idle_tick", median_of(&r, f_idle), "ns/tick", NULL, 0);
    bench_report(o, "coord", "idle_tick_small_world", median_of(&r, f_idle_small), "ns/tick",
                 NULL, 0);
    bench_report(o, "coord", "idle_tick_ratio_to_small", median_of(&r, f_idle_ratio), "x small",
                 NULL, 0);
    report_minute(o, &r);
    bench_report(o, "coord", "scan_tick_ms", median_of(&r, f_scan), "ms", NULL, 0);
    bench_report(o, "coord", "crowd_move", median_of(&r, f_crowd), "ns/move", NULL, 0);
    bench_report(o, "coord", "crowd_move_small_world", median_of(&r, f_crowd_small), "ns/move",
                 NULL, 0);
    report_size(o, &r);
}
