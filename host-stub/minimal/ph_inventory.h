/* ph_inventory.h - owns the minimal host's inventories: any number of them,
 * each keyed by a uint64 inventory id (the `inventory` the plugin passes to
 * the inventory callbacks), holding item counts keyed by prod_item_id and a
 * capacity (maximum total item count) so that "full" happens. The three
 * inventory callbacks of prod_host are implemented here (ph_host.c only
 * routes to them); they answer PROD_HOST_* codes and are atomic: all or
 * nothing. Replace this file with calls into your game's own inventories.
 * Part of the minimal host (copy it). */
#ifndef PH_INVENTORY_H
#define PH_INVENTORY_H

#include <stdint.h>

#include "production.h"

/* Answered for an unknown inventory id, NULL arrays or when out of memory:
 * the plugin treats any non-PROD_HOST_* answer as a host error. */
#define PH_INV_ERROR (-1)

typedef struct ph_inv ph_inv; /* every inventory of the host */

/* An empty set of inventories; NULL when out of memory. */
ph_inv *ph_inv_create(void);
/* Free every inventory. NULL is accepted. */
void ph_inv_destroy(ph_inv *s);
/* Register an empty inventory that holds at most `capacity` items in all.
 * 0 on success, -1 if the id is taken or memory ran out. */
int ph_inv_open(ph_inv *s, uint64_t id, uint64_t capacity);

/* prod_host.inventory_count: the count of `item` into *out. PROD_HOST_OK,
 * or PH_INV_ERROR for an unknown inventory or a NULL out. */
int32_t ph_inv_count(const ph_inv *s, uint64_t id, prod_item_id item, uint64_t *out);
/* prod_host.inventory_consume: check every requirement, remove the consumed
 * ones (consume == 1); tools (consume == 0) are checked, not removed.
 * Answers PROD_HOST_INSUFFICIENT and changes nothing if anything is short
 * (an item listed twice must be there twice). n may be 0. */
int32_t ph_inv_consume(ph_inv *s, uint64_t id, const prod_requirement *reqs, uint32_t n);
/* prod_host.inventory_add: add every stack, or answer PROD_HOST_FULL if the
 * total would exceed the capacity, changing nothing. n may be 0. */
int32_t ph_inv_add(ph_inv *s, uint64_t id, const prod_item_qty *items, uint32_t n);

/* Host-side helpers (hauling, selling, saving). */
/* Remove up to max of item; returns how many were removed (0 for an unknown id). */
uint64_t ph_inv_take(ph_inv *s, uint64_t id, prod_item_id item, uint64_t max);
/* Items that still fit: capacity - total (0 for an unknown id). */
uint64_t ph_inv_space(const ph_inv *s, uint64_t id);
/* Add every inventory's count of items 1..n-1 into totals[item]. */
void ph_inv_totals(const ph_inv *s, uint64_t *totals, uint32_t n);

#endif
