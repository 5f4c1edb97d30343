/* store_backend.h - what a chunk-store backend implements, for store.c (its
 * only caller): rows, meta and transactions, and for a store that several
 * servers share, leases. store.c does what every backend shares (checksums,
 * the format columns, the header check, the transaction state); a backend
 * only talks to its database. Every function gets the backend's own handle
 * and prints its failures. */
#ifndef PRODHOST_STORE_BACKEND_H
#define PRODHOST_STORE_BACKEND_H

#include "store.h"

typedef struct store_backend store_backend; /* each backend's own state */

typedef struct store_lease_ops {
    const char *(*server)(const store_backend *b);
    int (*config)(store_backend *b, int64_t lease_ms);
    int (*get)(store_backend *b, uint64_t key, store_lease *out);
    int (*take)(store_backend *b, uint64_t key, const store_lease *seen);
    int (*release)(store_backend *b, uint64_t key);
    int (*keep)(store_backend *b, int *renewed);
    int (*role_claim)(store_backend *b, int32_t role, int64_t *epoch);
    int (*role_get)(store_backend *b, int32_t role, store_role *out);
    int (*role_adopt)(store_backend *b, int32_t *roles, size_t cap, size_t *n);
    int (*role_done)(store_backend *b, int32_t role);
    int (*meta_agree)(store_backend *b, const char *name, int64_t value, int64_t *stored);
} store_lease_ops;

typedef struct store_ops {
    const char *(*name)(const store_backend *b);
    void (*close)(store_backend *b); /* rolls back an open transaction */
    int (*begin)(store_backend *b);
    int (*commit)(store_backend *b); /* writes the header too */
    void (*rollback)(store_backend *b);
    /* Every column of r as given (store.c filled wall, format and checksum). */
    int (*put)(store_backend *b, const store_row *r);
    /* 1 = *out filled (malloc'd, checksum not yet checked), 0 = absent, -1. */
    int (*get)(store_backend *b, uint64_t key, store_row *out);
    int (*keys)(store_backend *b, uint64_t **keys, size_t *count);
    int (*set_meta)(store_backend *b, const char *name, int64_t value);
    int (*get_meta)(store_backend *b, const char *name, int64_t *value);
    int (*integrity)(store_backend *b);
    int (*row_count)(store_backend *b, int64_t *rows);
    const store_lease_ops *lease; /* NULL: not shared, no leases */
} store_ops;

/* The backends' openers (store.c dispatches on `where`). 0 or -1 (printed). */
int store_sqlite_open(const char *path, int writer, store_backend **out, const store_ops **ops);
int store_pg_open(const char *conninfo, int writer, store_backend **out, const store_ops **ops);

#endif
