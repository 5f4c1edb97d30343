/* buildings.c - the building kinds table and per-building job control. */
#include "buildings.h"

#include <stdio.h>

#include "ph_inventory.h"

#define START_PERMILLE 200u /* chance per step that an idle building starts a job */
#define MAX_RECIPES 3u
#define MAX_STOCK 4u

typedef struct stock_def {
    enum content_item item;
    uint32_t min, max;
} stock_def;

typedef struct kind_def {
    const char *name;
    uint32_t capacity; /* maximum total item count */
    uint32_t repeating; /* 1: start_repeating, 0: start */
    uint32_t recipe_count;
    enum content_recipe recipes[MAX_RECIPES];
    uint32_t stock_count;
    stock_def stock[MAX_STOCK];
} kind_def;

static const kind_def KINDS[KIND_COUNT] = {
    [KIND_MINE] = {"mine", 140, 1, 3, {R_MINE_IRON, R_MINE_COAL, R_MINE_COPPER},
                   2, {{I_PICKAXE, 1, 1}, {I_ENERGY, 30, 100}}},
    [KIND_SMELTER] = {"smelter", 120, 0, 3, {R_IRON_INGOT, R_COPPER_INGOT, R_STEEL_INGOT},
                      3, {{I_IRON_ORE, 6, 20}, {I_COPPER_ORE, 0, 10}, {I_COAL, 2, 6}}},
    [KIND_FORGE] = {"forge", 60, 0, 3, {R_IRON_SWORD, R_STEEL_AXE, R_COPPER_WIRE},
                    3, {{I_HAMMER, 1, 1}, {I_IRON_INGOT, 3, 9}, {I_COPPER_INGOT, 0, 4}}},
    [KIND_WORKSHOP] = {"workshop", 60, 0, 3, {R_PLANK, R_SIFT_GRAVEL, R_CUT_GEM},
                       4, {{I_SIEVE, 1, 1}, {I_CHISEL, 1, 1}, {I_LOG, 2, 8}, {I_GRAVEL, 8, 16}}},
};

const char *building_kind_name(uint32_t kind)
{
    return kind < KIND_COUNT ? KINDS[kind].name : "?";
}

/* Add one stock entry, clipped to the space left. */
static int add_stock(sim *s, chunk *c, uint64_t inventory, const stock_def *d)
{
    uint64_t space = ph_inv_space(s->host->inv, inventory);
    uint32_t qty = d->min + prng_below(&c->rng, d->max - d->min + 1);
    prod_item_qty stack = {s->content.item[d->item], qty < space ? qty : (uint32_t)space};
    if (ph_inv_add(s->host->inv, inventory, &stack, 1) != PROD_HOST_OK)
        return -1;
    c->flows.stocked += stack.qty;
    return 0;
}

int building_layout(sim *s, chunk *c, uint32_t kind, uint64_t owner, int cramped)
{
    const kind_def *k = &KINDS[kind];
    building *b = &c->buildings[kind];
    b->inventory = (uint64_t)c->id_space << 8 | kind;
    b->owner = owner;
    b->job = 0;
    if (ph_inv_open(s->host->inv, b->inventory, cramped ? k->capacity / 2 : k->capacity) != 0 ||
        ledger_bind(&s->host->ledger, b->inventory, c->tag) != 0) {
        fprintf(stderr, "prodhost: cannot open inventory %llx (out of memory or duplicate)\n",
                (unsigned long long)b->inventory);
        return -1;
    }
    return 0;
}

/* The chunk's PRNG at its first state: a function of the manager's seed. */
static void first_rng(chunk *c)
{
    prng_seed(&c->rng, prng_mix(c->seed, 0x5eedc4u));
}

int buildings_create(sim *s, chunk *c)
{
    const ledger_account zero = {0};
    if (ledger_account_set(&s->host->ledger, c->tag, &zero) != 0) {
        fprintf(stderr, "prodhost: out of memory creating chunk (%d,%d)\n", (int)c->x, (int)c->y);
        return -1;
    }
    if (chunk_load(s, c) != 0)
        return -1;
    first_rng(c);
    c->flows = (chunk_flows){0};
    for (uint32_t kind = 0; kind < KIND_COUNT; kind++) {
        const kind_def *k = &KINDS[kind];
        for (uint32_t i = 0; i < k->stock_count; i++)
            if (add_stock(s, c, c->buildings[kind].inventory, &k->stock[i]) != 0) {
                fprintf(stderr, "prodhost: cannot stock inventory %llx\n",
                        (unsigned long long)c->buildings[kind].inventory);
                chunk_empty(s, c);
                chunk_unload(s, c);
                return -1;
            }
    }
    return 0;
}

/* 1 if the building has no live job, 0 if its job runs or is blocked, -1 on error. */
static int building_idle(sim *s, chunk *c, building *b, int64_t now)
{
    if (b->job == 0)
        return 1;
    prod_job_info info = {.struct_size = sizeof info};
    prod_status st = s->api->job_get(c->manager, b->job, now, &info);
    if (st == PROD_OK)
        return 0;
    if (st != PROD_ERR_NOT_FOUND)
        return chunk_fail(s, c, st, "job_get");
    b->job = 0; /* completed, failed or cancelled since we last looked */
    return 1;
}

static prod_status start_job(sim *s, chunk *c, uint32_t kind, int64_t now)
{
    const kind_def *k = &KINDS[kind];
    building *b = &c->buildings[kind];
    prod_recipe_ix recipe = s->content.recipe[k->recipes[prng_below(&c->rng, k->recipe_count)]];
    if (k->repeating)
        return s->api->start_repeating(c->manager, recipe, b->owner, b->inventory, now, &b->job);
    return s->api->start(c->manager, recipe, b->owner, b->inventory, now, &b->job);
}

int building_step(sim *s, chunk *c, uint32_t kind, int64_t now)
{
    int idle = building_idle(s, c, &c->buildings[kind], now);
    if (idle <= 0)
        return idle;
    if (!prng_permille(&c->rng, START_PERMILLE))
        return 0;
    prod_status st = start_job(s, c, kind, now);
    if (st == PROD_OK) {
        s->stats.starts++;
        return 0;
    }
    c->buildings[kind].job = 0;
    if (st == PROD_ERR_INSUFFICIENT) {
        s->stats.starts_refused++;
        return 0;
    }
    return chunk_fail(s, c, st, KINDS[kind].repeating ? "start_repeating" : "start");
}

int building_cancel(sim *s, chunk *c, uint32_t kind, int64_t now)
{
    building *b = &c->buildings[kind];
    int idle = building_idle(s, c, b, now);
    if (idle != 0)
        return idle < 0 ? -1 : 0;
    uint32_t refund = prng_below(&c->rng, 3); /* PROD_REFUND_NONE, _FULL or _PROPORTIONAL */
    prod_status st = s->api->cancel(c->manager, b->job, refund, now);
    if (st == PROD_OK) {
        s->stats.cancels++;
        b->job = 0;
        return 0;
    }
    if (st == PROD_ERR_STATE || st == PROD_ERR_INVENTORY_FULL) {
        s->stats.cancels_refused++;
        return 0;
    }
    return chunk_fail(s, c, st, "cancel");
}
