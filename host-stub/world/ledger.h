/* ledger.h - what crossed the plugin boundary, for checks that a run lost
 * nothing and that two runs did the same: items the plugin consumed from and
 * added to inventories (counted on PROD_HOST_OK answers), and a digest of
 * the event stream kept per manager tag, so that it does not depend on how
 * the events of different chunks interleave (a chunk reloaded from the store
 * delivers its missed events in one catch-up tick). */
#ifndef PRODHOST_LEDGER_H
#define PRODHOST_LEDGER_H

#include <stdint.h>

#include "production.h"
#include "ph_u64map.h"

typedef struct ledger {
    uint64_t consumed; /* items removed by successful inventory_consume calls */
    uint64_t added;    /* items added by successful inventory_add calls */
    uint64_t events;
    ph_u64map chains;     /* manager tag -> FNV-1a chain over its events in order */
    int out_of_memory; /* a chain could not be stored: the digest is void */
} ledger;

void ledger_init(ledger *l);
void ledger_free(ledger *l);
void ledger_consumed(ledger *l, const prod_requirement *reqs, uint32_t n);
void ledger_added(ledger *l, const prod_item_qty *items, uint32_t n);
void ledger_event(ledger *l, const prod_event *e);
/* Sum over tags of hash(tag, chain): equal streams per tag give equal digests. */
uint64_t ledger_digest(const ledger *l);

#endif
