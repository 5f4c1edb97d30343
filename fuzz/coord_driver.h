/* coord_driver.h - one hostile coordinator save, checked: coord_deserialize
 * loads it or refuses it with a message, nothing created and no callback
 * made; what loads saves, loads and saves to the same bytes; then its
 * workers' cargo is reported (the same, none, more, a stranger's item), it
 * is ticked, its workers arrive and report, the host plans, cancels and
 * removes a worker, every pipeline's status is read, and the state it
 * reached must round-trip too. A call that fails must leave the bytes as
 * they were. All bounded. Shared by the fuzz_coordinator libFuzzer target
 * and tests/it_fuzz_replay (which replays its corpus through the real .so). */
#ifndef PROD_FUZZ_COORD_DRIVER_H
#define PROD_FUZZ_COORD_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "production.h"

/* The host: every market (ids 1..8) buys and sells every item of
 * SPACETRADERS_RECIPES at supplies and activities that move with each
 * answer, and every 13th answer (quote or travel cost) is nonsense.
 * `answers` (and the count of coordinator events) restarts with each input
 * so a run is reproducible. */
typedef struct cd_host {
    const prod_api *api;
    prod_ctx *ctx;
    uint64_t answers, events;
} cd_host;

/* A context for the coordinator saves with this host; 0 on success, -1
 * when init failed. */
int cd_open(cd_host *h, const prod_api *api);
void cd_close(cd_host *h);
/* Check one save (see above). 0 when every invariant held; 1 with the
 * broken one in why (cap bytes). */
int cd_run(cd_host *h, const uint8_t *data, size_t size, char *why, size_t cap);

#endif
