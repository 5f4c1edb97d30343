/* audit.h - the demo's conservation check: where every item is at the end of
 * a run (inventories, inside jobs) and the balance of what entered and left
 * the inventories, and the event digest. Unloading and reloading chunks, a
 * plugin reload, or running the world on several servers must leave all
 * three unchanged. The figures come from this process's live state
 * (audit_live) or from the store's rows (tally.c). */
#ifndef PRODHOST_AUDIT_H
#define PRODHOST_AUDIT_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "sim.h"

typedef struct audit_figures {
    uint64_t inventories;         /* items in the inventories */
    uint64_t inputs, held;        /* consumed inputs of running cycles, held outputs */
    uint64_t consumed, added;     /* items through the plugin's callbacks */
    uint64_t stocked, delivered, sold;
    uint64_t events, digest;
    int unloaded;                 /* some chunks were not counted */
    int digest_void;              /* an event chain was lost (out of memory) */
} audit_figures;

/* Items in every host inventory. */
uint64_t audit_inventory_items(const sim *s);
/* Add m's consumed inputs of running cycles and held outputs of blocked jobs. */
void audit_job_items(const sim *s, prod_manager *m, uint64_t *inputs, uint64_t *held);
/* This process's figures. stocked = the items the buildings were stocked with at creation. */
void audit_live(const sim *s, const chunk *chunks, uint32_t n, uint64_t stocked,
                audit_figures *out);
/* What the balance says the inventories hold. */
uint64_t audit_expected(const audit_figures *f);
/* The "conservation:", "balance:" and "event digest:" lines. */
void audit_print(const audit_figures *f, FILE *out);
/* The same as a JSON object (NULL when out of memory). */
cJSON *audit_json(const audit_figures *f);

#endif
