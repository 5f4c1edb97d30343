/* it_chain.c - chain_build through the real libproduction.so: the design
 * documents' SpaceTraders cases (ADVANCED_CIRCUITRY depth 3, A <-> B cycle,
 * MACHINERY bought when sold), exact quantities (yield > 1, ME, TE, tools,
 * expected yields), recipe choice policies, make-or-buy strategies and
 * overrides, the depth bound, and bad input (requests and market answers). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testmarket.h"

static th_host H;

static prod_chain_request request(const char *item, int32_t runs)
{
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = th_item(&H, item), .runs = runs};
    return q;
}

static prod_chain_result *build(const prod_chain_request *q)
{
    prod_chain_result *r = NULL;
    prod_status st = H.api->chain_build(H.ctx, q, &r);
    if (!CHECK_OK(st))
        fprintf(stderr, "chain_build: %d %s\n", st, H.api->last_error(H.ctx));
    return r;
}

static const prod_chain_node *node_of(const prod_chain_result *r, const char *item)
{
    prod_item_id id = th_item(&H, item);
    for (uint32_t i = 0; r && i < r->node_count; i++)
        if (r->nodes[i].item == id)
            return &r->nodes[i];
    return NULL;
}

static const prod_item_total *raw_of(const prod_chain_result *r, const char *item)
{
    prod_item_id id = th_item(&H, item);
    for (uint32_t i = 0; r && i < r->raw_count; i++)
        if (r->raw[i].item == id)
            return &r->raw[i];
    return NULL;
}

static uint32_t children(const prod_chain_result *r, uint32_t ix)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->node_count; i++)
        n += r->nodes[i].parent == ix;
    return n;
}

/* ---- SpaceTraders map (the design documents) ----------------------------- */

#define STEP(out, ins) \
    "{\"id\":\"make_" out "\",\"inputs\":[" ins "],\"outputs\":[{\"item\":\"" out "\",\"qty\":1}],\"duration_ms\":1000}"
#define IN(item) "{\"item\":\"" item "\",\"qty\":1}"

static const char *ST_MAP =
    "{\"recipes\":["
    STEP("ADVANCED_CIRCUITRY", IN("ELECTRONICS") "," IN("MICROPROCESSORS")) ","
    STEP("ELECTRONICS", IN("SILICON_CRYSTALS") "," IN("COPPER")) ","
    STEP("MICROPROCESSORS", IN("SILICON_CRYSTALS") "," IN("COPPER")) ","
    STEP("COPPER", IN("COPPER_ORE")) ","
    STEP("MACHINERY", IN("IRON"))
    "]}";

/* AC x1 on ST_MAP, buying what is sold, with silicon and copper ore sold. */
static prod_chain_result *advanced_circuitry(void)
{
    static const mk_quote m[] = {
        {"SILICON_CRYSTALS", PROD_QUOTE_SELLS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 20, 0, 10},
        {"COPPER_ORE", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_GROWING, 5, 0, 10},
    };
    if (!mk_open(&H, ST_MAP))
        return NULL;
    mk_set(&H, m, 2);
    prod_chain_request q = request("ADVANCED_CIRCUITRY", 1);
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    return build(&q);
}

static void advanced_circuitry_is_3_deep_with_9_nodes(void)
{
    prod_chain_result *r = advanced_circuitry();
    REQUIRE(r);
    CHECK(r && r->max_depth == 3);
    CHECK(r && r->node_count == 9);
    H.api->free_buffer(r);
}

static void advanced_circuitry_buys_2_of_each_raw_material(void)
{
    prod_chain_result *r = advanced_circuitry();
    REQUIRE(r);
    CHECK(r && r->raw_count == 2 && raw_of(r, "SILICON_CRYSTALS") && raw_of(r, "COPPER_ORE"));
    CHECK(r && raw_of(r, "SILICON_CRYSTALS")->qty == 2 && raw_of(r, "COPPER_ORE")->qty == 2);
    H.api->free_buffer(r);
}

static void inner_nodes_are_made_and_leaves_are_not(void)
{
    prod_chain_result *r = advanced_circuitry();
    REQUIRE(r);
    for (uint32_t i = 0; r && i < r->node_count; i++) {
        int leaf = children(r, i) == 0;
        CHECK(leaf ? r->nodes[i].decision != PROD_DECISION_MAKE
                   : r->nodes[i].decision == PROD_DECISION_MAKE);
        CHECK(leaf == (r->nodes[i].recipe == PROD_RECIPE_NONE));
    }
    H.api->free_buffer(r);
}

/* 2 x 20 + 2 x 5 bought, nothing unpriced */
static void advanced_circuitry_costs_its_bought_materials(void)
{
    prod_chain_result *r = advanced_circuitry();
    REQUIRE(r);
    CHECK(r && fabs(r->total_cost - 50.0) < 1e-9 && !(r->flags & PROD_NODE_NO_PRICE));
    H.api->free_buffer(r);
}

static void advanced_circuitry_lists_its_direct_inputs(void)
{
    prod_chain_result *r = advanced_circuitry();
    REQUIRE(r);
    CHECK(r && r->direct_count == 2 && r->direct[0].item == th_item(&H, "ELECTRONICS"));
    H.api->free_buffer(r);
}

static void chain_lasts_the_sum_of_its_made_steps(void)
{
    prod_chain_result *r = advanced_circuitry();
    REQUIRE(r);
    CHECK(r && r->duration_ms == 5 * 1000); /* AC, ELECTRONICS, MICRO, COPPER x 2: 5 steps */
    H.api->free_buffer(r);
}

static void sold_item_is_bought_whole_under_buy_if_sold(void)
{
    static const mk_quote sold[] = {
        {"MACHINERY", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 300, 0, 10},
    };
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_request q = request("MACHINERY", 1);
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    mk_set(&H, sold, 1);
    prod_chain_result *r = build(&q);
    CHECK(r && r->node_count == 1 && r->nodes[0].decision == PROD_DECISION_BUY);
    CHECK(r && r->nodes[0].recipe == PROD_RECIPE_NONE && r->nodes[0].unit_price == 300);
    H.api->free_buffer(r);
}

static void unsold_item_is_made_from_its_bought_input(void)
{
    static const mk_quote iron[] = {
        {"IRON", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_STRONG, 30, 0, 10},
    };
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_request q = request("MACHINERY", 1);
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    mk_set(&H, iron, 1);
    prod_chain_result *r = build(&q);
    CHECK(r && r->node_count == 2 && r->nodes[0].decision == PROD_DECISION_MAKE);
    CHECK(r && r->nodes[1].decision == PROD_DECISION_RAW && r->nodes[1].cost == 30);
    H.api->free_buffer(r);
}

/* ---- cycles ---------------------------------------------------------------- */

/* A needs B, B needs A, X needs A; A is sold at 8. */
static int cycle_open(void)
{
    static const mk_quote a_sold[] = {
        {"A", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 8, 0, 10}};
    if (!mk_open(&H, "{\"recipes\":[" STEP("A", IN("B")) "," STEP("B", IN("A")) ","
                     STEP("X", IN("A")) "]}"))
        return 0;
    mk_set(&H, a_sold, 1);
    return 1;
}

static void make_all_through_a_cycle_is_a_cycle_error(void)
{
    REQUIRE(cycle_open());
    prod_chain_request x = request("X", 1);
    prod_chain_result *rx = NULL;
    CHECK(H.api->chain_build(H.ctx, &x, &rx) == PROD_ERR_CYCLE); /* MAKE_ALL loops */
}

static void zero_runs_are_invalid(void)
{
    REQUIRE(cycle_open());
    prod_chain_request x = request("X", 1);
    prod_chain_result *rx = NULL;
    x.runs = 0;
    CHECK(H.api->chain_build(H.ctx, &x, &rx) == PROD_ERR_INVALID_ARGUMENT);
}

static void min_cost_cuts_a_cycle_at_an_item_it_can_buy(void)
{
    REQUIRE(cycle_open());
    prod_chain_request x = request("X", 1);
    x.strategy = PROD_STRATEGY_MIN_COST; /* A can be bought: the loop is cut there */
    prod_chain_result *rx = build(&x);
    CHECK(rx && rx->node_count == 2 && rx->nodes[1].decision == PROD_DECISION_BUY);
    CHECK(rx && rx->total_cost == 8);
    H.api->free_buffer(rx);
}

static void cut_cycle_leaves_the_last_error_as_it_was(void)
{
    REQUIRE(cycle_open());
    prod_chain_request x = request("X", 1);
    prod_chain_result *rx = NULL;
    x.runs = 0;
    REQUIRE(H.api->chain_build(H.ctx, &x, &rx) == PROD_ERR_INVALID_ARGUMENT);
    x.runs = 1;
    x.strategy = PROD_STRATEGY_MIN_COST;
    rx = build(&x);
    CHECK(strstr(H.api->last_error(H.ctx), "runs") != NULL); /* the cut loop left no text */
    H.api->free_buffer(rx);
}

static void cycle_error_names_the_cycle_from_the_item_asked(void)
{
    REQUIRE(cycle_open());
    prod_chain_request q = request("A", 1);
    prod_chain_result *r = (prod_chain_result *)&q;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_CYCLE && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "A -> B -> A") != NULL);
    q = request("B", 1);
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_CYCLE);
    CHECK(strstr(H.api->last_error(H.ctx), "B -> A -> B") != NULL);
}

static void build_max_names_a_cycle_the_same_way(void)
{
    REQUIRE(cycle_open());
    uint64_t max = 7; /* "what can I build" names the loop the same way */
    prod_chain_request q = request("X", 1);
    CHECK(H.api->build_max(H.ctx, &q, 1, &max) == PROD_ERR_CYCLE);
    CHECK(strstr(H.api->last_error(H.ctx), "build: cycle A -> B -> A") != NULL);
}

/* ---- quantities ---------------------------------------------------------- */

static const char *QTY_MAP =
    "{\"recipes\":["
    "{\"id\":\"plate\",\"inputs\":[{\"item\":\"ore\",\"qty\":2},"
    "{\"item\":\"hammer\",\"qty\":1,\"consume\":false}],"
    "\"outputs\":[{\"item\":\"plate\",\"qty\":3}],\"duration_ms\":1000},"
    "{\"id\":\"frame\",\"inputs\":[{\"item\":\"plate\",\"qty\":7}],"
    "\"outputs\":[{\"item\":\"frame\",\"qty\":1}],\"duration_ms\":500},"
    "{\"id\":\"lucky\",\"inputs\":[{\"item\":\"ore\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"gem\",\"qty\":2,\"probability\":0.5}],\"duration_ms\":0},"
    "{\"id\":\"ring\",\"inputs\":[{\"item\":\"gem\",\"qty\":3}],"
    "\"outputs\":[{\"item\":\"ring\",\"qty\":1}],\"duration_ms\":0}"
    "]}";

/* frame x1 on QTY_MAP: 7 plates from a recipe making 3 a run. */
static prod_chain_result *frame(void)
{
    if (!mk_open(&H, QTY_MAP))
        return NULL;
    prod_chain_request q = request("frame", 1);
    return build(&q);
}

static void runs_are_whole_and_the_surplus_is_produced(void)
{
    prod_chain_result *r = frame();
    REQUIRE(r);
    const prod_chain_node *plate = node_of(r, "plate");
    CHECK(plate && plate->qty_needed == 7 && plate->runs == 3 && plate->qty_produced == 9);
    H.api->free_buffer(r);
}

static void raw_input_needs_its_base_qty_per_run(void)
{
    prod_chain_result *r = frame();
    REQUIRE(r);
    const prod_chain_node *ore = node_of(r, "ore");
    CHECK(ore && ore->qty_needed == 6 && ore->decision == PROD_DECISION_RAW);
    H.api->free_buffer(r);
}

static void tool_is_needed_once_per_step_and_flagged(void)
{
    prod_chain_result *r = frame();
    REQUIRE(r);
    const prod_chain_node *hammer = node_of(r, "hammer");
    CHECK(hammer && hammer->qty_needed == 1 && (hammer->flags & PROD_NODE_TOOL));
    H.api->free_buffer(r);
}

static void unpriced_raw_material_flags_the_chain_not_the_root(void)
{
    prod_chain_result *r = frame();
    REQUIRE(r);
    CHECK(r && (r->nodes[0].flags & PROD_NODE_NO_PRICE) == 0 && (r->flags & PROD_NODE_NO_PRICE));
    H.api->free_buffer(r);
}

static void chain_duration_adds_its_steps(void)
{
    prod_chain_result *r = frame();
    REQUIRE(r);
    CHECK(r && r->duration_ms == 3000 + 500);
    H.api->free_buffer(r);
}

/* frame x3 at ME 10, TE 20. 21 plates: 7 runs; ore 14 at ME 0,
 * ceil(7 x 2 x 0.9) = 13 at ME 10. */
static prod_chain_request frame_3_me_10_te_20(void)
{
    prod_chain_request q = request("frame", 3);
    q.me = 10;
    q.te = 20;
    return q;
}

static void material_efficiency_reduces_consumed_inputs_not_tools(void)
{
    REQUIRE(mk_open(&H, QTY_MAP));
    prod_chain_request q = frame_3_me_10_te_20();
    prod_chain_result *r = build(&q);
    const prod_chain_node *plate = node_of(r, "plate"), *ore = node_of(r, "ore");
    CHECK(plate && plate->runs == 7 && plate->qty_produced == 21);
    CHECK(ore && ore->qty_needed == 13);
    CHECK(node_of(r, "hammer") && node_of(r, "hammer")->qty_needed == 1);
    H.api->free_buffer(r);
}

static void time_efficiency_shortens_each_step(void)
{
    REQUIRE(mk_open(&H, QTY_MAP));
    prod_chain_request q = frame_3_me_10_te_20();
    prod_chain_result *r = build(&q);
    const prod_chain_node *plate = node_of(r, "plate");
    CHECK(plate && plate->duration_ms == 5600); /* 7 x 1000 x 0.8 */
    CHECK(r && r->nodes[0].qty_needed == 3 && r->nodes[0].duration_ms == 1200);
    H.api->free_buffer(r);
}

static void category_me_applies_to_the_recipes_of_its_category(void)
{
    REQUIRE(mk_open(&H, QTY_MAP));
    prod_chain_request q = frame_3_me_10_te_20();
    prod_category_me cat = {.category = "", .me = 50}; /* uncategorised recipes */
    q.category_me = &cat;
    q.category_me_count = 1;
    q.me = 0;
    /* plates: ceil(3 x 7 x 0.5) = 11 -> 4 runs; ore: ceil(4 x 2 x 0.5) = 4 */
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "plate") && node_of(r, "plate")->qty_needed == 11);
    CHECK(node_of(r, "ore") && node_of(r, "ore")->qty_needed == 4);
    H.api->free_buffer(r);
}

static void category_me_above_100_is_invalid(void)
{
    REQUIRE(mk_open(&H, QTY_MAP));
    prod_chain_request q = frame_3_me_10_te_20();
    prod_category_me cat = {.category = "", .me = 101};
    q.category_me = &cat;
    q.category_me_count = 1;
    q.me = 0;
    prod_chain_result *r = NULL;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
}

static void me_100_never_goes_below_one_unit_per_run(void)
{
    REQUIRE(mk_open(&H, QTY_MAP));
    prod_chain_request q = frame_3_me_10_te_20();
    q.me = 100; /* never below one unit per run */
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "ore") && node_of(r, "ore")->qty_needed == 1); /* 1 plate run */
    CHECK(node_of(r, "plate") && node_of(r, "plate")->qty_needed == 3);
    H.api->free_buffer(r);
}

static void probabilistic_yield_is_expected_and_flagged(void)
{
    REQUIRE(mk_open(&H, QTY_MAP));
    /* 3 gems at an expected 1 per run: 3 runs, flagged */
    prod_chain_request q = request("ring", 1);
    prod_chain_result *r = build(&q);
    const prod_chain_node *gem = node_of(r, "gem");
    CHECK(gem && gem->runs == 3 && gem->qty_produced == 3 && (gem->flags & PROD_NODE_EXPECTED));
    CHECK(r && (r->flags & PROD_NODE_EXPECTED) && !(r->nodes[0].flags & PROD_NODE_EXPECTED));
    H.api->free_buffer(r);
}

/* ---- choice, strategies, overrides, raw list ----------------------------- */

static const char *CHOICE_MAP =
    "{\"recipes\":["
    "{\"id\":\"w_slow\",\"inputs\":[{\"item\":\"gold\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"wire\",\"qty\":1}],\"duration_ms\":10},"
    "{\"id\":\"w_cheap\",\"inputs\":[{\"item\":\"tin\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"wire\",\"qty\":1}],\"duration_ms\":10,\"metadata\":{\"job_cost\":2}},"
    "{\"id\":\"board\",\"inputs\":[{\"item\":\"wire\",\"qty\":2},{\"item\":\"resin\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"board\",\"qty\":1}],\"duration_ms\":10},"
    "{\"id\":\"resin\",\"inputs\":[{\"item\":\"sap\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"resin\",\"qty\":1}],\"duration_ms\":10},"
    "{\"id\":\"harness\",\"inputs\":[{\"item\":\"wire\",\"qty\":5},{\"item\":\"board\",\"qty\":1}],"
    "\"outputs\":[{\"item\":\"harness\",\"qty\":1}],\"duration_ms\":10}"
    "]}";

static const mk_quote CHOICE_MARKET[] = {
    {"gold", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 50, 0, 10},
    {"tin", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 4, 0, 10},
    {"sap", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 1, 0, 10},
    {"resin", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 9, 0, 10},
    {"resin", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 12, 0, 10},
    {"wire", PROD_QUOTE_SELLS, PROD_SUPPLY_LIMITED, PROD_ACTIVITY_WEAK, 7, 0, 10},
};

static int choice_open(void)
{
    if (!mk_open(&H, CHOICE_MAP))
        return 0;
    mk_set(&H, CHOICE_MARKET, 6);
    return 1;
}

static void first_recipe_in_registry_order_is_the_default(void)
{
    REQUIRE(choice_open());
    prod_recipe_ix slow = th_recipe(&H, "w_slow");
    prod_chain_request q = request("board", 1);
    q.job_cost_index = 1.0;
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == slow);
    CHECK(r && r->total_cost == 2 * 50 + 1);
    H.api->free_buffer(r);
}

static void preferred_recipe_is_used_with_its_job_cost(void)
{
    REQUIRE(choice_open());
    prod_recipe_ix cheap = th_recipe(&H, "w_cheap");
    prod_chain_request q = request("board", 1);
    q.job_cost_index = 1.0;
    q.choice = PROD_CHOOSE_PREFERRED;
    q.preferred = &cheap;
    q.preferred_count = 1;
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == cheap);
    CHECK(r && r->job_cost == 4 && r->total_cost == 2 * 4 + 4 + 1 && r->material_cost == 9);
    H.api->free_buffer(r);
}

static void cheapest_recipe_is_chosen_and_its_tree_is_in_pre_order(void)
{
    REQUIRE(choice_open());
    prod_recipe_ix cheap = th_recipe(&H, "w_cheap");
    prod_chain_request q = request("board", 1);
    q.job_cost_index = 1.0;
    q.choice = PROD_CHOOSE_CHEAPEST;
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == cheap);
    CHECK(r && r->node_count == 5 && r->nodes[1].parent == 0 && r->nodes[2].parent == 1);
    H.api->free_buffer(r);
}

static void job_cost_index_can_make_the_cheap_recipe_dearer(void)
{
    REQUIRE(choice_open());
    prod_recipe_ix slow = th_recipe(&H, "w_slow");
    prod_chain_request q = request("board", 1);
    q.choice = PROD_CHOOSE_CHEAPEST;
    q.job_cost_index = 100; /* the job cost now makes w_cheap dearer */
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == slow);
    H.api->free_buffer(r);
}

static void item_needed_twice_is_decided_once_and_alike(void)
{
    REQUIRE(choice_open());
    prod_recipe_ix cheap = th_recipe(&H, "w_cheap");
    prod_chain_request q = request("harness", 1); /* wire twice: decided once, both alike */
    q.choice = PROD_CHOOSE_CHEAPEST;
    q.job_cost_index = 1;
    prod_chain_result *r = build(&q);
    REQUIRE(r);
    uint32_t wires = 0;
    for (uint32_t i = 0; r && i < r->node_count; i++)
        if (r->nodes[i].item == th_item(&H, "wire")) {
            wires++;
            CHECK(r->nodes[i].recipe == cheap && r->nodes[i].depth == wires);
        }
    CHECK(wires == 2 && r->total_cost == 7 * 4 + 7 * 2 + 1);
    H.api->free_buffer(r);
}

/* ---- make or buy ------------------------------------------------------------- */

static void adaptive_buys_at_high_supply_from_the_high_market(void)
{
    REQUIRE(choice_open());
    prod_chain_request q = request("board", 1);
    q.strategy = PROD_STRATEGY_ADAPTIVE; /* resin at HIGH: bought at the HIGH market's 12 */
    prod_chain_result *r = build(&q);
    const prod_chain_node *resin = node_of(r, "resin"), *wire = node_of(r, "wire");
    CHECK(resin && resin->decision == PROD_DECISION_BUY && resin->unit_price == 12);
    CHECK(resin && resin->market == 104); /* the HIGH market, not the cheaper MODERATE one */
    CHECK(wire && wire->decision == PROD_DECISION_MAKE); /* only LIMITED supply */
    H.api->free_buffer(r);
}

static void adaptive_threshold_can_be_lowered(void)
{
    REQUIRE(choice_open());
    prod_chain_request q = request("board", 1);
    q.strategy = PROD_STRATEGY_ADAPTIVE;
    q.supply_threshold = PROD_SUPPLY_LIMITED;
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->decision == PROD_DECISION_BUY);
    CHECK(node_of(r, "resin") && node_of(r, "resin")->unit_price == 9);
    CHECK(node_of(r, "resin") && node_of(r, "resin")->market == 103);
    CHECK(node_of(r, "board") && node_of(r, "board")->market == 0);
    H.api->free_buffer(r);
}

static void min_cost_buys_or_makes_whichever_is_cheaper(void)
{
    REQUIRE(choice_open());
    prod_chain_request q = request("board", 1);
    q.supply_threshold = PROD_SUPPLY_LIMITED;
    q.strategy = PROD_STRATEGY_MIN_COST; /* wire: buy 2 x 7 < make 2 x 50; resin: make 1 < 9 */
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->decision == PROD_DECISION_BUY);
    CHECK(node_of(r, "resin") && node_of(r, "resin")->decision == PROD_DECISION_MAKE);
    CHECK(r && r->node_count == 4 && r->total_cost == 14 + 1 && !node_of(r, "gold"));
    H.api->free_buffer(r);
}

static void overrides_force_make_or_buy_and_are_flagged(void)
{
    REQUIRE(choice_open());
    prod_chain_request q = request("board", 1);
    q.supply_threshold = PROD_SUPPLY_LIMITED;
    q.strategy = PROD_STRATEGY_MIN_COST;
    prod_decision_override ov[] = {{th_item(&H, "wire"), PROD_DECISION_MAKE},
                                   {th_item(&H, "resin"), PROD_DECISION_BUY}};
    q.overrides = ov;
    q.override_count = 2;
    prod_chain_result *r = build(&q);
    const prod_chain_node *wire = node_of(r, "wire"), *resin = node_of(r, "resin");
    CHECK(wire && wire->decision == PROD_DECISION_MAKE && (wire->flags & PROD_NODE_OVERRIDDEN));
    CHECK(resin && resin->decision == PROD_DECISION_BUY && resin->unit_price == 9);
    H.api->free_buffer(r);
}

static void raw_list_makes_a_producible_item_raw(void)
{
    REQUIRE(choice_open());
    prod_item_id raw = th_item(&H, "wire");
    prod_chain_request q = request("board", 1);
    q.raw_items = &raw;
    q.raw_count = 1;
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->decision == PROD_DECISION_RAW);
    CHECK(r && r->node_count == 4 && raw_of(r, "wire") && raw_of(r, "wire")->qty == 2);
    H.api->free_buffer(r);
}

/* ---- limits and bad input ------------------------------------------------ */

/* i_k needs i_(k+1) for k < 70: i0 is 70 steps deep. */
static int deep_open(void)
{
    size_t cap = 200 * 128;
    char *json = malloc(cap), *at = json;
    if (!CHECK(json != NULL))
        return 0;
    at += sprintf(at, "{\"recipes\":[");
    for (int i = 0; i < 70; i++)
        at += sprintf(at, "%s{\"id\":\"r%d\",\"inputs\":[{\"item\":\"i%d\",\"qty\":1}],"
                          "\"outputs\":[{\"item\":\"i%d\",\"qty\":1}],\"duration_ms\":1}",
                      i ? "," : "", i, i + 1, i);
    sprintf(at, "]}");
    int ok = mk_open(&H, json);
    free(json);
    return ok;
}

static void chain_deeper_than_64_steps_is_a_limit_error(void)
{
    REQUIRE(deep_open());
    prod_chain_request q = request("i0", 1);
    prod_chain_result *r = NULL;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_LIMIT && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "i0 is 70 steps deep") != NULL);
}

static void min_cost_walk_deeper_than_64_steps_is_a_limit_error(void)
{
    REQUIRE(deep_open());
    prod_chain_request q = request("i0", 1);
    prod_chain_result *r = NULL;
    q.strategy = PROD_STRATEGY_MIN_COST; /* no market sells anything: walked, still too deep */
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_LIMIT && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "deeper than 64 steps") != NULL);
}

static void chain_of_60_steps_is_within_the_bound(void)
{
    REQUIRE(deep_open());
    prod_chain_request q = request("i10", 1); /* 60 steps down: within the bound */
    prod_chain_result *r = build(&q);
    CHECK(r && r->max_depth == 60 && r->node_count == 61);
    H.api->free_buffer(r);
}

/* x_k and y_k both need x_(k-1) and y_(k-1): the tree of x_30 has 2^31
 * nodes, the graph 62 items. MIN_COST decides per item, never per node.
 * x0, y0 are sold at 1, every other x_k, y_k at 3. */
static int dag_open(void)
{
    char *json = malloc(64 * 200), *at = json;
    if (!CHECK(json != NULL))
        return 0;
    at += sprintf(at, "{\"recipes\":[");
    for (int k = 1; k <= 30; k++)
        for (int xy = 0; xy < 2; xy++)
            at += sprintf(at, "%s{\"id\":\"%c%d\",\"inputs\":[{\"item\":\"x%d\",\"qty\":1},"
                              "{\"item\":\"y%d\",\"qty\":1}],\"outputs\":[{\"item\":\"%c%d\","
                              "\"qty\":1}],\"duration_ms\":1}",
                          k + xy > 1 ? "," : "", "xy"[xy], k, k - 1, k - 1, "xy"[xy], k);
    sprintf(at, "]}");
    int ok = mk_open(&H, json);
    free(json);
    if (!ok)
        return 0;
    static mk_quote m[62];
    static char names[62][8];
    for (int i = 0; i < 62; i++) { /* x0, y0 at 1; every other x_k, y_k at 3 */
        snprintf(names[i], sizeof names[i], "%c%d", "xy"[i % 2], i / 2);
        m[i] = (mk_quote){names[i], PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK,
                          i < 2 ? 1 : 3, 0, 10};
    }
    mk_set(&H, m, 62);
    return 1;
}

static void plain_tree_of_2_31_nodes_is_a_limit_error(void)
{
    REQUIRE(dag_open());
    prod_chain_request q = request("x30", 1);
    prod_chain_result *r = NULL;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_LIMIT); /* the plain tree is too big */
    CHECK(strstr(H.api->last_error(H.ctx), "nodes") != NULL);
}

static void min_cost_on_a_huge_shared_dag_buys_when_buying_is_cheaper(void)
{
    REQUIRE(dag_open());
    prod_chain_request q = request("x30", 1);
    q.strategy = PROD_STRATEGY_MIN_COST; /* buying x30 at 3 beats making it from two at 3 */
    prod_chain_result *r = build(&q);
    CHECK(r && r->node_count == 1 && r->nodes[0].decision == PROD_DECISION_BUY);
    CHECK(r && r->total_cost == 3);
    H.api->free_buffer(r);
}

static void min_cost_makes_when_making_is_cheaper(void)
{
    REQUIRE(dag_open());
    prod_chain_request q = request("x1", 1); /* x0 + y0 = 2 beats 3: made */
    q.strategy = PROD_STRATEGY_MIN_COST;
    prod_chain_result *r = build(&q);
    CHECK(r && r->node_count == 3 && r->nodes[0].decision == PROD_DECISION_MAKE);
    CHECK(r && r->total_cost == 2);
    H.api->free_buffer(r);
}

static void econ_item_costs_a_huge_shared_dag_at_once(void)
{
    REQUIRE(dag_open());
    prod_chain_request q = request("x30", 1);
    prod_econ_info e = {.struct_size = sizeof e};
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e)); /* made from two purchases */
    CHECK(e.total_cost == 6 && e.material_cost == 6);
}

static void unknown_item_is_not_found(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_request q = request("MACHINERY", 1);
    prod_chain_result *r = NULL;
    q.item = 9999;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_NOT_FOUND);
}

static void runs_below_1_are_invalid_naming_runs(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_request q = request("MACHINERY", 0);
    prod_chain_result *r = NULL;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(strstr(H.api->last_error(H.ctx), "runs") != NULL);
    q.runs = -3;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
}

static void me_or_te_outside_0_to_100_is_invalid(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_result *r = NULL;
    prod_chain_request q = request("MACHINERY", 1);
    q.me = 101;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q.me = -1;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.te = 150;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
}

static void unknown_strategy_or_nan_cost_index_is_invalid(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_result *r = NULL;
    prod_chain_request q = request("MACHINERY", 1);
    q.strategy = 9;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.job_cost_index = NAN;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
}

static void request_struct_too_small_is_a_version_error(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_result *r = NULL;
    prod_chain_request q = request("MACHINERY", 1);
    q.struct_size = 8;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_VERSION);
}

static void null_request_or_context_is_invalid_and_gives_no_result(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_result *r = NULL;
    prod_chain_request q = request("MACHINERY", 1);
    CHECK(H.api->chain_build(H.ctx, NULL, &r) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(H.api->chain_build(NULL, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);
}

static void bad_market_answer_is_a_host_error_naming_field_and_item(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    prod_chain_result *r = NULL;
    static const mk_quote negative[] = {
        {"MACHINERY", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, -5, 0, 10}};
    static const mk_quote level[] = {{"MACHINERY", PROD_QUOTE_SELLS, 9, PROD_ACTIVITY_WEAK, 5, 0, 10}};
    static const mk_quote nan_price[] = {
        {"IRON", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, NAN, 0, 10}};
    static const mk_quote activity[] = {
        {"MACHINERY", PROD_QUOTE_BUYS, PROD_SUPPLY_HIGH, 7, 0, 5, 10}};
    const mk_quote *bad[] = {negative, level, nan_price, activity};
    const char *says[] = {"buy_price", "supply", "buy_price", "activity"};
    prod_chain_request q = request("MACHINERY", 1);
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    for (int i = 0; i < 4; i++) {
        mk_set(&H, bad[i], 1);
        CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_HOST && r == NULL);
        CHECK(strstr(H.api->last_error(H.ctx), says[i]) != NULL);
        CHECK(strstr(H.api->last_error(H.ctx), bad[i]->item) != NULL);
    }
}

/* A host built against ABI 1.1 (struct_size without market_quote): the
 * plugin must not read past it, so market strategies are NOT_PROVIDED. */
static prod_ctx *old_host_ctx(prod_chain_request *q)
{
    prod_host old = H.host;
    old.market_quote = mk_callback;
    old.struct_size = (uint32_t)offsetof(prod_host, market_quote);
    prod_recipe_source src = {.json = ST_MAP, .name = "st.json"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &old, .sources = &src, .source_count = 1};
    prod_ctx *ctx = NULL;
    if (!CHECK_OK(H.api->init(&p, &ctx)))
        return NULL;
    prod_item_id item = 0;
    CHECK_OK(H.api->item_find(ctx, "MACHINERY", &item));
    *q = (prod_chain_request){.struct_size = sizeof *q, .version = PROD_CHAIN_REQUEST_VERSION,
                              .item = item, .runs = 2};
    return ctx;
}

static void abi_1_1_host_builds_plain_chains_without_a_market(void)
{
    prod_chain_request q;
    prod_ctx *ctx = old_host_ctx(&q);
    REQUIRE(ctx);
    prod_chain_result *r = NULL;
    CHECK_OK(H.api->chain_build(ctx, &q, &r)); /* the plain chain needs no market */
    CHECK(r && r->node_count == 2 && r->nodes[1].qty_needed == 2);
    CHECK(r && (r->nodes[1].flags & PROD_NODE_NO_PRICE));
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void abi_1_1_host_gets_market_strategies_not_provided(void)
{
    prod_chain_request q;
    prod_ctx *ctx = old_host_ctx(&q);
    REQUIRE(ctx);
    prod_chain_result *r = NULL;
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    CHECK(H.api->chain_build(ctx, &q, &r) == PROD_ERR_NOT_PROVIDED);
    CHECK(strstr(H.api->last_error(ctx), "market_quote") != NULL);
    H.api->shutdown(ctx);
}

/* Chain queries from several threads on one context give the same trees. */
typedef struct thread_job {
    prod_chain_request q;
    const prod_chain_result *expect;
    int mismatches;
} thread_job;

static void *chain_thread(void *arg)
{
    thread_job *j = arg;
    for (int i = 0; i < 200; i++) {
        prod_chain_result *r = NULL;
        if (H.api->chain_build(H.ctx, &j->q, &r) != PROD_OK || r->node_count != j->expect->node_count ||
            memcmp(r->nodes, j->expect->nodes, r->node_count * sizeof *r->nodes) != 0)
            j->mismatches++;
        H.api->free_buffer(r);
    }
    return NULL;
}

static void chain_queries_from_four_threads_give_the_same_trees(void)
{
    REQUIRE(mk_open(&H, ST_MAP));
    static const mk_quote m[] = {
        {"SILICON_CRYSTALS", PROD_QUOTE_SELLS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 20, 0, 10},
        {"COPPER", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 9, 0, 10},
    };
    mk_set(&H, m, 2);
    thread_job jobs[4];
    pthread_t t[4];
    int started[4] = {0};
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){.q = request("ADVANCED_CIRCUITRY", 1 + i)};
        jobs[i].q.strategy = i % 2 ? PROD_STRATEGY_MIN_COST : PROD_STRATEGY_BUY_IF_SOLD;
        jobs[i].expect = build(&jobs[i].q);
    }
    for (int i = 0; i < 4; i++)
        started[i] =
            CHECK(jobs[i].expect && pthread_create(&t[i], NULL, chain_thread, &jobs[i]) == 0);
    for (int i = 0; i < 4; i++) {
        if (started[i]) {
            CHECK(pthread_join(t[i], NULL) == 0);
            CHECK(jobs[i].mismatches == 0);
        }
        H.api->free_buffer((void *)jobs[i].expect);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    th_load(&H, argv[1]);
    RUN(advanced_circuitry_is_3_deep_with_9_nodes);
    RUN(advanced_circuitry_buys_2_of_each_raw_material);
    RUN(inner_nodes_are_made_and_leaves_are_not);
    RUN(advanced_circuitry_costs_its_bought_materials);
    RUN(advanced_circuitry_lists_its_direct_inputs);
    RUN(chain_lasts_the_sum_of_its_made_steps);
    RUN(sold_item_is_bought_whole_under_buy_if_sold);
    RUN(unsold_item_is_made_from_its_bought_input);
    RUN(make_all_through_a_cycle_is_a_cycle_error);
    RUN(zero_runs_are_invalid);
    RUN(min_cost_cuts_a_cycle_at_an_item_it_can_buy);
    RUN(cut_cycle_leaves_the_last_error_as_it_was);
    RUN(cycle_error_names_the_cycle_from_the_item_asked);
    RUN(build_max_names_a_cycle_the_same_way);
    RUN(runs_are_whole_and_the_surplus_is_produced);
    RUN(raw_input_needs_its_base_qty_per_run);
    RUN(tool_is_needed_once_per_step_and_flagged);
    RUN(unpriced_raw_material_flags_the_chain_not_the_root);
    RUN(chain_duration_adds_its_steps);
    RUN(material_efficiency_reduces_consumed_inputs_not_tools);
    RUN(time_efficiency_shortens_each_step);
    RUN(category_me_applies_to_the_recipes_of_its_category);
    RUN(category_me_above_100_is_invalid);
    RUN(me_100_never_goes_below_one_unit_per_run);
    RUN(probabilistic_yield_is_expected_and_flagged);
    RUN(first_recipe_in_registry_order_is_the_default);
    RUN(preferred_recipe_is_used_with_its_job_cost);
    RUN(cheapest_recipe_is_chosen_and_its_tree_is_in_pre_order);
    RUN(job_cost_index_can_make_the_cheap_recipe_dearer);
    RUN(item_needed_twice_is_decided_once_and_alike);
    RUN(adaptive_buys_at_high_supply_from_the_high_market);
    RUN(adaptive_threshold_can_be_lowered);
    RUN(min_cost_buys_or_makes_whichever_is_cheaper);
    RUN(overrides_force_make_or_buy_and_are_flagged);
    RUN(raw_list_makes_a_producible_item_raw);
    RUN(chain_deeper_than_64_steps_is_a_limit_error);
    RUN(min_cost_walk_deeper_than_64_steps_is_a_limit_error);
    RUN(chain_of_60_steps_is_within_the_bound);
    RUN(plain_tree_of_2_31_nodes_is_a_limit_error);
    RUN(min_cost_on_a_huge_shared_dag_buys_when_buying_is_cheaper);
    RUN(min_cost_makes_when_making_is_cheaper);
    RUN(econ_item_costs_a_huge_shared_dag_at_once);
    RUN(unknown_item_is_not_found);
    RUN(runs_below_1_are_invalid_naming_runs);
    RUN(me_or_te_outside_0_to_100_is_invalid);
    RUN(unknown_strategy_or_nan_cost_index_is_invalid);
    RUN(request_struct_too_small_is_a_version_error);
    RUN(null_request_or_context_is_invalid_and_gives_no_result);
    RUN(bad_market_answer_is_a_host_error_naming_field_and_item);
    RUN(abi_1_1_host_builds_plain_chains_without_a_market);
    RUN(abi_1_1_host_gets_market_strategies_not_provided);
    RUN(chain_queries_from_four_threads_give_the_same_trees);
    th_close(&H);
    return check_finish("it_chain");
}
