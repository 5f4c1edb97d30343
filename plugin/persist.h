/* persist.h - saving a manager to msgpack and rebuilding one from hostile
 * bytes (docs/FORMAT.md is the layout). */
#ifndef PROD_PERSIST_H
#define PROD_PERSIST_H

#include "manager.h"

#define PERSIST_MAGIC "PRODSAVE"
#define PERSIST_FORMAT_MAJOR 1u
#define PERSIST_FORMAT_MINOR 0u

/* The manager's state as msgpack, malloc'd (free with free()). */
prod_status persist_save(prod_manager *m, uint8_t **out, size_t *len);
/* A new manager from saved bytes; on error nothing is created and ctx->err
 * holds the byte offset and the reason. */
prod_status persist_load(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                         const prod_load_options *opts, prod_manager **out);

#endif
