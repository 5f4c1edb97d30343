/* it_lp.c - chain_optimize (ABI 1.4) through the real .so: the optimal
 * recipe mix by linear programming, on the classic Factorio 0.15 oil
 * problem built by hand here:
 *   basic-oil-processing     crude 100            -> heavy 30, light 30, petroleum 40 (5 s)
 *   advanced-oil-processing  crude 100 + water 50 -> heavy 10, light 45, petroleum 55 (5 s)
 *   heavy-oil-cracking       heavy 40 + water 30  -> light 30 (3 s)
 *   light-oil-cracking       light 30 + water 30  -> petroleum 20 (3 s)
 * Targets: heavy oil 10/min and petroleum gas 45/min; minimise crude oil
 * (water weighs 0). By hand, with b, a, h, l the runs per minute of the four
 * recipes: heavy 30b + 10a - 40h >= 10, light 30b + 45a + 30h - 30l >= 0,
 * petroleum 40b + 55a + 20l >= 45, minimise 100(b + a). Cracking all light
 * oil (l = b + 1.5a) turns petroleum into 60b + 85a >= 45; heavy oil is
 * scarce, so h = 0 and 30b + 10a >= 10. The two constraints meet at
 * b = 8/39, a = 15/39 = 5/13, l = 61/78: crude 100 x 23/39 = 2300/39 =
 * 58.97 per minute. Its optimality: the dual prices y_heavy = 1/78,
 * y_light = 4/585, y_petroleum = 2/195 are >= 0, price basic and advanced
 * at exactly their cost 1 (30/78 + 30 x 4/585 + 40 x 2/195 = 1; 10/78 + 45 x
 * 4/585 + 55 x 2/195 = 1), leave heavy cracking unprofitable (30 y_light <
 * 40 y_heavy) and give 10 y_heavy + 45 y_petroleum = 23/39 per unit of
 * crude, the objective. Only basic processing (0.75 runs/min, 75 crude)
 * or only advanced (1 run, 100 crude) do worse. Figures come back per
 * second: divide the per-minute ones by 60. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "testhost.h"

static th_host H;

static const char *OIL =
    "{\"recipes\":["
    "{\"id\":\"basic-oil-processing\",\"inputs\":[{\"item\":\"crude-oil\",\"qty\":100}],"
    "\"outputs\":[{\"item\":\"heavy-oil\",\"qty\":30},{\"item\":\"light-oil\",\"qty\":30},"
    "{\"item\":\"petroleum-gas\",\"qty\":40}],\"duration_ms\":5000},"
    "{\"id\":\"advanced-oil-processing\",\"inputs\":[{\"item\":\"crude-oil\",\"qty\":100},"
    "{\"item\":\"water\",\"qty\":50}],\"outputs\":[{\"item\":\"heavy-oil\",\"qty\":10},"
    "{\"item\":\"light-oil\",\"qty\":45},{\"item\":\"petroleum-gas\",\"qty\":55}],"
    "\"duration_ms\":5000},"
    "{\"id\":\"heavy-oil-cracking\",\"inputs\":[{\"item\":\"heavy-oil\",\"qty\":40},"
    "{\"item\":\"water\",\"qty\":30}],\"outputs\":[{\"item\":\"light-oil\",\"qty\":30}],"
    "\"duration_ms\":3000},"
    "{\"id\":\"light-oil-cracking\",\"inputs\":[{\"item\":\"light-oil\",\"qty\":30},"
    "{\"item\":\"water\",\"qty\":30}],\"outputs\":[{\"item\":\"petroleum-gas\",\"qty\":20}],"
    "\"duration_ms\":3000}]}";

static int expect_lp;

typedef struct oil_answer {
    prod_status st;
    double crude, water, runs[4];
} oil_answer;

static double runs_of(const prod_flow_result *r, const char *recipe)
{
    prod_recipe_ix ix = th_recipe(&H, recipe);
    for (uint32_t i = 0; i < r->step_count; i++)
        if (r->steps[i].recipe == ix)
            return r->steps[i].runs_f;
    return 0;
}

static double consumed(const prod_flow_result *r, const char *item)
{
    prod_item_id id = th_item(&H, item);
    for (uint32_t i = 0; i < r->item_count; i++)
        if (r->items[i].item == id)
            return r->items[i].consumed_f;
    return -1;
}

static oil_answer solve_oil(uint32_t max_iterations)
{
    static const char *const names[] = {"basic-oil-processing", "advanced-oil-processing",
                                        "heavy-oil-cracking", "light-oil-cracking"};
    prod_flow_target t[] = {{.item = th_item(&H, "heavy-oil"), .num = 10, .den = 1},
                            {.item = th_item(&H, "petroleum-gas"), .num = 45, .den = 1}};
    prod_item_weight w[] = {{.item = th_item(&H, "water"), .weight = 0}};
    prod_flow_request f = {.struct_size = sizeof f, .version = PROD_FLOW_REQUEST_VERSION,
                           .targets = t, .target_count = 2, .unit = PROD_AMOUNT_PER_MINUTE};
    prod_lp_request q = {.struct_size = sizeof q, .version = PROD_LP_REQUEST_VERSION, .flow = &f,
                         .objective = PROD_LP_MIN_RAW, .weights = w, .weight_count = 1,
                         .max_iterations = max_iterations};
    prod_flow_result *r = NULL;
    oil_answer a = {.st = H.api->chain_optimize(H.ctx, &q, &r)};
    if (a.st == PROD_OK && r) {
        a.crude = consumed(r, "crude-oil");
        a.water = consumed(r, "water");
        for (int i = 0; i < 4; i++)
            a.runs[i] = runs_of(r, names[i]);
        CHECK(r->flags & PROD_FLOW_FLOATING);
    }
    H.api->free_buffer(r);
    return a;
}

static int near(double x, double want) { return fabs(x - want) <= 1e-7 * fmax(1.0, fabs(want)); }

static void oil_mix_minimises_crude_at_2300_39_per_minute(void)
{
    oil_answer a = solve_oil(0);
    if (!expect_lp) {
        CHECK(a.st == PROD_ERR_NOT_PROVIDED);
        CHECK(strstr(H.api->last_error(H.ctx), "without an LP solver") != NULL);
        return;
    }
    REQUIRE_OK(a.st);
    CHECK(near(a.crude, 2300.0 / 39 / 60));
    CHECK(near(a.runs[0], 8.0 / 39 / 60) && near(a.runs[1], 5.0 / 13 / 60));
    CHECK(near(a.runs[2], 0) && near(a.runs[3], 61.0 / 78 / 60));
    if (!near(a.crude, 2300.0 / 39 / 60))
        fprintf(stderr, "crude %.9f/s, runs %g %g %g %g\n", a.crude, a.runs[0], a.runs[1],
                a.runs[2], a.runs[3]);
}

static void oil_mix_beats_either_refinery_alone(void)
{
    oil_answer a = solve_oil(0);
    if (!expect_lp) {
        CHECK(a.st == PROD_ERR_NOT_PROVIDED);
        return;
    }
    REQUIRE_OK(a.st);
    CHECK(a.crude < 75.0 / 60 && a.crude < 100.0 / 60);
}

static void too_few_iterations_is_a_limit_error(void)
{
    oil_answer a = solve_oil(1);
    CHECK(a.st == (expect_lp ? PROD_ERR_LIMIT : PROD_ERR_NOT_PROVIDED));
}

static void *oil_thread(void *arg)
{
    oil_answer *a = arg;
    for (int i = 0; i < 20; i++)
        *a = solve_oil(0);
    return NULL;
}

/* Four threads solving at once get the one-thread answer: each call owns
 * its solver model (also run under ThreadSanitizer). */
static void four_threads_solve_at_once_alike(void)
{
    pthread_t t[4];
    oil_answer a[4], one = solve_oil(0);
    for (int i = 0; i < 4; i++)
        REQUIRE(pthread_create(&t[i], NULL, oil_thread, &a[i]) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++)
        CHECK(a[i].st == one.st && a[i].crude == one.crude && a[i].runs[3] == one.runs[3]);
}

static void bad_lp_requests_are_refused(void)
{
    prod_flow_result *r = NULL;
    prod_lp_request q = {.struct_size = sizeof q, .version = PROD_LP_REQUEST_VERSION};
    CHECK(H.api->chain_optimize(H.ctx, NULL, &r) == PROD_ERR_INVALID_ARGUMENT);
    q.objective = 7;
    CHECK(H.api->chain_optimize(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT && r == NULL);
    q.objective = PROD_LP_MIN_COST; /* the test host has no market_quote */
    CHECK(H.api->chain_optimize(H.ctx, &q, &r) == PROD_ERR_NOT_PROVIDED);
    q.struct_size = 8;
    CHECK(H.api->chain_optimize(H.ctx, &q, &r) == PROD_ERR_VERSION);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *e = getenv("PROD_EXPECT_LP");
    expect_lp = e && strcmp(e, "1") == 0;
    th_load(&H, argv[1]);
    char err[256] = "";
    if (th_init(&H, OIL, 0, err, sizeof err) != PROD_OK) {
        fprintf(stderr, "init: %s\n", err);
        return 1;
    }
    RUN(oil_mix_minimises_crude_at_2300_39_per_minute);
    RUN(oil_mix_beats_either_refinery_alone);
    RUN(too_few_iterations_is_a_limit_error);
    RUN(four_threads_solve_at_once_alike);
    RUN(bad_lp_requests_are_refused);
    th_close(&H);
    return check_finish("it_lp");
}
