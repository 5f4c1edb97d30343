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

static void test_advanced_circuitry(void)
{
    mk_open(&H, ST_MAP);
    static const mk_quote m[] = {
        {"SILICON_CRYSTALS", PROD_QUOTE_SELLS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 20, 0, 10},
        {"COPPER_ORE", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_GROWING, 5, 0, 10},
    };
    mk_set(&H, m, 2);
    prod_chain_request q = request("ADVANCED_CIRCUITRY", 1);
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    prod_chain_result *r = build(&q);
    CHECK(r && r->max_depth == 3);
    CHECK(r && r->node_count == 9);
    CHECK(r && r->raw_count == 2 && raw_of(r, "SILICON_CRYSTALS") && raw_of(r, "COPPER_ORE"));
    CHECK(r && raw_of(r, "SILICON_CRYSTALS")->qty == 2 && raw_of(r, "COPPER_ORE")->qty == 2);
    for (uint32_t i = 0; r && i < r->node_count; i++) {
        int leaf = children(r, i) == 0;
        CHECK(leaf ? r->nodes[i].decision != PROD_DECISION_MAKE
                   : r->nodes[i].decision == PROD_DECISION_MAKE);
        CHECK(leaf == (r->nodes[i].recipe == PROD_RECIPE_NONE));
    }
    /* 2 x 20 + 2 x 5 bought, nothing unpriced */
    CHECK(r && fabs(r->total_cost - 50.0) < 1e-9 && !(r->flags & PROD_NODE_NO_PRICE));
    CHECK(r && r->direct_count == 2 && r->direct[0].item == th_item(&H, "ELECTRONICS"));
    CHECK(r && r->duration_ms == 5 * 1000); /* AC, ELECTRONICS, MICRO, COPPER x 2: 5 steps */
    H.api->free_buffer(r);
}

static void test_machinery(void)
{
    mk_open(&H, ST_MAP);
    static const mk_quote sold[] = {
        {"MACHINERY", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_WEAK, 300, 0, 10},
    };
    static const mk_quote iron[] = {
        {"IRON", PROD_QUOTE_SELLS, PROD_SUPPLY_MODERATE, PROD_ACTIVITY_STRONG, 30, 0, 10},
    };
    prod_chain_request q = request("MACHINERY", 1);
    q.strategy = PROD_STRATEGY_BUY_IF_SOLD;
    mk_set(&H, sold, 1);
    prod_chain_result *r = build(&q);
    CHECK(r && r->node_count == 1 && r->nodes[0].decision == PROD_DECISION_BUY);
    CHECK(r && r->nodes[0].recipe == PROD_RECIPE_NONE && r->nodes[0].unit_price == 300);
    H.api->free_buffer(r);
    mk_set(&H, iron, 1);
    r = build(&q);
    CHECK(r && r->node_count == 2 && r->nodes[0].decision == PROD_DECISION_MAKE);
    CHECK(r && r->nodes[1].decision == PROD_DECISION_RAW && r->nodes[1].cost == 30);
    H.api->free_buffer(r);
}

static void test_cycle(void)
{
    mk_open(&H, "{\"recipes\":[" STEP("A", IN("B")) "," STEP("B", IN("A")) "," STEP("X", IN("A")) "]}");
    static const mk_quote a_sold[] = {
        {"A", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, 8, 0, 10}};
    mk_set(&H, a_sold, 1);
    prod_chain_request x = request("X", 1);
    prod_chain_result *rx = NULL;
    CHECK(H.api->chain_build(H.ctx, &x, &rx) == PROD_ERR_CYCLE); /* MAKE_ALL loops */
    x.runs = 0;
    CHECK(H.api->chain_build(H.ctx, &x, &rx) == PROD_ERR_INVALID_ARGUMENT);
    x.runs = 1;
    x.strategy = PROD_STRATEGY_MIN_COST; /* A can be bought: the loop is cut there */
    rx = build(&x);
    CHECK(rx && rx->node_count == 2 && rx->nodes[1].decision == PROD_DECISION_BUY);
    CHECK(rx && rx->total_cost == 8);
    CHECK(strstr(H.api->last_error(H.ctx), "runs") != NULL); /* the cut loop left no text */
    H.api->free_buffer(rx);
    prod_chain_request q = request("A", 1);
    prod_chain_result *r = (prod_chain_result *)&q;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_CYCLE && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "A -> B -> A") != NULL);
    q = request("B", 1);
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_CYCLE);
    CHECK(strstr(H.api->last_error(H.ctx), "B -> A -> B") != NULL);
    uint64_t max = 7; /* "what can I build" names the loop the same way */
    q = request("X", 1);
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

static void test_quantities(void)
{
    mk_open(&H, QTY_MAP);
    prod_chain_request q = request("frame", 1);
    prod_chain_result *r = build(&q);
    const prod_chain_node *plate = node_of(r, "plate"), *ore = node_of(r, "ore");
    const prod_chain_node *hammer = node_of(r, "hammer");
    CHECK(plate && plate->qty_needed == 7 && plate->runs == 3 && plate->qty_produced == 9);
    CHECK(ore && ore->qty_needed == 6 && ore->decision == PROD_DECISION_RAW);
    CHECK(hammer && hammer->qty_needed == 1 && (hammer->flags & PROD_NODE_TOOL));
    CHECK(r && (r->nodes[0].flags & PROD_NODE_NO_PRICE) == 0 && (r->flags & PROD_NODE_NO_PRICE));
    CHECK(r && r->duration_ms == 3000 + 500);
    H.api->free_buffer(r);

    q.runs = 3; /* 21 plates: 7 runs; ore 14 at ME 0, ceil(7 x 2 x 0.9) = 13 at ME 10 */
    q.me = 10;
    q.te = 20;
    r = build(&q);
    plate = node_of(r, "plate");
    ore = node_of(r, "ore");
    CHECK(plate && plate->runs == 7 && plate->qty_produced == 21);
    CHECK(ore && ore->qty_needed == 13);
    CHECK(node_of(r, "hammer") && node_of(r, "hammer")->qty_needed == 1);
    CHECK(plate && plate->duration_ms == 5600); /* 7 x 1000 x 0.8 */
    CHECK(r && r->nodes[0].qty_needed == 3 && r->nodes[0].duration_ms == 1200);
    H.api->free_buffer(r);

    prod_category_me cat = {.category = "", .me = 50}; /* uncategorised recipes */
    q.category_me = &cat;
    q.category_me_count = 1;
    q.me = 0;
    r = build(&q); /* plates: ceil(3 x 7 x 0.5) = 11 -> 4 runs; ore: ceil(4 x 2 x 0.5) = 4 */
    CHECK(node_of(r, "plate") && node_of(r, "plate")->qty_needed == 11);
    CHECK(node_of(r, "ore") && node_of(r, "ore")->qty_needed == 4);
    H.api->free_buffer(r);
    cat.me = 101;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q.category_me_count = 0;

    q.me = 100; /* never below one unit per run */
    r = build(&q);
    CHECK(node_of(r, "ore") && node_of(r, "ore")->qty_needed == 1); /* 1 plate run */
    CHECK(node_of(r, "plate") && node_of(r, "plate")->qty_needed == 3);
    H.api->free_buffer(r);

    q = request("ring", 1); /* 3 gems at an expected 1 per run: 3 runs, flagged */
    r = build(&q);
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

static void test_choice(void)
{
    mk_open(&H, CHOICE_MAP);
    mk_set(&H, CHOICE_MARKET, 6);
    prod_recipe_ix slow = th_recipe(&H, "w_slow"), cheap = th_recipe(&H, "w_cheap");
    prod_chain_request q = request("board", 1);
    q.job_cost_index = 1.0;
    prod_chain_result *r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == slow);
    CHECK(r && r->total_cost == 2 * 50 + 1);
    H.api->free_buffer(r);
    q.choice = PROD_CHOOSE_PREFERRED;
    q.preferred = &cheap;
    q.preferred_count = 1;
    r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == cheap);
    CHECK(r && r->job_cost == 4 && r->total_cost == 2 * 4 + 4 + 1 && r->material_cost == 9);
    H.api->free_buffer(r);
    q.choice = PROD_CHOOSE_CHEAPEST;
    q.preferred_count = 0;
    r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == cheap);
    CHECK(r && r->node_count == 5 && r->nodes[1].parent == 0 && r->nodes[2].parent == 1);
    H.api->free_buffer(r);
    q.job_cost_index = 100; /* the job cost now makes w_cheap dearer */
    r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->recipe == slow);
    H.api->free_buffer(r);
    q = request("harness", 1); /* wire twice: decided once, both alike */
    q.choice = PROD_CHOOSE_CHEAPEST;
    q.job_cost_index = 1;
    r = build(&q);
    uint32_t wires = 0;
    for (uint32_t i = 0; r && i < r->node_count; i++)
        if (r->nodes[i].item == th_item(&H, "wire")) {
            wires++;
            CHECK(r->nodes[i].recipe == cheap && r->nodes[i].depth == wires);
        }
    CHECK(wires == 2 && r->total_cost == 7 * 4 + 7 * 2 + 1);
    H.api->free_buffer(r);
}

static void test_strategies(void)
{
    mk_open(&H, CHOICE_MAP);
    mk_set(&H, CHOICE_MARKET, 6);
    prod_chain_request q = request("board", 1);
    q.strategy = PROD_STRATEGY_ADAPTIVE; /* resin at HIGH: bought at the HIGH market's 12 */
    prod_chain_result *r = build(&q);
    const prod_chain_node *resin = node_of(r, "resin"), *wire = node_of(r, "wire");
    CHECK(resin && resin->decision == PROD_DECISION_BUY && resin->unit_price == 12);
    CHECK(resin && resin->market == 104); /* the HIGH market, not the cheaper MODERATE one */
    CHECK(wire && wire->decision == PROD_DECISION_MAKE); /* only LIMITED supply */
    H.api->free_buffer(r);
    q.supply_threshold = PROD_SUPPLY_LIMITED;
    r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->decision == PROD_DECISION_BUY);
    CHECK(node_of(r, "resin") && node_of(r, "resin")->unit_price == 9);
    CHECK(node_of(r, "resin") && node_of(r, "resin")->market == 103);
    CHECK(node_of(r, "board") && node_of(r, "board")->market == 0);
    H.api->free_buffer(r);

    q.strategy = PROD_STRATEGY_MIN_COST; /* wire: buy 2 x 7 < make 2 x 50; resin: make 1 < 9 */
    r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->decision == PROD_DECISION_BUY);
    CHECK(node_of(r, "resin") && node_of(r, "resin")->decision == PROD_DECISION_MAKE);
    CHECK(r && r->node_count == 4 && r->total_cost == 14 + 1 && !node_of(r, "gold"));
    H.api->free_buffer(r);

    prod_decision_override ov[] = {{th_item(&H, "wire"), PROD_DECISION_MAKE},
                                   {th_item(&H, "resin"), PROD_DECISION_BUY}};
    q.overrides = ov;
    q.override_count = 2;
    r = build(&q);
    wire = node_of(r, "wire");
    resin = node_of(r, "resin");
    CHECK(wire && wire->decision == PROD_DECISION_MAKE && (wire->flags & PROD_NODE_OVERRIDDEN));
    CHECK(resin && resin->decision == PROD_DECISION_BUY && resin->unit_price == 9);
    H.api->free_buffer(r);

    prod_item_id raw = th_item(&H, "wire");
    q = request("board", 1);
    q.raw_items = &raw;
    q.raw_count = 1;
    r = build(&q);
    CHECK(node_of(r, "wire") && node_of(r, "wire")->decision == PROD_DECISION_RAW);
    CHECK(r && r->node_count == 4 && raw_of(r, "wire") && raw_of(r, "wire")->qty == 2);
    H.api->free_buffer(r);
}

/* ---- limits and bad input ------------------------------------------------ */

static void test_depth_limit(void)
{
    size_t cap = 200 * 128;
    char *json = malloc(cap), *at = json;
    at += sprintf(at, "{\"recipes\":[");
    for (int i = 0; i < 70; i++)
        at += sprintf(at, "%s{\"id\":\"r%d\",\"inputs\":[{\"item\":\"i%d\",\"qty\":1}],"
                          "\"outputs\":[{\"item\":\"i%d\",\"qty\":1}],\"duration_ms\":1}",
                      i ? "," : "", i, i + 1, i);
    sprintf(at, "]}");
    mk_open(&H, json);
    free(json);
    prod_chain_request q = request("i0", 1);
    prod_chain_result *r = NULL;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_LIMIT && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "i0 is 70 steps deep") != NULL);
    q.strategy = PROD_STRATEGY_MIN_COST; /* no market sells anything: walked, still too deep */
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_LIMIT && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "deeper than 64 steps") != NULL);
    q = request("i10", 1); /* 60 steps down: within the bound */
    r = build(&q);
    CHECK(r && r->max_depth == 60 && r->node_count == 61);
    H.api->free_buffer(r);
}

/* x_k and y_k both need x_(k-1) and y_(k-1): the tree of x_30 has 2^31
 * nodes, the graph 62 items. MIN_COST decides per item, never per node. */
static void test_shared_dag(void)
{
    char *json = malloc(64 * 200), *at = json;
    at += sprintf(at, "{\"recipes\":[");
    for (int k = 1; k <= 30; k++)
        for (int xy = 0; xy < 2; xy++)
            at += sprintf(at, "%s{\"id\":\"%c%d\",\"inputs\":[{\"item\":\"x%d\",\"qty\":1},"
                              "{\"item\":\"y%d\",\"qty\":1}],\"outputs\":[{\"item\":\"%c%d\","
                              "\"qty\":1}],\"duration_ms\":1}",
                          k + xy > 1 ? "," : "", "xy"[xy], k, k - 1, k - 1, "xy"[xy], k);
    sprintf(at, "]}");
    mk_open(&H, json);
    free(json);
    static mk_quote m[62];
    static char names[62][8];
    for (int i = 0; i < 62; i++) { /* x0, y0 at 1; every other x_k, y_k at 3 */
        snprintf(names[i], sizeof names[i], "%c%d", "xy"[i % 2], i / 2);
        m[i] = (mk_quote){names[i], PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK,
                          i < 2 ? 1 : 3, 0, 10};
    }
    mk_set(&H, m, 62);
    prod_chain_request q = request("x30", 1);
    prod_chain_result *r = NULL;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_LIMIT); /* the plain tree is too big */
    CHECK(strstr(H.api->last_error(H.ctx), "nodes") != NULL);
    q.strategy = PROD_STRATEGY_MIN_COST; /* buying x30 at 3 beats making it from two at 3 */
    r = build(&q);
    CHECK(r && r->node_count == 1 && r->nodes[0].decision == PROD_DECISION_BUY);
    CHECK(r && r->total_cost == 3);
    H.api->free_buffer(r);
    q = request("x1", 1); /* x0 + y0 = 2 beats 3: made */
    q.strategy = PROD_STRATEGY_MIN_COST;
    r = build(&q);
    CHECK(r && r->node_count == 3 && r->nodes[0].decision == PROD_DECISION_MAKE);
    CHECK(r && r->total_cost == 2);
    H.api->free_buffer(r);
    q = request("x30", 1);
    prod_econ_info e = {.struct_size = sizeof e};
    CHECK_OK(H.api->econ_item(H.ctx, &q, &e)); /* made from two purchases */
    CHECK(e.total_cost == 6 && e.material_cost == 6);
}

static void test_bad_input(void)
{
    mk_open(&H, ST_MAP);
    prod_chain_request q = request("MACHINERY", 1);
    prod_chain_result *r = NULL;
    q.item = 9999;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_NOT_FOUND);
    q = request("MACHINERY", 0);
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(strstr(H.api->last_error(H.ctx), "runs") != NULL);
    q.runs = -3;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.me = 101;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q.me = -1;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.te = 150;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.strategy = 9;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.job_cost_index = NAN;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q = request("MACHINERY", 1);
    q.struct_size = 8;
    CHECK(H.api->chain_build(H.ctx, &q, &r) == PROD_ERR_VERSION);
    CHECK(H.api->chain_build(H.ctx, NULL, &r) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(H.api->chain_build(NULL, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);

    static const mk_quote negative[] = {
        {"MACHINERY", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, -5, 0, 10}};
    static const mk_quote level[] = {{"MACHINERY", PROD_QUOTE_SELLS, 9, PROD_ACTIVITY_WEAK, 5, 0, 10}};
    static const mk_quote nan_price[] = {
        {"IRON", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_WEAK, NAN, 0, 10}};
    static const mk_quote activity[] = {
        {"MACHINERY", PROD_QUOTE_BUYS, PROD_SUPPLY_HIGH, 7, 0, 5, 10}};
    const mk_quote *bad[] = {negative, level, nan_price, activity};
    const char *says[] = {"buy_price", "supply", "buy_price", "activity"};
    q = request("MACHINERY", 1);
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
static void test_old_host(void)
{
    prod_host old = H.host;
    old.market_quote = mk_callback;
    old.struct_size = (uint32_t)offsetof(prod_host, market_quote);
    prod_recipe_source src = {.json = ST_MAP, .name = "st.json"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &old, .sources = &src, .source_count = 1};
    prod_ctx *ctx = NULL;
    CHECK_OK(H.api->init(&p, &ctx));
    prod_item_id item = 0;
    CHECK_OK(H.api->item_find(ctx, "MACHINERY", &item));
    prod_chain_request q = {.struct_size = sizeof q, .version = PROD_CHAIN_REQUEST_VERSION,
                            .item = item, .runs = 2};
    prod_chain_result *r = NULL;
    CHECK_OK(H.api->chain_build(ctx, &q, &r)); /* the plain chain needs no market */
    CHECK(r && r->node_count == 2 && r->nodes[1].qty_needed == 2);
    CHECK(r && (r->nodes[1].flags & PROD_NODE_NO_PRICE));
    H.api->free_buffer(r);
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

static void test_threads(void)
{
    mk_open(&H, ST_MAP);
    static const mk_quote m[] = {
        {"SILICON_CRYSTALS", PROD_QUOTE_SELLS, PROD_SUPPLY_ABUNDANT, PROD_ACTIVITY_STRONG, 20, 0, 10},
        {"COPPER", PROD_QUOTE_SELLS, PROD_SUPPLY_HIGH, PROD_ACTIVITY_STRONG, 9, 0, 10},
    };
    mk_set(&H, m, 2);
    thread_job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){.q = request("ADVANCED_CIRCUITRY", 1 + i)};
        jobs[i].q.strategy = i % 2 ? PROD_STRATEGY_MIN_COST : PROD_STRATEGY_BUY_IF_SOLD;
        jobs[i].expect = build(&jobs[i].q);
    }
    for (int i = 0; i < 4; i++)
        CHECK(jobs[i].expect && pthread_create(&t[i], NULL, chain_thread, &jobs[i]) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(jobs[i].mismatches == 0);
        H.api->free_buffer((void *)jobs[i].expect);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    th_load(&H, argv[1]);
    test_advanced_circuitry();
    test_machinery();
    test_cycle();
    test_quantities();
    test_choice();
    test_strategies();
    test_depth_limit();
    test_shared_dag();
    test_bad_input();
    test_old_host();
    test_threads();
    th_close(&H);
    return th_finish("it_chain");
}
