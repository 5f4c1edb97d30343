/* chunk_persist.h - a chunk's trip to and from the chunk store: its manager
 * (serialize / deserialize) and its host part (chunk_json.h: inventories,
 * PRNG, tally) in one row. Unloading is two-phase so that it never loses
 * anything: chunk_save writes the row inside the caller's transaction and
 * changes nothing; only after the commit succeeded does chunk_drop empty the
 * inventories and destroy the manager. */
#ifndef PRODHOST_CHUNK_PERSIST_H
#define PRODHOST_CHUNK_PERSIST_H

#include <stdint.h>

#include "chunk.h"
#include "sim.h"
#include "store.h"

/* Write the chunk's row (manager bytes, host part, saved_at = now, digest =
 * FNV-1a 64 of the bytes). Needs a loaded chunk and an open transaction.
 * 0 or -1 (printed). */
int chunk_save(sim *s, chunk *c, chunk_store *st, int64_t now);
/* Empty the chunk's inventories and destroy its manager (after a commit). */
void chunk_drop(sim *s, chunk *c);
/* Load the chunk's row: verify it, put its items back into the (empty)
 * inventories, deserialize the manager, register it, relink each building
 * to its job, and take back its PRNG and tally. The manager has its saved
 * time; the caller ticks it to the present. 0, or -1 after printing why: the
 * row is missing or damaged, or the plugin refused the bytes; then nothing
 * changed and the chunk stays unloaded. */
int chunk_restore(sim *s, chunk *c, chunk_store *st);

#endif
