/* coord_persist.h - saving a coordinator to msgpack and rebuilding one from
 * hostile bytes (docs/FORMAT.md, "Coordinator saves", is the layout). */
#ifndef PRODI_COORD_PERSIST_H
#define PRODI_COORD_PERSIST_H

#include "pipeline/coord.h"

#define COORD_MAGIC "PRODCOORD"
#define COORD_FORMAT_MAJOR 1u
#define COORD_FORMAT_MINOR 0u
/* Body keys, in order: config pending time ids history counts items
 * workers pipelines. */
#define COORD_BODY_KEYS 9u
#define COORD_SETTINGS (PROD_COORD_FIELD_COUNT - 2u) /* fields after tag and preset */

/* The coordinator's state as msgpack, malloc'd (free with free()). */
prod_status prodi_coord_save(prod_coordinator *c, uint8_t **out, size_t *len);
/* A new coordinator from saved bytes; on error nothing is created and the
 * context's error text holds the byte offset and the reason. */
prod_status prodi_coord_load(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                             prod_coordinator **out);

#endif
