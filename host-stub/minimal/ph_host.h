/* ph_host.h - owns the minimal host: one prod_host callback table that
 * implements every host callback of ABI 1.2 on the minimal host's parts:
 *   inventory_count, inventory_consume, inventory_add
 *                  the inventories (ph_inventory.c): atomic, all or nothing;
 *                  add answers PROD_HOST_FULL when the items do not fit
 *   market_quote   the market table (ph_market.c)
 *   get_modifiers  PH_MOD_SOURCES sources held here: per manager tag and per
 *                  owner; the plugin multiplies their answers
 *   on_event       the host's event function (event_fn below)
 *   log            the host's log function, or stderr for warnings and errors
 * Replace a route with a call into your game where it has its own (its
 * inventories, its skills). Like the plugin's managers, a ph_host must not
 * be used from two threads at once: give each thread its own, or lock.
 * Part of the minimal host (copy it). */
#ifndef PH_HOST_H
#define PH_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "ph_inventory.h"
#include "ph_market.h"
#include "ph_u64map.h"
#include "production.h"

/* The modifier sources, in the order the plugin asks them. A key with no
 * modifiers set answers 1, 1, 1 (no change). */
#define PH_MOD_BY_MANAGER 0u /* keyed by the manager's tag: a building, a workshop */
#define PH_MOD_BY_OWNER 1u   /* keyed by the job's owner: a player's skill */
#define PH_MOD_SOURCES 2u

/* Receives every event, synchronously, on the thread that called the plugin;
 * it must not call back into the manager that emitted the event. */
typedef void (*ph_event_fn)(void *user, const prod_event *event);
/* Receives the plugin's diagnostics (level PROD_LOG_*). */
typedef void (*ph_log_fn)(void *user, int32_t level, const char *message);

/* One modifier source: key -> modifiers. */
typedef struct ph_mod_table {
    ph_u64map index; /* key -> position in mods */
    prod_modifiers *mods;
    size_t len, cap;
} ph_mod_table;

typedef struct ph_host {
    ph_inv *inv;                      /* the inventories (owned) */
    ph_market *market;                /* the market table (owned) */
    ph_mod_table mods[PH_MOD_SOURCES]; /* set with ph_host_set_modifiers */
    ph_event_fn event_fn;             /* NULL: events are dropped */
    void *event_user;                 /* event_fn's first argument */
    ph_log_fn log_fn;                 /* NULL: PROD_LOG_WARN and above go to stderr */
    void *log_user;                   /* log_fn's first argument */
} ph_host;

/* Empty inventories, an empty market, no modifiers, no event or log
 * function. 0, or -1 when out of memory (nothing is kept). */
int ph_host_init(ph_host *h);
/* Free what ph_host_init made. Shut down every context using h first. */
void ph_host_free(ph_host *h);
/* Fill *out (struct_size, version, user = h and every callback) for
 * prod_init_params.host. The table is copied by init; h must outlive the
 * context. */
void ph_host_table(ph_host *h, prod_host *out);
/* Set source's modifiers for key (a manager tag for PH_MOD_BY_MANAGER, an
 * owner for PH_MOD_BY_OWNER). A job snapshots them when it starts. 0, or -1
 * for an unknown source, a factor that is not finite or outside [0, 1000],
 * or out of memory (nothing changed). */
int ph_host_set_modifiers(ph_host *h, uint32_t source, uint64_t key, prod_modifiers mods);

#endif
