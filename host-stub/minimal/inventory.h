/* inventory.h - the reference inventory: one per building, keyed by a uint64
 * inventory id, item counts keyed by prod_item_id, and a capacity (maximum
 * total item count) so that "full" happens. The three inventory callbacks of
 * prod_host are implemented here (host.c only routes to them); they answer
 * PROD_HOST_* codes and are atomic: all or nothing. */
#ifndef PRODHOST_INVENTORY_H
#define PRODHOST_INVENTORY_H

#include <stdint.h>

#include "production.h"

/* Answered for an unknown inventory id or when out of memory: the plugin
 * treats any non-PROD_HOST_* answer as a host error. */
#define INV_HOST_ERROR (-1)

typedef struct inv_store inv_store;

inv_store *inv_store_create(void); /* NULL when out of memory */
void inv_store_destroy(inv_store *s);
/* Register an empty inventory. 0 on success, -1 if the id is taken or memory ran out. */
int inv_store_open(inv_store *s, uint64_t id, uint64_t capacity);

/* prod_host.inventory_count: the count of `item` into *out. */
int32_t inv_store_count(const inv_store *s, uint64_t id, prod_item_id item, uint64_t *out);
/* prod_host.inventory_consume: check every requirement, remove the consumed
 * ones (consume == 1); tools (consume == 0) are checked, not removed. Answers
 * PROD_HOST_INSUFFICIENT and changes nothing if anything is short. */
int32_t inv_store_consume(inv_store *s, uint64_t id, const prod_requirement *reqs, uint32_t n);
/* prod_host.inventory_add: add every stack, or answer PROD_HOST_FULL if the
 * total would exceed the capacity, changing nothing. */
int32_t inv_store_add(inv_store *s, uint64_t id, const prod_item_qty *items, uint32_t n);

/* Host-side helpers (hauling, selling). */
uint64_t inv_store_take(inv_store *s, uint64_t id, prod_item_id item, uint64_t max);
uint64_t inv_store_space(const inv_store *s, uint64_t id); /* 0 for an unknown id */
/* Add every inventory's count of items 1..n-1 into totals[item]. */
void inv_store_totals(const inv_store *s, uint64_t *totals, uint32_t n);

#endif
