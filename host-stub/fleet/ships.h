/* ships.h - the haulers (ships.c): the orders the coordinator hands them
 * (its events), travel, and what a hauler does on arrival: ask for the
 * trade, buy or sell against the markets, report what happened. */
#ifndef PRODHOST_FLEET_SHIPS_H
#define PRODHOST_FLEET_SHIPS_H

#include "fleet.h"

/* prod_host.on_coord_event (user = the fleet_world): orders and counts. */
void fleet_on_coord_event(void *user, const prod_coord_event *e);
/* prod_host.travel_cost: game seconds of the CRUISE trip. */
int32_t fleet_travel_cost(void *user, uint64_t from, uint64_t to, double *out);
/* Every hauler whose trip ended by w->now acts. 0 or -1 (w->error). */
int fleet_ships_arrive(fleet_world *w);
/* Units a ship holds in all. */
uint64_t fleet_ship_load(const fleet_ship *s);

#endif
