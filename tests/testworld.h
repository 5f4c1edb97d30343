/* testworld.h - a deterministic world for the coordinator tests, through
 * the real .so: markets on a line (travel_cost = distance) whose quotes are
 * a table of entries, factory entries whose supply rises one level every
 * rise_ms of game time once each of their inputs was delivered (and drops a
 * level at each purchase), workers that travel at `speed` ms per unit of
 * distance, carry out the orders the coordinator hands them (TASK_ASSIGNED,
 * coord_arrive) and report what they did, a wallet, and every coordinator
 * event recorded. Failures can be scripted per worker. */
#ifndef PROD_TESTWORLD_H
#define PROD_TESTWORLD_H

#include "testhost.h"

#define TW_ENTRIES 64
#define TW_MARKETS 16
#define TW_WORKERS 512
#define TW_INPUTS 4

typedef struct tw_entry {
    uint64_t market;
    prod_item_id item;
    uint32_t flags;       /* PROD_QUOTE_SELLS / BUYS; SELLS is only answered while supply > 0 */
    uint32_t supply, activity, volume;
    double buy, sell;
    prod_item_id inputs[TW_INPUTS]; /* a factory: what must be delivered here first */
    uint32_t input_count;
    uint8_t delivered[TW_INPUTS];
    int64_t rise_ms;      /* 0: the supply never moves by itself */
    int64_t started;      /* -1, or when production started */
    uint32_t base;        /* the supply production started from */
    uint32_t broken;      /* market_quote answers nonsense for it */
} tw_entry;

typedef struct tw_worker {
    uint64_t id, location;
    uint32_t capacity, live;
    prod_item_qty cargo[PROD_COORD_MAX_CARGO];
    uint32_t cargo_count;
    uint64_t task, dest;  /* the order of its last TASK_ASSIGNED (task 0: none) */
    int64_t arrive_at;
    uint32_t fail_next;   /* the next trade fails with this PROD_COORD_FAIL_* (once) */
    uint32_t hold;        /* while set, it does not move (the host keeps it busy) */
} tw_worker;

typedef struct tw {
    th_host h;            /* first: the callbacks' user pointer */
    prod_coordinator *c;
    uint64_t market_ids[TW_MARKETS];
    double market_pos[TW_MARKETS];
    uint32_t nmarkets;
    tw_entry e[TW_ENTRIES];
    uint32_t n;
    tw_worker w[TW_WORKERS];
    uint32_t nw;
    prod_coord_event *ev;
    size_t nev, capev;
    double speed;         /* ms per unit of distance */
    double credits;       /* the wallet (arrivals pass it) */
    int64_t now;
    uint64_t quotes;      /* market_quote calls */
    prod_status last_arrive, last_report;
    uint64_t reports, arrivals;
    /* Called after an event is recorded (NULL = none), e.g. to call back in. */
    void (*hook)(struct tw *w, const prod_coord_event *e);
    void *hook_data;
    uint32_t lenient;     /* calls that fail are counted, not CHECKed (a refusing allocator) */
    uint64_t failures;
} tw;

/* SPACETRADERS_RECIPES (spacetraders_recipes.h): the map of seeds 001 and 002. */
extern const char *TW_SPACETRADERS;

/* Load the plugin, init a context from recipes with the world's market,
 * travel and event callbacks (travel NULL when no_travel), and create the
 * coordinator with cfg (NULL: defaults). 0 after a failed check. */
int tw_open(tw *w, const char *so, const char *recipes, const prod_coord_config *cfg,
            int no_travel);
/* tw_open in two steps, to change the host table in between. */
void tw_prepare(tw *w, const char *so, int no_travel);
/* tw_prepare with a table the caller already has (th_attach). */
void tw_attach(tw *w, const prod_api *api, int no_travel);
int tw_start(tw *w, const char *recipes, const prod_coord_config *cfg);
void tw_close(tw *w);
/* Seeds 001/002's MACHINERY world: IRON sold at market 11 (position 0,
 * HIGH supply), a MACHINERY factory at 12 (10) needing IRON and rising a
 * level a minute, MACHINERY bought at 13 (20). */
void tw_machinery(tw *w);
/* Three products and eight markets: MACHINERY from IRON (factory 2, buyer
 * 3 at 100), ELECTRONICS from SILICON_CRYSTALS and COPPER (factory 7,
 * buyer 8 at 160), COPPER from COPPER_ORE (factory 6, buyers 7 and 8). */
void tw_products(tw *w);
/* A market at position pos on the line. */
void tw_market(tw *w, uint64_t id, double pos);
/* An entry; its index. */
uint32_t tw_add(tw *w, uint64_t market, const char *item, uint32_t flags, double buy,
                double sell, uint32_t supply, uint32_t activity, uint32_t volume);
/* Make entry ix a factory needing these inputs (NULL-terminated names). */
void tw_factory(tw *w, uint32_t ix, int64_t rise_ms, ...);
tw_entry *tw_entry_of(tw *w, uint64_t market, const char *item);
/* Register a worker with the coordinator (CHECKs the status). */
void tw_worker_add(tw *w, uint64_t id, uint64_t location, uint32_t capacity);
tw_worker *tw_worker_of(tw *w, uint64_t id);
/* One step at `now`: the factories' supply, a coord_tick (until it is not
 * PROD_MORE), then every worker that has arrived acts (arrive, trade,
 * report), again until none does at this time. */
void tw_step(tw *w, int64_t now);
/* tw_step every step ms from w->now to until. */
void tw_run(tw *w, int64_t until, int64_t step);
/* Save, destroy and load the coordinator: it goes on from its bytes. 0 after a failed check. */
int tw_reload(tw *w);

size_t tw_count(const tw *w, uint32_t type);
/* The index of the first event of type at or after `from` (matching task
 * when task != 0), or (size_t)-1. */
size_t tw_find(const tw *w, uint32_t type, size_t from, uint64_t task);
/* A pipeline's status (free with free_buffer), NULL after a failed check. */
prod_pipeline_status *tw_status(tw *w, uint64_t pipeline);
/* The first task of type in a status, or NULL. */
const prod_coord_task *tw_task(const prod_pipeline_status *s, uint32_t type);
prod_item_id tw_item(tw *w, const char *name);
/* A config update with one field given. */
prod_coord_config tw_cfg(uint32_t field, double value);

#endif
