/* scan.h - the opportunity scan (seed 002's multi-product coordinator):
 * every scan_every_ms the goods econ_opportunities finds profitable, whose
 * best sell market (market_best_sell, depth bonus from the item's height in
 * the recipe graph) pays at least min_purchase_price, are ranked by that
 * market's score (then profit, then item id) and planned, one pipeline per
 * item, until max_pipelines are active. */
#ifndef PRODI_COORD_SCAN_H
#define PRODI_COORD_SCAN_H

#include "pipeline/coord.h"

/* One scan; each candidate planned costs a step of the tick's budget. A
 * failed plan is a PLAN_FAILED event; a failed market or economics call is
 * a host error (the scan waits for its next time). */
void prodi_coord_scan(prod_coordinator *c);

#endif
