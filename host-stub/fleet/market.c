/* market.c - owns the markets' dynamics of rules.h: supply bands of stock,
 * prices moving with the stock, trades, drift, and the quotes the
 * coordinator asks through prod_host.market_quote. */
#include "market.h"

#include <math.h>

#include "rules.h"

static double band(const fleet_good *g) { return FLEET_BAND * g->volume; }

double fleet_level_middle(const fleet_good *g, uint32_t level)
{
    return ((double)level - 0.5) * band(g);
}

uint32_t fleet_supply(const fleet_good *g)
{
    double b = floor(g->stock / band(g));
    return b < 0 ? PROD_SUPPLY_SCARCE : b >= 4 ? PROD_SUPPLY_ABUNDANT : (uint32_t)b + 1;
}

static double factor(const fleet_good *g)
{
    double f = 1 + FLEET_PRICE_STEP * (g->baseline - g->stock) / band(g);
    return fmin(FLEET_PRICE_MAX, fmax(FLEET_PRICE_MIN, f));
}

double fleet_buy_price(const fleet_good *g) { return round(g->base_buy * factor(g)); }
double fleet_sell_price(const fleet_good *g) { return round(g->base_sell * factor(g)); }

fleet_good *fleet_good_at(fleet_world *w, uint64_t market, prod_item_id item)
{
    for (uint32_t i = 0; i < w->ngoods; i++)
        if (w->goods[i].market + 1 == market && w->goods[i].item == item && item != 0)
            return &w->goods[i];
    return NULL;
}

int32_t fleet_market_quote(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    fleet_world *w = user;
    for (uint32_t i = 0; i < w->ngoods; i++) {
        const fleet_good *g = &w->goods[i];
        if (g->item != item || item == 0 || index-- != 0)
            continue;
        out->flags = g->flags;
        out->market = g->market + 1;
        out->buy_price = fleet_buy_price(g);
        out->sell_price = fleet_sell_price(g);
        out->supply = fleet_supply(g);
        out->activity = g->activity;
        out->trade_volume = g->volume;
        return PROD_HOST_OK;
    }
    return PROD_HOST_NO_MORE;
}

uint32_t fleet_market_buy(fleet_good *g, uint32_t n)
{
    double whole = floor(g->stock);
    uint32_t got = whole <= 0 ? 0 : whole < n ? (uint32_t)whole : n;
    g->stock -= got;
    return got;
}

void fleet_market_sell(fleet_good *g, uint32_t n) { g->stock += n; }

void fleet_market_drift(fleet_world *w)
{
    for (uint32_t i = 0; i < w->ngoods; i++)
        w->goods[i].stock += (w->goods[i].baseline - w->goods[i].stock) * FLEET_DRIFT;
}
