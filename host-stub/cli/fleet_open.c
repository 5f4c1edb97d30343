/* fleet_open.c - what the fleet subcommands share: the data files a fleet
 * is made from, and work on a saved fleet opened read-only (cmd_fleet.h). */
#include <stdio.h>

#include "args.h"
#include "cmd_fleet.h"
#include "persist.h"

#ifndef PRODHOST_FLEET_MARKETS
#define PRODHOST_FLEET_MARKETS "data/spacetraders_markets_snapshot.json"
#endif
#ifndef PRODHOST_FLEET_WAYPOINTS
#define PRODHOST_FLEET_WAYPOINTS "data/spacetraders_waypoints.json"
#endif

fleet_params fleet_files(const char *recipes)
{
    fleet_params p = {.recipes = recipes, .markets = PRODHOST_FLEET_MARKETS,
                      .waypoints = PRODHOST_FLEET_WAYPOINTS};
    return p;
}

int fleet_on_saved(const prod_api *api, const char *recipes, const char *db, fleet_saved_fn fn,
                   void *arg)
{
    fleet_params p = fleet_files(recipes);
    fleet_world w;
    chunk_store *store = NULL;
    store_row row;
    if (store_open(db, 0, &store) != 0)
        return CLI_FAILED;
    if (fleet_load_coordinator(&w, api, &p, store, &row) != 0) {
        fprintf(stderr, "prodhost fleet: %s\n", w.error);
        store_close(store);
        return CLI_FAILED;
    }
    store_row_free(&row);
    int rc = fn(&w, arg);
    fleet_close(&w);
    store_close(store);
    return rc;
}
