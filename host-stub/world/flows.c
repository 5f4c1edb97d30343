/* flows.c - deliveries, hauls and sales between buildings and the outside. */
#include "flows.h"

#include "ph_inventory.h"

#define OUTSIDE (-1)

typedef struct flow {
    int from, to;          /* enum building_kind, or OUTSIDE */
    enum content_item item;
    uint32_t qty;          /* at most this many per run (a random half to all of it) */
    uint32_t period_s;     /* runs when now is a multiple of this many game seconds */
} flow;

static const flow FLOWS[] = {
    {OUTSIDE, KIND_MINE, I_ENERGY, 40, 60},
    {OUTSIDE, KIND_WORKSHOP, I_LOG, 4, 45},
    {OUTSIDE, KIND_WORKSHOP, I_GRAVEL, 12, 30},
    {KIND_MINE, KIND_SMELTER, I_IRON_ORE, 12, 20},
    {KIND_MINE, KIND_SMELTER, I_COAL, 6, 20},
    {KIND_MINE, KIND_SMELTER, I_COPPER_ORE, 12, 20},
    {KIND_SMELTER, KIND_FORGE, I_IRON_INGOT, 6, 20},
    {KIND_SMELTER, KIND_FORGE, I_STEEL_INGOT, 2, 20},
    {KIND_SMELTER, KIND_FORGE, I_COPPER_INGOT, 4, 20},
    {KIND_WORKSHOP, KIND_FORGE, I_PLANK, 2, 30},
    {KIND_MINE, OUTSIDE, I_COAL, 20, 60},
    {KIND_FORGE, OUTSIDE, I_IRON_SWORD, 3, 90},
    {KIND_FORGE, OUTSIDE, I_STEEL_AXE, 2, 90},
    {KIND_FORGE, OUTSIDE, I_COPPER_WIRE, 8, 90},
    {KIND_WORKSHOP, OUTSIDE, I_STONE, 10, 60},
    {KIND_WORKSHOP, OUTSIDE, I_PLANK, 16, 60},
    {KIND_WORKSHOP, OUTSIDE, I_CUT_GEM, 2, 120},
};

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

static void deliver(sim *s, chunk *c, uint64_t to, prod_item_id item, uint32_t qty)
{
    prod_item_qty stack = {item, qty};
    if (ph_inv_add(s->host->inv, to, &stack, 1) != PROD_HOST_OK) {
        s->stats.delivery_refused += qty;
        return;
    }
    s->stats.delivered += qty;
    c->flows.delivered += qty;
}

static void sell(sim *s, chunk *c, uint64_t from, prod_item_id item, uint32_t qty)
{
    uint64_t sold = ph_inv_take(s->host->inv, from, item, qty);
    s->stats.sold += sold;
    c->flows.sold += sold;
}

static void haul(sim *s, uint64_t from, uint64_t to, prod_item_id item, uint32_t qty)
{
    uint64_t have = 0;
    ph_inv_count(s->host->inv, from, item, &have);
    prod_item_qty stack = {item, (uint32_t)min_u64(min_u64(have, qty),
                                                   ph_inv_space(s->host->inv, to))};
    /* Add first: if that fails nothing moved; the take cannot fail after the count. */
    if (stack.qty == 0 || ph_inv_add(s->host->inv, to, &stack, 1) != PROD_HOST_OK)
        return;
    s->stats.hauled += ph_inv_take(s->host->inv, from, item, stack.qty);
}

static void run_flow(sim *s, chunk *c, const flow *f)
{
    uint32_t qty = f->qty / 2 + prng_below(&c->rng, f->qty - f->qty / 2 + 1);
    prod_item_id item = s->content.item[f->item];
    if (f->from == OUTSIDE)
        deliver(s, c, c->buildings[f->to].inventory, item, qty);
    else if (f->to == OUTSIDE)
        sell(s, c, c->buildings[f->from].inventory, item, qty);
    else
        haul(s, c->buildings[f->from].inventory, c->buildings[f->to].inventory, item, qty);
}

void flows_run(sim *s, chunk *c, int64_t now)
{
    if (now <= 0)
        return;
    for (size_t i = 0; i < sizeof FLOWS / sizeof FLOWS[0]; i++)
        if (now % ((int64_t)FLOWS[i].period_s * 1000) == 0)
            run_flow(s, c, &FLOWS[i]);
}
