/* recover.h - what the host tells a coordinator about a worker outside its
 * orders: the worker is gone (its task goes back to PENDING, its cargo is
 * lost and what it was for is bought again), and what it actually holds
 * (the reconciliation after a load: seed 002's four recovery scenarios). */
#ifndef PRODI_COORD_RECOVER_H
#define PRODI_COORD_RECOVER_H

#include "pipeline/coord.h"

prod_status prodi_coord_remove_worker(prod_coordinator *c, uint64_t worker, int64_t now);
prod_status prodi_coord_reconcile(prod_coordinator *c, uint64_t worker, const prod_item_qty *cargo,
                                  uint32_t n, int64_t now);

#endif
