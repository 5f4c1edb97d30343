/* audit.h - the demo's conservation check: where every item is at the end of
 * a run (inventories, inside jobs) and the balance of what entered and left
 * the inventories. Unloading and reloading chunks must leave both unchanged. */
#ifndef PRODHOST_AUDIT_H
#define PRODHOST_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "sim.h"

/* Items in every host inventory. */
uint64_t audit_inventory_items(const sim *s);
/* Print the "conservation:" and "balance:" lines. stocked = the items the
 * buildings were stocked with at creation. */
void audit_print(const sim *s, const chunk *chunks, uint32_t n, uint64_t stocked, FILE *out);

#endif
