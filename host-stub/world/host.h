/* host.h - the host's side of the contract: the services behind the prod_host
 * callbacks (inventories, modifier sources, event sink, plugin log) and the
 * creation of a context from a recipe file. The prod_host `user` pointer is a
 * host_services; each callback just routes to its module. */
#ifndef PRODHOST_HOST_H
#define PRODHOST_HOST_H

#include <stdint.h>
#include <stdio.h>

#include "events.h"
#include "ledger.h"
#include "modifiers.h"
#include "ph_inventory.h"
#include "ph_loader.h"
#include "production.h"

typedef struct host_services {
    ph_inv *inv;
    mod_table *mods;
    event_log events;
    ledger ledger;         /* item flows through the callbacks, event digest */
    int verbose_log;       /* also show DEBUG/INFO plugin messages */
    uint64_t log_warnings; /* plugin messages at PROD_LOG_WARN */
    uint64_t log_errors;   /* plugin messages at PROD_LOG_ERROR */
} host_services;

/* ph_plugin_load; on failure prints "prodhost: " and the reason. 0 or -1. */
int host_plugin_load(const char *path, ph_plugin *p);
/* 0 on success, -1 when out of memory (message printed). trace may be NULL. */
int host_services_init(host_services *h, FILE *trace);
void host_services_free(host_services *h);
/* Fill a prod_host whose callbacks route to h (h must outlive the context). */
void host_table_fill(prod_host *table, host_services *h);
/* init() with one recipe file. On failure prints init's error text and
 * returns -1; on success attaches the context to the modifier and event
 * modules and returns 0. */
int host_open_context(const prod_api *api, host_services *h, const char *recipes_path,
                      prod_ctx **out);

#endif
