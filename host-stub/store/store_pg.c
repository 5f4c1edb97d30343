/* store_pg.c - the PostgreSQL backend of the chunk store (store.h has the
 * schema), through libpq: the connection and its server id, the schema
 * (created under an advisory lock, so that two servers starting together do
 * not race), prepared statements for rows and meta, transactions and the
 * header. A put replaces a row only under this connection's lease on it
 * (owner and epoch checked in the statement) or creates a new row with a
 * lease for this connection; pg_lease.c does the rest of the leases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg_store.h"

#define SCHEMA_LOCK 7270190 /* pg_advisory_xact_lock key: "prodhost schema" */

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS chunks("
    " key BIGINT PRIMARY KEY, saved_at BIGINT NOT NULL, saved_wall BIGINT NOT NULL,"
    " plugin_version TEXT NOT NULL, format_major INTEGER NOT NULL,"
    " format_minor INTEGER NOT NULL, blob BYTEA NOT NULL, host TEXT NOT NULL,"
    " checksum BIGINT NOT NULL, digest BIGINT NOT NULL,"
    " owner TEXT, epoch BIGINT NOT NULL DEFAULT 0, lease_until TIMESTAMPTZ,"
    " released TIMESTAMPTZ);"
    "CREATE INDEX IF NOT EXISTS chunks_owner ON chunks(owner);"
    "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value BIGINT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS roles(role INTEGER PRIMARY KEY, owner TEXT,"
    " epoch BIGINT NOT NULL, lease_until TIMESTAMPTZ, done BOOLEAN NOT NULL DEFAULT false);";

#define ROW_COLUMNS                                                                        \
    "saved_at, saved_wall, plugin_version, format_major, format_minor, blob, host, checksum," \
    " digest"

static const unsigned ROW_TYPES[] = {PG_INT8OID, PG_INT8OID,  PG_INT8OID, PG_TEXTOID,
                                     PG_INT4OID, PG_INT4OID,  PG_BYTEAOID, PG_TEXTOID,
                                     PG_INT8OID, PG_INT8OID,  PG_TEXTOID, PG_INT8OID};

typedef struct statement {
    const char *name, *sql;
    int nparams;
    const unsigned *types;
} statement;

static const unsigned KEY_TYPE[] = {PG_INT8OID};
static const unsigned META_TYPES[] = {PG_TEXTOID, PG_INT8OID};

static const statement STATEMENTS[] = {
    {"put_new",
     "INSERT INTO chunks(key, " ROW_COLUMNS ", owner, epoch, lease_until)"
     " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1,"
     " now() + $12 * interval '1 millisecond') ON CONFLICT (key) DO NOTHING",
     12, ROW_TYPES},
    {"put_held",
     "UPDATE chunks SET saved_at = $2, saved_wall = $3, plugin_version = $4,"
     " format_major = $5, format_minor = $6, blob = $7, host = $8, checksum = $9, digest = $10"
     " WHERE key = $1 AND owner = $11 AND epoch = $12 AND lease_until > clock_timestamp()",
     12, ROW_TYPES},
    {"get", "SELECT " ROW_COLUMNS " FROM chunks WHERE key = $1", 1, KEY_TYPE},
    {"keys", "SELECT key FROM chunks ORDER BY key", 0, NULL},
    {"row_count", "SELECT count(*) FROM chunks", 0, NULL},
    {"set_meta",
     "INSERT INTO meta(name, value) VALUES($1, $2)"
     " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
     2, META_TYPES},
    {"get_meta", "SELECT value FROM meta WHERE name = $1", 1, META_TYPES},
    {"header",
     "INSERT INTO meta(name, value) VALUES('chunk_count', $1), ('commits', 1)"
     " ON CONFLICT (name) DO UPDATE SET value = meta.value + EXCLUDED.value",
     1, KEY_TYPE},
};

static void quiet_notices(void *arg, const char *message)
{
    (void)arg; /* "relation already exists, skipping" and the like */
    (void)message;
}

static const char *pg_name(const store_backend *b)
{
    return b->name;
}

static void pg_close(store_backend *b)
{
    if (!b)
        return;
    if (b->conn) {
        if (PQtransactionStatus(b->conn) != PQTRANS_IDLE)
            pg_exec(b, "ROLLBACK", "rollback");
        PQfinish(b->conn);
    }
    ph_u64map_free(&b->held);
    ph_u64map_free(&b->roles);
    ph_u64map_free(&b->pending);
    free(b);
}

static int pg_begin(store_backend *b)
{
    b->tx_began = store_clock_ms();
    if (pg_exec(b, "BEGIN", "begin transaction") != 0)
        return -1;
    b->in_tx = 1;
    b->inserted = 0;
    return 0;
}

static int pg_commit(store_backend *b)
{
    if (b->inserted > 0) {
        pg_params p = {0};
        pg_param_i64(&p, b->inserted);
        if (pg_command(b, "header", &p, "write the header") != 0)
            return -1;
    }
    PGresult *r = PQexec(b->conn, "COMMIT");
    /* A transaction that failed earlier answers COMMIT with ROLLBACK. */
    int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0;
    if (!ok)
        pg_fail(b, "commit", r && PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r)
                                                             : "the transaction was rolled back");
    PQclear(r);
    if (!ok)
        return -1;
    b->in_tx = 0;
    pg_lease_settle(b, 1);
    return 0;
}

static void pg_rollback(store_backend *b)
{
    if (PQtransactionStatus(b->conn) != PQTRANS_IDLE)
        pg_exec(b, "ROLLBACK", "rollback");
    b->in_tx = 0;
    pg_lease_settle(b, 0);
}

/* The epoch of this connection's lease on key: held, or inserted by the open
 * transaction (epoch 1); 0 when it has none. */
static uint64_t lease_epoch(const store_backend *b, uint64_t key)
{
    uint64_t epoch = 0, pending = 0;
    if (ph_u64map_get(&b->held, key, &epoch) && epoch > 0)
        return epoch;
    return ph_u64map_get(&b->pending, key, &pending) && pending == PG_PENDING_INSERT ? 1 : 0;
}

static int refused(const store_backend *b, uint64_t key, int held)
{
    fprintf(stderr, "prodhost: store %s: chunk %llu: %s; the save is refused\n", b->name,
            (unsigned long long)key,
            held ? "this server's lease on it was lost (another server took it, or it ran out)"
                 : "the row exists and this server holds no lease on it");
    return -1;
}

static int pg_put(store_backend *b, const store_row *r)
{
    uint64_t epoch = lease_epoch(b, r->key);
    pg_params p = {0};
    pg_param_i64(&p, (int64_t)r->key);
    pg_param_i64(&p, r->saved_at);
    pg_param_i64(&p, r->saved_wall);
    pg_param_text(&p, r->plugin_version);
    pg_param_i32(&p, r->format_major);
    pg_param_i32(&p, r->format_minor);
    pg_param_bytes(&p, r->blob, r->blob_len);
    pg_param_text(&p, r->host);
    pg_param_i64(&p, (int64_t)r->checksum);
    pg_param_i64(&p, (int64_t)r->digest);
    pg_param_text(&p, b->server);
    pg_param_i64(&p, epoch ? (int64_t)epoch : b->lease_ms);
    PGresult *res = pg_run(b, epoch ? "put_held" : "put_new", &p, PGRES_COMMAND_OK,
                           "write chunk row");
    int64_t changed = res ? pg_changed(res) : -1;
    PQclear(res);
    if (!res)
        return -1;
    if (changed != 1)
        return refused(b, r->key, epoch != 0);
    if (epoch)
        return 0;
    if (ph_u64map_put(&b->pending, r->key, PG_PENDING_INSERT) != 0)
        return pg_fail(b, "write chunk row", "out of memory");
    b->inserted++;
    return 0;
}

static int read_row(store_backend *b, const PGresult *res, store_row *out)
{
    const char *what = "read chunk row";
    int64_t checksum = 0, digest = 0;
    if (pg_get_i64(b, res, 0, 0, &out->saved_at, what) != 0 ||
        pg_get_i64(b, res, 0, 1, &out->saved_wall, what) != 0 ||
        !(out->plugin_version = pg_get_text(b, res, 0, 2, what)) ||
        pg_get_i32(b, res, 0, 3, &out->format_major, what) != 0 ||
        pg_get_i32(b, res, 0, 4, &out->format_minor, what) != 0 ||
        !(out->blob = pg_get_bytes(b, res, 0, 5, &out->blob_len, what)) ||
        !(out->host = pg_get_text(b, res, 0, 6, what)) ||
        pg_get_i64(b, res, 0, 7, &checksum, what) != 0 ||
        pg_get_i64(b, res, 0, 8, &digest, what) != 0)
        return -1;
    out->checksum = (uint64_t)checksum;
    out->digest = (uint64_t)digest;
    return 1;
}

static int pg_get(store_backend *b, uint64_t key, store_row *out)
{
    pg_params p = {0};
    pg_param_i64(&p, (int64_t)key);
    PGresult *res = pg_run(b, "get", &p, PGRES_TUPLES_OK, "read chunk row");
    if (!res)
        return -1;
    int rc = PQntuples(res) == 0 ? 0 : read_row(b, res, out);
    PQclear(res);
    return rc;
}

static int pg_keys(store_backend *b, uint64_t **keys, size_t *count)
{
    pg_params p = {0};
    PGresult *res = pg_run(b, "keys", &p, PGRES_TUPLES_OK, "list chunks");
    if (!res)
        return -1;
    size_t n = (size_t)PQntuples(res);
    uint64_t *list = malloc((n ? n : 1) * sizeof *list);
    int rc = list ? 0 : pg_fail(b, "list chunks", "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        int64_t key = 0;
        rc = pg_get_i64(b, res, (int)i, 0, &key, "list chunks");
        list[i] = (uint64_t)key;
    }
    PQclear(res);
    if (rc != 0) {
        free(list);
        return -1;
    }
    *keys = list;
    *count = n;
    return 0;
}

static int pg_set_meta(store_backend *b, const char *name, int64_t value)
{
    pg_params p = {0};
    pg_param_text(&p, name);
    pg_param_i64(&p, value);
    return pg_command(b, "set_meta", &p, "write meta");
}

static int pg_get_meta(store_backend *b, const char *name, int64_t *value)
{
    pg_params p = {0};
    pg_param_text(&p, name);
    PGresult *res = pg_run(b, "get_meta", &p, PGRES_TUPLES_OK, "read meta");
    if (!res)
        return -1;
    int rc = PQntuples(res) == 0 ? 0 : pg_get_i64(b, res, 0, 0, value, "read meta") == 0 ? 1 : -1;
    PQclear(res);
    return rc;
}

static int pg_row_count(store_backend *b, int64_t *rows)
{
    pg_params p = {0};
    PGresult *res = pg_run(b, "row_count", &p, PGRES_TUPLES_OK, "count chunks");
    int rc = res ? pg_get_i64(b, res, 0, 0, rows, "count chunks") : -1;
    PQclear(res);
    return rc;
}

/* No integrity_check in PostgreSQL: every column the store uses answers, and
 * no row is half leased (an owner without a lease, or the other way round). */
static int pg_integrity(store_backend *b)
{
    static const char SQL[] =
        "SELECT count(*) FROM chunks WHERE (owner IS NULL) <> (lease_until IS NULL)";
    if (pg_exec(b,
                "SELECT key, " ROW_COLUMNS ", owner, epoch, lease_until, released FROM chunks"
                " LIMIT 0; SELECT name, value FROM meta LIMIT 0;"
                " SELECT role, owner, epoch, lease_until, done FROM roles LIMIT 0",
                "schema check") != 0)
        return -1;
    PGresult *r = PQexec(b->conn, SQL);
    int ok = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
             strcmp(PQgetvalue(r, 0, 0), "0") == 0;
    if (!ok)
        pg_fail(b, "lease check", r && PQresultStatus(r) == PGRES_TUPLES_OK
                                      ? "rows with an owner but no lease, or a lease but no owner"
                                      : PQerrorMessage(b->conn));
    PQclear(r);
    return ok ? 0 : -1;
}

static const store_ops PG_OPS = {
    .name = pg_name,         .close = pg_close,         .begin = pg_begin,
    .commit = pg_commit,     .rollback = pg_rollback,   .put = pg_put,
    .get = pg_get,           .keys = pg_keys,           .set_meta = pg_set_meta,
    .get_meta = pg_get_meta, .integrity = pg_integrity, .row_count = pg_row_count,
    .lease = &pg_lease_ops,
};

/* A reader's check that the database holds a chunk store before touching it. */
static int is_chunk_store(store_backend *b)
{
    PGresult *r = PQexec(b->conn, "SELECT to_regclass('chunks') IS NOT NULL AND"
                                  " to_regclass('meta') IS NOT NULL AND"
                                  " to_regclass('roles') IS NOT NULL");
    int ok = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
             strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    if (!ok)
        fprintf(stderr, "prodhost: store %s is not a chunk store (%s)\n", b->name,
                r && PQresultStatus(r) == PGRES_TUPLES_OK ? "no chunk tables"
                                                          : PQerrorMessage(b->conn));
    PQclear(r);
    return ok ? 0 : -1;
}

static int create_schema(store_backend *b)
{
    char lock[64];
    snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(%d)", SCHEMA_LOCK);
    if (pg_exec(b, "BEGIN", "begin schema") != 0 || pg_exec(b, lock, "schema lock") != 0 ||
        pg_exec(b, SCHEMA, "create tables") != 0 || pg_exec(b, "COMMIT", "commit schema") != 0) {
        pg_exec(b, "ROLLBACK", "rollback schema");
        return -1;
    }
    return 0;
}

static int prepare_all(store_backend *b)
{
    for (size_t i = 0; i < sizeof STATEMENTS / sizeof STATEMENTS[0]; i++)
        if (pg_prepare(b, STATEMENTS[i].name, STATEMENTS[i].sql, STATEMENTS[i].nparams,
                       STATEMENTS[i].types) != 0)
            return -1;
    return 0;
}

/* host:pid:nanoseconds, unique per process run. */
static void make_server_id(store_backend *b)
{
    char host[64] = "?";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    struct timespec ts = {0};
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(b->server, sizeof b->server, "%s:%ld:%lld%09ld", host, (long)getpid(),
             (long long)ts.tv_sec, ts.tv_nsec);
}

static int connect_db(store_backend *b, const char *conninfo, int writer)
{
    b->conn = PQconnectdb(conninfo);
    if (!b->conn || PQstatus(b->conn) != CONNECTION_OK) {
        fprintf(stderr, "prodhost: cannot connect to PostgreSQL store: %s",
                b->conn ? PQerrorMessage(b->conn) : "out of memory\n");
        return -1;
    }
    PQsetNoticeProcessor(b->conn, quiet_notices, NULL);
    const char *host = PQhost(b->conn), *port = PQport(b->conn);
    snprintf(b->name, sizeof b->name, "postgresql %s on %s:%s", PQdb(b->conn),
             host && *host ? host : "localhost", port && *port ? port : "5432");
    if (writer ? create_schema(b) != 0 : is_chunk_store(b) != 0)
        return -1;
    return prepare_all(b) != 0 || pg_lease_prepare(b) != 0 ? -1 : 0;
}

int store_pg_open(const char *conninfo, int writer, store_backend **out, const store_ops **ops)
{
    *out = NULL;
    store_backend *b = calloc(1, sizeof *b);
    if (!b) {
        fprintf(stderr, "prodhost: out of memory opening a PostgreSQL store\n");
        return -1;
    }
    snprintf(b->name, sizeof b->name, "postgresql");
    ph_u64map_init(&b->held);
    ph_u64map_init(&b->roles);
    ph_u64map_init(&b->pending);
    b->lease_ms = PG_LEASE_MS_DEFAULT;
    make_server_id(b);
    if (connect_db(b, conninfo, writer) != 0) {
        pg_close(b);
        return -1;
    }
    *out = b;
    *ops = &PG_OPS;
    return 0;
}
