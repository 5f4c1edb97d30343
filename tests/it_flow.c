/* it_flow.c - chain_flow (ABI 1.4) through the real .so over the converted
 * game data: the per-item graph with exact totals, whole runs, rates and
 * machines, byproducts and catalysts. Where each expected figure comes from:
 *
 * Factorio 1.1 (factorio_recipes.json; derivations by hand, as Kirk
 * McDonald's calculator and FactorioLab compute them):
 *   - electronic-circuit x1: iron-plate 1 + copper-cable 3; copper-cable
 *     yields 2 per craft, so exactly 3/2 crafts of copper-plate 1: copper-ore
 *     3/2 and iron-ore 1 (the calculators' 1.5 copper ore per circuit). In
 *     whole runs the cable step runs 2 times (4 cables, 1 surplus): 2 copper
 *     ore. Each item appears once: one copper-cable item, not one per use.
 *   - 150 electronic circuits per minute with assembling machine 3 (crafting
 *     speed 1.25) for "crafting" and a steel furnace (speed 2) for
 *     "smelting": 2.5 circuits/s x 0.5 s / 1.25 = 1 machine; cables 7.5/s =
 *     3.75 crafts/s x 0.5 / 1.25 = 1.5 machines (2 to build); copper-plate
 *     3.75/s x 3.2 s / 2 = 6 furnaces; iron-plate 2.5/s x 3.2 / 2 = 4
 *     furnaces (Kirk McDonald's calculator shows the same 1 / 1.5 / 6 / 4).
 *     The circuit step consumes 2.5 iron plates/s and 7.5 cables/s.
 *   - uranium-fuel-cell x10 (one craft: iron-plate 10, U-235 1, U-238 19):
 *     uranium-processing (10 ore -> U-235 at p 0.007, U-238 at p 0.993) is
 *     sized once for both isotopes: U-235 needs 1 / 0.007 = 1000/7 runs, and
 *     those runs also yield 1000/7 x 0.993 = 993/7 U-238, which covers the 19
 *     (credited, surplus 860/7). Ore: exactly 10000/7 = 1428.57; in whole
 *     runs 143 runs = 1,430 ore (the 1.2 tree, which sizes each isotope
 *     apart, says 1,630).
 *   - kovarex-enrichment-process (U-235 40 + U-238 5 -> U-235 41 + U-238 2)
 *     preferred for U-235: catalysts count by their net change, so one run
 *     makes 1 U-235 from 3 U-238, and it is no cycle. 1 U-235 = 1 run; the 3
 *     U-238 come from uranium-processing: 3 / 0.993 = 1000/331 runs, 10000/331
 *     ore; its 1000/331 x 0.007 = 7/331 U-235 would only feed the kovarex
 *     step sized before it, so it is surplus.
 *   - light-oil 45 and petroleum-gas 55 units: light-oil's first recipe is
 *     advanced-oil-processing (heavy 25, light 45, petroleum 55 per 100
 *     crude + 50 water); its petroleum is credited against the petroleum
 *     target, so basic-oil-processing (petroleum's first recipe) runs 0
 *     times: crude-oil 100, heavy-oil surplus 25.
 *   - electronic-circuit x1 with copper-cable bought (an override): the
 *     3 cables are bought, nothing below them is reached; the raw list
 *     makes iron-plate raw the same way. A 1.2 host's version-1 base request
 *     gives the same answer.
 * SpaceTraders (spacetraders_supply_chain.json, no raw list): IRON_ORE is
 * made from EXPLOSIVES, ... back to IRON_ORE: a cycle, named. */
#include <stddef.h>
#include <string.h>

#include "dataload.h"

static th_host H;

typedef struct flow_q {
    const char *items[4];
    uint64_t num[4], den[4];
    uint32_t unit;
    const prod_machine *machines;
    uint32_t machine_count;
    const char *preferred;
} flow_q;

static prod_flow_result *flow(prod_ctx *ctx, const flow_q *f, prod_status *st)
{
    prod_flow_target t[4];
    uint32_t n = 0;
    for (; n < 4 && f->items[n]; n++) {
        t[n] = (prod_flow_target){.num = f->num[n], .den = f->den[n] ? f->den[n] : 1};
        CHECK_OK(H.api->item_find(ctx, f->items[n], &t[n].item));
    }
    prod_recipe_ix pref = 0;
    prod_chain_request base = {.struct_size = sizeof base, .version = PROD_CHAIN_REQUEST_VERSION};
    if (f->preferred && CHECK_OK(H.api->recipe_find(ctx, f->preferred, &pref))) {
        base.choice = PROD_CHOOSE_PREFERRED;
        base.preferred = &pref;
        base.preferred_count = 1;
    }
    prod_flow_request q = {.struct_size = sizeof q, .version = PROD_FLOW_REQUEST_VERSION,
                           .base = &base, .targets = t, .target_count = n, .unit = f->unit,
                           .machines = f->machines, .machine_count = f->machine_count};
    prod_flow_result *r = NULL;
    *st = H.api->chain_flow(ctx, &q, &r);
    if (*st != PROD_OK)
        fprintf(stderr, "chain_flow: %d %s\n", *st, H.api->last_error(ctx));
    return r;
}

static const prod_flow_item *item_of(prod_ctx *ctx, const prod_flow_result *r, const char *name)
{
    for (uint32_t i = 0; r && i < r->item_count; i++)
        if (!strcmp(H.api->item_name(ctx, r->items[i].item), name))
            return &r->items[i];
    return NULL;
}

static const prod_flow_step *step_of(prod_ctx *ctx, const prod_flow_result *r, const char *name)
{
    const prod_flow_item *it = item_of(ctx, r, name);
    return it && it->step != PROD_NODE_NONE ? &r->steps[it->step] : NULL;
}

/* x prints as want ("3/2"). */
static int is(const prod_exact *x, const char *want)
{
    char buf[96];
    if (!x || H.api->exact_format(x, buf, sizeof buf) != PROD_OK)
        return 0;
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "  exact %s, expected %s\n", buf, want);
    return strcmp(buf, want) == 0;
}

static int count_named(prod_ctx *ctx, const prod_flow_result *r, const char *name)
{
    int n = 0;
    for (uint32_t i = 0; i < r->item_count; i++)
        n += !strcmp(H.api->item_name(ctx, r->items[i].item), name);
    return n;
}

static void electronic_circuit_needs_exactly_3_2_copper_ore(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_status st;
    flow_q f = {.items = {"electronic-circuit"}, .num = {1}};
    prod_flow_result *r = flow(ctx, &f, &st);
    REQUIRE(r);
    const prod_flow_item *ore = item_of(ctx, r, "copper-ore"), *iron = item_of(ctx, r, "iron-ore");
    CHECK(ore && is(&ore->consumed, "3/2") && ore->decision == PROD_DECISION_RAW);
    CHECK(iron && is(&iron->consumed, "1"));
    const prod_flow_item *cable = item_of(ctx, r, "copper-cable");
    CHECK(cable && is(&cable->produced, "3") && is(&cable->surplus, "0"));
    const prod_flow_step *cs = step_of(ctx, r, "copper-cable");
    CHECK(cs && is(&cs->runs, "3/2") && cs->batch_runs == 2);
    CHECK(cable && cable->batch_produced == 4 && cable->batch_consumed == 3 &&
          cable->batch_surplus == 1 && (cable->flags & PROD_FLOW_SURPLUS));
    CHECK(ore && ore->batch_consumed == 2);
    CHECK(count_named(ctx, r, "copper-cable") == 1);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void circuits_150_per_minute_need_1_assembler_and_6_copper_furnaces(void)
{
    static const prod_machine machines[] = {
        {.category = "crafting", .name = "assembling-machine-3", .speed_num = 5, .speed_den = 4,
         .power_kw = 375},
        {.category = "smelting", .name = "steel-furnace", .speed_num = 2, .speed_den = 1},
    };
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_status st;
    flow_q f = {.items = {"electronic-circuit"}, .num = {150}, .unit = PROD_AMOUNT_PER_MINUTE,
                .machines = machines, .machine_count = 2};
    prod_flow_result *r = flow(ctx, &f, &st);
    REQUIRE(r);
    const prod_flow_step *ec = step_of(ctx, r, "electronic-circuit"),
                         *cable = step_of(ctx, r, "copper-cable"),
                         *cu = step_of(ctx, r, "copper-plate"), *fe = step_of(ctx, r, "iron-plate");
    CHECK(ec && is(&ec->machines, "1") && ec->machines_ceil == 1 && ec->machine == 0);
    CHECK(cable && is(&cable->machines, "3/2") && cable->machines_ceil == 2);
    CHECK(cu && is(&cu->machines, "6") && cu->machine == 1);
    CHECK(fe && is(&fe->machines, "4"));
    CHECK(ec && is(&ec->runs, "5/2") && ec->power_kw == 375.0);
    int inputs = 0;
    for (uint32_t i = 0; i < r->edge_count; i++) {
        const prod_flow_edge *e = &r->edges[i];
        const char *from = H.api->item_name(ctx, r->items[e->from].item);
        if (e->kind != PROD_FLOW_EDGE_INPUT ||
            strcmp(H.api->item_name(ctx, r->items[e->to].item), "electronic-circuit"))
            continue;
        inputs++;
        CHECK(is(&e->flow, !strcmp(from, "iron-plate") ? "5/2" : "15/2"));
    }
    CHECK(inputs == 2 && r->unit == PROD_AMOUNT_PER_MINUTE);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void fuel_cells_credit_uranium_238_and_need_1430_ore(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_status st;
    flow_q f = {.items = {"uranium-fuel-cell"}, .num = {10}};
    prod_flow_result *r = flow(ctx, &f, &st);
    REQUIRE(r);
    const prod_flow_item *ore = item_of(ctx, r, "uranium-ore");
    const prod_flow_item *u238 = item_of(ctx, r, "uranium-238");
    const prod_flow_step *proc = step_of(ctx, r, "uranium-235");
    CHECK(ore && is(&ore->consumed, "10000/7") && ore->batch_consumed == 1430);
    CHECK(proc && is(&proc->runs, "1000/7") && proc->batch_runs == 143);
    CHECK(proc && step_of(ctx, r, "uranium-238") == proc); /* one step for both */
    CHECK(u238 && is(&u238->surplus, "860/7") && (u238->flags & PROD_FLOW_SURPLUS) &&
          (u238->flags & PROD_FLOW_EXPECTED));
    CHECK(u238 && u238->batch_produced == 141 && u238->batch_surplus == 122);
    CHECK(r->flags & PROD_FLOW_EXPECTED);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void kovarex_counts_catalysts_by_their_net_change(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_status st;
    flow_q f = {.items = {"uranium-235"}, .num = {1}, .preferred = "kovarex-enrichment-process"};
    prod_flow_result *r = flow(ctx, &f, &st);
    CHECK_OK(st);
    REQUIRE(r);
    const prod_flow_step *kov = step_of(ctx, r, "uranium-235");
    const prod_flow_item *u238 = item_of(ctx, r, "uranium-238"), *u235 = item_of(ctx, r, "uranium-235");
    const prod_flow_item *ore = item_of(ctx, r, "uranium-ore");
    CHECK(kov && is(&kov->runs, "1") && kov->batch_runs == 1);
    CHECK(u238 && is(&u238->consumed, "3") && u238->batch_consumed == 3);
    CHECK(ore && is(&ore->consumed, "10000/331"));
    CHECK(u235 && is(&u235->surplus, "7/331"));
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void advanced_oil_petroleum_is_credited_against_the_petroleum_target(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_status st;
    flow_q f = {.items = {"light-oil", "petroleum-gas"}, .num = {45, 55}};
    prod_flow_result *r = flow(ctx, &f, &st);
    REQUIRE(r);
    const prod_flow_item *crude = item_of(ctx, r, "crude-oil"), *heavy = item_of(ctx, r, "heavy-oil");
    const prod_flow_item *pg = item_of(ctx, r, "petroleum-gas");
    CHECK(crude && is(&crude->consumed, "100") && crude->batch_consumed == 100);
    CHECK(heavy && is(&heavy->surplus, "25"));
    CHECK(pg && (pg->flags & PROD_FLOW_BYPRODUCT) && (pg->flags & PROD_FLOW_TARGET));
    const prod_flow_step *basic = step_of(ctx, r, "petroleum-gas");
    CHECK(basic && is(&basic->runs, "0") && basic->batch_runs == 0);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void bought_and_raw_items_are_not_expanded(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_flow_target t = {.num = 1, .den = 1};
    prod_decision_override buy = {.decision = PROD_DECISION_BUY};
    prod_item_id raw;
    REQUIRE_OK(H.api->item_find(ctx, "electronic-circuit", &t.item));
    REQUIRE_OK(H.api->item_find(ctx, "copper-cable", &buy.item));
    REQUIRE_OK(H.api->item_find(ctx, "iron-plate", &raw));
    for (int v1 = 0; v1 < 2; v1++) {
        prod_chain_request base = {.struct_size = v1 ? offsetof(prod_chain_request, units)
                                                     : sizeof base,
                                   .version = v1 ? 1 : PROD_CHAIN_REQUEST_VERSION,
                                   .overrides = &buy, .override_count = 1,
                                   .raw_items = &raw, .raw_count = 1};
        prod_flow_request q = {.struct_size = sizeof q, .version = PROD_FLOW_REQUEST_VERSION,
                               .base = &base, .targets = &t, .target_count = 1};
        prod_flow_result *r = NULL;
        REQUIRE_OK(H.api->chain_flow(ctx, &q, &r));
        const prod_flow_item *cable = item_of(ctx, r, "copper-cable");
        const prod_flow_item *plate = item_of(ctx, r, "iron-plate");
        CHECK(cable && cable->decision == PROD_DECISION_BUY && is(&cable->consumed, "3") &&
              cable->step == PROD_NODE_NONE && cable->batch_consumed == 3);
        CHECK(plate && plate->decision == PROD_DECISION_RAW);
        CHECK(r->item_count == 3 && r->step_count == 1 && !item_of(ctx, r, "copper-ore"));
        CHECK(cable && (cable->flags & PROD_FLOW_NO_PRICE)); /* no market_quote */
        H.api->free_buffer(r);
    }
    H.api->shutdown(ctx);
}

static void spacetraders_without_raw_list_is_a_named_cycle(void)
{
    prod_ctx *ctx = dl_ctx(&H, "spacetraders.json");
    REQUIRE(ctx);
    prod_status st;
    flow_q f = {.items = {"IRON_ORE"}, .num = {1}};
    prod_flow_result *r = flow(ctx, &f, &st);
    CHECK(st == PROD_ERR_CYCLE && r == NULL);
    CHECK(strstr(H.api->last_error(ctx), "IRON_ORE") && strstr(H.api->last_error(ctx), " -> "));
    H.api->shutdown(ctx);
}

/* Twelve steps each yielding 1 with probability 0.999983: the exact ore per
 * unit is (10^6 / 999983)^12, whose denominator passes 128 bits: LIMIT. */
static void exact_total_past_128_bits_is_a_limit_error(void)
{
    char json[4096] = "{\"recipes\":[";
    size_t at = strlen(json);
    for (int i = 1; i <= 12; i++)
        at += (size_t)snprintf(json + at, sizeof json - at,
                               "%s{\"id\":\"r%d\",\"inputs\":[{\"item\":\"a%d\",\"qty\":1}],"
                               "\"outputs\":[{\"item\":\"a%d\",\"qty\":1,\"probability\":0.999983}],"
                               "\"duration_ms\":1}",
                               i > 1 ? "," : "", i, i - 1, i);
    snprintf(json + at, sizeof json - at, "]}");
    char err[256];
    REQUIRE_OK(th_init(&H, json, 0, err, sizeof err));
    prod_flow_target t = {.item = th_item(&H, "a12"), .num = 1, .den = 1};
    prod_flow_request q = {.struct_size = sizeof q, .version = PROD_FLOW_REQUEST_VERSION,
                           .targets = &t, .target_count = 1};
    prod_flow_result *r = NULL;
    CHECK(H.api->chain_flow(H.ctx, &q, &r) == PROD_ERR_LIMIT && r == NULL);
    CHECK(strstr(H.api->last_error(H.ctx), "128 bits") != NULL);
    t.item = th_item(&H, "a3"); /* three levels fit */
    CHECK_OK(H.api->chain_flow(H.ctx, &q, &r));
    H.api->free_buffer(r);
    H.api->shutdown(H.ctx);
    H.ctx = NULL;
}

static void bad_flow_requests_are_refused_and_give_no_result(void)
{
    char err[256];
    REQUIRE_OK(th_init(&H, "{\"recipes\":[{\"id\":\"r\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],"
                       "\"duration_ms\":1}]}",
                       0, err, sizeof err));
    prod_flow_target t = {.item = th_item(&H, "x"), .num = 1, .den = 0};
    prod_machine mc = {.speed_num = 0, .speed_den = 1};
    prod_flow_request q = {.struct_size = sizeof q, .version = PROD_FLOW_REQUEST_VERSION,
                           .targets = &t, .target_count = 1};
    prod_flow_result *r = (prod_flow_result *)&q;
    CHECK(H.api->chain_flow(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT && r == NULL);
    t.den = 1;
    q.machines = &mc;
    q.machine_count = 1;
    CHECK(H.api->chain_flow(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q.machine_count = 0;
    q.unit = 9;
    CHECK(H.api->chain_flow(H.ctx, &q, &r) == PROD_ERR_INVALID_ARGUMENT);
    q.unit = 0;
    q.struct_size = 8;
    CHECK(H.api->chain_flow(H.ctx, &q, &r) == PROD_ERR_VERSION);
    q.struct_size = sizeof q;
    t.item = 99;
    CHECK(H.api->chain_flow(H.ctx, &q, &r) == PROD_ERR_NOT_FOUND);
    CHECK(H.api->chain_flow(H.ctx, NULL, &r) == PROD_ERR_INVALID_ARGUMENT);
    H.api->shutdown(H.ctx);
    H.ctx = NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    th_load(&H, argv[1]);
    if (H.api->struct_size < offsetof(prod_api, exact_format) + sizeof H.api->exact_format) {
        fprintf(stderr, "the plugin has no chain_flow (ABI < 1.4)\n");
        return 1;
    }
    RUN(electronic_circuit_needs_exactly_3_2_copper_ore);
    RUN(circuits_150_per_minute_need_1_assembler_and_6_copper_furnaces);
    RUN(fuel_cells_credit_uranium_238_and_need_1430_ore);
    RUN(kovarex_counts_catalysts_by_their_net_change);
    RUN(advanced_oil_petroleum_is_credited_against_the_petroleum_target);
    RUN(bought_and_raw_items_are_not_expanded);
    RUN(spacetraders_without_raw_list_is_a_named_cycle);
    RUN(exact_total_past_128_bits_is_a_limit_error);
    RUN(bad_flow_requests_are_refused_and_give_no_result);
    th_close(&H);
    return check_finish("it_flow");
}
