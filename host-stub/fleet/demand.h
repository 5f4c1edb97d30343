/* demand.h - the fleet's own planning (demand.c): besides the coordinator's
 * opportunity scan (one pipeline per product), the fleet keeps
 * max_pipelines busy with further pipelines of the products the scan would
 * pick, in turn, once a game minute. */
#ifndef PRODHOST_FLEET_DEMAND_H
#define PRODHOST_FLEET_DEMAND_H

#include "fleet.h"

/* The products worth making, ranked (econ_opportunities). 0 or -1 (w->error). */
int fleet_demand_open(fleet_world *w);
void fleet_demand_close(fleet_world *w);
/* Plan pipelines in turn until max_pipelines are active (or each product
 * was tried once). 0, or -1 (w->error) when a call fails for another
 * reason than a product that cannot be planned now. */
int fleet_demand_plan(fleet_world *w);

#endif
