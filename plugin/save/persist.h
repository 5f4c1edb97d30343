/* persist.h - saving a manager to msgpack and rebuilding one from hostile
 * bytes (docs/FORMAT.md is the layout). */
#ifndef PRODI_PERSIST_H
#define PRODI_PERSIST_H

#include "jobs/manager.h"
#include "jobs/modifiers.h"

#define PERSIST_MAGIC "PRODSAVE"
#define PERSIST_FORMAT_MAJOR 1u
#define PERSIST_FORMAT_MINOR 1u
/* Body keys, in order: config time rng items recipes snapshots jobs blocked
 * slots (format 1.0), catch_up (1.1). */
#define PERSIST_BODY_KEYS 10u
#define PERSIST_BODY_KEYS_1_0 9u
#define PERSIST_FLAG_REPEAT 1u
#define PERSIST_FLAG_BLOCKED 2u
/* Bounds a loader enforces on saved effective values: a quantity is at most
 * what a job holds (start and deserialize refuse more), a duration the
 * registry's limit times the largest modifier. */
#define PERSIST_MAX_QTY PRODI_MAX_JOB_QTY
#define PERSIST_MAX_DURATION ((int64_t)1 << 50)
#define PERSIST_MAX_NAME 256u
#define PERSIST_MAX_VERSION_LEN 64u

/* The manager's state as msgpack, a host buffer (core/mem.h: free_buffer). */
prod_status prodi_persist_save(prod_manager *m, uint8_t **out, size_t *len);
/* A new manager from saved bytes; on error nothing is created and the context's error text
 * holds the byte offset and the reason. */
prod_status prodi_persist_load(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                               const prod_load_options *opts, prod_manager **out);

#endif
