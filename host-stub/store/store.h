/* store.h - the chunk store: one SQLite database (WAL mode) holding, per
 * chunk, the plugin's saved manager bytes and the host's own part of the
 * chunk (its inventories, as JSON text), written together in one row.
 *
 * Table chunks (one row per chunk, replaced on every save):
 *   key            the chunk's manager tag (uint64 stored as int64)
 *   saved_at       game time of the save, ms
 *   saved_wall     wall clock of the save, ms since 1970 (informational only)
 *   plugin_version api->plugin_version of the plugin that wrote the bytes
 *   format_major, format_minor
 *                  the save format version, read from the bytes' header
 *                  (["PRODSAVE", major, minor, ...]); -1 when unreadable
 *   blob           serialize() output, verbatim
 *   host           JSON text of the chunk's host state (inventories)
 *   checksum       FNV-1a 64 over blob then host, computed by the host; a
 *                  row whose checksum does not match is refused on read
 *   digest         a caller-chosen digest written in the same transaction
 *                  (prodhost soak: FNV-1a 64 of the blob)
 * Table meta (name TEXT PRIMARY KEY, value INTEGER): counters written in the
 * same transaction as the rows (e.g. soak's committed round), and the
 * header every commit writes: chunk_count (the rows there are) and commits
 * (how many commits the store has had), so a store that lost rows or was
 * emptied or truncated fails store_check_header.
 *
 * One writer at a time: a writer holds an exclusive lock (flock) on
 * PATH-writer for as long as the store is open, so a second writer, in this
 * process or another, is refused with a clear message instead of the two
 * overwriting each other. The OS drops the lock when a writer dies.
 *
 * Every SQLite return code is checked; failures print the SQLite message and
 * return -1. The caller groups the puts of one save in store_begin/commit. */
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

/* Open the database at path. writer != 0: take the writer lock (refused when
 * another writer holds it), create the file and the tables if missing, WAL
 * mode. writer == 0: a reader, which writes nothing (no file, schema or
 * mode is created) and refuses a file that is not a chunk store (an empty or
 * truncated one included). 0 or -1 (printed). */
int store_open(const char *path, int writer, chunk_store **out);
void store_close(chunk_store *s); /* NULL ok; rolls back an open transaction */
const char *store_path(const chunk_store *s);

/* One transaction per save: begin, puts and meta, commit (or rollback). */
int store_begin(chunk_store *s);
int store_commit(chunk_store *s);
void store_rollback(chunk_store *s);

/* Insert or replace the row of r->key. The store fills the format columns,
 * saved_wall and checksum itself; plugin_version, blob, host, saved_at and
 * digest come from r. 0 or -1 (printed). */
int store_put(chunk_store *s, const store_row *r);
/* Read and verify a row. 1 = found and its checksum matches (*out owns
 * malloc'd copies: free with store_row_free), 0 = no such chunk, -1 =
 * damaged row or SQLite error (printed; *out is empty). */
int store_get(chunk_store *s, uint64_t key, store_row *out);
void store_row_free(store_row *r);
/* Every stored key in ascending (signed) order into a malloc'd array. 0 or -1. */
int store_keys(chunk_store *s, uint64_t **keys, size_t *count);

int store_set_meta(chunk_store *s, const char *name, int64_t value);
/* 1 and *value if present, 0 if not, -1 on error (printed). */
int store_get_meta(chunk_store *s, const char *name, int64_t *value);
/* PRAGMA integrity_check: 0 when it answers "ok", else -1 (first message printed). */
int store_integrity(chunk_store *s);
/* The header against the rows: chunk_count equals the rows there are and
 * commits is there when any row is. 0, or -1 (printed: what was lost). */
int store_check_header(chunk_store *s);

/* The checksum the store writes for these bytes. */
uint64_t store_checksum(const uint8_t *blob, size_t blob_len, const char *host);

#endif
