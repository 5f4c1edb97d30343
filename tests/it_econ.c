/* it_econ.c - economics, market selection, trade size and "what can I
 * build" through the real libproduction.so: costs at the cheaper of buying
 * and making, job costs from metadata times the cost index, profit and ROI,
 * ranked and filtered opportunities, the design documents' buy tiers, sell
 * score and trade size example (18 units), build_max using intermediates in
 * stock, recipes_startable, and bad market answers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testmarket.h"

static th_host H;

static const char *MAP =
    "{\"recipes\":["
    "{\"id\":\"wire\",\"inputs\":[{\"item\":\"copper\",\"qty\":2}],"
    "\"outputs\":[{\"item\":\"wire\",\"qty\":2}],\"duration_ms\":100,\"metadata\":{\"job_cost\":3}},"
    "{\"id\":\"chip\",\"inputs\":[{\"item\":\"wire\",\"qty\":3},{\"item\":\"silicon\",\"qty\":1},"
    "{\"item\":\"press\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"chip\",\"qty\":1}],\"duration_ms\":1000},"
    "{\"id\":\"gadget\",\"inputs\":[{\"item\":\"chip\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"gadget\",\"qty\":1}],\"duration_ms\":500}"
    "]}";

/* copper 2, silicon 10, press 0 (owned tool, bought once at 0); wire sold at
 * 5 (making costs 2 per unit + job 3 per run); chip sells for 100; gadget
 * sells for 60 (worse ROI, made from a chip). */
static const mk_quote MARKET[] = {
    {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 2, 0, 10},
    {"silicon", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 10, 0, 10},
    {"press", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 0, 0, 10},
    {"wire", PROD_QUOTE_SELLS | PROD_QUOTE_BUYS, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 5, 1, 10},
    {"chip", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, 100, 10},
    {"chip", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_STRONG, 0, 90, 10},
    {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, 60, 10},
};

static prod_chain_request request(const char *item, int32_t runs)
{
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = th_item(&H, item), .runs = runs, .job_cost_index = 1.0};
    return q;
}

static int market_open(uint32_t quotes)
{
    if (!mk_open(&H, MAP))
        return 0;
    mk_set(&H, MARKET, quotes);
    return 1;
}

/* econ_item of chip x2 with every quote; 0 after a failed check. */
static int chip_2(prod_econ_info *e)
{
    if (!market_open(7))
        return 0;
    prod_chain_request q = request("chip", 2);
    *e = (prod_econ_info){.struct_size = sizeof *e};
    return CHECK_OK(H.api->econ_item(H.ctx, &q, e));
}

static void econ_item_names_the_qty_and_recipe(void)
{
    prod_econ_info e;
    REQUIRE(chip_2(&e));
    CHECK(e.qty == 2 && e.recipe == th_recipe(&H, "chip"));
}

/* 6 wire: made = 3 runs x (2 copper x 2) + 3 x 3 job = 21 < bought 30;
 * silicon 2 x 10; press once at 0. */
static void econ_item_costs_each_input_at_the_cheaper_of_making_and_buying(void)
{
    prod_econ_info e;
    REQUIRE(chip_2(&e));
    CHECK(fabs(e.material_cost - (12 + 20)) < 1e-9 && fabs(e.job_cost - 9) < 1e-9);
    CHECK(fabs(e.total_cost - 41) < 1e-9);
}

static void econ_item_profit_and_roi_come_from_the_best_sell_price(void)
{
    prod_econ_info e;
    REQUIRE(chip_2(&e));
    CHECK(e.sell_price == 100 && fabs(e.profit_sell - (200 - 41)) < 1e-9);
    CHECK(fabs(e.roi_sell - 159.0 / 41.0 * 100.0) < 1e-9);
}

static void econ_item_flags_the_prices_it_lacks(void)
{
    prod_econ_info e;
    REQUIRE(chip_2(&e));
    CHECK((e.flags & PROD_ECON_NO_BUY_PRICE) && !(e.flags & PROD_ECON_NO_SELL_PRICE));
    CHECK(!(e.flags & PROD_ECON_PARTIAL_COST));
}

static void econ_item_gives_its_own_and_the_chains_duration(void)
{
    prod_econ_info e;
    REQUIRE(chip_2(&e));
    CHECK(e.duration_ms == 2000 && e.chain_duration_ms == 2000 + 300);
}

static void higher_job_cost_index_makes_buying_an_input_cheaper(void)
{
    REQUIRE(market_open(7));
    prod_chain_request q = request("chip", 2);
    prod_econ_info e = {.struct_size = sizeof e};
    q.job_cost_index = 10; /* now 3 runs x 30 job: buying wire (30) is cheaper */
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    CHECK(fabs(e.total_cost - (30 + 20)) < 1e-9 && e.job_cost == 0);
    CHECK(e.chain_duration_ms == 2000);
}

static void raw_material_has_no_economics(void)
{
    REQUIRE(market_open(7));
    prod_econ_info e = {.struct_size = sizeof e};
    prod_chain_request q = request("copper", 1); /* raw: nothing to make */
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_NOT_FOUND);
}

static void econ_item_refuses_te_above_100(void)
{
    REQUIRE(market_open(7));
    prod_econ_info e = {.struct_size = sizeof e};
    prod_chain_request q = request("chip", 1);
    q.te = 101;
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_INVALID_ARGUMENT);
}

static void item_nobody_buys_has_no_profit_or_roi(void)
{
    REQUIRE(market_open(3)); /* wire, chip and gadget prices gone */
    prod_econ_info e = {.struct_size = sizeof e};
    prod_chain_request q = request("chip", 1);
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    CHECK((e.flags & PROD_ECON_NO_SELL_PRICE) && e.profit_sell == 0 && e.roi_sell == 0);
}

static void unpriced_raw_material_makes_the_cost_partial_not_guessed(void)
{
    REQUIRE(mk_open(&H, MAP));
    mk_set(&H, MARKET + 1, 2); /* copper unpriced: the cost is partial, not guessed */
    prod_econ_info e = {.struct_size = sizeof e};
    prod_chain_request q = request("chip", 1);
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    CHECK(e.flags & PROD_ECON_PARTIAL_COST);
}

/* ---- opportunities ---------------------------------------------------------- */

/* Every quote; no filter; chip x1 at job cost index 1 as the base. */
static prod_chain_request OPP_BASE;

static prod_opportunity_request opportunities_request(void)
{
    OPP_BASE = request("chip", 1); /* job cost index 1 */
    return (prod_opportunity_request){.struct_size = sizeof(prod_opportunity_request),
                                      .version = PROD_OPPORTUNITY_REQUEST_VERSION,
                                      .min_roi = -1e300, .min_profit = -1e300, .base = &OPP_BASE};
}

static void opportunities_list_every_made_item_by_profit(void)
{
    REQUIRE(market_open(7));
    prod_opportunity_request q = opportunities_request();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    /* wire (sells at 1: loss), chip, gadget; by profit: chip, gadget, wire */
    CHECK(n == 3 && list);
    if (n == 3) {
        CHECK(list[0].item == th_item(&H, "chip") && list[1].item == th_item(&H, "gadget"));
        CHECK(list[2].item == th_item(&H, "wire") && list[2].profit_sell < 0);
        CHECK(list[0].profit_sell >= list[1].profit_sell);
    }
    H.api->free_buffer(list);
}

/* per-unit costs: wire made at (2 x 2 + 3) / 2 = 3.5 a unit, so a chip
 * costs 3 x 3.5 + 10 = 20.5 (econ_item's whole runs give 24) */
static void opportunities_cost_with_fractional_runs(void)
{
    REQUIRE(market_open(7));
    prod_opportunity_request q = opportunities_request();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    REQUIRE_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 3 && list && fabs(list[0].total_cost - 20.5) < 1e-9);
    H.api->free_buffer(list);
}

static void opportunities_filter_by_profit_and_rank_by_roi_up_to_a_limit(void)
{
    REQUIRE(market_open(7));
    prod_opportunity_request q = opportunities_request();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    q.min_profit = 0;
    q.limit = 1;
    q.rank = PROD_RANK_ROI;
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 1 && list && list[0].item == th_item(&H, "chip"));
    H.api->free_buffer(list);
}

/* profit >= 0, ROI ranked, no limit, at least min_roi */
static prod_opportunity_request roi_400(void)
{
    prod_opportunity_request q = opportunities_request();
    q.min_profit = 0;
    q.rank = PROD_RANK_ROI;
    q.limit = 0;
    q.min_roi = 400;
    return q;
}

static void min_roi_leaves_out_everything_below_it(void)
{
    REQUIRE(market_open(7));
    prod_opportunity_request q = roi_400();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    /* chip: 76 / 24 = 317%; without job costs it would be 82 / 18 */
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 0 && list == NULL);
}

static void opportunities_without_a_base_request_have_no_job_cost(void)
{
    REQUIRE(market_open(7));
    prod_opportunity_request q = roi_400();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    q.base = NULL; /* defaults: no job cost, so chip makes 82 / 18 = 456% */
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 1 && list && list[0].item == th_item(&H, "chip") && list[0].job_cost == 0);
    H.api->free_buffer(list);
}

static void unknown_rank_is_invalid(void)
{
    REQUIRE(market_open(7));
    prod_opportunity_request q = roi_400();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    q.base = NULL;
    q.rank = 7;
    CHECK(H.api->econ_opportunities(H.ctx, &q, &list, &n) == PROD_ERR_INVALID_ARGUMENT);
}

/* a loop (a <-> b) and c made from 2 bought d */
static int loop_open(void)
{
    static const mk_quote loop[] = {
        {"a", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, 10, 10},
        {"c", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, 10, 10},
        {"d", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 3, 0, 10},
    };
    if (!mk_open(&H, "{\"recipes\":["
                     "{\"id\":\"a\",\"inputs\":[{\"item\":\"b\",\"qty\":1}],"
                     "\"outputs\":[{\"item\":\"a\",\"qty\":1}],\"duration_ms\":1},"
                     "{\"id\":\"b\",\"inputs\":[{\"item\":\"a\",\"qty\":1}],"
                     "\"outputs\":[{\"item\":\"b\",\"qty\":1}],\"duration_ms\":1},"
                     "{\"id\":\"c\",\"inputs\":[{\"item\":\"d\",\"qty\":2}],"
                     "\"outputs\":[{\"item\":\"c\",\"qty\":1}],\"duration_ms\":1}]}"))
        return 0;
    mk_set(&H, loop, 3);
    return 1;
}

static prod_opportunity_request unfiltered(void)
{
    return (prod_opportunity_request){.struct_size = sizeof(prod_opportunity_request),
                                      .version = PROD_OPPORTUNITY_REQUEST_VERSION,
                                      .min_roi = -1e300, .min_profit = -1e300};
}

/* a loop is left out, its neighbours are not */
static void opportunities_leave_out_items_on_a_cycle(void)
{
    REQUIRE(loop_open());
    prod_opportunity_request q = unfiltered();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 1 && list && list[0].item == th_item(&H, "c") && list[0].total_cost == 6);
    H.api->free_buffer(list);
}

static void bad_market_answer_fails_opportunities_with_no_list(void)
{
    REQUIRE(loop_open());
    static const mk_quote bad[] = {
        {"d", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, -3, 0, 10}};
    mk_set(&H, bad, 1);
    prod_opportunity_request q = unfiltered();
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    CHECK(H.api->econ_opportunities(H.ctx, &q, &list, &n) == PROD_ERR_HOST && n == 0 && !list);
}

/* ---- market selection ---------------------------------------------------- */

static const mk_quote BUY_AT[] = {
    {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 1, 0, 10},
    {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 4, 0, 10},
    {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_GROWING, 6, 0, 10},
    {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_GROWING, 5, 0, 10},
    {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 9, 0, 10},
    {"copper", PROD_QUOTE_BUYS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 0, 3, 10},
};

/* market_best_buy of copper among BUY_AT[from, from + n); 0 after a failed check. */
static int best_buy(uint32_t from, uint32_t n, prod_market_quote *out)
{
    if (!mk_open(&H, MAP))
        return 0;
    mk_set(&H, BUY_AT + from, n);
    *out = (prod_market_quote){.struct_size = sizeof *out};
    return CHECK_OK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), out));
}

static void best_buy_puts_strong_activity_and_abundant_supply_first(void)
{
    prod_market_quote out;
    REQUIRE(best_buy(0, 6, &out));
    CHECK(out.market == 104 && out.buy_price == 9); /* STRONG + ABUNDANT first */
}

static void best_buy_takes_the_cheaper_of_two_growing_markets(void)
{
    prod_market_quote out;
    REQUIRE(best_buy(0, 4, &out));
    CHECK(out.market == 103); /* GROWING + MODERATE at 5 beats GROWING + HIGH at 6 */
}

static void best_buy_puts_moderate_supply_before_a_cheaper_scarce_one(void)
{
    prod_market_quote out;
    REQUIRE(best_buy(0, 2, &out));
    CHECK(out.market == 101); /* any MODERATE before the cheaper SCARCE */
}

static void best_buy_takes_a_lone_scarce_market(void)
{
    prod_market_quote out;
    REQUIRE(best_buy(0, 1, &out));
    CHECK(out.market == 100);
}

static void market_that_only_buys_is_no_place_to_buy(void)
{
    REQUIRE(mk_open(&H, MAP));
    mk_set(&H, BUY_AT + 5, 1);
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == PROD_ERR_NOT_FOUND);
}

/* the design document's LASER_RIFLES table */
static const mk_quote SELL_TO[] = {
    {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 0, 25000, 10},
    {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_RESTRICTED, 0, 28500, 10},
    {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_GROWING, 0, 35000, 10},
    {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 0, 31699, 10},
};

static int sell_open(uint32_t from, uint32_t n)
{
    if (!mk_open(&H, MAP))
        return 0;
    mk_set(&H, SELL_TO + from, n);
    return 1;
}

static void best_sell_has_the_highest_score(void)
{
    REQUIRE(sell_open(0, 4));
    prod_market_quote out = {.struct_size = sizeof out};
    double score = 0;
    CHECK_OK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 0, &out, &score));
    CHECK(out.market == 103 && fabs(score - (31699.0 / 500 * 0.4 + 30 + 16)) < 1e-9);
}

static void best_sell_without_the_best_takes_the_next_score(void)
{
    REQUIRE(sell_open(0, 3)); /* without A1: D1 (20 + 30 + 8 = 58) beats C2 (22.8 + 22.5 + 12) */
    prod_market_quote out = {.struct_size = sizeof out};
    double score = 0;
    CHECK_OK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 0, &out, &score));
    CHECK(out.market == 100 && fabs(score - 58) < 1e-9);
}

static void best_sell_adds_the_depth_bonus_to_the_score(void)
{
    REQUIRE(sell_open(1, 2)); /* then C2 (row 0 of this table) */
    prod_market_quote out = {.struct_size = sizeof out};
    double score = 0;
    CHECK_OK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 100, &out, &score));
    CHECK(out.market == 100 && out.sell_price == 28500 && fabs(score - 67.3) < 1e-9);
}

static void growing_market_is_no_place_to_sell(void)
{
    REQUIRE(sell_open(2, 1)); /* only GROWING: excluded */
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 0, &out, NULL) ==
          PROD_ERR_NOT_FOUND);
}

static void depth_bonus_above_100_is_invalid(void)
{
    REQUIRE(sell_open(2, 1));
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 101, &out, NULL) ==
          PROD_ERR_INVALID_ARGUMENT);
}

/* ---- trade size -------------------------------------------------------------- */

static prod_trade_request trade_example(void)
{
    return (prod_trade_request){.struct_size = sizeof(prod_trade_request),
                                .version = PROD_TRADE_REQUEST_VERSION, .cargo = 40,
                                .trade_volume = 30, .supply = PROD_SUPPLY_HIGH, .price = 15000,
                                .credits = 500000};
}

static void trade_size_of_the_design_documents_example_is_18(void)
{
    prod_trade_request t = trade_example();
    uint32_t n = 0;
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 18);
}

static void trade_size_is_what_the_credits_afford(void)
{
    prod_trade_request t = trade_example();
    uint32_t n = 0;
    t.credits = 100000; /* 6 affordable */
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 6);
}

static void scarce_supply_trades_a_tenth_of_the_volume(void)
{
    prod_trade_request t = trade_example();
    uint32_t n = 0;
    t.supply = PROD_SUPPLY_SCARCE; /* 10% of 30 */
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 3);
}

static void target_sets_the_trade_size(void)
{
    prod_trade_request t = trade_example();
    uint32_t n = 0;
    t.supply = PROD_SUPPLY_ABUNDANT;
    t.target = 20;
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 20);
}

static void unknown_supply_or_negative_price_is_invalid(void)
{
    prod_trade_request t = trade_example();
    uint32_t n = 0;
    t.supply = PROD_SUPPLY_ABUNDANT;
    t.target = 20;
    t.supply = 6;
    CHECK(H.api->trade_size(&t, &n) == PROD_ERR_INVALID_ARGUMENT);
    t.supply = PROD_SUPPLY_HIGH;
    t.price = -1;
    CHECK(H.api->trade_size(&t, &n) == PROD_ERR_INVALID_ARGUMENT);
}

/* ---- what can I build ---------------------------------------------------- */

/* MAP with inventory 1 holding press, silicon, copper, wire and chip. */
static int stock_open(uint64_t press, uint64_t silicon, uint64_t copper, uint64_t wire,
                      uint64_t chip)
{
    if (!mk_open(&H, MAP))
        return 0;
    memset(H.counts, 0, sizeof H.counts);
    th_set(&H, 1, "press", press);
    th_set(&H, 1, "silicon", silicon);
    th_set(&H, 1, "copper", copper);
    th_set(&H, 1, "wire", wire);
    th_set(&H, 1, "chip", chip);
    return 1;
}

static uint64_t build_max(const char *item, prod_status *st)
{
    prod_chain_request q = request(item, 1);
    uint64_t max = 99;
    *st = H.api->build_max(H.ctx, &q, 1, &max);
    return max;
}

static void nothing_in_stock_builds_nothing(void)
{
    REQUIRE(stock_open(0, 0, 0, 0, 0));
    prod_status st;
    uint64_t max = build_max("chip", &st);
    CHECK_OK(st);
    CHECK(max == 0);
}

static void build_max_makes_intermediates_from_stock(void)
{
    /* 9 copper -> 4 wire runs -> 8 wire, + 1 in stock = 9 wire = 3 chips */
    REQUIRE(stock_open(1, 10, 9, 1, 0));
    prod_status st;
    uint64_t max = build_max("chip", &st);
    CHECK_OK(st);
    CHECK(max == 3);
}

static void build_max_is_bounded_by_the_scarcest_input(void)
{
    REQUIRE(stock_open(1, 2, 9, 1, 0));
    prod_status st;
    uint64_t max = build_max("chip", &st);
    CHECK_OK(st);
    CHECK(max == 2);
}

static void build_max_without_a_tool_that_cannot_be_made_is_zero(void)
{
    REQUIRE(stock_open(0, 2, 9, 1, 0)); /* the tool is missing and cannot be made */
    prod_status st;
    uint64_t max = build_max("chip", &st);
    CHECK_OK(st);
    CHECK(max == 0);
}

static void build_max_takes_stocked_intermediates_first(void)
{
    REQUIRE(stock_open(1, 2, 9, 1, 5)); /* a gadget takes stocked chips first */
    prod_status st;
    uint64_t max = build_max("gadget", &st);
    CHECK_OK(st);
    CHECK(max == 7);
}

static void recipes_startable_lists_what_the_stock_allows_in_order(void)
{
    REQUIRE(stock_open(1, 2, 9, 1, 5));
    prod_recipe_ix *ready = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->recipes_startable(H.ctx, 1, &ready, &n));
    CHECK(n == 2 && ready && ready[0] == th_recipe(&H, "wire")); /* chip: 1 wire of 3 */
    CHECK(n == 2 && ready && ready[1] == th_recipe(&H, "gadget"));
    H.api->free_buffer(ready);
}

static void recipes_startable_with_nothing_in_stock_is_empty(void)
{
    REQUIRE(stock_open(0, 0, 0, 0, 0));
    prod_recipe_ix *ready = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->recipes_startable(H.ctx, 1, &ready, &n));
    CHECK(n == 0 && ready == NULL);
}

static void recipes_startable_lists_a_single_startable_recipe(void)
{
    REQUIRE(stock_open(0, 0, 2, 0, 0));
    prod_recipe_ix *ready = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->recipes_startable(H.ctx, 1, &ready, &n));
    CHECK(n == 1 && ready && ready[0] == th_recipe(&H, "wire"));
    H.api->free_buffer(ready);
}

static void recipes_startable_of_an_inventory_the_host_refuses_is_a_host_error(void)
{
    REQUIRE(stock_open(0, 0, 2, 0, 0));
    prod_recipe_ix *ready = NULL;
    uint32_t n = 0;
    CHECK(H.api->recipes_startable(H.ctx, 99, &ready, &n) == PROD_ERR_HOST);
}

static void build_max_of_item_0_is_not_found(void)
{
    REQUIRE(stock_open(1, 2, 9, 1, 5));
    prod_chain_request q = request("gadget", 1);
    uint64_t max = 99;
    q.item = 0;
    CHECK(H.api->build_max(H.ctx, &q, 1, &max) == PROD_ERR_NOT_FOUND);
}

/* ---- bad and rogue markets ---------------------------------------------------- */

static void infinite_sell_price_is_a_host_error_naming_field_and_item(void)
{
    REQUIRE(mk_open(&H, MAP));
    static const mk_quote inf[] = {
        {"chip", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, INFINITY, 10}};
    prod_chain_request q = request("chip", 1);
    prod_econ_info e = {.struct_size = sizeof e};
    mk_set(&H, inf, 1);
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_HOST);
    CHECK(strstr(H.api->last_error(H.ctx), "sell_price") &&
          strstr(H.api->last_error(H.ctx), "chip"));
}

static void unknown_supply_level_is_a_host_error(void)
{
    REQUIRE(mk_open(&H, MAP));
    static const mk_quote level[] = {
        {"copper", PROD_QUOTE_SELLS, 6, PROD_ACTIVITY_WEAK, 1, 0, 10}};
    prod_chain_request q = request("chip", 1);
    prod_econ_info e = {.struct_size = sizeof e};
    mk_set(&H, level, 1);
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_HOST);
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == PROD_ERR_HOST);
    CHECK(strstr(H.api->last_error(H.ctx), "supply") != NULL);
}

/* A market that never ends, and one that answers a status it may not. */
static int32_t endless_market(void *user, prod_item_id item, uint32_t index,
                              prod_market_quote *out)
{
    (void)user, (void)item, (void)index;
    out->flags = PROD_QUOTE_SELLS;
    out->buy_price = 1;
    return PROD_HOST_OK;
}

static int32_t odd_market(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    (void)user, (void)item, (void)index, (void)out;
    return 7;
}

/* H's context with market callback cb and MAP; 0 after a failed check. */
static int rogue_open(int32_t (*cb)(void *, prod_item_id, uint32_t, prod_market_quote *))
{
    H.api->shutdown(H.ctx);
    H.ctx = NULL;
    H.host.market_quote = cb;
    return CHECK_OK(th_init(&H, MAP, 0, NULL, 0));
}

static void market_without_end_is_cut_at_4096_markets(void)
{
    REQUIRE(rogue_open(endless_market));
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == PROD_ERR_LIMIT);
    CHECK(strstr(H.api->last_error(H.ctx), "more than 4096 markets") != NULL);
}

static void market_answering_an_unknown_status_is_a_host_error(void)
{
    REQUIRE(rogue_open(odd_market));
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == PROD_ERR_HOST);
    CHECK(strstr(H.api->last_error(H.ctx), "returned 7") != NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    th_load(&H, argv[1]);
    RUN(econ_item_names_the_qty_and_recipe);
    RUN(econ_item_costs_each_input_at_the_cheaper_of_making_and_buying);
    RUN(econ_item_profit_and_roi_come_from_the_best_sell_price);
    RUN(econ_item_flags_the_prices_it_lacks);
    RUN(econ_item_gives_its_own_and_the_chains_duration);
    RUN(higher_job_cost_index_makes_buying_an_input_cheaper);
    RUN(raw_material_has_no_economics);
    RUN(econ_item_refuses_te_above_100);
    RUN(item_nobody_buys_has_no_profit_or_roi);
    RUN(unpriced_raw_material_makes_the_cost_partial_not_guessed);
    RUN(opportunities_list_every_made_item_by_profit);
    RUN(opportunities_cost_with_fractional_runs);
    RUN(opportunities_filter_by_profit_and_rank_by_roi_up_to_a_limit);
    RUN(min_roi_leaves_out_everything_below_it);
    RUN(opportunities_without_a_base_request_have_no_job_cost);
    RUN(unknown_rank_is_invalid);
    RUN(opportunities_leave_out_items_on_a_cycle);
    RUN(bad_market_answer_fails_opportunities_with_no_list);
    RUN(best_buy_puts_strong_activity_and_abundant_supply_first);
    RUN(best_buy_takes_the_cheaper_of_two_growing_markets);
    RUN(best_buy_puts_moderate_supply_before_a_cheaper_scarce_one);
    RUN(best_buy_takes_a_lone_scarce_market);
    RUN(market_that_only_buys_is_no_place_to_buy);
    RUN(best_sell_has_the_highest_score);
    RUN(best_sell_without_the_best_takes_the_next_score);
    RUN(best_sell_adds_the_depth_bonus_to_the_score);
    RUN(growing_market_is_no_place_to_sell);
    RUN(depth_bonus_above_100_is_invalid);
    RUN(trade_size_of_the_design_documents_example_is_18);
    RUN(trade_size_is_what_the_credits_afford);
    RUN(scarce_supply_trades_a_tenth_of_the_volume);
    RUN(target_sets_the_trade_size);
    RUN(unknown_supply_or_negative_price_is_invalid);
    RUN(nothing_in_stock_builds_nothing);
    RUN(build_max_makes_intermediates_from_stock);
    RUN(build_max_is_bounded_by_the_scarcest_input);
    RUN(build_max_without_a_tool_that_cannot_be_made_is_zero);
    RUN(build_max_takes_stocked_intermediates_first);
    RUN(recipes_startable_lists_what_the_stock_allows_in_order);
    RUN(recipes_startable_with_nothing_in_stock_is_empty);
    RUN(recipes_startable_lists_a_single_startable_recipe);
    RUN(recipes_startable_of_an_inventory_the_host_refuses_is_a_host_error);
    RUN(build_max_of_item_0_is_not_found);
    RUN(infinite_sell_price_is_a_host_error_naming_field_and_item);
    RUN(unknown_supply_level_is_a_host_error);
    RUN(market_without_end_is_cut_at_4096_markets);
    RUN(market_answering_an_unknown_status_is_a_host_error);
    th_close(&H);
    return check_finish("it_econ");
}
