/* audit.h - the demo's conservation check: where every item is at the end of
 * a run (inventories, inside jobs) and the balance of what entered and left
 * the inventories. Unloading and reloading chunks must leave both unchanged. */
#ifndef PRODHOST_AUDIT_H
#define PRODHOST_AUDIT_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "sim.h"

/* Items in every host inventory. */
uint64_t audit_inventory_items(const sim *s);
/* Where the items are at the end of a run, and what crossed the boundary. */
typedef struct audit_totals {
    uint64_t inventories, inputs, held; /* in inventories; in running and blocked jobs */
    uint64_t stocked, delivered, sold, added, consumed;
    uint64_t expected; /* what the balance says the inventories hold */
    uint64_t digest, events;
    uint32_t unloaded; /* chunks not loaded (their jobs are not counted) */
    int digest_void;
} audit_totals;

/* stocked = the items the buildings were stocked with at creation. */
void audit_compute(const sim *s, const chunk *chunks, uint32_t n, uint64_t stocked,
                   audit_totals *t);
/* The "conservation:", "balance:" and "event digest:" lines. */
void audit_print(const audit_totals *t, FILE *out);
/* The same as a JSON object (NULL when out of memory). */
cJSON *audit_json(const audit_totals *t);

#endif
