/* cmd_fleet.h - what the fleet subcommands share (fleet_open.c): the data
 * files a fleet is made from, and opening a saved fleet read-only for
 * `fleet status` (fleet_status_cmd.c) and `fleet config`
 * (fleet_config_cmd.c). */
#ifndef PRODHOST_CMD_FLEET_H
#define PRODHOST_CMD_FLEET_H

#include "economy.h"
#include "ph_loader.h"
#include "store.h"

/* The files of a fleet with these recipes. */
fleet_params fleet_files(const char *recipes);
/* The world and saved coordinator of the fleet at db, read-only (the store
 * stays open in *store: close it after fleet_close). CLI_OK or CLI_FAILED
 * (printed). */
int fleet_open_saved(const prod_api *api, const char *recipes, const char *db, fleet_world *w,
                     chunk_store **store);
int fleet_status(const prod_api *api, const char *recipes, int argc, char **argv);
int fleet_config(const prod_api *api, const char *recipes, int argc, char **argv);

#endif
