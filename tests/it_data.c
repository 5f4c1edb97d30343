/* it_data.c - production chains (ABI 1.2 chain_build) over the real game data
 * converted by tools/dataconv, against figures derived by hand from the
 * source files in data/. All chains use PROD_STRATEGY_MAKE_ALL (no
 * markets). The ABI's whole-run rule: a node needing q units of an item whose
 * recipe yields y per run runs ceil(q / y) times; a step of r runs needs
 * max(r, ceil(r x b x (1 - ME/100))) of an input of base quantity b.
 *
 * SpaceTraders (relations only; the converter makes each good from 1 of each
 * import in 60,000 ms):
 *   - Without a raw list every one of the 129 goods must report a cycle: every
 *     good has at least one import and every import is itself a key of the
 *     map, so every path goes on for ever. The error text must name a real
 *     cycle "A -> B -> ... -> A" (each next item an import of the one before,
 *     checked against the source map), and IRON_ORE's cycle is the one
 *     SOURCES.md names: IRON_ORE -> EXPLOSIVES -> LIQUID_HYDROGEN (or
 *     LIQUID_NITROGEN, also an import of EXPLOSIVES) -> MACHINERY -> IRON ->
 *     IRON_ORE.
 *   - With the 16 rawMaterials as the raw list every good resolves, and every
 *     bought/raw node is one of those 16. FAB_MATS: IRON (from IRON_ORE) +
 *     QUARTZ_SAND -> raw IRON_ORE 1, QUARTZ_SAND 1; 2 made steps, 120,000 ms. ADVANCED_CIRCUITRY:
 *     ELECTRONICS (SILICON_CRYSTALS, COPPER <- COPPER_ORE) + MICROPROCESSORS
 *     (SILICON_CRYSTALS, COPPER <- COPPER_ORE) -> raw SILICON_CRYSTALS 2,
 *     COPPER_ORE 2; 9 nodes, depth 3, 5 made steps x 60 s = 300,000 ms.
 *
 * Factorio 1.1 (recipes from factorio_recipes.json; ores, coal, crude-oil and
 * water have no recipe). The Kirk McDonald calculator gives rates, i.e.
 * fractional crafts; the runs below are picked so that every division is
 * exact and the whole-run totals equal the calculator's, except where said.
 *   - electronic-circuit x1: iron-plate 1 (iron-ore 1) + copper-cable 3;
 *     copper-cable yields 2 per craft -> 2 crafts (4 made, 1 spare) of 1
 *     copper-plate -> copper-ore 2. Time: 500 + iron-plate 3,200 + cable 2 x
 *     500 + copper-plate 2 x 3,200 = 11,100 ms. (The calculator says 1.5
 *     copper-ore per circuit: the spare half craft.)
 *   - electronic-circuit x2: iron-ore 2, copper-ore 3 (cable 6 = 3 crafts):
 *     the calculator's 1 iron-ore + 1.5 copper-ore per circuit.
 *   - advanced-circuit x1 = electronic-circuit 2 + plastic-bar 2 +
 *     copper-cable 4: iron-ore 2; copper-ore 3 (6 cables in the circuits) + 2
 *     (4 cables) = 5; plastic-bar yields 2 -> 1 craft of petroleum-gas 20 +
 *     coal 1. With petroleum-gas marked raw: iron-ore 2, copper-ore 5,
 *     petroleum-gas 20, coal 1 (the calculator's figures per circuit).
 *     Preferring advanced-oil-processing (crude-oil 100 + water 50 ->
 *     petroleum-gas 55, 1 run for 20): iron-ore 2, copper-ore 5, coal 1,
 *     crude-oil 100, water 50; the default (first recipe in file order,
 *     basic-oil-processing: crude-oil 100 -> petroleum-gas 45): crude-oil 100
 *     and no water.
 *   - logistic-science-pack x2 = inserter 2 + transport-belt 2. Inserters:
 *     electronic-circuit 2 (iron 2, cable 6 -> copper 3), gear 2 (iron 4),
 *     iron 2; belts yield 2 -> 1 craft: iron 1, gear 1 (iron 2). iron-ore 11,
 *     copper-ore 3: the calculator's 5.5 + 1.5 per pack.
 *   - uranium-fuel-cell x1 = iron-plate 10 + uranium-235 1 + uranium-238 19
 *     (-> 10 cells). uranium-processing (uranium-ore 10 -> U-235 1 at p 0.007,
 *     U-238 1 at p 0.993) is the first recipe of both isotopes: U-235 needs
 *     ceil(1 / 0.007) = 143 runs (floor(143 x 0.007) = 1 made) = 1,430 ore,
 *     U-238 ceil(19 / 0.993) = 20 runs (19 made) = 200 ore: iron-ore 10,
 *     uranium-ore 1,630, flagged EXPECTED.
 * Factorio 2.0 (factorio_recipes_2.0.json):
 *   - rocket-part's direct inputs are processing-unit 10, low-density-structure
 *     10, rocket-fuel 10 (1.1: rocket-control-unit instead of processing-unit).
 *   - low-density-structure x2 (15 s; steel-plate 2, copper-plate 20,
 *     plastic-bar 5), petroleum-gas raw: steel 4 (16 s, 5 iron-plate each) ->
 *     iron-ore 20; copper-ore 40; plastic-bar 10 -> 5 crafts -> petroleum-gas
 *     100, coal 5 (the calculator's 10 / 20 / 50 / 2.5 per structure). Time:
 *     2 x 15,000 + 4 x 16,000 + 20 x 3,200 + 40 x 3,200 + 5 x 1,000 =
 *     291,000 ms.
 *
 * EVE (eve_blueprints_subset.json; minerals have no blueprint):
 *   - Acolyte I (blueprint 2204: Tritanium 471, Mexallon 4, Nocxium 2 per run):
 *     ME 0 x1: 471 / 4 / 2. ME 10 x1: ceil(423.9) = 424, ceil(3.6) = 4,
 *     ceil(1.8) = 2. ME 10 x10: 4,239 / 36 / 18.
 *   - Harvester Mining Drone (43934: Mining Drone I 1, Megacyte 5, Zydrine 7,
 *     Nocxium 10, Isogen 30; Mining Drone I is 10247: Megacyte 2, Tritanium
 *     77, Isogen 4, Nocxium 13), ME applied at both levels:
 *     ME 0 x1: Megacyte 7, Zydrine 7, Nocxium 23, Isogen 34, Tritanium 77;
 *     600,000 ms (two 300 s steps).
 *     ME 10 x1: drone max(1, ceil(0.9)) = 1; Megacyte ceil(4.5) + ceil(1.8) =
 *     5 + 2 = 7, Zydrine ceil(6.3) = 7, Nocxium 9 + ceil(11.7) = 21, Isogen 27
 *     + ceil(3.6) = 31, Tritanium ceil(69.3) = 70.
 *     ME 10 x10: drone max(10, 9) = 10; Megacyte 45 + 18 = 63, Zydrine 63,
 *     Nocxium 90 + 117 = 207, Isogen 270 + 36 = 306, Tritanium 693.
 *   These are the totals EVE industry calculators show for these blueprints
 *   at ME 0 / ME 10 with no structure bonus.
 *   Stacked bonuses (ABI 1.4), against in-game observations published on the
 *   EVE Online forums ("Material Efficiency Calculation", and "About ME"),
 *   with the formula of eve-industry.org's IndustryFormulas.pdf:
 *   required = max(runs, ceil(round(runs x base x factors, 2))):
 *   - Golem (28711: Morphite 975 per run), blueprint ME 1 in a Raitaru (1%)
 *     with a null-sec ME rig (2.1% x 2 = 4.2%): 975 x 0.99 x 0.99 x 0.958 =
 *     915.46 -> 916, as the game and Fuzzwork show (adding the percentages,
 *     6.2%, would give 915).
 *   - Standard S (1157: Tritanium 3, Pyerite 1, Mexallon 2, Isogen 10), 20
 *     runs at ME 8 in a structure with 1%: Mexallon 2 x 20 x 0.92 x 0.99 =
 *     36.432 -> 37; Pyerite 18.216 -> 19, but never below the 20 runs: 20, as
 *     the game takes; Tritanium 54.648 -> 55, Isogen 182.16 -> 183.
 *   - Time (by hand): 10 Acolyte I runs of 300 s at TE 20 with a 15%
 *     structure time bonus: 10 x 300,000 x 0.8 x 0.85 = 2,040,000 ms.
 *   Units (by hand): 250 Mjolnir Cruise Missiles (803, 100 per run) are 3
 *   runs: Tritanium 3 x 3,084 = 9,252, and 300 missiles are made. */
#include <stddef.h>
#include <string.h>

#include "dataload.h"

#define MAX_LIST 24

typedef struct item_qty {
    const char *item;
    uint64_t qty;
} item_qty;

typedef struct chain_q {
    const char *item;
    int32_t runs, me;
    const char *raw[MAX_LIST];       /* items marked raw, NULL-ended */
    const char *preferred[MAX_LIST]; /* recipe ids, NULL-ended */
} chain_q;

static th_host H;

static size_t names_count(const char *const *v)
{
    size_t n = 0;
    while (n < MAX_LIST && v[n])
        n++;
    return n;
}

/* chain_build for q; *st gets the status, the result (or NULL) is returned. */
static prod_chain_result *build(prod_ctx *ctx, const chain_q *q, prod_status *st)
{
    prod_item_id raw[MAX_LIST];
    prod_recipe_ix pref[MAX_LIST];
    size_t nraw = names_count(q->raw), npref = names_count(q->preferred);
    for (size_t i = 0; i < nraw; i++)
        CHECK_OK(H.api->item_find(ctx, q->raw[i], &raw[i]));
    for (size_t i = 0; i < npref; i++)
        CHECK_OK(H.api->recipe_find(ctx, q->preferred[i], &pref[i]));
    prod_chain_request r = {.struct_size = sizeof r, .version = PROD_CHAIN_REQUEST_VERSION,
                            .runs = q->runs, .me = q->me,
                            .choice = npref ? PROD_CHOOSE_PREFERRED : PROD_CHOOSE_FIRST,
                            .strategy = PROD_STRATEGY_MAKE_ALL, .raw_count = (uint32_t)nraw,
                            .raw_items = raw, .preferred = pref,
                            .preferred_count = (uint32_t)npref};
    prod_chain_result *out = NULL;
    *st = H.api->item_find(ctx, q->item, &r.item);
    if (*st == PROD_OK)
        *st = H.api->chain_build(ctx, &r, &out);
    return out;
}

/* The shopping list of r is exactly want (any order). */
static int same_totals(prod_ctx *ctx, const prod_item_total *v, uint32_t n, const item_qty *want,
                       size_t n_want)
{
    if (n != n_want)
        return 0;
    for (size_t i = 0; i < n_want; i++) {
        int found = 0;
        for (uint32_t j = 0; j < n; j++) {
            const char *name = H.api->item_name(ctx, v[j].item);
            found |= name && !strcmp(name, want[i].item) && v[j].qty == want[i].qty;
        }
        if (!found)
            return 0;
    }
    return 1;
}

/* Build q and check its shopping list, and its total time unless duration_ms < 0.
 * Returns the result for further checks (caller frees), NULL on failure. */
static prod_chain_result *check_chain(prod_ctx *ctx, const chain_q *q, const item_qty *want,
                                      size_t n_want, int64_t duration_ms)
{
    prod_status st;
    prod_chain_result *r = build(ctx, q, &st);
    CHECK_OK(st);
    if (st != PROD_OK || !r) {
        fprintf(stderr, "chain %s x%d: %s\n", q->item, q->runs, H.api->last_error(ctx));
        return NULL;
    }
    int ok = same_totals(ctx, r->raw, r->raw_count, want, n_want) &&
             (duration_ms < 0 || r->duration_ms == duration_ms);
    CHECK(ok);
    if (!ok) {
        fprintf(stderr, "chain %s x%d ME %d: %lld ms, shopping list:", q->item, q->runs, q->me,
                (long long)r->duration_ms);
        for (uint32_t i = 0; i < r->raw_count; i++)
            fprintf(stderr, " %s %llu", H.api->item_name(ctx, r->raw[i].item),
                    (unsigned long long)r->raw[i].qty);
        fprintf(stderr, "\n");
    }
    return r;
}

#define WANT(v) v, sizeof v / sizeof v[0]

static void chain_once(prod_ctx *ctx, const chain_q *q, const item_qty *want, size_t n_want,
                       int64_t duration_ms)
{
    H.api->free_buffer(check_chain(ctx, q, want, n_want, duration_ms));
}

/* The first node of r (pre-order) for item `name`, or NULL. */
static const prod_chain_node *node_of(prod_ctx *ctx, const prod_chain_result *r, const char *name)
{
    for (uint32_t i = 0; i < r->node_count; i++) {
        const char *n = H.api->item_name(ctx, r->nodes[i].item);
        if (n && !strcmp(n, name))
            return &r->nodes[i];
    }
    return NULL;
}

/* ---- SpaceTraders --------------------------------------------------------- */

#define CYCLE_MAX 64

/* The items of the cycle named in msg ("... A -> B -> ... -> A"; quotes
 * ignored) into v; returns how many, 0 when msg names none. */
static size_t cycle_items(const char *msg, char v[][64], size_t cap)
{
    const char *p = strstr(msg, " -> ");
    if (!p)
        return 0;
    while (p > msg && p[-1] != ' ' && p[-1] != ':')
        p--;
    size_t n = 0;
    for (;;) {
        size_t len = strcspn(p, " ,;\n");
        if (n == cap || len >= 64)
            return 0;
        size_t k = 0;
        for (size_t i = 0; i < len; i++)
            if (p[i] != '"' && p[i] != '\'')
                v[n][k++] = p[i];
        v[n++][k] = '\0';
        p += len;
        if (strncmp(p, " -> ", 4) != 0)
            return n;
        p += 4;
    }
}

/* Whether the source map lists `to` among the imports of `from`. */
static int imports(const cJSON *map, const char *from, const char *to)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, dl_get(map, from))
        if (!strcmp(e->valuestring, to))
            return 1;
    return 0;
}

/* msg names a cycle of the source map; returns its length (0 if not). */
static size_t real_cycle(const char *msg, const cJSON *map, char v[][64])
{
    size_t n = cycle_items(msg, v, CYCLE_MAX);
    if (n < 2 || strcmp(v[0], v[n - 1]) != 0)
        return 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (!imports(map, v[i], v[i + 1]))
            return 0;
    return n;
}

static int in_cycle(char v[][64], size_t n, const char *item)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], item))
            return 1;
    return 0;
}

/* The SpaceTraders source map and its converted context. */
typedef struct st_data {
    cJSON *src;
    prod_ctx *ctx;
    const cJSON *map, *raw;
} st_data;

static int st_open(st_data *d)
{
    d->ctx = NULL;
    d->src = dl_json("PROD_DATA_DIR", "spacetraders_supply_chain.json");
    if (!d->src)
        return 0;
    d->map = dl_get(d->src, "exportToImportMap");
    d->raw = dl_get(d->src, "rawMaterials");
    d->ctx = dl_ctx(&H, "spacetraders.json");
    return CHECK(d->map && d->raw) && d->ctx != NULL;
}

static void st_close(st_data *d)
{
    H.api->shutdown(d->ctx);
    cJSON_Delete(d->src);
}

/* The cycle chain_build names for `good` (no raw list) into v; its length,
 * 0 when the status is not CYCLE or the text names no cycle of the map. */
static size_t cycle_of(const st_data *d, const char *good, char v[][64])
{
    prod_status st;
    chain_q q = {.item = good, .runs = 1};
    prod_chain_result *r = build(d->ctx, &q, &st);
    H.api->free_buffer(r);
    const char *msg = H.api->last_error(d->ctx);
    size_t n = st == PROD_ERR_CYCLE ? real_cycle(msg, d->map, v) : 0;
    if (n == 0)
        fprintf(stderr, "%s: status %d, no cycle named in \"%s\"\n", good, st, msg);
    return n;
}

static void every_spacetraders_good_reports_a_real_cycle_without_a_raw_list(void)
{
    st_data d;
    REQUIRE(st_open(&d));
    char v[CYCLE_MAX][64];
    const cJSON *good;
    int cycles = 0;
    cJSON_ArrayForEach(good, d.map) {
        size_t n = cycle_of(&d, good->string, v);
        CHECK(n > 0);
        cycles += n > 0;
    }
    CHECK(cycles == 129);
    st_close(&d);
}

static void iron_ore_cycle_is_the_one_sources_md_names(void)
{
    st_data d;
    REQUIRE(st_open(&d));
    char v[CYCLE_MAX][64];
    size_t n = cycle_of(&d, "IRON_ORE", v);
    CHECK(n == 6 && in_cycle(v, n, "IRON_ORE") && in_cycle(v, n, "EXPLOSIVES") &&
          in_cycle(v, n, "MACHINERY") && in_cycle(v, n, "IRON") &&
          (in_cycle(v, n, "LIQUID_HYDROGEN") || in_cycle(v, n, "LIQUID_NITROGEN")));
    st_close(&d);
}

/* q's raw list = the strings of list; returns how many. */
static size_t raw_from(chain_q *q, const cJSON *list)
{
    const cJSON *e;
    size_t n = 0;
    cJSON_ArrayForEach(e, list)
        if (n < MAX_LIST - 1)
            q->raw[n++] = e->valuestring;
    return n;
}

/* With rawMaterials as the raw list: every good resolves and every bought/raw
 * node is one of them. */
static void with_the_raw_materials_every_good_resolves_to_raw_leaves(void)
{
    st_data d;
    REQUIRE(st_open(&d));
    const cJSON *good, *e;
    chain_q q = {.runs = 1};
    CHECK(raw_from(&q, d.raw) == 16);
    cJSON_ArrayForEach(good, d.map) {
        prod_status st;
        q.item = good->string;
        prod_chain_result *r = build(d.ctx, &q, &st);
        CHECK_OK(st);
        for (uint32_t i = 0; r && i < r->node_count; i++) {
            const prod_chain_node *nd = &r->nodes[i];
            if (nd->decision != PROD_DECISION_MAKE) {
                const char *name = H.api->item_name(d.ctx, nd->item);
                int is_raw = 0;
                cJSON_ArrayForEach(e, d.raw)
                    is_raw |= name && !strcmp(e->valuestring, name);
                CHECK(is_raw && nd->decision == PROD_DECISION_RAW);
            }
        }
        H.api->free_buffer(r);
    }
    st_close(&d);
}

static void fab_mats_needs_one_iron_ore_and_one_quartz_sand_in_two_steps(void)
{
    static const item_qty fab[] = {{"IRON_ORE", 1}, {"QUARTZ_SAND", 1}};
    st_data d;
    REQUIRE(st_open(&d));
    chain_q q = {.item = "FAB_MATS", .runs = 1};
    raw_from(&q, d.raw);
    chain_once(d.ctx, &q, WANT(fab), 2 * 60000);
    st_close(&d);
}

static void advanced_circuitry_needs_2_silicon_and_2_copper_ore_9_nodes_3_deep(void)
{
    static const item_qty circ[] = {{"SILICON_CRYSTALS", 2}, {"COPPER_ORE", 2}};
    st_data d;
    REQUIRE(st_open(&d));
    chain_q q = {.item = "ADVANCED_CIRCUITRY", .runs = 1};
    raw_from(&q, d.raw);
    prod_chain_result *r = check_chain(d.ctx, &q, WANT(circ), 5 * 60000);
    CHECK(r && r->node_count == 9 && r->max_depth == 3);
    H.api->free_buffer(r);
    st_close(&d);
}

/* ---- Factorio ------------------------------------------------------------- */

static void electronic_circuit_needs_1_iron_ore_and_2_copper_ore(void)
{
    static const item_qty ec1[] = {{"iron-ore", 1}, {"copper-ore", 2}};
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    chain_q q = {.item = "electronic-circuit", .runs = 1};
    chain_once(ctx, &q, WANT(ec1), 11100);
    H.api->shutdown(ctx);
}

/* The electronic-circuit x1 chain; NULL after a failed check. */
static prod_chain_result *electronic_circuit(prod_ctx *ctx)
{
    static const item_qty ec1[] = {{"iron-ore", 1}, {"copper-ore", 2}};
    chain_q q = {.item = "electronic-circuit", .runs = 1};
    return check_chain(ctx, &q, WANT(ec1), 11100);
}

static void copper_cable_runs_twice_with_one_to_spare(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_chain_result *r = electronic_circuit(ctx);
    REQUIRE(r);
    const prod_chain_node *cable = node_of(ctx, r, "copper-cable");
    CHECK(cable && cable->runs == 2 && cable->qty_needed == 3 && cable->qty_produced == 4);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void electronic_circuit_is_made_from_iron_plate_and_copper_cable(void)
{
    static const item_qty ec_direct[] = {{"iron-plate", 1}, {"copper-cable", 3}};
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_chain_result *r = electronic_circuit(ctx);
    REQUIRE(r);
    CHECK(same_totals(ctx, r->direct, r->direct_count, WANT(ec_direct)));
    CHECK(r->nodes[0].qty_needed == 1 && r->nodes[0].depth == 0);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

/* Chain q over converted file conv must need exactly want, in duration_ms
 * unless that is < 0. */
static void chain_in(const char *conv, chain_q q, const item_qty *want, size_t n,
                     int64_t duration_ms)
{
    prod_ctx *ctx = dl_ctx(&H, conv);
    REQUIRE(ctx);
    chain_once(ctx, &q, want, n, duration_ms);
    H.api->shutdown(ctx);
}

static void two_electronic_circuits_need_2_iron_ore_and_3_copper_ore(void)
{
    static const item_qty ec2[] = {{"iron-ore", 2}, {"copper-ore", 3}};
    chain_in("factorio_1_1.json", (chain_q){.item = "electronic-circuit", .runs = 2}, WANT(ec2),
             -1);
}

static void advanced_circuit_with_petroleum_gas_raw_matches_the_calculator(void)
{
    static const item_qty ac_pg[] = {
        {"iron-ore", 2}, {"copper-ore", 5}, {"petroleum-gas", 20}, {"coal", 1}};
    chain_in("factorio_1_1.json",
             (chain_q){.item = "advanced-circuit", .runs = 1, .raw = {"petroleum-gas"}},
             WANT(ac_pg), -1);
}

static void preferred_advanced_oil_processing_needs_crude_oil_and_water(void)
{
    static const item_qty ac_adv[] = {
        {"iron-ore", 2}, {"copper-ore", 5}, {"coal", 1}, {"crude-oil", 100}, {"water", 50}};
    chain_in(
        "factorio_1_1.json",
        (chain_q){.item = "advanced-circuit", .runs = 1, .preferred = {"advanced-oil-processing"}},
        WANT(ac_adv), -1);
}

static void first_oil_recipe_in_file_order_needs_no_water(void)
{
    static const item_qty ac_first[] = {
        {"iron-ore", 2}, {"copper-ore", 5}, {"coal", 1}, {"crude-oil", 100}};
    chain_in("factorio_1_1.json", (chain_q){.item = "advanced-circuit", .runs = 1}, WANT(ac_first),
             -1);
}

static void two_logistic_science_packs_need_11_iron_ore_and_3_copper_ore(void)
{
    static const item_qty lsp[] = {{"iron-ore", 11}, {"copper-ore", 3}};
    chain_in("factorio_1_1.json", (chain_q){.item = "logistic-science-pack", .runs = 2}, WANT(lsp),
             -1);
}

/* The uranium-fuel-cell x1 chain; NULL after a failed check. */
static prod_chain_result *fuel_cell(prod_ctx *ctx)
{
    static const item_qty cell[] = {{"iron-ore", 10}, {"uranium-ore", 1630}};
    chain_q q = {.item = "uranium-fuel-cell", .runs = 1};
    return check_chain(ctx, &q, WANT(cell), -1);
}

static void uranium_fuel_cell_needs_10_iron_ore_and_1630_uranium_ore(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    H.api->free_buffer(fuel_cell(ctx));
    H.api->shutdown(ctx);
}

static void rare_uranium_235_takes_143_runs_and_is_flagged_expected(void)
{
    prod_ctx *ctx = dl_ctx(&H, "factorio_1_1.json");
    REQUIRE(ctx);
    prod_chain_result *r = fuel_cell(ctx);
    REQUIRE(r);
    const prod_chain_node *u235 = node_of(ctx, r, "uranium-235");
    CHECK(u235 && u235->runs == 143 && u235->qty_produced == 1 &&
          (u235->flags & PROD_NODE_EXPECTED));
    CHECK(r->flags & PROD_NODE_EXPECTED);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void low_density_structure_2_0_matches_the_calculator(void)
{
    static const item_qty lds[] = {
        {"iron-ore", 20}, {"copper-ore", 40}, {"petroleum-gas", 100}, {"coal", 5}};
    chain_in("factorio_2_0.json",
             (chain_q){.item = "low-density-structure", .runs = 2, .raw = {"petroleum-gas"}},
             WANT(lds), 291000);
}

static void rocket_part_2_0_is_made_from_processing_units(void)
{
    static const item_qty rocket[] = {
        {"processing-unit", 10}, {"low-density-structure", 10}, {"rocket-fuel", 10}};
    prod_ctx *ctx = dl_ctx(&H, "factorio_2_0.json");
    REQUIRE(ctx);
    chain_q q = {.item = "rocket-part", .runs = 1, .raw = {"petroleum-gas", "light-oil",
                                                            "heavy-oil"}};
    prod_status st;
    prod_chain_result *r = build(ctx, &q, &st);
    CHECK_OK(st);
    CHECK(r && same_totals(ctx, r->direct, r->direct_count, WANT(rocket)));
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

/* ---- EVE ------------------------------------------------------------------ */

static void acolyte_at_me_0_needs_the_blueprints_materials(void)
{
    static const item_qty aco_me0[] = {{"Tritanium", 471}, {"Mexallon", 4}, {"Nocxium", 2}};
    chain_in("eve.json", (chain_q){.item = "Acolyte I", .runs = 1}, WANT(aco_me0), 300000);
}

static void acolyte_at_me_10_rounds_each_material_up(void)
{
    static const item_qty aco_me10[] = {{"Tritanium", 424}, {"Mexallon", 4}, {"Nocxium", 2}};
    chain_in("eve.json", (chain_q){.item = "Acolyte I", .runs = 1, .me = 10}, WANT(aco_me10),
             300000);
}

static void ten_acolytes_at_me_10_round_the_step_total_up(void)
{
    static const item_qty aco_me10_x10[] = {
        {"Tritanium", 4239}, {"Mexallon", 36}, {"Nocxium", 18}};
    chain_in("eve.json", (chain_q){.item = "Acolyte I", .runs = 10, .me = 10}, WANT(aco_me10_x10),
             3000000);
}

static void harvester_drone_at_me_0_is_two_steps_deep(void)
{
    static const item_qty har_me0[] = {{"Megacyte", 7}, {"Zydrine", 7}, {"Nocxium", 23},
                                       {"Isogen", 34}, {"Tritanium", 77}};
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    chain_q q = {.item = "Harvester Mining Drone", .runs = 1};
    prod_chain_result *r = check_chain(ctx, &q, WANT(har_me0), 600000);
    CHECK(r && r->max_depth == 2);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void harvester_drone_at_me_10_applies_me_at_both_levels(void)
{
    static const item_qty har_me10[] = {{"Megacyte", 7}, {"Zydrine", 7}, {"Nocxium", 21},
                                        {"Isogen", 31}, {"Tritanium", 70}};
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    chain_q q = {.item = "Harvester Mining Drone", .runs = 1, .me = 10};
    prod_chain_result *r = check_chain(ctx, &q, WANT(har_me10), 600000);
    const prod_chain_node *drone = r ? node_of(ctx, r, "Mining Drone I") : NULL;
    CHECK(drone && drone->runs == 1 && drone->qty_needed == 1);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void ten_harvester_drones_at_me_10_need_ten_mining_drones(void)
{
    static const item_qty har_me10_x10[] = {{"Megacyte", 63}, {"Zydrine", 63}, {"Nocxium", 207},
                                            {"Isogen", 306}, {"Tritanium", 693}};
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    chain_q q = {.item = "Harvester Mining Drone", .runs = 10, .me = 10};
    prod_chain_result *r = check_chain(ctx, &q, WANT(har_me10_x10), 6000000);
    const prod_chain_node *drone = r ? node_of(ctx, r, "Mining Drone I") : NULL;
    CHECK(drone && drone->runs == 10 && drone->qty_needed == 10);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}


/* ---- EVE stacked bonuses and units (ABI 1.4) ------------------------------ */

typedef struct bonus_q {
    const char *item;
    int32_t runs, me, te;
    uint64_t units;
    prod_bonus bonuses[3];
    uint32_t bonus_count;
} bonus_q;

static prod_chain_result *build_bonused(prod_ctx *ctx, const bonus_q *b)
{
    prod_chain_request r = {.struct_size = sizeof r, .version = PROD_CHAIN_REQUEST_VERSION,
                            .runs = b->runs, .me = b->me, .te = b->te, .units = b->units,
                            .bonuses = b->bonuses, .bonus_count = b->bonus_count};
    prod_chain_result *out = NULL;
    if (!CHECK_OK(H.api->item_find(ctx, b->item, &r.item)))
        return NULL;
    prod_status st = H.api->chain_build(ctx, &r, &out);
    if (!CHECK_OK(st))
        fprintf(stderr, "chain %s: %s\n", b->item, H.api->last_error(ctx));
    return out;
}

static uint64_t direct_qty(prod_ctx *ctx, const prod_chain_result *r, const char *name)
{
    for (uint32_t i = 0; r && i < r->direct_count; i++)
        if (!strcmp(H.api->item_name(ctx, r->direct[i].item), name))
            return r->direct[i].qty;
    return 0;
}

static void golem_morphite_with_me_1_raitaru_and_rig_is_916(void)
{
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    bonus_q b = {.item = "Golem", .runs = 1, .me = 1, .bonus_count = 2,
                 .bonuses = {{.kind = PROD_BONUS_MATERIAL, .num = 1, .den = 100},
                             {.kind = PROD_BONUS_MATERIAL, .num = 42, .den = 1000}}};
    prod_chain_result *r = build_bonused(ctx, &b);
    CHECK(r && direct_qty(ctx, r, "Morphite") == 916);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void standard_s_20_runs_at_me_8_and_1_percent_never_go_below_runs(void)
{
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    bonus_q b = {.item = "Standard S", .runs = 20, .me = 8, .bonus_count = 1,
                 .bonuses = {{.kind = PROD_BONUS_MATERIAL, .num = 1, .den = 100}}};
    prod_chain_result *r = build_bonused(ctx, &b);
    CHECK(direct_qty(ctx, r, "Mexallon") == 37 && direct_qty(ctx, r, "Pyerite") == 20);
    CHECK(direct_qty(ctx, r, "Tritanium") == 55 && direct_qty(ctx, r, "Isogen") == 183);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void time_bonus_stacks_on_te(void)
{
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    bonus_q b = {.item = "Acolyte I", .runs = 10, .te = 20, .bonus_count = 2,
                 .bonuses = {{.kind = PROD_BONUS_TIME, .num = 15, .den = 100},
                             {.kind = PROD_BONUS_MATERIAL, .recipe = "no-such-recipe", .num = 1,
                              .den = 2}}};
    prod_chain_result *r = build_bonused(ctx, &b);
    CHECK(r && r->duration_ms == 2040000 && direct_qty(ctx, r, "Tritanium") == 4710);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

static void units_request_makes_at_least_that_many(void)
{
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    bonus_q b = {.item = "Mjolnir Cruise Missile", .units = 250};
    prod_chain_result *r = build_bonused(ctx, &b);
    CHECK(r && r->nodes[0].runs == 3 && r->nodes[0].qty_produced == 300 &&
          direct_qty(ctx, r, "Tritanium") == 9252);
    H.api->free_buffer(r);
    H.api->shutdown(ctx);
}

/* A 1.2 host's version-1 request (104 bytes) reads no units or bonuses. */
static void version_1_request_reads_no_bonuses(void)
{
    prod_ctx *ctx = dl_ctx(&H, "eve.json");
    REQUIRE(ctx);
    prod_bonus half = {.kind = PROD_BONUS_MATERIAL, .num = 1, .den = 2};
    prod_chain_request r = {.struct_size = offsetof(prod_chain_request, units), .version = 1,
                            .runs = 1, .units = 99, .bonuses = &half, .bonus_count = 1};
    REQUIRE_OK(H.api->item_find(ctx, "Acolyte I", &r.item));
    prod_chain_result *out = NULL;
    CHECK_OK(H.api->chain_build(ctx, &r, &out));
    CHECK(out && out->nodes[0].runs == 1 && direct_qty(ctx, out, "Tritanium") == 471);
    H.api->free_buffer(out);
    H.api->shutdown(ctx);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s libproduction.so\n", argv[0]);
        return 2;
    }
    th_load(&H, argv[1]);
    if (H.api->struct_size < offsetof(prod_api, chain_build) + sizeof H.api->chain_build) {
        fprintf(stderr, "the plugin has no chain_build (ABI < 1.2)\n");
        return 1;
    }
    RUN(every_spacetraders_good_reports_a_real_cycle_without_a_raw_list);
    RUN(iron_ore_cycle_is_the_one_sources_md_names);
    RUN(with_the_raw_materials_every_good_resolves_to_raw_leaves);
    RUN(fab_mats_needs_one_iron_ore_and_one_quartz_sand_in_two_steps);
    RUN(advanced_circuitry_needs_2_silicon_and_2_copper_ore_9_nodes_3_deep);
    RUN(electronic_circuit_needs_1_iron_ore_and_2_copper_ore);
    RUN(copper_cable_runs_twice_with_one_to_spare);
    RUN(electronic_circuit_is_made_from_iron_plate_and_copper_cable);
    RUN(two_electronic_circuits_need_2_iron_ore_and_3_copper_ore);
    RUN(advanced_circuit_with_petroleum_gas_raw_matches_the_calculator);
    RUN(preferred_advanced_oil_processing_needs_crude_oil_and_water);
    RUN(first_oil_recipe_in_file_order_needs_no_water);
    RUN(two_logistic_science_packs_need_11_iron_ore_and_3_copper_ore);
    RUN(uranium_fuel_cell_needs_10_iron_ore_and_1630_uranium_ore);
    RUN(rare_uranium_235_takes_143_runs_and_is_flagged_expected);
    RUN(low_density_structure_2_0_matches_the_calculator);
    RUN(rocket_part_2_0_is_made_from_processing_units);
    RUN(acolyte_at_me_0_needs_the_blueprints_materials);
    RUN(acolyte_at_me_10_rounds_each_material_up);
    RUN(ten_acolytes_at_me_10_round_the_step_total_up);
    RUN(harvester_drone_at_me_0_is_two_steps_deep);
    RUN(harvester_drone_at_me_10_applies_me_at_both_levels);
    RUN(ten_harvester_drones_at_me_10_need_ten_mining_drones);
    RUN(golem_morphite_with_me_1_raitaru_and_rig_is_916);
    RUN(standard_s_20_runs_at_me_8_and_1_percent_never_go_below_runs);
    RUN(time_bonus_stacks_on_te);
    RUN(units_request_makes_at_least_that_many);
    RUN(version_1_request_reads_no_bonuses);
    th_close(&H);
    return check_finish("it_data");
}
