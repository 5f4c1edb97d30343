/* ledger.h - what crossed the plugin boundary, for checks that a run lost
 * nothing and that two runs did the same: items the plugin consumed from and
 * added to inventories (counted on PROD_HOST_OK answers), and a digest of
 * the event stream kept per manager tag, so that it does not depend on how
 * the events of different chunks interleave (a chunk reloaded from the store
 * delivers its missed events in one catch-up tick).
 *
 * Besides this process's totals the ledger keeps an account per manager tag
 * (a chunk): the items its inventories' callbacks moved and its events with
 * their chain. An account travels with its chunk's row (ledger_account_set
 * on a load), so that the world's figures add up over the rows whichever
 * processes ran the chunk. */
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
    ph_u64map tag_events; /* manager tag -> its events */
    ph_u64map inv_tag;    /* inventory -> the tag whose account it counts to */
    ph_u64map tag_consumed, tag_added; /* manager tag -> its inventories' items */
    int out_of_memory; /* a chain could not be stored: the digest is void */
} ledger;

/* A chunk's account. chain is meaningful when events > 0. */
typedef struct ledger_account {
    uint64_t consumed, added, events, chain;
} ledger_account;

void ledger_init(ledger *l);
void ledger_free(ledger *l);
/* Count inventory's items to tag's account (which exists from then on). 0 or -1 (OOM). */
int ledger_bind(ledger *l, uint64_t inventory, uint64_t tag);
void ledger_consumed(ledger *l, uint64_t inventory, const prod_requirement *reqs, uint32_t n);
void ledger_added(ledger *l, uint64_t inventory, const prod_item_qty *items, uint32_t n);
void ledger_event(ledger *l, const prod_event *e);
/* Sum over tags of ledger_chain_digest(tag, chain): equal streams per tag give equal digests. */
uint64_t ledger_digest(const ledger *l);
uint64_t ledger_chain_digest(uint64_t tag, uint64_t chain);
/* tag's account (zeros if it has none). */
void ledger_account_get(const ledger *l, uint64_t tag, ledger_account *out);
/* Replace tag's account (a chunk loaded from its row; a chain only when
 * a->events > 0). 0 or -1 (OOM: nothing changed). */
int ledger_account_set(ledger *l, uint64_t tag, const ledger_account *a);

#endif
