/* assign.h - the tick's assignment pass: READY purchase tasks by priority
 * (then id) to the closest free worker, at most max_workers busy, only
 * where the market meets the task's START threshold (an ACQUIRE's market is
 * chosen then: market_best_buy's tiers among sellers at the threshold,
 * another than the one that failed it when there is one). */
#ifndef PRODI_COORD_ASSIGN_H
#define PRODI_COORD_ASSIGN_H

#include "pipeline/coord.h"

/* Take tasks from the ready queue while workers are free and budget is
 * left: PROD_MORE when the budget ran out with work left, else PROD_OK. */
prod_status prodi_coord_assign_ready(prod_coordinator *c);
/* Wake every READY purchase task sleeping on a threshold re-check (the
 * thresholds or the worker cap changed). */
void prodi_coord_recheck_all(prod_coordinator *c);

#endif
