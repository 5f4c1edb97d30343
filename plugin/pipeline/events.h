/* events.h - coordinator events: building one from what it is about and
 * handing it to the host's on_coord_event (never once coord_destroy came
 * during the call). */
#ifndef PRODI_COORD_EVENTS_H
#define PRODI_COORD_EVENTS_H

#include "pipeline/coord.h"

/* A zeroed event of `type` at the coordinator's time. */
prod_coord_event prodi_coord_ev(const prod_coordinator *c, uint32_t type);
void prodi_coord_emit(prod_coordinator *c, const prod_coord_event *e);
/* An event about task ix of p: its ids, worker, market, item, type, state,
 * retries, quantity and credits (cost for a purchase, else revenue), with
 * `reason`; _emit_task hands it over as it is. */
prod_coord_event prodi_coord_task_ev(const prod_coordinator *c, uint32_t type,
                                     const co_pipeline *p, uint32_t ix, uint32_t reason);
void prodi_coord_emit_task(prod_coordinator *c, uint32_t type, const co_pipeline *p, uint32_t ix,
                           uint32_t reason);
/* PIPELINE_CREATED / _STATE / _DONE of p. */
void prodi_coord_emit_pipeline(prod_coordinator *c, uint32_t type, const co_pipeline *p);
/* FACTORY_STATE / POLL / LONG_WAIT of factory fx of p. */
void prodi_coord_emit_factory(prod_coordinator *c, uint32_t type, const co_pipeline *p,
                              uint32_t fx);
void prodi_coord_emit_config(prod_coordinator *c, const prod_coord_config_change *ch);

#endif
