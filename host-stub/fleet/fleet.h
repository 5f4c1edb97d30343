/* fleet.h - what the fleet economy's parts share: the map and its markets'
 * trade goods, the factories, the haulers, the coordinator that gives them
 * their orders, the accounts, and the game clock. One fleet_world is used
 * from one thread. The rules are in rules.h. */
#ifndef PRODHOST_FLEET_H
#define PRODHOST_FLEET_H

#include <stdint.h>

#include "ph_host.h"
#include "prng.h"
#include "production.h"

#define FLEET_SYMBOL 32
#define FLEET_MAX_SHIPS 1000u
#define FLEET_TASK_TYPES 6u /* PROD_TASK_ACQUIRE .. LIQUIDATE, index 0 unused */
#define FLEET_EVENT_TYPES 19u /* PROD_COORD_EVENT_* .. RESUMED, index 0 unused */

/* One trade good of one market. */
typedef struct fleet_good {
    uint32_t market;          /* index in markets */
    prod_item_id item;        /* 0: the recipes do not know it (never quoted) */
    char symbol[FLEET_SYMBOL];
    uint32_t flags;           /* PROD_QUOTE_SELLS / BUYS */
    uint32_t activity;        /* PROD_ACTIVITY_* */
    uint32_t volume;          /* trade volume, >= 1 */
    double base_buy, base_sell; /* the snapshot's prices: we pay, we get */
    double baseline, stock;   /* units: the snapshot level's middle, now */
} fleet_good;

typedef struct fleet_market {
    char symbol[FLEET_SYMBOL];
    double x, y;
} fleet_market;

/* A market that makes one of its exports from delivered inputs. */
typedef struct fleet_factory {
    uint32_t good;            /* index in goods of the export */
    prod_recipe_ix recipe;
    prod_manager *m;          /* tag = inventory = index + 1 */
    uint64_t cycles;          /* completed */
} fleet_factory;

/* A hauler: a worker of the coordinator. */
typedef struct fleet_ship {
    uint64_t id;              /* worker id: index + 1 */
    uint64_t location;        /* market id it is at (or left from) */
    uint64_t task, dest;      /* its order (task 0: none) */
    int64_t arrive_at;
    prod_item_qty cargo[PROD_COORD_MAX_CARGO];
    uint32_t cargo_count;
} fleet_ship;

/* The host's own books, kept beside the coordinator's. */
typedef struct fleet_accounts {
    double start_credits, credits, spent, earned;
    uint64_t units_bought, units_sold; /* by the haulers, every trade */
    uint64_t tasks[FLEET_TASK_TYPES]; /* completed, by PROD_TASK_* */
    uint64_t failed_reports;  /* trades that could not be made (depleted) */
} fleet_accounts;

typedef struct fleet_world {
    ph_host host;             /* first: the callbacks' user pointer; its inventories are the
                                 markets' (the factories' inputs), one per market id */
    const prod_api *api;
    prod_ctx *ctx;
    prod_coordinator *coord;
    fleet_market *markets;
    uint32_t nmarkets;
    fleet_good *goods;
    uint32_t ngoods;
    fleet_factory *factories;
    uint32_t nfactories;
    fleet_ship *ships;
    uint32_t nships;
    prod_item_id *products;   /* what the fleet plans, ranked (demand.c) */
    uint32_t nproducts, next_product;
    int64_t now;
    uint64_t seed;            /* the run's --seed */
    uint32_t serial;          /* the serial baseline (economy.h) */
    int64_t config_seen;      /* the last configuration request taken (live_config.h) */
    prng rng;
    fleet_accounts acc;
    uint64_t events[FLEET_EVENT_TYPES]; /* coordinator events seen, by type (not saved) */
    int trace;                /* print the trace lines (ships.c) on stderr */
    char error[256];
} fleet_world;

/* Put the text into w->error; -1 (fail.c). */
int fleet_fail(fleet_world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
