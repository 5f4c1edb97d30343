/* sim.h - what every part of the demo world shares: the plugin table and
 * context, the host services behind the callbacks, the resolved content, the
 * world's PRNG and the counters of what the host itself did. */
#ifndef PRODHOST_SIM_H
#define PRODHOST_SIM_H

#include <stdint.h>

#include "content.h"
#include "host.h"
#include "prng.h"
#include "production.h"

typedef struct action_stats {
    uint64_t starts;           /* start / start_repeating calls that succeeded */
    uint64_t starts_refused;   /* ... that answered PROD_ERR_INSUFFICIENT */
    uint64_t cancels;          /* cancel calls that succeeded */
    uint64_t cancels_refused;  /* ... answered STATE (blocked) or INVENTORY_FULL (refund) */
    uint64_t buffs;            /* timed buffs granted */
    uint64_t delivered;        /* items brought into the chunk */
    uint64_t delivery_refused; /* items turned away because the building was full */
    uint64_t hauled;           /* items moved between buildings */
    uint64_t sold;             /* items taken out to the market */
} action_stats;

typedef struct sim {
    const prod_api *api;
    prod_ctx *ctx;
    host_services *host;
    prod_manager_registry *registry;
    content content;
    prng rng;
    action_stats stats;
} sim;

#endif
