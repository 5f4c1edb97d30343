/* economy.h - the fleet economy as a whole (economy.c): the world made from
 * a seed (plugin context, map, factories, coordinator, haulers), the game
 * loop's step, and the figures of its summary. */
#ifndef PRODHOST_FLEET_ECONOMY_H
#define PRODHOST_FLEET_ECONOMY_H

#include "fleet.h"

typedef struct fleet_params {
    const char *recipes, *markets, *waypoints; /* file paths */
    uint32_t ships;
    uint32_t serial;        /* seed 002's baseline: one ship, one pipeline at a time */
    uint64_t seed;
    int trace;              /* print the trace lines on stderr */
    const prod_coord_config *config; /* the coordinator's (NULL: fleet_default_config) */
} fleet_params;

/* The run's summary figures, from the coordinator's stats and the host's books. */
typedef struct fleet_figures {
    prod_coord_stats st;
    double hours;           /* game hours run */
    double utilisation;     /* busy time / available time, 0..1 */
    double runs_per_hour;   /* pipelines completed per game hour */
    uint64_t cargo_units;   /* in the haulers' holds now */
} fleet_figures;

/* The configuration a fleet run starts with: the design's defaults, scan
 * every game minute, max_workers = ships, max_pipelines = 8 x ships
 * (serial: 1): a pipeline keeps a ship busy for only part of its life, the
 * rest it waits for a factory, so several per ship keep every ship busy. */
prod_coord_config fleet_default_config(uint32_t ships, uint32_t serial);
/* The world without coordinator and haulers: context, map, factories,
 * products. 0, or -1 with w->error (everything made is freed). */
int fleet_open_world(fleet_world *w, const prod_api *api, const fleet_params *p);
/* Make the world (fresh: ships at markets drawn from the seed). 0, or -1
 * with w->error (everything made is freed). */
int fleet_open(fleet_world *w, const prod_api *api, const fleet_params *p);
void fleet_close(fleet_world *w);
/* fleet_close after a failure, keeping w->error; -1. */
int fleet_undo(fleet_world *w);
/* Advance to `now` in FLEET_STEP_MS steps: markets drift each game minute,
 * factories and the coordinator tick, haulers that arrived trade.
 * 0, or -1 with w->error. */
int fleet_advance(fleet_world *w, int64_t now);
int fleet_figures_of(fleet_world *w, int64_t start, fleet_figures *out);

#endif
