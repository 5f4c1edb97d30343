/* buildings.h - what each kind of building is (capacity, starting stock, the
 * recipes it runs, one-shot or repeating) and what a building does on a game
 * step: when idle, now and then start a job; on request, cancel it. */
#ifndef PRODHOST_BUILDINGS_H
#define PRODHOST_BUILDINGS_H

#include <stdint.h>

#include "chunk.h"
#include "sim.h"

const char *building_kind_name(uint32_t kind);
/* Lay the building out: its inventory id, owner and capacity (halved when
 * cramped); the inventory is opened empty and counted to the chunk's ledger
 * account. 0 or -1 (printed). */
int building_layout(sim *s, chunk *c, uint32_t kind, uint64_t owner, int cramped);
/* Make c (laid out, unloaded, inventories empty) a new chunk: an empty
 * manager, its PRNG at its first state and its buildings stocked from it.
 * 0 or -1 (printed; then the chunk stays unloaded and empty). */
int buildings_create(sim *s, chunk *c);
/* Start a job now and then when the building is idle. 0, or -1 on a plugin error. */
int building_step(sim *s, chunk *c, uint32_t kind, int64_t now);
/* Cancel the building's job, if it has one, with a random refund policy. 0 or -1. */
int building_cancel(sim *s, chunk *c, uint32_t kind, int64_t now);

#endif
