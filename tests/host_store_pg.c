/* host_store_pg.c - the chunk store's PostgreSQL backend on its own, against
 * a throwaway cluster (ctest runs it through tests/pg_cluster.sh, which sets
 * PRODHOST_PG): the schema made by a writer and refused to a reader of an
 * empty database; rows, meta, keys, rollback and the header as in SQLite;
 * damaged rows refused; and the leases: a row has one holder, a put or a
 * release without the lease is refused, a lease that ran out is taken over
 * and the old holder can then commit nothing and learns it at its next
 * renewal, renewals keep a lease alive, takes are compare-and-set, roles are
 * claimed once, adopted when they run out and finished for good. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fnv.h"
#include "store.h"
#include "store_checks.h"

static const char *conninfo; /* "pg:..." */

/* Run SQL on a connection of its own (the admin behind the store's back). */
static void raw(const char *sql)
{
    PGconn *c = PQconnectdb(conninfo + 3);
    PGresult *r = PQexec(c, sql);
    CHECK(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(c);
}

static chunk_store *open_store(int writer, int64_t lease_ms)
{
    chunk_store *s = NULL;
    if (!CHECK(store_open(conninfo, writer, &s) == 0))
        return NULL;
    if (lease_ms)
        CHECK(store_lease_config(s, lease_ms) == 0);
    return s;
}

static int put(chunk_store *s, uint64_t key, int64_t saved_at, const char *blob, const char *host)
{
    store_row r = {.key = key, .saved_at = saved_at, .plugin_version = "9.9.9",
                   .blob = (uint8_t *)blob, .blob_len = strlen(blob), .host = (char *)host,
                   .digest = fnv_bytes(FNV_OFFSET, blob, strlen(blob))};
    return store_put(s, &r);
}

/* One transaction with one put: 0 when it committed. */
static int save(chunk_store *s, uint64_t key, int64_t saved_at, const char *host)
{
    if (store_begin(s) != 0)
        return -1;
    if (put(s, key, saved_at, "bytes", host) != 0) {
        store_rollback(s);
        return -1;
    }
    return store_commit(s);
}

static void schema_is_made_by_a_writer_only(void)
{
    chunk_store *s = NULL;
    CHECK(store_open(conninfo, 0, &s) == -1 && s == NULL); /* empty database */
    s = open_store(1, 0);
    REQUIRE(s != NULL);
    CHECK(store_shared(s) == 1);
    CHECK(strncmp(store_path(s), "postgresql t on ", 16) == 0);
    CHECK(strstr(store_server(s), ":") != NULL);
    CHECK(store_integrity(s) == 0);
    store_close(s);
    s = open_store(0, 0);
    CHECK(s != NULL);
    store_close(s);
}

static void rows_meta_and_keys_round_trip(void)
{
    chunk_store *s = open_store(1, 0);
    REQUIRE(s != NULL);
    const uint8_t blob[] = {0x95, 0xa8, 'P', 'R', 'O', 'D', 'S', 'A', 'V', 'E', 0x01, 0x03,
                            0xa1, 'x', 0x80, 0x00}; /* ["PRODSAVE", 1, 3, "x", {}] and a NUL */
    store_row r = {.key = 7, .saved_at = 1234, .plugin_version = "9.9.9", .blob = (uint8_t *)blob,
                   .blob_len = sizeof blob, .host = "{\"inventories\":[]}", .digest = 99};
    CHECK(store_begin(s) == 0);
    CHECK(store_put(s, &r) == 0);
    CHECK(put(s, (uint64_t)1 << 63 | 5, 1, "not a save", "{}") == 0);
    CHECK(store_set_meta(s, "round", 42) == 0);
    CHECK(store_commit(s) == 0);
    store_row got;
    CHECK(store_get(s, 7, &got) == 1);
    CHECK(got.key == 7 && got.saved_at == 1234 && got.saved_wall > 0 && got.digest == 99);
    CHECK(got.format_major == 1 && got.format_minor == 3);
    CHECK(got.blob_len == sizeof blob && memcmp(got.blob, blob, sizeof blob) == 0);
    CHECK(strcmp(got.host, r.host) == 0 && strcmp(got.plugin_version, "9.9.9") == 0);
    store_row_free(&got);
    CHECK(store_get(s, (uint64_t)1 << 63 | 5, &got) == 1 && got.format_major == -1);
    store_row_free(&got);
    store_check_two_rows(s);
    CHECK(store_check_header(s) == 0);
    /* Replacing a row this connection created is a put under its lease. */
    CHECK(save(s, 7, 2000, "{\"inventories\":[1]}") == 0);
    CHECK(store_get(s, 7, &got) == 1 && got.saved_at == 2000);
    store_row_free(&got);
    store_close(s);
}

static void rollback_leaves_nothing(void)
{
    chunk_store *s = open_store(1, 0), *other = open_store(1, 0);
    REQUIRE(s != NULL && other != NULL);
    store_check_rollback(s);
    store_lease l;
    CHECK(store_lease_get(other, 9, &l) == 0 && !l.exists);
    CHECK(save(other, 9, 1, "{}") == 0); /* the key was never s's */
    store_close(s);
    store_close(other);
}

static void damaged_rows_are_refused(void)
{
    chunk_store *s = open_store(1, 0);
    REQUIRE(s != NULL);
    CHECK(save(s, 11, 1, "{\"a\":1}") == 0);
    store_row r;
    CHECK(store_get(s, 11, &r) == 1);
    store_row_free(&r);
    raw("UPDATE chunks SET host = '{\"a\":2}' WHERE key = 11");
    CHECK(store_get(s, 11, &r) == -1 && r.blob == NULL);
    raw("UPDATE chunks SET host = '{\"a\":1}', blob = '\\x00'::bytea WHERE key = 11");
    CHECK(store_get(s, 11, &r) == -1);
    raw("UPDATE chunks SET checksum = checksum + 1 WHERE key = 7");
    CHECK(store_get(s, 7, &r) == -1);
    /* A column whose type was changed behind the store's back. */
    raw("ALTER TABLE chunks ALTER COLUMN digest TYPE numeric");
    CHECK(store_get(s, 9, &r) == -1);
    raw("ALTER TABLE chunks ALTER COLUMN digest TYPE bigint");
    raw("UPDATE chunks SET checksum = checksum - 1 WHERE key = 7");
    CHECK(store_get(s, 7, &r) == 1);
    store_row_free(&r);
    store_close(s);
}

static void header_catches_lost_rows(void)
{
    chunk_store *s = open_store(1, 0);
    REQUIRE(s != NULL);
    CHECK(store_check_header(s) == 0);
    raw("DELETE FROM chunks WHERE key = 11");
    CHECK(store_check_header(s) == -1);
    raw("UPDATE meta SET value = value - 1 WHERE name = 'chunk_count'");
    CHECK(store_check_header(s) == 0);
    store_close(s);
}

static void a_row_has_one_holder(void)
{
    chunk_store *a = open_store(1, 0), *b = open_store(1, 0);
    REQUIRE(a != NULL && b != NULL);
    CHECK(strcmp(store_server(a), store_server(b)) != 0);
    CHECK(save(a, 100, 5, "{}") == 0);
    store_lease l;
    CHECK(store_lease_get(b, 100, &l) == 0);
    CHECK(l.exists && l.held && !l.expired && !l.mine && l.epoch == 1 && l.saved_at == 5);
    CHECK(save(b, 100, 6, "{}") == -1); /* no lease: refused */
    CHECK(store_lease_take(b, 100, &l) == 0); /* held: not taken */
    /* a hands it over: the last save and the release in one transaction. */
    CHECK(store_begin(a) == 0 && put(a, 100, 7, "handed", "{}") == 0 &&
          store_lease_release(a, 100) == 0 && store_commit(a) == 0);
    CHECK(store_lease_get(b, 100, &l) == 0 && l.exists && !l.held && !l.expired);
    CHECK(l.saved_at == 7);
    store_lease stale = l;
    stale.epoch = 0;
    CHECK(store_lease_take(b, 100, &stale) == 0); /* compare-and-set on the epoch */
    stale = l;
    stale.saved_at = 6;
    CHECK(store_lease_take(b, 100, &stale) == 0); /* ... and on the state decided on */
    CHECK(store_lease_take(b, 100, &l) == 1);
    CHECK(store_lease_get(b, 100, &l) == 0 && l.mine && l.held && l.epoch == 2);
    CHECK(save(a, 100, 8, "{}") == -1); /* a let go: refused */
    CHECK(save(b, 100, 8, "{}") == 0);
    store_begin(a);
    CHECK(store_lease_release(a, 100) == -1);
    store_rollback(a);
    store_close(a);
    store_close(b);
}

static void a_lease_that_ran_out_is_taken_over(void)
{
    chunk_store *a = open_store(1, 300), *b = open_store(1, 300);
    REQUIRE(a != NULL && b != NULL);
    CHECK(save(a, 200, 10, "{}") == 0);
    store_sleep_ms(450); /* a does not renew */
    store_lease l;
    CHECK(store_lease_get(b, 200, &l) == 0 && l.exists && !l.held && l.expired && !l.mine);
    CHECK(store_lease_take(b, 200, &l) == 1);
    CHECK(save(a, 200, 11, "{}") == -1); /* fenced: a commits nothing */
    int renewed = 0;
    CHECK(store_lease_keep(a, &renewed) == -1); /* and learns it at its renewal */
    CHECK(store_lease_keep(b, &renewed) == 0 && renewed == 0); /* just taken */
    store_sleep_ms(150);
    CHECK(store_lease_keep(b, &renewed) == 0 && renewed == 1);
    store_row r;
    CHECK(store_get(b, 200, &r) == 1 && r.saved_at == 10);
    store_row_free(&r);
    store_close(a);
    store_close(b);
}

static void renewals_keep_a_lease(void)
{
    chunk_store *a = open_store(1, 300), *b = open_store(1, 300);
    REQUIRE(a != NULL && b != NULL);
    CHECK(save(a, 300, 1, "{}") == 0);
    int renewals = 0, fine = 1;
    for (int i = 0; i < 20; i++) { /* 1 s: more than three leases */
        int renewed = 0;
        fine &= store_lease_keep(a, &renewed) == 0;
        renewals += renewed;
        store_lease l;
        fine &= store_lease_get(b, 300, &l) == 0 && l.held;
        store_sleep_ms(50);
    }
    CHECK(fine);
    CHECK(renewals >= 5);
    store_close(a);
    store_close(b);
}

static void roles_are_claimed_adopted_and_finished(void)
{
    chunk_store *a = open_store(1, 300), *b = open_store(1, 300);
    REQUIRE(a != NULL && b != NULL);
    int64_t epoch = 0;
    CHECK(store_role_claim(a, 0, &epoch) == 1 && epoch == 1);
    CHECK(store_role_claim(b, 0, &epoch) == 0);
    store_role r;
    CHECK(store_role_get(b, 0, &r) == 0 && r.exists && r.held && !r.mine && !r.done);
    CHECK(store_role_get(b, 1, &r) == 0 && !r.exists);
    int32_t roles[4];
    size_t n = 9;
    CHECK(store_role_adopt(b, roles, 4, &n) == 0 && n == 0); /* a's is alive */
    store_sleep_ms(450);
    CHECK(store_role_get(b, 0, &r) == 0 && r.expired);
    CHECK(store_role_adopt(b, roles, 4, &n) == 0 && n == 1 && roles[0] == 0);
    CHECK(store_role_get(b, 0, &r) == 0 && r.mine && r.epoch == 2);
    int renewed = 0;
    CHECK(store_lease_keep(a, &renewed) == -1); /* a lost its role */
    CHECK(store_role_done(a, 0) == -1);
    CHECK(store_role_done(b, 0) == 0);
    CHECK(store_role_get(a, 0, &r) == 0 && r.done && !r.held);
    CHECK(store_role_claim(a, 0, &epoch) == 0); /* done for good */
    store_close(a);
    store_close(b);
}

static void meta_is_agreed_once(void)
{
    chunk_store *a = open_store(1, 0), *b = open_store(1, 0);
    REQUIRE(a != NULL && b != NULL);
    int64_t stored = 0;
    CHECK(store_meta_agree(a, "world.seed", 5, &stored) == 1 && stored == 5);
    CHECK(store_meta_agree(b, "world.seed", 5, &stored) == 1);
    CHECK(store_meta_agree(b, "world.seed", 6, &stored) == 0 && stored == 5);
    store_close(a);
    store_close(b);
}

static void integrity_finds_half_leased_rows(void)
{
    chunk_store *s = open_store(0, 0);
    REQUIRE(s != NULL);
    CHECK(store_integrity(s) == 0);
    raw("UPDATE chunks SET lease_until = NULL WHERE key = 300");
    CHECK(store_integrity(s) == -1);
    store_close(s);
}

int main(void)
{
    conninfo = getenv("PRODHOST_PG");
    if (!conninfo || strncmp(conninfo, "pg:", 3) != 0) {
        fprintf(stderr, "host_store_pg: run it through tests/pg_cluster.sh (PRODHOST_PG)\n");
        return 1;
    }
    RUN(schema_is_made_by_a_writer_only);
    RUN(rows_meta_and_keys_round_trip);
    RUN(rollback_leaves_nothing);
    RUN(damaged_rows_are_refused);
    RUN(header_catches_lost_rows);
    RUN(a_row_has_one_holder);
    RUN(a_lease_that_ran_out_is_taken_over);
    RUN(renewals_keep_a_lease);
    RUN(roles_are_claimed_adopted_and_finished);
    RUN(meta_is_agreed_once);
    RUN(integrity_finds_half_leased_rows);
    return check_finish("host_store_pg");
}
