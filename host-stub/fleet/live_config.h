/* live_config.h - a running fleet's configuration requests (live_config.c):
 * once a game minute the run takes the requests it has not seen from the
 * database and hands each to coord_config_set, logging what it applied or
 * refused. */
#ifndef PRODHOST_FLEET_LIVE_CONFIG_H
#define PRODHOST_FLEET_LIVE_CONFIG_H

#include "fleet.h"
#include "requests.h"

/* 0, or -1 when the table cannot be read (printed). */
int fleet_config_poll(fleet_world *w, fleet_requests *r);

#endif
