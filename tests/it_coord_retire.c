/* it_coord_retire.c - the coordinator's pipeline bookkeeping through the
 * real .so: finished pipelines past keep_finished are retired oldest first
 * (before and after a save/load, which rebuilds what the coordinator keeps
 * to find them), and the count of active pipelines that max_pipelines is
 * checked against stays right through completion, cancellation and a load. */
#include "testworld.h"

static const char *SO;
static tw W;

/* Seeds 001/002's MACHINERY world, one worker at the IRON market, no
 * opportunity scan, keep_finished and max_pipelines as given. */
static int open_world(uint32_t keep, uint32_t max_pipelines)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_KEEP_FINISHED, keep);
    c.fields |= PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY) |
                PROD_COORD_F(PROD_COORD_FIELD_MAX_PIPELINES);
    c.scan_every_ms = 0;
    c.max_pipelines = max_pipelines;
    if (!tw_open(&W, SO, TW_SPACETRADERS, &c, 0))
        return 0;
    tw_machinery(&W);
    tw_worker_add(&W, 1, 11, 40);
    return 1;
}

static prod_status plan(uint64_t *id)
{
    return W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), W.now, id);
}

static prod_coord_stats stats(void)
{
    prod_coord_stats s = {.struct_size = sizeof s};
    CHECK_OK(W.h.api->coord_stats(W.c, &s));
    return s;
}

/* The pipelines held are exactly want[0 .. n). */
static int held_are(const uint64_t *want, uint32_t n)
{
    uint64_t ids[8] = {0};
    uint32_t count = 0;
    if (!CHECK_OK(W.h.api->coord_pipelines(W.c, ids, 8, &count)) || !CHECK(count == n))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!CHECK(ids[i] == want[i]))
            return 0;
    return 1;
}

static void finished_pipelines_past_keep_finished_go_oldest_first_across_a_load(void)
{
    REQUIRE(open_world(2, 3));
    uint64_t ids[6] = {0};
    for (uint32_t k = 0; k < 6; k++) {
        REQUIRE_OK(plan(&ids[k]));
        tw_run(&W, W.now + 600000, 1000);
        REQUIRE(stats().pipelines_completed == k + 1);
        held_are(k ? &ids[k - 1] : ids, k ? 2 : 1);
        if (k == 2)
            REQUIRE(tw_reload(&W)); /* the loaded coordinator finds them again */
    }
    tw_close(&W);
}

static void active_count_follows_completion_cancellation_and_a_load(void)
{
    REQUIRE(open_world(16, 2));
    uint64_t a = 0, b = 0, extra = 0;
    REQUIRE_OK(plan(&a));
    REQUIRE_OK(plan(&b));
    CHECK(stats().pipelines_active == 2);
    CHECK(plan(&extra) == PROD_ERR_LIMIT);
    CHECK_OK(W.h.api->coord_cancel(W.c, b, W.now));
    CHECK(stats().pipelines_active == 1);
    tw_run(&W, W.now + 30000, 1000);
    REQUIRE(tw_reload(&W));
    CHECK(stats().pipelines_active == 1);
    REQUIRE_OK(plan(&b));
    CHECK(plan(&extra) == PROD_ERR_LIMIT); /* max_pipelines counts the loaded one */
    CHECK_OK(W.h.api->coord_cancel(W.c, b, W.now));
    tw_run(&W, W.now + 600000, 1000);
    prod_coord_stats s = stats();
    CHECK(s.pipelines_active == 0 && s.pipelines_completed == 1 && s.pipelines_cancelled == 2);
    tw_close(&W);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(finished_pipelines_past_keep_finished_go_oldest_first_across_a_load);
    RUN(active_count_follows_completion_cancellation_and_a_load);
    return check_finish("it_coord_retire");
}
