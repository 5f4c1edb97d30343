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

static void test_econ_item(void)
{
    mk_open(&H, MAP);
    mk_set(&H, MARKET, 7);
    prod_chain_request q = request("chip", 2);
    prod_econ_info e = {.struct_size = sizeof e};
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    /* 6 wire: made = 3 runs x (2 copper x 2) + 3 x 3 job = 21 < bought 30;
     * silicon 2 x 10; press once at 0. */
    CHECK(e.qty == 2 && e.recipe == th_recipe(&H, "chip"));
    CHECK(fabs(e.material_cost - (12 + 20)) < 1e-9 && fabs(e.job_cost - 9) < 1e-9);
    CHECK(fabs(e.total_cost - 41) < 1e-9);
    CHECK(e.sell_price == 100 && fabs(e.profit_sell - (200 - 41)) < 1e-9);
    CHECK(fabs(e.roi_sell - 159.0 / 41.0 * 100.0) < 1e-9);
    CHECK((e.flags & PROD_ECON_NO_BUY_PRICE) && !(e.flags & PROD_ECON_NO_SELL_PRICE));
    CHECK(!(e.flags & PROD_ECON_PARTIAL_COST));
    CHECK(e.duration_ms == 2000 && e.chain_duration_ms == 2000 + 300);

    q.job_cost_index = 10; /* now 3 runs x 30 job: buying wire (30) is cheaper */
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    CHECK(fabs(e.total_cost - (30 + 20)) < 1e-9 && e.job_cost == 0);
    CHECK(e.chain_duration_ms == 2000);

    q = request("copper", 1); /* raw: nothing to make */
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_NOT_FOUND);
    q = request("chip", 1);
    q.te = 101;
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_INVALID_ARGUMENT);

    mk_set(&H, MARKET, 3); /* wire, chip and gadget prices gone */
    q = request("chip", 1);
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    CHECK((e.flags & PROD_ECON_NO_SELL_PRICE) && e.profit_sell == 0 && e.roi_sell == 0);
    mk_set(&H, MARKET + 1, 2); /* copper unpriced: the cost is partial, not guessed */
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e));
    CHECK(e.flags & PROD_ECON_PARTIAL_COST);
}

static void test_opportunities(void)
{
    mk_open(&H, MAP);
    mk_set(&H, MARKET, 7);
    prod_chain_request base = request("chip", 1); /* job cost index 1 */
    prod_opportunity_request q = {.struct_size = sizeof q,
                                  .version = PROD_OPPORTUNITY_REQUEST_VERSION,
                                  .min_roi = -1e300, .min_profit = -1e300, .base = &base};
    prod_econ_info *list = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    /* wire (sells at 1: loss), chip, gadget; by profit: chip, gadget, wire */
    CHECK(n == 3 && list);
    /* per-unit costs: wire made at (2 x 2 + 3) / 2 = 3.5 a unit, so a chip
     * costs 3 x 3.5 + 10 = 20.5 (econ_item's whole runs give 24) */
    CHECK(n == 3 && list && fabs(list[0].total_cost - 20.5) < 1e-9);
    if (n == 3) {
        CHECK(list[0].item == th_item(&H, "chip") && list[1].item == th_item(&H, "gadget"));
        CHECK(list[2].item == th_item(&H, "wire") && list[2].profit_sell < 0);
        CHECK(list[0].profit_sell >= list[1].profit_sell);
    }
    H.api->free_buffer(list);
    q.min_profit = 0;
    q.limit = 1;
    q.rank = PROD_RANK_ROI;
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 1 && list && list[0].item == th_item(&H, "chip"));
    H.api->free_buffer(list);
    q.limit = 0;
    q.min_roi = 400; /* chip: 76 / 24 = 317%; without job costs it would be 82 / 18 */
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 0 && list == NULL);
    q.base = NULL; /* defaults: no job cost, so chip makes 82 / 18 = 456% */
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 1 && list && list[0].item == th_item(&H, "chip") && list[0].job_cost == 0);
    H.api->free_buffer(list);
    q.rank = 7;
    CHECK(H.api->econ_opportunities(H.ctx, &q, &list, &n) == PROD_ERR_INVALID_ARGUMENT);

    /* a loop is left out, its neighbours are not */
    mk_open(&H, "{\"recipes\":["
                "{\"id\":\"a\",\"inputs\":[{\"item\":\"b\",\"qty\":1}],\"outputs\":[{\"item\":\"a\",\"qty\":1}],\"duration_ms\":1},"
                "{\"id\":\"b\",\"inputs\":[{\"item\":\"a\",\"qty\":1}],\"outputs\":[{\"item\":\"b\",\"qty\":1}],\"duration_ms\":1},"
                "{\"id\":\"c\",\"inputs\":[{\"item\":\"d\",\"qty\":2}],\"outputs\":[{\"item\":\"c\",\"qty\":1}],\"duration_ms\":1}]}");
    static const mk_quote loop[] = {
        {"a", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, 10, 10},
        {"c", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, 10, 10},
        {"d", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 3, 0, 10},
    };
    mk_set(&H, loop, 3);
    q = (prod_opportunity_request){.struct_size = sizeof q,
                                   .version = PROD_OPPORTUNITY_REQUEST_VERSION,
                                   .min_roi = -1e300, .min_profit = -1e300};
    CHECK_OK(H.api->econ_opportunities(H.ctx, &q, &list, &n));
    CHECK(n == 1 && list && list[0].item == th_item(&H, "c") && list[0].total_cost == 6);
    H.api->free_buffer(list);
    static const mk_quote bad[] = {
        {"d", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, -3, 0, 10}};
    mk_set(&H, bad, 1);
    CHECK(H.api->econ_opportunities(H.ctx, &q, &list, &n) == PROD_ERR_HOST && n == 0 && !list);
}

/* ---- market selection ---------------------------------------------------- */

static void test_best_buy(void)
{
    mk_open(&H, MAP);
    static const mk_quote m[] = {
        {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 1, 0, 10},
        {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 4, 0, 10},
        {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_GROWING, 6, 0, 10},
        {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_GROWING, 5, 0, 10},
        {"copper", PROD_QUOTE_SELLS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 9, 0, 10},
        {"copper", PROD_QUOTE_BUYS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 0, 3, 10},
    };
    prod_market_quote out = {.struct_size = sizeof out};
    mk_set(&H, m, 6);
    CHECK_OK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out));
    CHECK(out.market == 104 && out.buy_price == 9); /* STRONG + ABUNDANT first */
    mk_set(&H, m, 4);
    CHECK_OK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out));
    CHECK(out.market == 103); /* GROWING + MODERATE at 5 beats GROWING + HIGH at 6 */
    mk_set(&H, m, 2);
    CHECK_OK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out));
    CHECK(out.market == 101); /* any MODERATE before the cheaper SCARCE */
    mk_set(&H, m, 1);
    CHECK_OK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out));
    CHECK(out.market == 100);
    mk_set(&H, m + 5, 1);
    CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == PROD_ERR_NOT_FOUND);
}

static void test_best_sell(void)
{
    mk_open(&H, MAP);
    /* the design document's LASER_RIFLES table */
    static const mk_quote m[] = {
        {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 0, 25000, 10},
        {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_RESTRICTED, 0, 28500, 10},
        {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_GROWING, 0, 35000, 10},
        {"gadget", PROD_QUOTE_BUYS, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 0, 31699, 10},
    };
    mk_set(&H, m, 4);
    prod_market_quote out = {.struct_size = sizeof out};
    double score = 0;
    CHECK_OK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 0, &out, &score));
    CHECK(out.market == 103 && fabs(score - (31699.0 / 500 * 0.4 + 30 + 16)) < 1e-9);
    mk_set(&H, m, 3); /* without A1: D1 (20 + 30 + 8 = 58) beats C2 (22.8 + 22.5 + 12) */
    CHECK_OK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 0, &out, &score));
    CHECK(out.market == 100 && fabs(score - 58) < 1e-9);
    mk_set(&H, m + 1, 2); /* then C2 (row 0 of this table) */
    CHECK_OK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 100, &out, &score));
    CHECK(out.market == 100 && out.sell_price == 28500 && fabs(score - 67.3) < 1e-9);
    mk_set(&H, m + 2, 1); /* only GROWING: excluded */
    CHECK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 0, &out, NULL) ==
          PROD_ERR_NOT_FOUND);
    CHECK(H.api->market_best_sell(H.ctx, th_item(&H, "gadget"), 101, &out, NULL) ==
          PROD_ERR_INVALID_ARGUMENT);
}

static void test_trade_size(void)
{
    prod_trade_request t = {.struct_size = sizeof t, .version = PROD_TRADE_REQUEST_VERSION,
                            .cargo = 40, .trade_volume = 30, .supply = PROD_SUPPLY_HIGH,
                            .price = 15000, .credits = 500000};
    uint32_t n = 0;
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 18);
    t.credits = 100000; /* 6 affordable */
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 6);
    t.credits = 500000;
    t.supply = PROD_SUPPLY_SCARCE; /* 10% of 30 */
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 3);
    t.supply = PROD_SUPPLY_ABUNDANT;
    t.target = 20;
    CHECK_OK(H.api->trade_size(&t, &n));
    CHECK(n == 20);
    t.supply = 6;
    CHECK(H.api->trade_size(&t, &n) == PROD_ERR_INVALID_ARGUMENT);
    t.supply = PROD_SUPPLY_HIGH;
    t.price = -1;
    CHECK(H.api->trade_size(&t, &n) == PROD_ERR_INVALID_ARGUMENT);
}

/* ---- what can I build ---------------------------------------------------- */

static void test_buildable(void)
{
    mk_open(&H, MAP);
    memset(H.counts, 0, sizeof H.counts);
    prod_chain_request q = request("chip", 1);
    uint64_t max = 99;
    CHECK_OK(H.api->build_max(H.ctx, &q, 1, &max));
    CHECK(max == 0);
    th_set(&H, 1, "press", 1);
    th_set(&H, 1, "silicon", 10);
    th_set(&H, 1, "copper", 9); /* 9 copper -> 4 wire runs -> 8 wire */
    th_set(&H, 1, "wire", 1);   /* + 1 in stock = 9 wire = 3 chips */
    CHECK_OK(H.api->build_max(H.ctx, &q, 1, &max));
    CHECK(max == 3);
    th_set(&H, 1, "silicon", 2);
    CHECK_OK(H.api->build_max(H.ctx, &q, 1, &max));
    CHECK(max == 2);
    th_set(&H, 1, "press", 0); /* the tool is missing and cannot be made */
    CHECK_OK(H.api->build_max(H.ctx, &q, 1, &max));
    CHECK(max == 0);
    th_set(&H, 1, "press", 1);
    th_set(&H, 1, "chip", 5); /* a gadget takes stocked chips first */
    q = request("gadget", 1);
    CHECK_OK(H.api->build_max(H.ctx, &q, 1, &max));
    CHECK(max == 7);

    prod_recipe_ix *ready = NULL;
    uint32_t n = 0;
    CHECK_OK(H.api->recipes_startable(H.ctx, 1, &ready, &n));
    CHECK(n == 2 && ready && ready[0] == th_recipe(&H, "wire")); /* chip: 1 wire of 3 */
    CHECK(n == 2 && ready && ready[1] == th_recipe(&H, "gadget"));
    H.api->free_buffer(ready);
    memset(H.counts, 0, sizeof H.counts);
    CHECK_OK(H.api->recipes_startable(H.ctx, 1, &ready, &n));
    CHECK(n == 0 && ready == NULL);
    th_set(&H, 1, "copper", 2);
    CHECK_OK(H.api->recipes_startable(H.ctx, 1, &ready, &n));
    CHECK(n == 1 && ready && ready[0] == th_recipe(&H, "wire"));
    H.api->free_buffer(ready);
    CHECK(H.api->recipes_startable(H.ctx, 99, &ready, &n) == PROD_ERR_HOST);
    q.item = 0;
    CHECK(H.api->build_max(H.ctx, &q, 1, &max) == PROD_ERR_NOT_FOUND);
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

static void test_rogue_markets(void)
{
    int32_t (*cbs[])(void *, prod_item_id, uint32_t, prod_market_quote *) = {endless_market,
                                                                              odd_market};
    const prod_status want[] = {PROD_ERR_LIMIT, PROD_ERR_HOST};
    const char *says[] = {"more than 4096 markets", "returned 7"};
    for (int i = 0; i < 2; i++) {
        H.api->shutdown(H.ctx);
        H.host.market_quote = cbs[i];
        CHECK_OK(th_init(&H, MAP, 0, NULL, 0));
        prod_market_quote out = {.struct_size = sizeof out};
        CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == want[i]);
        CHECK(strstr(H.api->last_error(H.ctx), says[i]) != NULL);
    }
}

static void test_bad_market(void)
{
    mk_open(&H, MAP);
    static const mk_quote inf[] = {
        {"chip", PROD_QUOTE_BUYS, PROD_SUPPLY_SCARCE, PROD_ACTIVITY_WEAK, 0, INFINITY, 10}};
    static const mk_quote level[] = {
        {"copper", PROD_QUOTE_SELLS, 6, PROD_ACTIVITY_WEAK, 1, 0, 10}};
    prod_chain_request q = request("chip", 1);
    prod_econ_info e = {.struct_size = sizeof e};
    mk_set(&H, inf, 1);
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_HOST);
    CHECK(strstr(H.api->last_error(H.ctx), "sell_price") && strstr(H.api->last_error(H.ctx), "chip"));
    mk_set(&H, level, 1);
    CHECK(H.api->econ_item(H.ctx, &q, &e) == PROD_ERR_HOST);
    prod_market_quote out = {.struct_size = sizeof out};
    CHECK(H.api->market_best_buy(H.ctx, th_item(&H, "copper"), &out) == PROD_ERR_HOST);
    CHECK(strstr(H.api->last_error(H.ctx), "supply") != NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    th_load(&H, argv[1]);
    test_econ_item();
    test_opportunities();
    test_best_buy();
    test_best_sell();
    test_trade_size();
    test_buildable();
    test_bad_market();
    test_rogue_markets();
    th_close(&H);
    return th_finish("it_econ");
}
