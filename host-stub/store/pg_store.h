/* pg_store.h - the PostgreSQL backend's state, shared by its three files:
 * store_pg.c (connection, schema, rows, meta, transactions), pg_lease.c
 * (leases and roles) and pg_util.c (running prepared statements and reading
 * their binary results, every type and length checked). */
#ifndef PRODHOST_PG_STORE_H
#define PRODHOST_PG_STORE_H

#include <libpq-fe.h>
#include <stdint.h>

#include "ph_u64map.h"
#include "store_backend.h"

#define PG_LEASE_MS_DEFAULT 3000

/* A lease's state in the open transaction (pending map values). */
#define PG_PENDING_INSERT 1u
#define PG_PENDING_RELEASE 2u

struct store_backend {
    PGconn *conn;
    char name[256];      /* "postgresql DB on HOST" */
    char server[128];    /* this connection's server id, unique per process run */
    int64_t lease_ms;
    ph_u64map held;      /* row key -> epoch of a lease this connection holds (0: none) */
    ph_u64map roles;     /* role -> epoch of a role this connection holds (0: none) */
    ph_u64map pending;   /* row key -> PG_PENDING_* in the open transaction */
    int64_t inserted;    /* rows the open transaction inserted (for the header) */
    int64_t holding;     /* leases held: nonzero entries of held and roles */
    int64_t renewed_at;  /* store_clock_ms() when the last renewal was sent */
    int64_t tx_began;    /* store_clock_ms() when the open transaction's BEGIN was sent */
    int in_tx;
};

/* PostgreSQL's built-in type OIDs (fixed in its catalog, pg_type.dat);
 * libpq's headers do not carry them. */
#define PG_BOOLOID 16u
#define PG_BYTEAOID 17u
#define PG_INT8OID 20u
#define PG_INT4OID 23u
#define PG_TEXTOID 25u

/* Parameters of one call: values, lengths and formats (binary for integers
 * and bytes, text for text), filled by the pg_param_* helpers. */
#define PG_MAX_PARAMS 12
typedef struct pg_params {
    const char *values[PG_MAX_PARAMS];
    int lengths[PG_MAX_PARAMS];
    int formats[PG_MAX_PARAMS];
    uint8_t ints[PG_MAX_PARAMS][8];
    int n;
} pg_params;

void pg_param_i64(pg_params *p, int64_t v);
void pg_param_i32(pg_params *p, int32_t v);
void pg_param_text(pg_params *p, const char *text);
void pg_param_bytes(pg_params *p, const void *bytes, size_t len);

/* Prepare statement `name`; 0 or -1 (printed). */
int pg_prepare(store_backend *b, const char *name, const char *sql, int nparams,
               const unsigned *types);
/* Run prepared statement `name` with binary results. The result when its
 * status is `want` (caller PQclear's it), else NULL (printed with `what`). */
PGresult *pg_run(store_backend *b, const char *name, const pg_params *p, ExecStatusType want,
                 const char *what);
/* Run a statement that returns nothing; 0 or -1 (printed). */
int pg_command(store_backend *b, const char *name, const pg_params *p, const char *what);
/* Run SQL text (no parameters); 0 or -1 (printed). */
int pg_exec(store_backend *b, const char *sql, const char *what);
/* How many rows the statement changed (PQcmdTuples), -1 when unreadable. */
int64_t pg_changed(PGresult *r);

/* Field readers: 0, or -1 (printed with `what`) when the column has another
 * type, a NULL or a wrong length. */
int pg_get_i64(store_backend *b, const PGresult *r, int row, int col, int64_t *out,
               const char *what);
int pg_get_i32(store_backend *b, const PGresult *r, int row, int col, int32_t *out,
               const char *what);
int pg_get_bool(store_backend *b, const PGresult *r, int row, int col, int *out,
                const char *what);
/* A malloc'd NUL-terminated copy of a text column (NULL on error, printed). */
char *pg_get_text(store_backend *b, const PGresult *r, int row, int col, const char *what);
/* A malloc'd copy of a bytea column and its length (NULL on error, printed). */
uint8_t *pg_get_bytes(store_backend *b, const PGresult *r, int row, int col, size_t *len,
                      const char *what);

/* Print "prodhost: store NAME: what: detail" (trailing newline of detail trimmed); -1. */
int pg_fail(const store_backend *b, const char *what, const char *detail);

/* The lease table (pg_lease.c) and what a commit or rollback does to the
 * leases the transaction took or gave back. */
extern const store_lease_ops pg_lease_ops;
int pg_lease_prepare(store_backend *b);
void pg_lease_settle(store_backend *b, int committed);

#endif
