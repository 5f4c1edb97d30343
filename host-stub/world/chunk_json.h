/* chunk_json.h - the host's part of a chunk's row, as JSON text, written
 * and read back with every value checked:
 *
 *   {"inventories": [{"id": N, "capacity": N, "items": {"NAME": QTY, ...}},
 *                    ... one per building, in building order],
 *    "rng": "0x0123456789abcdef",      the chunk's PRNG state
 *    "tally": {"stocked": N, "delivered": N, "sold": N,
 *              "consumed": N, "added": N, "events": N,
 *              "chain": "0x0123456789abcdef"}}
 *
 * Items are named by string id, so a context with other item numbers reads
 * them; 64-bit values that JSON numbers would round are hex strings. The
 * tally is the chunk's lifetime count (chunk.h's flows and its ledger
 * account), so that the world's balance adds up over the rows. */
#ifndef PRODHOST_CHUNK_JSON_H
#define PRODHOST_CHUNK_JSON_H

#include <stdint.h>

#include "chunk.h"
#include "ledger.h"
#include "sim.h"

/* One stored inventory: its id, capacity and stacks. */
typedef struct chunk_inventory {
    uint64_t id, capacity;
    prod_item_qty *stacks;
    uint32_t count;
} chunk_inventory;

/* A row's host part, read and checked. */
typedef struct chunk_image {
    chunk_inventory inv[KIND_COUNT];
    uint64_t rng;
    chunk_flows flows;
    ledger_account account;
} chunk_image;

/* The chunk's host part as JSON text (malloc'd; cJSON_free), or NULL (OOM). */
char *chunk_host_json(const sim *s, const chunk *c);
/* Read text into *img (free with chunk_image_free, also after a failure).
 * With c, also check that the inventories are c's buildings' (ids,
 * capacities). 0, or -1 after printing what is wrong, naming `who`. */
int chunk_image_read(const sim *s, const chunk *c, const char *who, const char *text,
                     chunk_image *img);
void chunk_image_free(chunk_image *img);
/* Items in the image's inventories. */
uint64_t chunk_image_items(const chunk_image *img);

#endif
