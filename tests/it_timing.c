/* it_timing.c - the timer through the real .so, against a model: at any
 * absolute time (0, just below a 64^k boundary, epoch milliseconds near
 * 1.7e12, near PROD_TIME_MAX) jobs whose durations sit on either side of
 * every wheel level complete at start + duration in (end time, job id)
 * order, next_due is the exact earliest end after every call, cancels in
 * any bucket leave the rest untouched, and ticking in large jumps gives the
 * same events as ticking every millisecond. 3,000 jobs: enough that the
 * wheel widens its crowded level (a broken lane or link tag fails here). */
#include <string.h>

#include "testhost.h"

/* Durations on both sides of the 64-way level boundaries, and long ones. */
static const char *RECIPES =
    "{\"recipes\":["
    "{\"id\":\"d1\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1},"
    "{\"id\":\"d63\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":63},"
    "{\"id\":\"d64\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":64},"
    "{\"id\":\"d65\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":65},"
    "{\"id\":\"d4095\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":4095},"
    "{\"id\":\"d4097\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":4097},"
    "{\"id\":\"d262143\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],"
    "\"duration_ms\":262143},"
    "{\"id\":\"d3600000\",\"inputs\":[],\"outputs\":[{\"item\":\"x\",\"qty\":1}],"
    "\"duration_ms\":3600000}"
    "]}";
static const int64_t DURATION[] = {1, 63, 64, 65, 4095, 4097, 262143, 3600000};
#define NREC 8
#define NJOBS 3000 /* enough that levels 0 and 1 are widened (1,024 jobs in lists) */

static const char *SO;

typedef struct job {
    prod_job_id id;
    int64_t end;
    int state; /* 0 running, 1 done, 2 cancelled */
} job;

typedef struct run {
    th_host h;
    prod_manager *m;
    job jobs[NJOBS];
    uint32_t n;
    uint64_t rng;
} run;

static uint64_t rnd(run *r)
{
    r->rng = r->rng * 6364136223846793005ull + 1442695040888963407ull;
    return r->rng >> 20;
}

static int run_open(run *r, uint64_t seed)
{
    char err[256] = "";
    memset(r, 0, sizeof *r);
    r->rng = seed;
    th_load(&r->h, SO);
    if (!CHECK_OK(th_init(&r->h, RECIPES, 0, err, sizeof err)))
        return 0;
    r->m = th_manager(&r->h, 1, PROD_OUTPUT_HOLD);
    return r->m != NULL;
}

static void run_close(run *r)
{
    r->h.api->manager_destroy(r->m);
    th_close(&r->h);
}

/* The model's earliest running end, or -1. */
static int64_t model_next(const run *r)
{
    int64_t min = -1;
    for (uint32_t i = 0; i < r->n; i++)
        if (r->jobs[i].state == 0 && (min < 0 || r->jobs[i].end < min))
            min = r->jobs[i].end;
    return min;
}

static int next_due_matches(run *r)
{
    int64_t due = -1, want = model_next(r);
    prod_status st = r->h.api->next_due(r->m, &due);
    return want < 0 ? CHECK(st == PROD_ERR_NOT_FOUND) : CHECK_OK(st) && CHECK(due == want);
}

static prod_recipe_ix recipe_of(run *r, uint32_t k)
{
    char id[32];
    snprintf(id, sizeof id, "d%lld", (long long)DURATION[k]);
    return th_recipe(&r->h, id);
}

/* Start NJOBS jobs over the first 200 ms after t0 (next_due checked after
 * each). */
static int start_all(run *r, int64_t t0)
{
    int64_t now = t0;
    for (uint32_t i = 0; i < NJOBS; i++) {
        now += (int64_t)(i % (NJOBS / 200) == 0); /* 200 ms of starts */
        uint32_t k = (uint32_t)(rnd(r) % NREC);
        job *j = &r->jobs[r->n++];
        j->end = now + DURATION[k];
        if (!CHECK_OK(r->h.api->start(r->m, recipe_of(r, k), 0, 0, now, &j->id)) ||
            !next_due_matches(r))
            return 0;
    }
    return 1;
}

/* Cancel every third job still running, at `now`. */
static int cancel_some(run *r, int64_t now)
{
    for (uint32_t i = 0; i < r->n; i += 3) {
        if (r->jobs[i].state != 0)
            continue;
        if (!CHECK_OK(r->h.api->cancel(r->m, r->jobs[i].id, PROD_REFUND_NONE, now)))
            return 0;
        r->jobs[i].state = 2;
        if (!next_due_matches(r))
            return 0;
    }
    return 1;
}

/* The job with this id in the model, or NULL. */
static job *find(run *r, prod_job_id id)
{
    for (uint32_t i = 0; i < r->n; i++)
        if (r->jobs[i].id == id)
            return &r->jobs[i];
    return NULL;
}

/* The completions recorded since event `from`: each of a running job of
 * the model, at its end, after the previous one in (time, id) order. */
static int completions_follow_the_model(run *r, size_t from, int64_t *last_t, prod_job_id *last_id)
{
    int ok = 1;
    for (size_t e = from; e < r->h.n_events; e++) {
        const th_event *ev = &r->h.events[e];
        if (ev->type != PROD_EVENT_COMPLETED)
            continue;
        job *j = find(r, ev->job);
        ok &= CHECK(j && j->state == 0 && ev->time == j->end);
        ok &= CHECK(ev->time > *last_t || (ev->time == *last_t && ev->job > *last_id));
        if (j)
            j->state = 1;
        *last_t = ev->time;
        *last_id = ev->job;
    }
    return ok;
}

/* The whole scenario from t0: start NJOBS jobs, tick at 230 ms and cancel a
 * third of what runs, then tick every `step` ms (a jump when it is large)
 * until nothing runs, each completion checked against the model as it
 * comes; the digest of every event's (type, job, time - t0) in *digest. */
static int scenario(uint64_t seed, int64_t t0, int64_t step, uint64_t *digest)
{
    run r;
    if (!run_open(&r, seed))
        return 0;
    int64_t last_t = -1, now = t0 + 230, want, due = -1;
    prod_job_id last_id = 0;
    /* At 230 ms jobs sit in lists, in level 0's run and higher up: cancel some. */
    int ok = start_all(&r, t0) && CHECK_OK(r.h.api->tick(r.m, now)) &&
             completions_follow_the_model(&r, 0, &last_t, &last_id) && cancel_some(&r, now);
    for (want = model_next(&r), now += step; ok && want >= 0; now += step) {
        size_t from = r.h.n_events;
        ok = CHECK_OK(r.h.api->tick(r.m, now));
        if (r.h.n_events != from) { /* the model changes only with events */
            ok &= completions_follow_the_model(&r, from, &last_t, &last_id);
            want = model_next(&r);
        }
        prod_status st = r.h.api->next_due(r.m, &due);
        ok &= want < 0 ? CHECK(st == PROD_ERR_NOT_FOUND) : CHECK_OK(st) && CHECK(due == want);
    }
    uint64_t h = 1469598103934665603ull;
    for (size_t e = 0; e < r.h.n_events; e++) {
        const th_event *ev = &r.h.events[e];
        uint64_t v[3] = {ev->type, ev->job, (uint64_t)(ev->time - t0)};
        for (int k = 0; k < 3; k++)
            h = (h ^ v[k]) * 1099511628211ull;
    }
    *digest = h;
    ok &= CHECK(r.h.api->job_count(r.m) == 0);
    run_close(&r);
    return ok;
}

/* Just below 64^3 and 64^5, epoch milliseconds (past 2^40), near the end
 * of time: the same jobs give the same events relative to the start. */
static void jobs_complete_at_their_ends_in_order_at_any_absolute_time(void)
{
    const int64_t t0[] = {0, 262144 - 200, ((int64_t)1 << 30) - 250, 1700000000000LL,
                          PROD_TIME_MAX - 4000000};
    uint64_t first = 0, d = 0;
    for (size_t i = 0; i < sizeof t0 / sizeof t0[0]; i++) {
        REQUIRE(scenario(99, t0[i], 1 + (int64_t)(i % 2) * 6, &d));
        if (i == 0)
            first = d;
        CHECK(d == first);
    }
}

/* Ticks in jumps of 1 s and of an hour give what ticks every millisecond give. */
static void ticking_in_large_jumps_gives_the_events_of_every_millisecond(void)
{
    uint64_t every = 0, second = 0, hour = 0;
    REQUIRE(scenario(7, 1700000000000LL, 1, &every));
    REQUIRE(scenario(7, 1700000000000LL, 1000, &second));
    REQUIRE(scenario(7, 1700000000000LL, 3600000, &hour));
    CHECK(second == every && hour == every);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(jobs_complete_at_their_ends_in_order_at_any_absolute_time);
    RUN(ticking_in_large_jumps_gives_the_events_of_every_millisecond);
    return check_finish("it_timing");
}
