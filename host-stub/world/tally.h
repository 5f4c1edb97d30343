/* tally.h - the world's audit figures from the store's rows alone, whichever
 * servers ran the chunks: each row's inventories and tally (chunk_json.h),
 * and its manager deserialized to count the items inside its jobs. Each
 * chunk must balance on its own (its inventories equal what was stocked,
 * delivered, sold, added and consumed in it), since items never move
 * between chunks: a row that does not is reported by name. */
#ifndef PRODHOST_TALLY_H
#define PRODHOST_TALLY_H

#include <stdint.h>

#include "audit.h"
#include "sim.h"
#include "store.h"

/* Figures over every row of st; `chunks` rows are expected, none of them
 * held by a server (the world is finished). 0, or -1 after printing what is
 * wrong (a missing, damaged, held or unbalanced row; the figures are still
 * filled from what could be read). */
int tally_store(const sim *s, chunk_store *st, uint32_t chunks, audit_figures *out);

#endif
