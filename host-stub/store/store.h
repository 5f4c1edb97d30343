/* store.h - the chunk store: keyed rows, each holding an object's saved
 * plugin bytes and the host's own part of it (JSON text), written together.
 * A chunk is one row today (its manager's bytes and its inventories); a
 * pipeline coordinator or a fleet would be rows of their own keys through
 * the same calls, one transaction per save.
 *
 * Two backends behind this one interface, chosen by store_open's `where`:
 *   SQLite      a file path: the embedded default, one writer process at a
 *               time (an exclusive flock on PATH-writer, held while open; the
 *               OS drops it when the writer dies), WAL mode.
 *   PostgreSQL  "postgres://...", "postgresql://..." or "pg:" followed by
 *               any libpq conninfo ("pg:host=/tmp/s dbname=world"): several
 *               server processes share it, each row carrying an ownership
 *               lease (the lease calls below) so that two servers never both
 *               run one row's object.
 *
 * Table chunks (one row per key, replaced on every save):
 *   key            the caller's key (a chunk's manager tag; uint64 stored as int64)
 *   saved_at       game time of the save, ms
 *   saved_wall     wall clock of the save, ms since 1970 (informational only)
 *   plugin_version api->plugin_version of the plugin that wrote the bytes
 *   format_major, format_minor
 *                  the save format version, read from the bytes' header
 *                  (["PRODSAVE", major, minor, ...]); -1 when unreadable
 *   blob           serialize() output, verbatim
 *   host           JSON text of the host's part (a chunk: its inventories)
 *   checksum       FNV-1a 64 over blob then host, computed here; a row whose
 *                  checksum does not match is refused on read
 *   digest         a caller-chosen digest written in the same transaction
 *                  (prodhost soak: FNV-1a 64 of the blob)
 *   PostgreSQL adds the lease: owner (the holding server's id, NULL when
 *   free), epoch (how often the row was taken: the fencing token), lease_until
 *   and released (the database's clock).
 * Table meta (name, integer value): counters written in the same transaction
 * as the rows (e.g. soak's committed round), and the header: chunk_count (the
 * rows there are) and commits, so that a store that lost rows fails
 * store_check_header. SQLite writes the header in every commit; PostgreSQL
 * only in the commits that add rows (so that the servers' saves do not queue
 * on one meta row), and there `commits` counts those.
 *
 * Every backend return code is checked; failures print the backend's message
 * and return -1. */
#ifndef PRODHOST_STORE_H
#define PRODHOST_STORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct chunk_store chunk_store;

typedef struct store_row {
    uint64_t key;
    int64_t saved_at;
    int64_t saved_wall;
    char *plugin_version;
    int32_t format_major, format_minor;
    uint8_t *blob;
    size_t blob_len;
    char *host;
    uint64_t checksum;
    uint64_t digest;
} store_row;

/* Open the store at `where` (see the top). writer != 0: may write; SQLite
 * takes the writer lock (refused when another writer holds it), and both
 * create the tables if missing. writer == 0: a reader, which writes nothing
 * (no file, schema or mode is created) and refuses a database that is not a
 * chunk store (an empty or truncated file included). 0 or -1 (printed). */
int store_open(const char *where, int writer, chunk_store **out);
void store_close(chunk_store *s); /* NULL ok; rolls back an open transaction */
/* The file path, or "postgresql DB on HOST" (never a password). */
const char *store_path(const chunk_store *s);

/* One transaction per save: begin, puts and meta, commit (or rollback). */
int store_begin(chunk_store *s);
int store_commit(chunk_store *s);
void store_rollback(chunk_store *s);

/* Insert or replace the row of r->key. The store fills the format columns,
 * saved_wall and checksum itself; plugin_version, blob, host, saved_at and
 * digest come from r. On a shared store a row may only be replaced under its
 * lease (checked against the database in the same transaction), and a new
 * row is created with this server's lease on it. 0 or -1 (printed). */
int store_put(chunk_store *s, const store_row *r);
/* Read and verify a row. 1 = found and its checksum matches (*out owns
 * malloc'd copies: free with store_row_free), 0 = no such row, -1 =
 * damaged row or backend error (printed; *out is empty). */
int store_get(chunk_store *s, uint64_t key, store_row *out);
void store_row_free(store_row *r);
/* Every stored key in ascending (signed) order into a malloc'd array. 0 or -1. */
int store_keys(chunk_store *s, uint64_t **keys, size_t *count);

int store_set_meta(chunk_store *s, const char *name, int64_t value);
/* 1 and *value if present, 0 if not, -1 on error (printed). */
int store_get_meta(chunk_store *s, const char *name, int64_t *value);
/* SQLite: PRAGMA integrity_check answers "ok". PostgreSQL (which has no such
 * check): the schema answers. 0, else -1 (printed). */
int store_integrity(chunk_store *s);
/* The header against the rows: chunk_count equals the rows there are and
 * commits is there when any row is. 0, or -1 (printed: what was lost). */
int store_check_header(chunk_store *s);

/* The checksum the store writes for these bytes. */
uint64_t store_checksum(const uint8_t *blob, size_t blob_len, const char *host);

/* --- leases: a store several servers share (PostgreSQL) ------------------------
 * Each row has at most one holder. A lease lasts lease_ms on the database's
 * clock and is renewed by store_lease_keep; the holder stops trusting it a
 * tenth of lease_ms before it runs out on its own clock, so that it never
 * runs a row another server may already have taken. Taking a row bumps its
 * epoch, and every put and release checks owner and epoch in its
 * transaction: a server that lost a lease can commit nothing. Roles are
 * numbered leases of the same kind (prodhost: one per region of the world),
 * renewed with the rows; one whose lease ran out is adopted by another
 * server. On a store that is not shared these calls fail (printed). */

/* 1 when several servers may share the store (leases work), else 0. */
int store_shared(const chunk_store *s);
/* This connection's server id (unique per process run), or "" when not shared. */
const char *store_server(const chunk_store *s);
/* The lease length for this connection's takes and renewals (default 3000). 0 or -1. */
int store_lease_config(chunk_store *s, int64_t lease_ms);

typedef struct store_lease {
    int exists;       /* a row is stored under the key */
    int held;         /* a server holds it and its lease has not run out */
    int expired;      /* a server held it and stopped renewing */
    int mine;         /* this connection holds it */
    int64_t epoch;    /* how often the row was taken (0: never) */
    int64_t saved_at; /* game time of the stored state */
} store_lease;

/* What the database says of key's lease now. 0 or -1 (printed). */
int store_lease_get(chunk_store *s, uint64_t key, store_lease *out);
/* Take key if it is still as `seen` (same epoch, free or run out): 1 taken
 * (bump of the epoch committed), 0 someone moved first, -1 error (printed). */
int store_lease_take(chunk_store *s, uint64_t key, const store_lease *seen);
/* In the open transaction, after the row's last put: give its lease back
 * (it is this connection's no more once the transaction commits). 0 or -1. */
int store_lease_release(chunk_store *s, uint64_t key);
/* Renew every row and role this connection holds when a third of the lease
 * has passed since the last renewal (*renewed = 1 then). -1 (printed, with
 * the keys) when a lease was lost, or when the renewals failed until the
 * leases could no longer be trusted: stop running what they covered. */
int store_lease_keep(chunk_store *s, int *renewed);

typedef struct store_role {
    int exists;    /* some server claimed it once */
    int held;      /* ... and renews it */
    int expired;   /* ... and stopped renewing */
    int done;      /* its holder finished and marked it done */
    int mine;
    int64_t epoch; /* claims so far */
} store_role;

/* Claim role (first claim, or one whose holder stopped renewing): 1 and
 * *epoch (1 = first claim), 0 held by a live server or done, -1 error. */
int store_role_claim(chunk_store *s, int32_t role, int64_t *epoch);
int store_role_get(chunk_store *s, int32_t role, store_role *out);
/* Claim every role whose holder stopped renewing (SELECT ... FOR UPDATE SKIP
 * LOCKED): up to cap of them into roles[], *n of them. 0 or -1. */
int store_role_adopt(chunk_store *s, int32_t *roles, size_t cap, size_t *n);
/* Mark a role this connection holds done and release it. 0 or -1. */
int store_role_done(chunk_store *s, int32_t role);
/* Insert meta name = value unless present; 1 when the stored value is
 * value, 0 when another value is stored (in *stored), -1 on error. */
int store_meta_agree(chunk_store *s, const char *name, int64_t value, int64_t *stored);

/* The clock leases are timed by (monotonic, ms) and a sleep, for waiting on them. */
int64_t store_clock_ms(void);
void store_sleep_ms(int64_t ms);

#endif
