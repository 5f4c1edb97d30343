/* live_config.c - owns applying configuration requests to a running fleet:
 * each unseen request becomes a partial coord_config_set (the coordinator
 * validates it and applies it at its next tick); the run's log says which
 * request was applied or refused, and why. */
#include "live_config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "config_json.h"
#include "rules.h"

static void apply(fleet_world *w, int64_t id, const char *json)
{
    prod_coord_config u = {.struct_size = sizeof u, .version = PROD_COORD_CONFIG_VERSION};
    double minute = (double)w->now / FLEET_MINUTE_MS;
    if (fleet_cfg_from_json(json, &u) != 0)
        fprintf(stderr, "minute %.0f: config request #%" PRId64 " refused: not a config (%s)\n",
                minute, id, json);
    else if (w->api->coord_config_set(w->coord, &u, w->now) != PROD_OK)
        fprintf(stderr, "minute %.0f: config request #%" PRId64 " refused: %s\n", minute, id,
                w->api->coord_last_error(w->coord));
    else
        fprintf(stderr, "minute %.0f: config request #%" PRId64 " applied: %s\n", minute, id,
                json);
}

int fleet_config_poll(fleet_world *w, fleet_requests *r)
{
    for (int n = 0; n < 64; n++) { /* bounded: the rest waits a game minute */
        int64_t id = 0;
        char *json = NULL;
        int got = fleet_requests_next(r, w->config_seen, &id, &json);
        if (got <= 0)
            return got;
        apply(w, id, json);
        w->config_seen = id;
        free(json);
    }
    return 0;
}
