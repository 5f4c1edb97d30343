/* persist.h - the fleet's state in the store (persist.c): one transaction
 * per save holding the coordinator's bytes and the host's part (haulers and
 * their cargo and orders, market stock, factory inventories, the books, the
 * clock and PRNG) in the world row, and each factory's manager bytes in a
 * row of its own. The fleet's rows live in their own key space (FLEET_KEY
 * and up), apart from any chunk's row. */
#ifndef PRODHOST_FLEET_PERSIST_H
#define PRODHOST_FLEET_PERSIST_H

#include "economy.h"
#include "store.h"

#define FLEET_KEY 0x464C454554000000ull /* "FLEET" in the top bytes: the world row */

/* Save everything at w->now in one transaction. 0, or -1 (w->error). */
int fleet_save(fleet_world *w, chunk_store *s);
/* 1 when the store holds a saved fleet, 0 when not, -1 on error (printed). */
int fleet_saved(chunk_store *s);
/* Make the world from its saved state (p gives the files; ships, serial
 * and seed are the saved ones), then report every hauler's cargo to the
 * coordinator (its reconciliation). 0, or -1 (w->error, nothing kept). */
int fleet_restore(fleet_world *w, const prod_api *api, const fleet_params *p, chunk_store *s);

/* The world and its saved coordinator only (for status and config), with
 * the last configuration request it applied (config_seen): the world row
 * stays in *row (free with store_row_free). 0, or -1 (w->error). */
int fleet_load_coordinator(fleet_world *w, const prod_api *api, const fleet_params *p,
                           chunk_store *s, store_row *row);

#endif
