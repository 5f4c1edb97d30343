/* pipelines.h - a pipeline's life: its state changes (PIPELINE_STATE), the
 * moment it has ended with no task open (PIPELINE_DONE), and the retirement
 * of finished pipelines beyond keep_finished (at the end of a call, so no
 * caller ever holds a freed pipeline). */
#ifndef PRODI_COORD_PIPELINES_H
#define PRODI_COORD_PIPELINES_H

#include "pipeline/coord.h"

/* Move p to `state` (with reason), counting it and emitting PIPELINE_STATE. */
void prodi_coord_pipeline_state(prod_coordinator *c, co_pipeline *p, uint32_t state,
                                uint32_t reason);
/* After a change to p's tasks: a RECOVERY pipeline with nothing left open
 * completes; an ended pipeline with no task open is done (PIPELINE_DONE). */
void prodi_coord_settle(prod_coordinator *c, co_pipeline *p);
/* Free the oldest done pipelines past keep_finished. */
void prodi_coord_retire(prod_coordinator *c);
/* Tasks of p not COMPLETED or FAILED. */
uint32_t prodi_coord_open_tasks(const co_pipeline *p);

#endif
