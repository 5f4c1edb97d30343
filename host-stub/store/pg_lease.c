/* pg_lease.c - the PostgreSQL backend's leases: on rows (a chunk runs on the
 * one server whose lease it carries) and on numbered roles (prodhost: the
 * regions of a world). Every lease is set from the database's clock (now()
 * + lease) and judged by it (clock_timestamp()); this side only times how
 * long it may trust what it holds, from when it sent the statement that set
 * or renewed it, minus a tenth of the lease for clock-rate drift. Takes are
 * compare-and-set on the epoch (and on the state the caller decided on), so
 * two servers never take one row; puts and releases check owner and epoch
 * in their transaction (store_pg.c), so a server that lost a lease commits
 * nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "pg_store.h"

static const unsigned LEASE_GET_TYPES[] = {PG_INT8OID, PG_TEXTOID};
static const unsigned TAKE_TYPES[] = {PG_INT8OID, PG_TEXTOID, PG_INT8OID, PG_INT8OID, PG_INT8OID};
static const unsigned RENEW_TYPES[] = {PG_TEXTOID, PG_INT8OID};
static const unsigned ROLE_TYPES[] = {PG_INT4OID, PG_TEXTOID, PG_INT8OID};
static const unsigned META_TYPES[] = {PG_TEXTOID, PG_INT8OID};

typedef struct statement {
    const char *name, *sql;
    int nparams;
    const unsigned *types;
} statement;

static const statement STATEMENTS[] = {
    {"lease_get",
     "SELECT owner IS NOT NULL, coalesce(lease_until < clock_timestamp(), false),"
     " coalesce(owner = $2, false), epoch, saved_at FROM chunks WHERE key = $1",
     2, LEASE_GET_TYPES},
    {"lease_take",
     "UPDATE chunks SET owner = $2, epoch = epoch + 1, released = NULL,"
     " lease_until = now() + $4 * interval '1 millisecond'"
     " WHERE key = $1 AND epoch = $3 AND saved_at = $5"
     " AND (owner IS NULL OR lease_until < clock_timestamp()) RETURNING epoch",
     5, TAKE_TYPES},
    {"lease_release",
     "UPDATE chunks SET owner = NULL, lease_until = NULL, released = now()"
     " WHERE key = $1 AND owner = $2 AND epoch = $3 AND lease_until > clock_timestamp()",
     3, TAKE_TYPES},
    {"renew_rows",
     "UPDATE chunks SET lease_until = now() + $2 * interval '1 millisecond'"
     " WHERE owner = $1 RETURNING key, epoch",
     2, RENEW_TYPES},
    {"renew_roles",
     "UPDATE roles SET lease_until = now() + $2 * interval '1 millisecond'"
     " WHERE owner = $1 AND NOT done RETURNING role::bigint, epoch",
     2, RENEW_TYPES},
    {"role_claim",
     "INSERT INTO roles(role, owner, epoch, lease_until)"
     " VALUES($1, $2, 1, now() + $3 * interval '1 millisecond')"
     " ON CONFLICT (role) DO UPDATE SET owner = EXCLUDED.owner, epoch = roles.epoch + 1,"
     " lease_until = EXCLUDED.lease_until WHERE NOT roles.done"
     " AND (roles.owner IS NULL OR roles.lease_until < clock_timestamp()) RETURNING epoch",
     3, ROLE_TYPES},
    {"role_get",
     "SELECT owner IS NOT NULL, coalesce(lease_until < clock_timestamp(), false),"
     " coalesce(owner = $2, false), epoch, done::integer::bigint FROM roles WHERE role = $1",
     2, ROLE_TYPES},
    {"role_adopt",
     "UPDATE roles SET owner = $1, epoch = epoch + 1,"
     " lease_until = now() + $2 * interval '1 millisecond' WHERE role IN (SELECT role"
     " FROM roles WHERE NOT done AND owner IS NOT NULL AND owner <> $1"
     " AND lease_until < clock_timestamp() FOR UPDATE SKIP LOCKED) RETURNING role::bigint, epoch",
     2, RENEW_TYPES},
    {"role_done",
     "UPDATE roles SET done = true, owner = NULL, lease_until = NULL"
     " WHERE role = $1 AND owner = $2 AND NOT done",
     2, ROLE_TYPES},
    {"meta_insert", "INSERT INTO meta(name, value) VALUES($1, $2) ON CONFLICT (name) DO NOTHING",
     2, META_TYPES},
};

int pg_lease_prepare(store_backend *b)
{
    for (size_t i = 0; i < sizeof STATEMENTS / sizeof STATEMENTS[0]; i++)
        if (pg_prepare(b, STATEMENTS[i].name, STATEMENTS[i].sql, STATEMENTS[i].nparams,
                       STATEMENTS[i].types) != 0)
            return -1;
    return 0;
}

static const char *server(const store_backend *b)
{
    return b->server;
}

static int config(store_backend *b, int64_t lease_ms)
{
    if (lease_ms < 100 || lease_ms > 3600000) {
        fprintf(stderr, "prodhost: store %s: a lease of %lld ms (100..3600000)\n", b->name,
                (long long)lease_ms);
        return -1;
    }
    b->lease_ms = lease_ms;
    return 0;
}

/* Record a lease this connection now holds (epoch 0: it gave it back). A
 * first lease starts the trust clock at `sent`, when its statement left. */
static int hold(store_backend *b, ph_u64map *m, uint64_t key, uint64_t epoch, int64_t sent)
{
    uint64_t old = 0;
    ph_u64map_get(m, key, &old);
    if (ph_u64map_put(m, key, epoch) != 0)
        return pg_fail(b, "lease", "out of memory");
    if (b->holding == 0 && epoch)
        b->renewed_at = sent;
    b->holding += (epoch != 0) - (old != 0);
    return 0;
}

/* A lease's row as lease_get and role_get return it: holder?, run out?,
 * this connection's?, epoch, and one more integer (saved_at; done). */
typedef struct lease_state {
    int exists, held, expired, mine;
    int64_t epoch, extra;
} lease_state;

static int read_state(store_backend *b, const char *name, const pg_params *p, const char *what,
                      lease_state *out)
{
    *out = (lease_state){0};
    PGresult *r = pg_run(b, name, p, PGRES_TUPLES_OK, what);
    if (!r)
        return -1;
    int rc = 0, owned = 0, expired = 0;
    if (PQntuples(r) == 1) {
        rc = pg_get_bool(b, r, 0, 0, &owned, what) || pg_get_bool(b, r, 0, 1, &expired, what) ||
                     pg_get_bool(b, r, 0, 2, &out->mine, what) ||
                     pg_get_i64(b, r, 0, 3, &out->epoch, what) ||
                     pg_get_i64(b, r, 0, 4, &out->extra, what)
                 ? -1
                 : 0;
        out->exists = 1;
        out->held = owned && !expired;
        out->expired = owned && expired;
    }
    PQclear(r);
    return rc;
}

static int lease_get(store_backend *b, uint64_t key, store_lease *out)
{
    pg_params p = {0};
    pg_param_i64(&p, (int64_t)key);
    pg_param_text(&p, b->server);
    lease_state st;
    int rc = read_state(b, "lease_get", &p, "read a lease", &st);
    *out = (store_lease){.exists = st.exists, .held = st.held, .expired = st.expired,
                         .mine = st.mine, .epoch = st.epoch, .saved_at = st.extra};
    return rc;
}

static int lease_take(store_backend *b, uint64_t key, const store_lease *seen)
{
    if (b->in_tx)
        return pg_fail(b, "take a lease", "not inside a transaction");
    pg_params p = {0};
    pg_param_i64(&p, (int64_t)key);
    pg_param_text(&p, b->server);
    pg_param_i64(&p, seen->epoch);
    pg_param_i64(&p, b->lease_ms);
    pg_param_i64(&p, seen->saved_at);
    int64_t sent = store_clock_ms(), epoch = 0;
    PGresult *r = pg_run(b, "lease_take", &p, PGRES_TUPLES_OK, "take a lease");
    if (!r)
        return -1;
    int rc = PQntuples(r) == 0 ? 0 : pg_get_i64(b, r, 0, 0, &epoch, "take a lease") ? -1 : 1;
    PQclear(r);
    if (rc == 1 && hold(b, &b->held, key, (uint64_t)epoch, sent) != 0)
        return -1;
    return rc;
}

static int lease_release(store_backend *b, uint64_t key)
{
    uint64_t epoch = 0, pending = 0;
    ph_u64map_get(&b->held, key, &epoch);
    if (ph_u64map_get(&b->pending, key, &pending) && pending == PG_PENDING_INSERT)
        epoch = 1;
    if (!b->in_tx || epoch == 0)
        return pg_fail(b, "release a lease", b->in_tx ? "this server does not hold it"
                                                      : "only inside a transaction");
    pg_params p = {0};
    pg_param_i64(&p, (int64_t)key);
    pg_param_text(&p, b->server);
    pg_param_i64(&p, (int64_t)epoch);
    PGresult *r = pg_run(b, "lease_release", &p, PGRES_COMMAND_OK, "release a lease");
    int64_t changed = r ? pg_changed(r) : -1;
    PQclear(r);
    if (!r)
        return -1;
    if (changed != 1) {
        fprintf(stderr, "prodhost: store %s: chunk %llu: this server's lease on it was lost; "
                "the release is refused\n", b->name, (unsigned long long)key);
        return -1;
    }
    return ph_u64map_put(&b->pending, key, PG_PENDING_RELEASE) == 0
               ? 0 : pg_fail(b, "release a lease", "out of memory");
}

void pg_lease_settle(store_backend *b, int committed)
{
    for (size_t i = 0; committed && i < b->pending.cap; i++) {
        if (!b->pending.used[i])
            continue;
        uint64_t epoch = b->pending.vals[i] == PG_PENDING_INSERT ? 1 : 0;
        if (hold(b, &b->held, b->pending.keys[i], epoch, b->tx_began) != 0)
            fprintf(stderr, "prodhost: store %s: lost track of a lease (out of memory)\n",
                    b->name);
    }
    ph_u64map_free(&b->pending);
    b->inserted = 0;
}

/* Run a renewal; every (key, epoch) it renewed into *got. 0 or -1. */
static int renew(store_backend *b, const char *name, ph_u64map *got)
{
    pg_params p = {0};
    pg_param_text(&p, b->server);
    pg_param_i64(&p, b->lease_ms);
    PGresult *r = pg_run(b, name, &p, PGRES_TUPLES_OK, "renew leases");
    if (!r)
        return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        int64_t key = 0, epoch = 0;
        rc = pg_get_i64(b, r, i, 0, &key, "renew leases") ||
                     pg_get_i64(b, r, i, 1, &epoch, "renew leases") ||
                     ph_u64map_put(got, (uint64_t)key, (uint64_t)epoch)
                 ? -1
                 : 0;
    }
    PQclear(r);
    return rc;
}

/* Every lease in `held` that the renewal did not renew, printed. The count. */
static size_t report_lost(const store_backend *b, const ph_u64map *held, const ph_u64map *got,
                          const char *kind)
{
    size_t lost = 0;
    for (size_t i = 0; i < held->cap; i++) {
        uint64_t epoch = 0;
        if (!held->used[i] || held->vals[i] == 0 ||
            (ph_u64map_get(got, held->keys[i], &epoch) && epoch == held->vals[i]))
            continue;
        fprintf(stderr, "prodhost: store %s: this server lost its lease on %s %llu: another "
                "server took it over\n", b->name, kind, (unsigned long long)held->keys[i]);
        lost++;
    }
    return lost;
}

/* Renew rows and roles; -1 on a failed statement, -2 when a lease was lost. */
static int renew_all(store_backend *b)
{
    ph_u64map rows, roles;
    ph_u64map_init(&rows);
    ph_u64map_init(&roles);
    int rc = renew(b, "renew_rows", &rows) != 0 || renew(b, "renew_roles", &roles) != 0 ? -1 : 0;
    if (rc == 0 &&
        report_lost(b, &b->held, &rows, "chunk") + report_lost(b, &b->roles, &roles, "role") > 0)
        rc = -2;
    ph_u64map_free(&rows);
    ph_u64map_free(&roles);
    return rc;
}

static int keep(store_backend *b, int *renewed)
{
    int64_t now = store_clock_ms();
    if (b->holding == 0) { /* nothing to renew: the next lease starts the clock */
        b->renewed_at = now;
        return 0;
    }
    if (now - b->renewed_at < b->lease_ms / 3)
        return 0;
    int64_t trust_until = b->renewed_at + b->lease_ms - b->lease_ms / 10;
    int rc = renew_all(b);
    if (rc == 0) {
        b->renewed_at = now;
        *renewed = 1;
        return 0;
    }
    if (rc == -1 && store_clock_ms() < trust_until) {
        fprintf(stderr, "prodhost: store %s: renewing the leases failed; retrying\n", b->name);
        return 0;
    }
    if (rc == -1)
        fprintf(stderr, "prodhost: store %s: the leases could not be renewed before they ran "
                "out; this server must stop running what they covered\n", b->name);
    return -1;
}

static int role_claim(store_backend *b, int32_t role, int64_t *epoch)
{
    pg_params p = {0};
    pg_param_i32(&p, role);
    pg_param_text(&p, b->server);
    pg_param_i64(&p, b->lease_ms);
    int64_t sent = store_clock_ms();
    PGresult *r = pg_run(b, "role_claim", &p, PGRES_TUPLES_OK, "claim a role");
    if (!r)
        return -1;
    int rc = PQntuples(r) == 0 ? 0 : pg_get_i64(b, r, 0, 0, epoch, "claim a role") ? -1 : 1;
    PQclear(r);
    if (rc == 1 && hold(b, &b->roles, (uint64_t)(uint32_t)role, (uint64_t)*epoch, sent) != 0)
        return -1;
    return rc;
}

static int role_get(store_backend *b, int32_t role, store_role *out)
{
    pg_params p = {0};
    pg_param_i32(&p, role);
    pg_param_text(&p, b->server);
    lease_state st;
    int rc = read_state(b, "role_get", &p, "read a role", &st);
    *out = (store_role){.exists = st.exists, .held = st.held, .expired = st.expired,
                        .done = st.extra != 0, .mine = st.mine, .epoch = st.epoch};
    return rc;
}

static int role_adopt(store_backend *b, int32_t *roles, size_t cap, size_t *n)
{
    pg_params p = {0};
    pg_param_text(&p, b->server);
    pg_param_i64(&p, b->lease_ms);
    int64_t sent = store_clock_ms();
    PGresult *r = pg_run(b, "role_adopt", &p, PGRES_TUPLES_OK, "adopt roles");
    if (!r)
        return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        int64_t role = 0, epoch = 0;
        rc = pg_get_i64(b, r, i, 0, &role, "adopt roles") ||
                     pg_get_i64(b, r, i, 1, &epoch, "adopt roles") ||
                     hold(b, &b->roles, (uint64_t)role, (uint64_t)epoch, sent)
                 ? -1
                 : 0;
        if (rc == 0 && *n < cap)
            roles[(*n)++] = (int32_t)role;
    }
    PQclear(r);
    return rc;
}

static int role_done(store_backend *b, int32_t role)
{
    pg_params p = {0};
    pg_param_i32(&p, role);
    pg_param_text(&p, b->server);
    PGresult *r = pg_run(b, "role_done", &p, PGRES_COMMAND_OK, "finish a role");
    int64_t changed = r ? pg_changed(r) : -1;
    PQclear(r);
    if (changed != 1)
        return r ? pg_fail(b, "finish a role", "this server does not hold it") : -1;
    return hold(b, &b->roles, (uint64_t)(uint32_t)role, 0, 0);
}

static int meta_agree(store_backend *b, const char *name, int64_t value, int64_t *stored)
{
    pg_params p = {0};
    pg_param_text(&p, name);
    pg_param_i64(&p, value);
    if (pg_command(b, "meta_insert", &p, "write meta") != 0)
        return -1;
    pg_params q = {0};
    pg_param_text(&q, name);
    PGresult *r = pg_run(b, "get_meta", &q, PGRES_TUPLES_OK, "read meta");
    int rc = r && PQntuples(r) == 1 && pg_get_i64(b, r, 0, 0, stored, "read meta") == 0 ? 0 : -1;
    PQclear(r);
    return rc == 0 ? *stored == value : -1;
}

const store_lease_ops pg_lease_ops = {
    .server = server,         .config = config,         .get = lease_get,
    .take = lease_take,       .release = lease_release, .keep = keep,
    .role_claim = role_claim, .role_get = role_get,     .role_adopt = role_adopt,
    .role_done = role_done,   .meta_agree = meta_agree,
};
