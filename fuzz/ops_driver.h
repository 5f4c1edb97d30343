/* ops_driver.h - random ABI operations on one manager, read from fuzzer
 * bytes, with the check that no item is created or lost: every item the
 * plugin takes from an inventory is announced by the STARTED or RESTARTED
 * event of the job it went into, every item it adds by the COMPLETED or
 * CANCELLED event of the job it came from, and a save taken at any point
 * loads back to the same bytes. Shared by the fuzz_ops libFuzzer target and
 * tests/it_fuzz_replay (which replays its corpus through the real .so). */
#ifndef PROD_FUZZ_OPS_DRIVER_H
#define PROD_FUZZ_OPS_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "production.h"

/* Run the operations `data` encodes against api (a context is made and
 * freed inside). 0 when every invariant held; 1 with the broken one in why
 * (cap bytes) otherwise; -1 when the setup itself failed (no memory). */
int ops_run(const prod_api *api, const uint8_t *data, size_t size, char *why, size_t cap);

#endif
