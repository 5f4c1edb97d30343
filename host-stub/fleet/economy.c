/* economy.c - owns the fleet economy's life: the plugin context over the
 * world's callbacks, the map, the factories, the coordinator and its
 * haulers made from a seed; the game loop's step (drift each game minute,
 * factories, coordinator, arrivals); the summary's figures. */
#include "economy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "factory.h"
#include "galaxy.h"
#include "market.h"
#include "rules.h"
#include "ships.h"

static int open_context(fleet_world *w, const char *recipes)
{
    prod_host host;
    if (ph_host_init(&w->host) != 0)
        return fleet_fail(w, "out of memory");
    /* The minimal host's inventory routes and log; the world's own market,
     * factory modifier, travel and orders (w->host is w's first member). */
    ph_host_table(&w->host, &host);
    host.modifier_source_count = 1;
    host.get_modifiers = fleet_factory_modifiers;
    host.market_quote = fleet_market_quote;
    host.travel_cost = fleet_travel_cost;
    host.on_coord_event = fleet_on_coord_event;
    prod_recipe_source src = {.path = recipes};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &host, .sources = &src, .source_count = 1,
                          .error = w->error, .error_cap = sizeof w->error};
    return w->api->init(&p, &w->ctx) == PROD_OK ? 0 : -1;
}

prod_coord_config fleet_default_config(uint32_t ships, uint32_t serial)
{
    prod_coord_config c = {.struct_size = sizeof c, .version = PROD_COORD_CONFIG_VERSION,
                           .fields = PROD_COORD_F(PROD_COORD_FIELD_MAX_PIPELINES) |
                                     PROD_COORD_F(PROD_COORD_FIELD_MAX_WORKERS) |
                                     PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY),
                           .max_pipelines = serial ? 1 : 8 * ships, .max_workers = ships,
                           .scan_every_ms = FLEET_MINUTE_MS};
    return c;
}

static int open_ships(fleet_world *w, uint32_t n)
{
    if (!(w->ships = calloc(n ? n : 1, sizeof *w->ships)))
        return fleet_fail(w, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        fleet_ship *s = &w->ships[i];
        s->id = i + 1;
        s->location = 1 + prng_below(&w->rng, w->nmarkets);
        prod_worker_info wi = {.struct_size = sizeof wi, .version = PROD_WORKER_INFO_VERSION,
                               .id = s->id, .location = s->location, .capacity = FLEET_SHIP_CARGO};
        if (w->api->coord_worker_add(w->coord, &wi, w->now) != PROD_OK)
            return fleet_fail(w, "coord_worker_add: %s",
                            w->api->coord_last_error(w->coord));
        w->nships++;
    }
    return 0;
}

int fleet_undo(fleet_world *w)
{
    char why[sizeof w->error];
    memcpy(why, w->error, sizeof why);
    fleet_close(w);
    memcpy(w->error, why, sizeof why);
    return -1;
}

int fleet_open_world(fleet_world *w, const prod_api *api, const fleet_params *p)
{
    memset(w, 0, sizeof *w);
    w->api = api;
    w->seed = p->seed;
    w->serial = p->serial;
    w->trace = p->trace;
    prng_seed(&w->rng, p->seed);
    w->acc.start_credits = w->acc.credits = FLEET_CREDITS;
    int rc = open_context(w, p->recipes);
    if (rc == 0)
        rc = fleet_galaxy_load(w, p->markets, p->waypoints);
    if (rc == 0)
        rc = fleet_factories_open(w);
    if (rc == 0)
        rc = fleet_demand_open(w);
    return rc == 0 ? 0 : fleet_undo(w);
}

int fleet_open(fleet_world *w, const prod_api *api, const fleet_params *p)
{
    if (fleet_open_world(w, api, p) != 0)
        return -1;
    uint32_t ships = p->serial ? 1 : p->ships;
    prod_coord_config cfg = fleet_default_config(ships, p->serial);
    if (api->coord_create(w->ctx, p->config ? p->config : &cfg, &w->coord) != PROD_OK) {
        fleet_fail(w, "coord_create: %s", api->last_error(w->ctx));
        return fleet_undo(w);
    }
    return open_ships(w, ships) == 0 ? 0 : fleet_undo(w);
}

void fleet_close(fleet_world *w)
{
    if (!w->api)
        return;
    w->api->coord_destroy(w->coord);
    fleet_demand_close(w);
    fleet_factories_close(w);
    fleet_galaxy_free(w);
    free(w->ships);
    if (w->ctx)
        w->api->shutdown(w->ctx);
    ph_host_free(&w->host);
    memset(w, 0, sizeof *w);
}

static int coord_step(fleet_world *w)
{
    prod_status st;
    while ((st = w->api->coord_tick(w->coord, w->now)) == PROD_MORE)
        ;
    if (st != PROD_OK)
        return fleet_fail(w, "coord_tick: %s",
                        w->api->coord_last_error(w->coord));
    return 0;
}

static int step(fleet_world *w)
{
    int minute = w->now % FLEET_MINUTE_MS == 0;
    if (minute)
        fleet_market_drift(w);
    if (fleet_factories_tick(w) != 0 || coord_step(w) != 0 ||
        (minute && fleet_demand_plan(w) != 0) || fleet_ships_arrive(w) != 0)
        return -1;
    return 0;
}

int fleet_advance(fleet_world *w, int64_t now)
{
    while (w->now < now) {
        w->now += FLEET_STEP_MS;
        if (step(w) != 0)
            return -1;
    }
    return 0;
}

int fleet_figures_of(fleet_world *w, int64_t start, fleet_figures *out)
{
    memset(out, 0, sizeof *out);
    out->st.struct_size = sizeof out->st;
    if (w->api->coord_stats(w->coord, &out->st) != PROD_OK)
        return -1;
    double ms = (double)(w->now - start);
    out->hours = ms / FLEET_HOUR_MS;
    out->utilisation = ms > 0 && w->nships ? (double)out->st.worker_busy_ms / (ms * w->nships) : 0;
    out->runs_per_hour = out->hours > 0 ? (double)out->st.pipelines_completed / out->hours : 0;
    for (uint32_t i = 0; i < w->nships; i++)
        out->cargo_units += fleet_ship_load(&w->ships[i]);
    return 0;
}
