/* execute.h - a worker at its task's market (coord_arrive: the execute
 * threshold, the margin, the trade size, idempotent retries) and the host's
 * report of what it did (coord_report: completion with the cargo going on,
 * or the failure table of seed 002). Both check everything before changing
 * anything. */
#ifndef PRODI_COORD_EXECUTE_H
#define PRODI_COORD_EXECUTE_H

#include "pipeline/coord.h"

prod_status prodi_coord_arrive(prod_coordinator *c, const prod_arrival *a, prod_order *out);
prod_status prodi_coord_report(prod_coordinator *c, const prod_task_report *r);

#endif
