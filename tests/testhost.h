/* testhost.h - a small host for integration tests: loads libproduction.so
 * with dlopen, provides array inventories with a capacity, fixed modifier
 * sources, an event recorder and the moving allocator (moving_alloc.h).
 * The assertions come from check.h. */
#ifndef PROD_TESTHOST_H
#define PROD_TESTHOST_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "production.h"

#define TH_INVS 16
#define TH_ITEMS 512
#define TH_EV_ITEMS 8

typedef struct th_event {
    uint32_t type, reason, recipe, repeat;
    uint64_t job, owner, inventory, cycles, tag;
    int64_t time;
    uint32_t n;
    prod_item_qty items[TH_EV_ITEMS];
} th_event;

typedef struct th_host {
    void *dl;
    const prod_api *api;
    prod_host host;
    prod_ctx *ctx;
    uint64_t counts[TH_INVS][TH_ITEMS];
    uint64_t capacity[TH_INVS];      /* 0 = unlimited total items */
    th_event *events;
    size_t n_events, cap_events;
    prod_modifiers mods[4];          /* answers of the modifier sources */
    int32_t mods_rc;                 /* what get_modifiers returns */
    int32_t consume_rc, add_rc;      /* forced answers when >= 0; -1 = normal */
    int consume_calls, add_calls;
    prod_manager *reenter;           /* if set, on_event tries to tick it */
    prod_status reenter_status;
    pthread_mutex_t lock;            /* callbacks may come from several threads */
    /* Called (without the lock) after an event is recorded, and inside
     * inventory_consume before it answers; NULL = none. */
    void (*event_hook)(struct th_host *h, const prod_event *e);
    void (*consume_hook)(struct th_host *h);
    void *hook_data;
    int log_errors;                  /* plugin log lines at PROD_LOG_ERROR */
    char last_log[512];              /* the latest plugin log line */
} th_host;

/* dlopen the plugin at path and fetch the v1 table; exits the test on failure. */
void th_load(th_host *h, const char *so_path);
/* th_load with a table the caller already has (a host linking the plugin's
 * code, like the fuzzers' seed writers): th_close then unloads nothing. */
void th_attach(th_host *h, const prod_api *api);
/* Init a context from JSON text (n modifier sources). Returns the status;
 * err (cap bytes) receives the text on failure. */
prod_status th_init(th_host *h, const char *json, uint32_t n_mods, char *err, uint32_t cap);
void th_close(th_host *h);

prod_item_id th_item(th_host *h, const char *name);
prod_recipe_ix th_recipe(th_host *h, const char *id);
void th_set(th_host *h, uint64_t inv, const char *item, uint64_t qty);
uint64_t th_count(th_host *h, uint64_t inv, const char *item);
uint64_t th_total(th_host *h, uint64_t inv);
/* A manager (tag 7, id_space 0); NULL after a failed CHECK when creation fails. */
prod_manager *th_manager(th_host *h, uint64_t seed, uint32_t policy);
/* Number of recorded events of a type (and reason when reason >= 0). */
size_t th_count_events(const th_host *h, uint32_t type, int reason);
void th_clear_events(th_host *h);
/* Read a whole file into a malloc'd NUL-terminated string, or NULL. */
char *th_read_file(const char *path);
/* check_finish(name): kept for the host tests (host_store, host_chunk_persist)
 * that count checks without cases. */
int th_finish(const char *name);

#endif
