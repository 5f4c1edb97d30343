/* store_sqlite.c - the SQLite backend of the chunk store (store.h has the
 * schema): one database file in WAL mode, one writer process at a time
 * (an exclusive flock on PATH-writer for as long as it is open), prepared
 * statements for rows and meta, the header in every commit, integrity_check. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store_backend.h"

struct store_backend {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *put, *get, *keys, *set_meta, *get_meta;
    int lock_fd; /* the writer lock on PATH-writer, -1 for a reader */
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS chunks("
    " key INTEGER PRIMARY KEY, saved_at INTEGER NOT NULL, saved_wall INTEGER NOT NULL,"
    " plugin_version TEXT NOT NULL, format_major INTEGER NOT NULL,"
    " format_minor INTEGER NOT NULL, blob BLOB NOT NULL, host TEXT NOT NULL,"
    " checksum INTEGER NOT NULL, digest INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);";

static int fail(const store_backend *s, const char *what)
{
    fprintf(stderr, "prodhost: store %s: %s: %s\n", s->path, what, sqlite3_errmsg(s->db));
    return -1;
}

static int exec(store_backend *s, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    fprintf(stderr, "prodhost: store %s: %s: %s\n", s->path, what, msg ? msg : "?");
    sqlite3_free(msg);
    return -1;
}

/* Run a PRAGMA whose first answer must be the text `want`. 0, or -1 (printed). */
static int pragma_expect(store_backend *s, const char *sql, const char *want)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(s, sql);
    int rc = sqlite3_step(st);
    const char *answer = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    int ok = answer && strcmp(answer, want) == 0;
    if (!ok)
        fprintf(stderr, "prodhost: store %s: %s answered \"%s\", not \"%s\"\n", s->path, sql,
                answer ? answer : sqlite3_errmsg(s->db), want);
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

static int prepare(store_backend *s, const char *sql, sqlite3_stmt **out)
{
    return sqlite3_prepare_v2(s->db, sql, -1, out, NULL) == SQLITE_OK ? 0 : fail(s, "prepare");
}

static int prepare_all(store_backend *s)
{
    return prepare(s,
                   "INSERT OR REPLACE INTO chunks(key, saved_at, saved_wall, plugin_version,"
                   " format_major, format_minor, blob, host, checksum, digest)"
                   " VALUES(?,?,?,?,?,?,?,?,?,?)", &s->put) ||
           prepare(s,
                   "SELECT saved_at, saved_wall, plugin_version, format_major, format_minor,"
                   " blob, host, checksum, digest FROM chunks WHERE key = ?", &s->get) ||
           prepare(s, "SELECT key FROM chunks ORDER BY key", &s->keys) ||
           prepare(s, "INSERT OR REPLACE INTO meta(name, value) VALUES(?, ?)", &s->set_meta) ||
           prepare(s, "SELECT value FROM meta WHERE name = ?", &s->get_meta)
               ? -1 : 0;
}

/* The writer lock: an exclusive flock on PATH-writer, held until close. */
static int take_writer_lock(store_backend *s)
{
    char lock[4096];
    snprintf(lock, sizeof lock, "%s-writer", s->path);
    s->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->lock_fd < 0) {
        fprintf(stderr, "prodhost: store %s: cannot open %s: %s\n", s->path, lock, strerror(errno));
        return -1;
    }
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    fprintf(stderr,
            "prodhost: store %s: %s: another writer has this store open (%s); one "
            "writer at a time\n",
            s->path, lock, errno == EWOULDBLOCK ? "its lock is held" : strerror(errno));
    return -1;
}

/* A reader's check that the file is a chunk store before touching it. */
static int is_chunk_store(store_backend *s)
{
    sqlite3_stmt *st = NULL;
    if (prepare(s,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                " AND name IN ('chunks', 'meta')",
                &st) != 0)
        return -1;
    int tables = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (tables == 2)
        return 0;
    fprintf(stderr,
            "prodhost: store %s is not a chunk store (%s); an empty, truncated or "
            "foreign file?\n",
            s->path, tables < 0 ? sqlite3_errmsg(s->db) : "no chunk tables");
    return -1;
}

static void sq_close(store_backend *s)
{
    if (!s)
        return;
    sqlite3_stmt *all[] = {s->put, s->get, s->keys, s->set_meta, s->get_meta};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    if (s->db && sqlite3_close(s->db) != SQLITE_OK)
        fail(s, "close");
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* drops the writer lock */
    free(s->path);
    free(s);
}

static const char *sq_name(const store_backend *s)
{
    return s->path;
}

static int sq_begin(store_backend *s)
{
    return exec(s, "BEGIN IMMEDIATE", "begin transaction");
}

/* The header, in the transaction it describes. */
static const char HEADER[] =
    "INSERT OR REPLACE INTO meta(name, value) SELECT 'chunk_count', count(*) FROM chunks;"
    "INSERT OR REPLACE INTO meta(name, value) VALUES('commits',"
    " coalesce((SELECT value FROM meta WHERE name = 'commits'), 0) + 1);";

static int sq_commit(store_backend *s)
{
    return exec(s, HEADER, "write the header") != 0 || exec(s, "COMMIT", "commit") != 0 ? -1 : 0;
}

static void sq_rollback(store_backend *s)
{
    if (sqlite3_get_autocommit(s->db) == 0)
        exec(s, "ROLLBACK", "rollback");
}

/* Run a statement that returns no row, then reset it. */
static int step_done(store_backend *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : fail(s, what);
}

static int sq_put(store_backend *s, const store_row *r)
{
    sqlite3_stmt *st = s->put;
    if (sqlite3_bind_int64(st, 1, (sqlite3_int64)r->key) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, r->saved_at) != SQLITE_OK ||
        sqlite3_bind_int64(st, 3, r->saved_wall) != SQLITE_OK ||
        sqlite3_bind_text(st, 4, r->plugin_version, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int(st, 5, r->format_major) != SQLITE_OK ||
        sqlite3_bind_int(st, 6, r->format_minor) != SQLITE_OK ||
        sqlite3_bind_blob64(st, 7, r->blob, r->blob_len, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 8, r->host, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int64(st, 9, (sqlite3_int64)r->checksum) != SQLITE_OK ||
        sqlite3_bind_int64(st, 10, (sqlite3_int64)r->digest) != SQLITE_OK) {
        sqlite3_clear_bindings(st);
        return fail(s, "bind chunk row");
    }
    return step_done(s, st, "write chunk row");
}

static char *copy_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    char *out = malloc(n + 1);
    if (out) {
        if (n)
            memcpy(out, t, n);
        out[n] = '\0';
    }
    return out;
}

/* Copy the current row of s->get into *r. 0, or -1 when out of memory. */
static int copy_row(sqlite3_stmt *st, store_row *r)
{
    r->saved_at = sqlite3_column_int64(st, 0);
    r->saved_wall = sqlite3_column_int64(st, 1);
    r->plugin_version = copy_text(st, 2);
    r->format_major = sqlite3_column_int(st, 3);
    r->format_minor = sqlite3_column_int(st, 4);
    const void *blob = sqlite3_column_blob(st, 5);
    r->blob_len = (size_t)sqlite3_column_bytes(st, 5);
    r->blob = malloc(r->blob_len ? r->blob_len : 1);
    if (r->blob && r->blob_len)
        memcpy(r->blob, blob, r->blob_len);
    r->host = copy_text(st, 6);
    r->checksum = (uint64_t)sqlite3_column_int64(st, 7);
    r->digest = (uint64_t)sqlite3_column_int64(st, 8);
    return r->plugin_version && r->blob && r->host ? 0 : -1;
}

/* A row whose types are wrong (damaged or written by something else). */
static int row_types_ok(sqlite3_stmt *st)
{
    static const int want[] = {SQLITE_INTEGER, SQLITE_INTEGER, SQLITE_TEXT, SQLITE_INTEGER,
                               SQLITE_INTEGER, SQLITE_BLOB,    SQLITE_TEXT, SQLITE_INTEGER,
                               SQLITE_INTEGER};
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        if (sqlite3_column_type(st, i) != want[i])
            return 0;
    return 1;
}

static int read_row(store_backend *s, uint64_t key, store_row *out)
{
    sqlite3_stmt *st = s->get;
    if (sqlite3_bind_int64(st, 1, (sqlite3_int64)key) != SQLITE_OK)
        return fail(s, "bind chunk key");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return fail(s, "read chunk row");
    if (!row_types_ok(st)) {
        fprintf(stderr, "prodhost: store %s: chunk %llu: the row has columns of the wrong type\n",
                s->path, (unsigned long long)key);
        return -1;
    }
    if (copy_row(st, out) != 0) {
        fprintf(stderr, "prodhost: out of memory reading chunk %llu\n", (unsigned long long)key);
        return -1;
    }
    return 1;
}

static int sq_get(store_backend *s, uint64_t key, store_row *out)
{
    int rc = read_row(s, key, out);
    sqlite3_reset(s->get);
    sqlite3_clear_bindings(s->get);
    return rc;
}

static int sq_keys(store_backend *s, uint64_t **keys, size_t *count)
{
    size_t n = 0, cap = 0;
    uint64_t *list = NULL;
    int rc;
    while ((rc = sqlite3_step(s->keys)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            uint64_t *grown = realloc(list, cap * sizeof *grown);
            if (!grown)
                break;
            list = grown;
        }
        list[n++] = (uint64_t)sqlite3_column_int64(s->keys, 0);
    }
    sqlite3_reset(s->keys);
    if (rc != SQLITE_DONE) {
        free(list);
        return rc == SQLITE_ROW ? (fprintf(stderr, "prodhost: out of memory listing chunks\n"), -1)
                                : fail(s, "list chunks");
    }
    *keys = list;
    *count = n;
    return 0;
}

static int sq_set_meta(store_backend *s, const char *name, int64_t value)
{
    if (sqlite3_bind_text(s->set_meta, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int64(s->set_meta, 2, value) != SQLITE_OK) {
        sqlite3_clear_bindings(s->set_meta);
        return fail(s, "bind meta");
    }
    return step_done(s, s->set_meta, "write meta");
}

static int sq_get_meta(store_backend *s, const char *name, int64_t *value)
{
    if (sqlite3_bind_text(s->get_meta, 1, name, -1, SQLITE_STATIC) != SQLITE_OK)
        return fail(s, "bind meta name");
    int rc = sqlite3_step(s->get_meta);
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int64(s->get_meta, 0);
    int out = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail(s, "read meta");
    sqlite3_reset(s->get_meta);
    sqlite3_clear_bindings(s->get_meta);
    return out;
}

static int sq_integrity(store_backend *s)
{
    return pragma_expect(s, "PRAGMA integrity_check", "ok");
}

static int sq_row_count(store_backend *s, int64_t *rows)
{
    sqlite3_stmt *st = NULL;
    if (prepare(s, "SELECT count(*) FROM chunks", &st) != 0)
        return -1;
    int rc = sqlite3_step(st);
    *rows = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : fail(s, "count chunks");
}

static const store_ops SQLITE_OPS = {
    .name = sq_name,         .close = sq_close,       .begin = sq_begin,
    .commit = sq_commit,     .rollback = sq_rollback, .put = sq_put,
    .get = sq_get,           .keys = sq_keys,         .set_meta = sq_set_meta,
    .get_meta = sq_get_meta, .integrity = sq_integrity, .row_count = sq_row_count,
    .lease = NULL,
};

/* Open the file: as a writer (lock, create, WAL, schema) or a reader. 0 or -1. */
static int open_db(store_backend *s, int writer)
{
    if (writer && take_writer_lock(s) != 0)
        return -1;
    int rc = sqlite3_open_v2(s->path, &s->db,
                             SQLITE_OPEN_READWRITE | (writer ? SQLITE_OPEN_CREATE : 0), NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "prodhost: cannot open store %s: %s\n", s->path,
                s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        return -1;
    }
    if (sqlite3_busy_timeout(s->db, 5000) != SQLITE_OK)
        return fail(s, "busy timeout");
    if (!writer)
        return is_chunk_store(s) != 0 || prepare_all(s) != 0 ? -1 : 0;
    return pragma_expect(s, "PRAGMA journal_mode=WAL", "wal") != 0 ||
                   exec(s, "PRAGMA synchronous=NORMAL", "PRAGMA synchronous") != 0 ||
                   exec(s, SCHEMA, "create tables") != 0 || prepare_all(s) != 0
               ? -1
               : 0;
}

int store_sqlite_open(const char *path, int writer, store_backend **out, const store_ops **ops)
{
    *out = NULL;
    store_backend *s = calloc(1, sizeof *s);
    size_t n = strlen(path) + 1;
    char *copy = malloc(n);
    if (!s || !copy) {
        fprintf(stderr, "prodhost: out of memory opening store %s\n", path);
        free(s);
        free(copy);
        return -1;
    }
    s->path = memcpy(copy, path, n);
    s->lock_fd = -1;
    if (open_db(s, writer) != 0) {
        sq_close(s);
        return -1;
    }
    *out = s;
    *ops = &SQLITE_OPS;
    return 0;
}
