/* store.c - the SQLite chunk store (see store.h for the schema). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <msgpack.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "fnv.h"

struct chunk_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *put, *get, *keys, *set_meta, *get_meta;
    int in_tx;
    int lock_fd; /* the writer lock on PATH-writer, -1 for a reader */
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS chunks("
    " key INTEGER PRIMARY KEY, saved_at INTEGER NOT NULL, saved_wall INTEGER NOT NULL,"
    " plugin_version TEXT NOT NULL, format_major INTEGER NOT NULL,"
    " format_minor INTEGER NOT NULL, blob BLOB NOT NULL, host TEXT NOT NULL,"
    " checksum INTEGER NOT NULL, digest INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);";

static int fail(const chunk_store *s, const char *what)
{
    fprintf(stderr, "prodhost: store %s: %s: %s\n", s->path, what, sqlite3_errmsg(s->db));
    return -1;
}

static int exec(chunk_store *s, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    fprintf(stderr, "prodhost: store %s: %s: %s\n", s->path, what, msg ? msg : "?");
    sqlite3_free(msg);
    return -1;
}

/* Run a PRAGMA whose first answer must be the text `want`. 0, or -1 (printed). */
static int pragma_expect(chunk_store *s, const char *sql, const char *want)
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

static int prepare(chunk_store *s, const char *sql, sqlite3_stmt **out)
{
    return sqlite3_prepare_v2(s->db, sql, -1, out, NULL) == SQLITE_OK ? 0 : fail(s, "prepare");
}

static int prepare_all(chunk_store *s)
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
static int take_writer_lock(chunk_store *s)
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
static int is_chunk_store(chunk_store *s)
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

int store_open(const char *path, int writer, chunk_store **out)
{
    *out = NULL;
    chunk_store *s = calloc(1, sizeof *s);
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
    if (writer && take_writer_lock(s) != 0) {
        store_close(s);
        return -1;
    }
    int rc = sqlite3_open_v2(path, &s->db,
                             SQLITE_OPEN_READWRITE | (writer ? SQLITE_OPEN_CREATE : 0), NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "prodhost: cannot open store %s: %s\n", path,
                s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        store_close(s);
        return -1;
    }
    if (sqlite3_busy_timeout(s->db, 5000) != SQLITE_OK || (!writer && is_chunk_store(s) != 0) ||
        (writer && (pragma_expect(s, "PRAGMA journal_mode=WAL", "wal") != 0 ||
                    exec(s, "PRAGMA synchronous=NORMAL", "PRAGMA synchronous") != 0 ||
                    exec(s, SCHEMA, "create tables") != 0)) ||
        prepare_all(s) != 0) {
        store_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

void store_close(chunk_store *s)
{
    if (!s)
        return;
    if (s->in_tx)
        store_rollback(s);
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

const char *store_path(const chunk_store *s)
{
    return s->path;
}

int store_begin(chunk_store *s)
{
    if (exec(s, "BEGIN IMMEDIATE", "begin transaction") != 0)
        return -1;
    s->in_tx = 1;
    return 0;
}

/* The header, in the transaction it describes. */
static const char HEADER[] =
    "INSERT OR REPLACE INTO meta(name, value) SELECT 'chunk_count', count(*) FROM chunks;"
    "INSERT OR REPLACE INTO meta(name, value) VALUES('commits',"
    " coalesce((SELECT value FROM meta WHERE name = 'commits'), 0) + 1);";

int store_commit(chunk_store *s)
{
    if (exec(s, HEADER, "write the header") != 0 || exec(s, "COMMIT", "commit") != 0) {
        store_rollback(s);
        return -1;
    }
    s->in_tx = 0;
    return 0;
}

void store_rollback(chunk_store *s)
{
    if (sqlite3_get_autocommit(s->db) == 0)
        exec(s, "ROLLBACK", "rollback");
    s->in_tx = 0;
}

uint64_t store_checksum(const uint8_t *blob, size_t blob_len, const char *host)
{
    return fnv_bytes(fnv_bytes(FNV_OFFSET, blob, blob_len), host, strlen(host));
}

/* The save format version from the bytes' header ["PRODSAVE", major, minor, ...]. */
static void read_format(const uint8_t *blob, size_t len, int32_t *major, int32_t *minor)
{
    *major = *minor = -1;
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    if (msgpack_unpack_next(&u, (const char *)blob, len, &off) == MSGPACK_UNPACK_SUCCESS) {
        const msgpack_object *o = &u.data;
        const msgpack_object *a = o->type == MSGPACK_OBJECT_ARRAY ? o->via.array.ptr : NULL;
        if (a && o->via.array.size >= 3 && a[0].type == MSGPACK_OBJECT_STR &&
            a[0].via.str.size == 8 && memcmp(a[0].via.str.ptr, "PRODSAVE", 8) == 0 &&
            a[1].type == MSGPACK_OBJECT_POSITIVE_INTEGER && a[1].via.u64 <= INT32_MAX &&
            a[2].type == MSGPACK_OBJECT_POSITIVE_INTEGER && a[2].via.u64 <= INT32_MAX) {
            *major = (int32_t)a[1].via.u64;
            *minor = (int32_t)a[2].via.u64;
        }
    }
    msgpack_unpacked_destroy(&u);
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run a statement that returns no row, then reset it. */
static int step_done(chunk_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : fail(s, what);
}

int store_put(chunk_store *s, const store_row *r)
{
    int32_t major, minor;
    read_format(r->blob, r->blob_len, &major, &minor);
    uint64_t sum = store_checksum(r->blob, r->blob_len, r->host);
    sqlite3_stmt *st = s->put;
    if (sqlite3_bind_int64(st, 1, (sqlite3_int64)r->key) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, r->saved_at) != SQLITE_OK ||
        sqlite3_bind_int64(st, 3, wall_ms()) != SQLITE_OK ||
        sqlite3_bind_text(st, 4, r->plugin_version, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int(st, 5, major) != SQLITE_OK || sqlite3_bind_int(st, 6, minor) != SQLITE_OK ||
        sqlite3_bind_blob64(st, 7, r->blob, r->blob_len, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 8, r->host, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int64(st, 9, (sqlite3_int64)sum) != SQLITE_OK ||
        sqlite3_bind_int64(st, 10, (sqlite3_int64)r->digest) != SQLITE_OK) {
        sqlite3_clear_bindings(st);
        return fail(s, "bind chunk row");
    }
    return step_done(s, st, "write chunk row");
}

void store_row_free(store_row *r)
{
    free(r->plugin_version);
    free(r->blob);
    free(r->host);
    *r = (store_row){0};
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

static int read_row(chunk_store *s, uint64_t key, store_row *out)
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
    out->key = key;
    return 1;
}

int store_get(chunk_store *s, uint64_t key, store_row *out)
{
    *out = (store_row){0};
    int rc = read_row(s, key, out);
    sqlite3_reset(s->get);
    sqlite3_clear_bindings(s->get);
    if (rc == 1) {
        uint64_t sum = store_checksum(out->blob, out->blob_len, out->host);
        if (sum == out->checksum)
            return 1;
        fprintf(stderr, "prodhost: store %s: chunk %llu is damaged: checksum %016llx stored, "
                "%016llx computed; the row is refused\n", s->path, (unsigned long long)key,
                (unsigned long long)out->checksum, (unsigned long long)sum);
        rc = -1;
    }
    store_row_free(out);
    return rc;
}

int store_keys(chunk_store *s, uint64_t **keys, size_t *count)
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

int store_set_meta(chunk_store *s, const char *name, int64_t value)
{
    if (sqlite3_bind_text(s->set_meta, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int64(s->set_meta, 2, value) != SQLITE_OK) {
        sqlite3_clear_bindings(s->set_meta);
        return fail(s, "bind meta");
    }
    return step_done(s, s->set_meta, "write meta");
}

int store_get_meta(chunk_store *s, const char *name, int64_t *value)
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

int store_integrity(chunk_store *s)
{
    return pragma_expect(s, "PRAGMA integrity_check", "ok");
}

int store_check_header(chunk_store *s)
{
    sqlite3_stmt *st = NULL;
    if (prepare(s, "SELECT count(*) FROM chunks", &st) != 0)
        return -1;
    int64_t rows = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    int64_t count = -1, commits = -1;
    int has_count = store_get_meta(s, "chunk_count", &count);
    int has_commits = store_get_meta(s, "commits", &commits);
    if (rows < 0 || has_count < 0 || has_commits < 0)
        return -1;
    if (rows == 0 && !has_count && !has_commits)
        return 0; /* a store nothing was ever committed to */
    if (!has_count || !has_commits) {
        fprintf(stderr,
                "prodhost: store %s: %lld chunk rows but no header (chunk_count, "
                "commits): not written by this store, or damaged\n",
                s->path, (long long)rows);
        return -1;
    }
    if (count != rows) {
        fprintf(stderr,
                "prodhost: store %s: the header says %lld chunks (commit %lld), %lld are "
                "there: rows were lost or added behind the store's back\n",
                s->path, (long long)count, (long long)commits, (long long)rows);
        return -1;
    }
    return 0;
}
