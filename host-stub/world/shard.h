/* shard.h - this server's share of a world kept in a shared store
 * (PostgreSQL): the regions it runs (region.h), the leases on the chunks it
 * holds, and the hand-overs. Every game step, before the chunks step:
 *   1. renew its leases when due, and adopt the region of any server that
 *      stopped renewing its own;
 *   2. hand over: save and release, in one transaction, every chunk it holds
 *      that another region runs from this step on;
 *   3. take every chunk it runs from this step on and does not hold: one
 *      released for exactly this step (it goes on as if it had never moved),
 *      one nobody created yet (created fresh, the way every server would),
 *      or one whose server stopped renewing (taken over from its last
 *      commit; what that server did since is lost with it, and the chunk's
 *      jobs catch up exactly). While a chunk is still held, or on its way
 *      through another live server, it waits: servers stay in step at the
 *      hand-overs, and the slowest is never the one waiting;
 *   4. every --checkpoint-every game seconds, save every chunk it holds in
 *      one transaction (what a takeover continues from).
 * Every save checks in its transaction that the lease is still this
 * server's; a server that loses a lease, or cannot renew them in time, stops.
 * At the end a server hands everything back, marks its regions done, waits
 * for the others (finishing any region whose server died) and sums the
 * world's figures from the rows. */
#ifndef PRODHOST_SHARD_H
#define PRODHOST_SHARD_H

#include <stdint.h>
#include <stdio.h>

#include "audit.h"
#include "chunk.h"
#include "player.h"
#include "region.h"
#include "sim.h"
#include "store.h"

typedef struct shard shard;

/* What every server of one world must agree on (meta "world.*"). */
typedef struct shard_world {
    uint64_t seed;
    uint32_t chunks, minutes, view;
} shard_world;

/* A shard of the world w on the shared store st (not owned). NULL after
 * printing why. */
shard *shard_open(const region_config *cfg, const player_walk *walk, const shard_world *w,
                  chunk_store *st);
void shard_close(shard *sh);
/* Join the world: agree on its shape, claim this server's region, create
 * (if the world is new) the chunks the region runs at time 0, and wait (up
 * to 30 s) until every region has a server and every chunk its row. 0 or
 * -1 (printed). */
int shard_start(shard *sh, sim *s, chunk *chunks, uint32_t n);
/* Steps 1-4 above at game time now. 0 or -1 (printed: stop the world). */
int shard_step(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t now);
/* Sleep --pace wall ms (after a step). */
void shard_pace(const shard *sh);
/* After the last step (end): as described above. 0 or -1 (printed). */
int shard_finish(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t end);
/* The world's figures from the rows (shard_finish), or NULL when they could
 * not be had. */
const audit_figures *shard_figures(const shard *sh);
/* The "region:" and "store:" summary lines. */
void shard_print(const shard *sh, FILE *out);

#endif
