/* galaxy.h - the fleet's map: the market snapshot's marketplaces and trade
 * goods placed at the waypoint file's coordinates (galaxy.c), and the
 * CRUISE travel rule between them (rules.h). */
#ifndef PRODHOST_FLEET_GALAXY_H
#define PRODHOST_FLEET_GALAXY_H

#include "fleet.h"

/* Read both files into w->markets and w->goods (item ids resolved through
 * w->ctx; stock at the baseline). 0, or -1 with the reason in w->error. */
int fleet_galaxy_load(fleet_world *w, const char *markets_path, const char *waypoints_path);
void fleet_galaxy_free(fleet_world *w);
/* Game ms to travel between two market ids (0 for the same one). */
int64_t fleet_travel_ms(const fleet_world *w, uint64_t from, uint64_t to);

#endif
