/* store.c - the chunk store's front (see store.h): picks the backend from
 * `where`, keeps the transaction state, and does what every backend shares:
 * the checksum and format columns of a put, the checksum check of a get, the
 * header check, and refusing lease calls on a store that is not shared. */
#include "store.h"

#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fnv.h"
#include "store_backend.h"

struct chunk_store {
    const store_ops *ops;
    store_backend *b;
    int in_tx;
};

/* "postgres://..." and "postgresql://..." go to libpq as they are; "pg:"
 * prefixes any other conninfo. NULL: a SQLite path. */
static const char *pg_conninfo(const char *where)
{
    if (strncmp(where, "postgres://", 11) == 0 || strncmp(where, "postgresql://", 13) == 0)
        return where;
    return strncmp(where, "pg:", 3) == 0 ? where + 3 : NULL;
}

int store_open(const char *where, int writer, chunk_store **out)
{
    *out = NULL;
    chunk_store *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "prodhost: out of memory opening store %s\n", where);
        return -1;
    }
    const char *conninfo = pg_conninfo(where);
    int rc = conninfo ? store_pg_open(conninfo, writer, &s->b, &s->ops)
                      : store_sqlite_open(where, writer, &s->b, &s->ops);
    if (rc != 0) {
        free(s);
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
    s->ops->close(s->b);
    free(s);
}

const char *store_path(const chunk_store *s)
{
    return s->ops->name(s->b);
}

int store_begin(chunk_store *s)
{
    if (s->ops->begin(s->b) != 0)
        return -1;
    s->in_tx = 1;
    return 0;
}

int store_commit(chunk_store *s)
{
    if (s->ops->commit(s->b) != 0) {
        store_rollback(s);
        return -1;
    }
    s->in_tx = 0;
    return 0;
}

void store_rollback(chunk_store *s)
{
    s->ops->rollback(s->b);
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

int store_put(chunk_store *s, const store_row *r)
{
    store_row full = *r;
    read_format(r->blob, r->blob_len, &full.format_major, &full.format_minor);
    full.saved_wall = wall_ms();
    full.checksum = store_checksum(r->blob, r->blob_len, r->host);
    return s->ops->put(s->b, &full);
}

void store_row_free(store_row *r)
{
    free(r->plugin_version);
    free(r->blob);
    free(r->host);
    *r = (store_row){0};
}

int store_get(chunk_store *s, uint64_t key, store_row *out)
{
    *out = (store_row){0};
    int rc = s->ops->get(s->b, key, out);
    if (rc != 1) {
        store_row_free(out);
        return rc;
    }
    out->key = key;
    uint64_t sum = store_checksum(out->blob, out->blob_len, out->host);
    if (sum == out->checksum)
        return 1;
    fprintf(stderr, "prodhost: store %s: chunk %llu is damaged: checksum %016llx stored, "
            "%016llx computed; the row is refused\n", store_path(s), (unsigned long long)key,
            (unsigned long long)out->checksum, (unsigned long long)sum);
    store_row_free(out);
    return -1;
}

int store_keys(chunk_store *s, uint64_t **keys, size_t *count)
{
    return s->ops->keys(s->b, keys, count);
}

int store_set_meta(chunk_store *s, const char *name, int64_t value)
{
    return s->ops->set_meta(s->b, name, value);
}

int store_get_meta(chunk_store *s, const char *name, int64_t *value)
{
    return s->ops->get_meta(s->b, name, value);
}

int store_integrity(chunk_store *s)
{
    return s->ops->integrity(s->b);
}

int store_check_header(chunk_store *s)
{
    int64_t rows = -1, count = -1, commits = -1;
    if (s->ops->row_count(s->b, &rows) != 0)
        return -1;
    int has_count = store_get_meta(s, "chunk_count", &count);
    int has_commits = store_get_meta(s, "commits", &commits);
    if (has_count < 0 || has_commits < 0)
        return -1;
    if (rows == 0 && !has_count && !has_commits)
        return 0; /* a store nothing was ever committed to */
    if (!has_count || !has_commits) {
        fprintf(stderr,
                "prodhost: store %s: %lld chunk rows but no header (chunk_count, "
                "commits): not written by this store, or damaged\n",
                store_path(s), (long long)rows);
        return -1;
    }
    if (count != rows) {
        fprintf(stderr,
                "prodhost: store %s: the header says %lld chunks (commit %lld), %lld are "
                "there: rows were lost or added behind the store's back\n",
                store_path(s), (long long)count, (long long)commits, (long long)rows);
        return -1;
    }
    return 0;
}

/* --- leases (shared stores) -------------------------------------------------- */

int store_shared(const chunk_store *s)
{
    return s->ops->lease != NULL;
}

/* The lease table, or NULL after saying the store has none. */
static const store_lease_ops *leases(const chunk_store *s, const char *what)
{
    if (s->ops->lease)
        return s->ops->lease;
    fprintf(stderr, "prodhost: store %s is not shared (SQLite: one writer): no %s\n",
            store_path(s), what);
    return NULL;
}

const char *store_server(const chunk_store *s)
{
    return s->ops->lease ? s->ops->lease->server(s->b) : "";
}

int store_lease_config(chunk_store *s, int64_t lease_ms)
{
    const store_lease_ops *l = leases(s, "leases");
    return l ? l->config(s->b, lease_ms) : -1;
}

int store_lease_get(chunk_store *s, uint64_t key, store_lease *out)
{
    const store_lease_ops *l = leases(s, "leases");
    return l ? l->get(s->b, key, out) : -1;
}

int store_lease_take(chunk_store *s, uint64_t key, const store_lease *seen)
{
    const store_lease_ops *l = leases(s, "leases");
    return l ? l->take(s->b, key, seen) : -1;
}

int store_lease_release(chunk_store *s, uint64_t key)
{
    const store_lease_ops *l = leases(s, "leases");
    return l ? l->release(s->b, key) : -1;
}

int store_lease_keep(chunk_store *s, int *renewed)
{
    *renewed = 0;
    const store_lease_ops *l = leases(s, "leases");
    if (!l)
        return -1;
    return s->in_tx ? 0 : l->keep(s->b, renewed); /* renewed between transactions */
}

int store_role_claim(chunk_store *s, int32_t role, int64_t *epoch)
{
    const store_lease_ops *l = leases(s, "roles");
    return l ? l->role_claim(s->b, role, epoch) : -1;
}

int store_role_get(chunk_store *s, int32_t role, store_role *out)
{
    const store_lease_ops *l = leases(s, "roles");
    return l ? l->role_get(s->b, role, out) : -1;
}

int store_role_adopt(chunk_store *s, int32_t *roles, size_t cap, size_t *n)
{
    *n = 0;
    const store_lease_ops *l = leases(s, "roles");
    return l ? l->role_adopt(s->b, roles, cap, n) : -1;
}

int store_role_done(chunk_store *s, int32_t role)
{
    const store_lease_ops *l = leases(s, "roles");
    return l ? l->role_done(s->b, role) : -1;
}

int store_meta_agree(chunk_store *s, const char *name, int64_t value, int64_t *stored)
{
    const store_lease_ops *l = leases(s, "shared meta");
    return l ? l->meta_agree(s->b, name, value, stored) : -1;
}
