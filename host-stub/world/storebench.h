/* storebench.h - what the chunk store costs, measured on a world's chunks
 * (prodhost storebench; figures, not pass/fail):
 *   encode     a chunk's save without a store: serialize, the host part's
 *              JSON, the checksum (the floor under every save)
 *   save 1     one chunk per transaction (begin, put, commit)
 *   save N     every chunk in one transaction (a checkpoint)
 *   hand-over  a chunk's trip between two holders: save and release in one
 *              transaction, then take, read and load (restore) it. On a
 *              shared store the two holders are two connections, as two
 *              servers are; on SQLite one connection unloads and reloads.
 * Wall-clock rates over `rounds` passes over the chunks. */
#ifndef PRODHOST_STOREBENCH_H
#define PRODHOST_STOREBENCH_H

#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "sim.h"

/* Run the four measures on chunks (loaded) against the store at `where`,
 * leaving the chunks loaded as they were. 0 or -1 (printed). */
int storebench_run(sim *s, chunk *chunks, uint32_t n, const char *where, uint32_t rounds,
                   FILE *out);

#endif
