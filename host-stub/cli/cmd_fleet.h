/* cmd_fleet.h - what the fleet subcommands share (fleet_open.c): the data
 * files a fleet is made from, and working on a saved fleet read-only for
 * `fleet status` (fleet_status_cmd.c) and `fleet config`
 * (fleet_config_cmd.c). */
#ifndef PRODHOST_CMD_FLEET_H
#define PRODHOST_CMD_FLEET_H

#include "economy.h"
#include "ph_loader.h"
#include "store.h"

/* The files of a fleet with these recipes. */
fleet_params fleet_files(const char *recipes);
/* What a command does with a saved fleet: CLI_* (printed). */
typedef int (*fleet_saved_fn)(fleet_world *w, void *arg);
/* Open the world and saved coordinator of the fleet at db read-only, run
 * fn on them, close both. fn's answer, or CLI_FAILED (printed). */
int fleet_on_saved(const prod_api *api, const char *recipes, const char *db, fleet_saved_fn fn,
                   void *arg);
int fleet_status(const prod_api *api, const char *recipes, int argc, char **argv);
int fleet_config(const prod_api *api, const char *recipes, int argc, char **argv);

#endif
