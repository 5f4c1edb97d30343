/* flows.h - the chunk's logistics, table-driven: deliveries from outside
 * (energy, logs, gravel), haulers between buildings (ore to the smelter,
 * ingots and planks to the forge) and sales to the market (finished goods).
 * Deliveries and hauls go through the same atomic inventory add as the
 * plugin's outputs, so they are what fills buildings up. */
#ifndef PRODHOST_FLOWS_H
#define PRODHOST_FLOWS_H

#include <stdint.h>

#include "chunk.h"
#include "sim.h"

/* Run every flow that is due at now (each has a period in game seconds). */
void flows_run(sim *s, chunk *c, int64_t now);

#endif
