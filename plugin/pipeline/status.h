/* status.h - what a host reads back: a pipeline's status block (its tree,
 * tasks with their dependencies, factories with inputs and deliveries,
 * accounts), the statistics, one worker, the pipeline ids and the
 * configuration history. None of these changes the coordinator. */
#ifndef PRODI_COORD_STATUS_H
#define PRODI_COORD_STATUS_H

#include "pipeline/coord.h"

prod_status prodi_coord_status(prod_coordinator *c, uint64_t id, prod_pipeline_status **out);
void prodi_coord_stats(const prod_coordinator *c, prod_coord_stats *out);
prod_status prodi_coord_worker_info(const prod_coordinator *c, uint64_t id, prod_worker_info *out);
void prodi_coord_pipeline_ids(const prod_coordinator *c, uint64_t *out, uint32_t cap,
                              uint32_t *count);
void prodi_coord_history(const prod_coordinator *c, prod_coord_config_change *out, uint32_t cap,
                         uint32_t *count);

#endif
