/* it_coord_plan.c - coord_plan through the real .so: seed 001's resolver
 * scenarios (a simple and a multi-level tree, buying when the good is sold,
 * the A <-> B cycle, unknown goods), seed 002's planner (the LASER_RIFLES
 * task graph of its appendix with its dependencies, the adaptive strategy
 * buying an intermediate at HIGH supply, the sell market of its worked
 * example), factories (STRONG activity first, none: an error naming the
 * good), the strategies, and the checks before planning. */
#include <string.h>

#include "testworld.h"

static const char *SO;
static tw W;

static const prod_coord_config *strategy(uint32_t s)
{
    static prod_coord_config c;
    c = tw_cfg(PROD_COORD_FIELD_STRATEGY, s);
    return &c;
}

static prod_status plan(const char *item, uint64_t *id)
{
    prod_status st = W.h.api->coord_plan(W.c, tw_item(&W, item), 0, id);
    if (st != PROD_OK)
        fprintf(stderr, "  coord_plan(%s): %s\n", item, W.h.api->coord_last_error(W.c));
    return st;
}

static const prod_coord_node *node(const prod_pipeline_status *s, const char *item)
{
    prod_item_id id = tw_item(&W, item);
    for (uint32_t i = 0; s && i < s->node_count; i++)
        if (s->nodes[i].item == id)
            return &s->nodes[i];
    return NULL;
}

static uint32_t children(const prod_pipeline_status *s, uint32_t ix)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->node_count; i++)
        n += s->nodes[i].parent == ix;
    return n;
}

static uint32_t count_type(const prod_pipeline_status *s, uint32_t type)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->task_count; i++)
        n += s->tasks[i].type == type;
    return n;
}

static const prod_coord_task *task_of(const prod_pipeline_status *s, uint32_t type,
                                      const char *item)
{
    prod_item_id id = tw_item(&W, item);
    for (uint32_t i = 0; i < s->task_count; i++)
        if (s->tasks[i].type == type && s->tasks[i].item == id)
            return &s->tasks[i];
    return NULL;
}

/* 1 when task t depends on task d. */
static int depends(const prod_pipeline_status *s, const prod_coord_task *t,
                   const prod_coord_task *d)
{
    for (uint32_t i = 0; t && d && i < t->dep_count; i++)
        if (s->deps[t->dep_first + i] == d->id)
            return 1;
    return 0;
}

/* --- seed 001: the resolver ------------------------------------------------------ */

/* MACHINERY requires IRON, IRON sold at X1-A1 (STRONG); a factory imports
 * IRON; a WEAK market buys MACHINERY. */
static int machinery_world(uint32_t strat)
{
    if (!tw_open(&W, SO, TW_SPACETRADERS, strategy(strat), 0))
        return 0;
    tw_add(&W, 11, "IRON", PROD_QUOTE_SELLS, 10, 0, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 40);
    tw_add(&W, 12, "IRON", PROD_QUOTE_BUYS, 0, 12, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 13, "MACHINERY", PROD_QUOTE_BUYS, 0, 100, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK,
           40);
    return 1;
}

static void simple_dependency_makes_machinery_from_iron_bought(void)
{
    uint64_t id = 0;
    REQUIRE(machinery_world(PROD_STRATEGY_BUY_IF_SOLD));
    REQUIRE_OK(plan("MACHINERY", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(s->node_count == 2 && s->nodes[0].item == tw_item(&W, "MACHINERY"));
    CHECK(s->nodes[0].decision == PROD_DECISION_MAKE && children(s, 0) == 1);
    const prod_coord_node *iron = node(s, "IRON");
    CHECK(iron && iron->decision != PROD_DECISION_MAKE && iron->parent == 0);
    CHECK(iron && iron->activity == PROD_ACTIVITY_STRONG && iron->market == 11);
    CHECK(s->nodes[0].market == 12); /* the market that imports IRON is the factory */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* seed 001's multi-level map: SILICON_CRYSTALS (ABUNDANT) and COPPER_ORE
 * (HIGH) sold; factories import each made good's inputs. */
static int circuitry_world(uint32_t strat)
{
    if (!tw_open(&W, SO, TW_SPACETRADERS, strategy(strat), 0))
        return 0;
    tw_add(&W, 21, "SILICON_CRYSTALS", PROD_QUOTE_SELLS, 20, 0, PROD_SUPPLY_ABUNDANT,
           PROD_ACTIVITY_STRONG, 40);
    tw_add(&W, 22, "COPPER_ORE", PROD_QUOTE_SELLS, 5, 0, PROD_SUPPLY_HIGH, PROD_ACTIVITY_GROWING, 40);
    tw_add(&W, 23, "COPPER_ORE", PROD_QUOTE_BUYS, 0, 6, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 24, "SILICON_CRYSTALS", PROD_QUOTE_BUYS, 0, 25, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 24, "COPPER", PROD_QUOTE_BUYS, 0, 30, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 25, "ELECTRONICS", PROD_QUOTE_BUYS, 0, 80, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 25, "MICROPROCESSORS", PROD_QUOTE_BUYS, 0, 90, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 26, "ADVANCED_CIRCUITRY", PROD_QUOTE_BUYS, 0, 400, 2, PROD_ACTIVITY_WEAK, 40);
    return 1;
}

static void multi_level_tree_is_3_deep_with_raw_leaves_bought(void)
{
    uint64_t id = 0;
    REQUIRE(circuitry_world(PROD_STRATEGY_BUY_IF_SOLD));
    REQUIRE_OK(plan("ADVANCED_CIRCUITRY", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    uint32_t depth = 0;
    for (uint32_t i = 0; i < s->node_count; i++) {
        int leaf = children(s, i) == 0;
        CHECK(leaf ? s->nodes[i].decision != PROD_DECISION_MAKE
                   : s->nodes[i].decision == PROD_DECISION_MAKE);
        depth = s->nodes[i].depth > depth ? s->nodes[i].depth : depth;
    }
    CHECK(depth == 3 && s->node_count == 9);
    CHECK(node(s, "SILICON_CRYSTALS") && node(s, "COPPER_ORE"));
    CHECK(node(s, "COPPER") && node(s, "COPPER")->market == 23); /* imports COPPER_ORE */
    CHECK(node(s, "ELECTRONICS")->market == 24); /* imports silicon and copper */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void sold_good_is_bought_with_no_children(void)
{
    uint64_t id = 0;
    REQUIRE(machinery_world(PROD_STRATEGY_BUY_IF_SOLD));
    tw_add(&W, 14, "MACHINERY", PROD_QUOTE_SELLS, 50, 0, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK,
           40);
    REQUIRE_OK(plan("MACHINERY", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(s->node_count == 1 && s->nodes[0].decision == PROD_DECISION_BUY);
    CHECK(s->task_count == 2 && s->tasks[0].type == PROD_TASK_ACQUIRE &&
          s->tasks[1].type == PROD_TASK_SELL);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void cycle_fails_fast_naming_it(void)
{
    static const char *CYCLE =
        "{\"recipes\":[{\"id\":\"a\",\"inputs\":[{\"item\":\"B\",\"qty\":1}],"
        "\"outputs\":[{\"item\":\"A\",\"qty\":1}],\"duration_ms\":1},"
        "{\"id\":\"b\",\"inputs\":[{\"item\":\"A\",\"qty\":1}],"
        "\"outputs\":[{\"item\":\"B\",\"qty\":1}],\"duration_ms\":1}]}";
    REQUIRE(tw_open(&W, SO, CYCLE, strategy(PROD_STRATEGY_BUY_IF_SOLD), 0));
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "A"), 0, NULL) == PROD_ERR_CYCLE);
    CHECK(strstr(W.h.api->coord_last_error(W.c), "A -> B -> A") != NULL);
    uint32_t n = 1;
    CHECK_OK(W.h.api->coord_pipelines(W.c, NULL, 0, &n));
    CHECK(n == 0 && W.nev == 0);
    tw_close(&W);
}

static void unknown_goods_fail_naming_them(void)
{
    REQUIRE(machinery_world(PROD_STRATEGY_BUY_IF_SOLD));
    CHECK(W.h.api->coord_plan(W.c, 9999, 0, NULL) == PROD_ERR_NOT_FOUND);
    W.n = 0; /* nobody sells IRON now, and no recipe makes it */
    tw_add(&W, 12, "IRON", PROD_QUOTE_BUYS, 0, 12, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 13, "MACHINERY", PROD_QUOTE_BUYS, 0, 100, 2, PROD_ACTIVITY_WEAK, 40);
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL) == PROD_ERR_NOT_FOUND);
    CHECK(strstr(W.h.api->coord_last_error(W.c), "no market sells IRON and no recipe makes it"));
    tw_close(&W);
}

static void no_factory_is_an_error_naming_the_good(void)
{
    REQUIRE(machinery_world(PROD_STRATEGY_BUY_IF_SOLD));
    W.e[1].flags = PROD_QUOTE_SELLS; /* market 12 no longer imports IRON */
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL) == PROD_ERR_NOT_FOUND);
    CHECK(strstr(W.h.api->coord_last_error(W.c), "no factory for MACHINERY: no market imports IRON"));
    tw_close(&W);
}

static void no_weak_buyer_is_an_error_naming_the_good(void)
{
    REQUIRE(machinery_world(PROD_STRATEGY_BUY_IF_SOLD));
    W.e[2].activity = PROD_ACTIVITY_GROWING;
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 0, NULL) == PROD_ERR_NOT_FOUND);
    CHECK(strstr(W.h.api->coord_last_error(W.c), "buys MACHINERY"));
    tw_close(&W);
}

static void factory_exporting_with_strong_activity_is_preferred(void)
{
    uint64_t id = 0;
    REQUIRE(machinery_world(PROD_STRATEGY_ADAPTIVE));
    tw_add(&W, 15, "IRON", PROD_QUOTE_BUYS, 0, 12, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 15, "MACHINERY", PROD_QUOTE_SELLS, 60, 0, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 16, "IRON", PROD_QUOTE_BUYS, 0, 12, 2, PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 16, "MACHINERY", PROD_QUOTE_SELLS, 60, 0, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_STRONG,
           40);
    REQUIRE_OK(plan("MACHINERY", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(s->nodes[0].decision == PROD_DECISION_MAKE); /* sold, but below HIGH: made */
    CHECK(s->nodes[0].market == 16 && s->nodes[0].activity == PROD_ACTIVITY_STRONG);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void buy_if_sold_buys_what_adaptive_makes(void)
{
    for (uint32_t strat = PROD_STRATEGY_BUY_IF_SOLD; strat <= PROD_STRATEGY_ADAPTIVE; strat++) {
        uint64_t id = 0;
        REQUIRE(machinery_world(strat));
        tw_add(&W, 14, "MACHINERY", PROD_QUOTE_SELLS, 50, 0, PROD_SUPPLY_LIMITED,
               PROD_ACTIVITY_WEAK, 40);
        REQUIRE_OK(plan("MACHINERY", &id));
        prod_pipeline_status *s = tw_status(&W, id);
        REQUIRE(s);
        CHECK(s->nodes[0].decision ==
              (strat == PROD_STRATEGY_BUY_IF_SOLD ? PROD_DECISION_BUY : PROD_DECISION_MAKE));
        W.h.api->free_buffer(s);
        tw_close(&W);
    }
}

/* --- seed 002: the planner ---------------------------------------------------------- */

static const char *LASER =
    "{\"recipes\":["
    "{\"id\":\"lr\",\"inputs\":[{\"item\":\"DIAMONDS\",\"qty\":1},{\"item\":\"PLATINUM\","
    "\"qty\":1},{\"item\":\"ADVANCED_CIRCUITRY\",\"qty\":1}],\"outputs\":[{\"item\":"
    "\"LASER_RIFLES\",\"qty\":1}],\"duration_ms\":1},"
    "{\"id\":\"ac\",\"inputs\":[{\"item\":\"ELECTRONICS\",\"qty\":1},{\"item\":"
    "\"MICROPROCESSORS\",\"qty\":1}],\"outputs\":[{\"item\":\"ADVANCED_CIRCUITRY\",\"qty\":1}],"
    "\"duration_ms\":1}]}";

/* The appendix: raw materials sold at HIGH at market 31; Factory-A (41)
 * imports DIAMONDS, PLATINUM, ADVANCED_CIRCUITRY; Factory-B (42) imports
 * ELECTRONICS and MICROPROCESSORS; X1-YZ19-A1 (50) buys LASER_RIFLES. */
static int laser_world(void)
{
    if (!tw_open(&W, SO, LASER, NULL, 0))
        return 0;
    static const char *const RAW[] = {"DIAMONDS", "PLATINUM", "ELECTRONICS", "MICROPROCESSORS"};
    for (int i = 0; i < 4; i++)
        tw_add(&W, 31, RAW[i], PROD_QUOTE_SELLS, 500, 0, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 40);
    for (int i = 0; i < 2; i++)
        tw_add(&W, 41, RAW[i], PROD_QUOTE_BUYS, 0, 400, 2, PROD_ACTIVITY_STRONG, 40);
    tw_add(&W, 41, "ADVANCED_CIRCUITRY", PROD_QUOTE_BUYS, 0, 900, 2, PROD_ACTIVITY_STRONG, 40);
    tw_add(&W, 41, "LASER_RIFLES", PROD_QUOTE_SELLS, 15000, 0, PROD_SUPPLY_MODERATE,
           PROD_ACTIVITY_STRONG, 40);
    for (int i = 2; i < 4; i++)
        tw_add(&W, 42, RAW[i], PROD_QUOTE_BUYS, 0, 300, 2, PROD_ACTIVITY_STRONG, 40);
    tw_add(&W, 42, "ADVANCED_CIRCUITRY", PROD_QUOTE_SELLS, 1200, 0, PROD_SUPPLY_MODERATE,
           PROD_ACTIVITY_STRONG, 40);
    tw_add(&W, 50, "LASER_RIFLES", PROD_QUOTE_BUYS, 0, 31699, PROD_SUPPLY_LIMITED,
           PROD_ACTIVITY_WEAK, 40);
    return 1;
}

static void laser_rifles_graph_has_the_appendix_tasks(void)
{
    uint64_t id = 0;
    REQUIRE(laser_world());
    REQUIRE_OK(plan("LASER_RIFLES", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(count_type(s, PROD_TASK_ACQUIRE) == 4 && count_type(s, PROD_TASK_DELIVER) == 5);
    CHECK(count_type(s, PROD_TASK_COLLECT) == 2 && count_type(s, PROD_TASK_SELL) == 1);
    CHECK(s->task_count == 12 && s->factory_count == 2);
    CHECK(task_of(s, PROD_TASK_DELIVER, "DIAMONDS")->market == 41);
    CHECK(task_of(s, PROD_TASK_DELIVER, "ELECTRONICS")->market == 42);
    CHECK(task_of(s, PROD_TASK_COLLECT, "ADVANCED_CIRCUITRY")->market == 42);
    CHECK(task_of(s, PROD_TASK_DELIVER, "ADVANCED_CIRCUITRY")->market == 41);
    CHECK(task_of(s, PROD_TASK_SELL, "LASER_RIFLES")->market == 50);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void laser_rifles_dependencies_follow_the_appendix(void)
{
    uint64_t id = 0;
    REQUIRE(laser_world());
    REQUIRE_OK(plan("LASER_RIFLES", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    const char *const RAW[] = {"DIAMONDS", "PLATINUM", "ELECTRONICS", "MICROPROCESSORS"};
    for (int i = 0; i < 4; i++)
        CHECK(depends(s, task_of(s, PROD_TASK_DELIVER, RAW[i]), task_of(s, PROD_TASK_ACQUIRE, RAW[i])));
    const prod_coord_task *cac = task_of(s, PROD_TASK_COLLECT, "ADVANCED_CIRCUITRY");
    const prod_coord_task *clr = task_of(s, PROD_TASK_COLLECT, "LASER_RIFLES");
    CHECK(cac->dep_count == 2 && depends(s, cac, task_of(s, PROD_TASK_DELIVER, "ELECTRONICS")) &&
          depends(s, cac, task_of(s, PROD_TASK_DELIVER, "MICROPROCESSORS")));
    CHECK(depends(s, task_of(s, PROD_TASK_DELIVER, "ADVANCED_CIRCUITRY"), cac));
    CHECK(clr->dep_count == 3 && depends(s, clr, task_of(s, PROD_TASK_DELIVER, "DIAMONDS")) &&
          depends(s, clr, task_of(s, PROD_TASK_DELIVER, "ADVANCED_CIRCUITRY")));
    CHECK(depends(s, task_of(s, PROD_TASK_SELL, "LASER_RIFLES"), clr));
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void adaptive_buys_an_intermediate_sold_at_high_supply(void)
{
    uint64_t id = 0;
    REQUIRE(laser_world());
    tw_add(&W, 32, "ADVANCED_CIRCUITRY", PROD_QUOTE_SELLS, 1100, 0, PROD_SUPPLY_HIGH,
           PROD_ACTIVITY_STRONG, 40);
    REQUIRE_OK(plan("LASER_RIFLES", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(s->node_count == 4 && node(s, "ADVANCED_CIRCUITRY")->decision == PROD_DECISION_BUY);
    CHECK(count_type(s, PROD_TASK_ACQUIRE) == 3 && count_type(s, PROD_TASK_COLLECT) == 1);
    CHECK(s->task_count == 8); /* seed 002 scenario A: 4 worker trips, 8 tasks */
    W.h.api->free_buffer(s);
    tw_close(&W);
}

/* seed 002's sell-market example: A1 (WEAK, LIMITED, 31,699) over C2
 * (RESTRICTED), D1 (WEAK, HIGH, 25,000) and B4 (GROWING: excluded though it
 * pays most). */
static void sell_market_is_the_best_scored_weak_or_restricted_buyer(void)
{
    uint64_t id = 0;
    REQUIRE(laser_world());
    W.n--; /* market 50 */
    tw_add(&W, 52, "LASER_RIFLES", PROD_QUOTE_BUYS, 0, 28500, PROD_SUPPLY_MODERATE,
           PROD_ACTIVITY_RESTRICTED, 40);
    tw_add(&W, 54, "LASER_RIFLES", PROD_QUOTE_BUYS, 0, 35000, PROD_SUPPLY_SCARCE,
           PROD_ACTIVITY_GROWING, 40);
    tw_add(&W, 51, "LASER_RIFLES", PROD_QUOTE_BUYS, 0, 31699, PROD_SUPPLY_LIMITED,
           PROD_ACTIVITY_WEAK, 40);
    tw_add(&W, 53, "LASER_RIFLES", PROD_QUOTE_BUYS, 0, 25000, PROD_SUPPLY_HIGH,
           PROD_ACTIVITY_WEAK, 40);
    REQUIRE_OK(plan("LASER_RIFLES", &id));
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(s->sell_market == 51 && s->expected_price == 31699);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void planning_readies_the_acquires_and_announces_the_pipeline(void)
{
    uint64_t id = 0;
    REQUIRE(laser_world());
    REQUIRE_OK(plan("LASER_RIFLES", &id));
    CHECK(W.nev == 5 && W.ev[0].type == PROD_COORD_EVENT_PIPELINE_CREATED);
    CHECK(W.ev[0].pipeline == id && W.ev[0].quantity == 12 && W.ev[0].market == 50);
    CHECK(tw_count(&W, PROD_COORD_EVENT_TASK_READY) == 4);
    for (size_t i = 1; i < W.nev; i++)
        CHECK(W.ev[i].task_type == PROD_TASK_ACQUIRE && W.ev[i].state == PROD_TASK_READY);
    prod_pipeline_status *s = tw_status(&W, id);
    REQUIRE(s);
    CHECK(s->state == PROD_PIPELINE_PLANNING && s->tasks_done == 0);
    CHECK(s->factories[0].state == PROD_FACTORY_AWAITING_INPUTS);
    W.h.api->free_buffer(s);
    tw_close(&W);
}

static void plans_past_max_pipelines_are_refused(void)
{
    REQUIRE(laser_world());
    for (int i = 0; i < 3; i++)
        CHECK_OK(plan("LASER_RIFLES", NULL));
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "LASER_RIFLES"), 0, NULL) == PROD_ERR_LIMIT);
    CHECK(strstr(W.h.api->coord_last_error(W.c), "max_pipelines"));
    tw_close(&W);
}

static void planning_without_market_quote_is_not_provided(void)
{
    th_host h;
    char err[256];
    th_load(&h, SO);
    REQUIRE_OK(th_init(&h, TW_SPACETRADERS, 0, err, sizeof err));
    prod_coordinator *c = NULL;
    REQUIRE_OK(h.api->coord_create(h.ctx, NULL, &c));
    CHECK(h.api->coord_plan(c, th_item(&h, "MACHINERY"), 0, NULL) == PROD_ERR_NOT_PROVIDED);
    CHECK(strstr(h.api->coord_last_error(c), "market_quote"));
    h.api->coord_destroy(c);
    th_close(&h);
}

static void planning_in_the_past_is_a_time_error(void)
{
    REQUIRE(machinery_world(PROD_STRATEGY_BUY_IF_SOLD));
    CHECK_OK(W.h.api->coord_tick(W.c, 5000));
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), 4999, NULL) == PROD_ERR_TIME);
    CHECK(W.h.api->coord_plan(W.c, tw_item(&W, "MACHINERY"), -1, NULL) == PROD_ERR_TIME);
    tw_close(&W);
}

static uint32_t pipelines_held(void)
{
    uint32_t n = 0;
    CHECK_OK(W.h.api->coord_pipelines(W.c, NULL, 0, &n));
    return n;
}

static void opportunity_scan_keeps_one_pipeline_per_good(void)
{
    REQUIRE(tw_open(&W, SO, TW_SPACETRADERS, NULL, 0)); /* scans every 120 s, 3 pipelines */
    tw_machinery(&W);
    CHECK_OK(W.h.api->coord_tick(W.c, 0));
    CHECK(pipelines_held() == 1); /* MACHINERY, the one good with a profit */
    CHECK_OK(W.h.api->coord_tick(W.c, 120000));
    CHECK(pipelines_held() == 1); /* still in work (no worker): not planned again */
    tw_close(&W);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(simple_dependency_makes_machinery_from_iron_bought);
    RUN(multi_level_tree_is_3_deep_with_raw_leaves_bought);
    RUN(sold_good_is_bought_with_no_children);
    RUN(cycle_fails_fast_naming_it);
    RUN(unknown_goods_fail_naming_them);
    RUN(no_factory_is_an_error_naming_the_good);
    RUN(no_weak_buyer_is_an_error_naming_the_good);
    RUN(factory_exporting_with_strong_activity_is_preferred);
    RUN(buy_if_sold_buys_what_adaptive_makes);
    RUN(laser_rifles_graph_has_the_appendix_tasks);
    RUN(laser_rifles_dependencies_follow_the_appendix);
    RUN(adaptive_buys_an_intermediate_sold_at_high_supply);
    RUN(sell_market_is_the_best_scored_weak_or_restricted_buyer);
    RUN(planning_readies_the_acquires_and_announces_the_pipeline);
    RUN(plans_past_max_pipelines_are_refused);
    RUN(planning_without_market_quote_is_not_provided);
    RUN(planning_in_the_past_is_a_time_error);
    RUN(opportunity_scan_keeps_one_pipeline_per_good);
    return check_finish("it_coord_plan");
}
