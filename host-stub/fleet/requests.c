/* requests.c - owns the fleet_config_requests table of a fleet's SQLite
 * database: appending a request from `fleet config set`, and the run's
 * reading of the requests it has not applied yet. */
#include "requests.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fleet_requests {
    sqlite3 *db;
};

static int fail(fleet_requests *r, const char *what)
{
    fprintf(stderr, "prodhost fleet: config requests: %s: %s\n", what, sqlite3_errmsg(r->db));
    return -1;
}

int fleet_requests_open(const char *path, fleet_requests **out)
{
    fleet_requests *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return fprintf(stderr, "prodhost fleet: out of memory\n"), -1;
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(r->db, 5000) != SQLITE_OK ||
        sqlite3_exec(r->db, "CREATE TABLE IF NOT EXISTS fleet_config_requests ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, request TEXT NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK) {
        fail(r, path);
        fleet_requests_close(r);
        return -1;
    }
    *out = r;
    return 0;
}

int fleet_requests_read(const char *path, fleet_requests **out)
{
    fleet_requests *r = calloc(1, sizeof *r);
    sqlite3_stmt *st = NULL;
    *out = NULL;
    if (!r)
        return fprintf(stderr, "prodhost fleet: out of memory\n"), -1;
    int rc = -1;
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(r->db, 5000) == SQLITE_OK &&
        sqlite3_prepare_v2(r->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                  "name = 'fleet_config_requests'", -1, &st, NULL) == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        *out = r;
        return 0;
    }
    if (rc != SQLITE_DONE)
        fail(r, path);
    fleet_requests_close(r);
    return rc == SQLITE_DONE ? 0 : -1;
}

void fleet_requests_close(fleet_requests *r)
{
    if (r)
        sqlite3_close(r->db);
    free(r);
}

int fleet_requests_add(fleet_requests *r, const char *json, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(r->db, "INSERT INTO fleet_config_requests (request) VALUES (?)",
                                -1, &st, NULL) == SQLITE_OK &&
             sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok)
        return fail(r, "insert");
    *id = sqlite3_last_insert_rowid(r->db);
    return 0;
}

int fleet_requests_next(fleet_requests *r, int64_t after, int64_t *id, char **json)
{
    sqlite3_stmt *st = NULL;
    *json = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT id, request FROM fleet_config_requests WHERE id > ? "
                                  "ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_int64(st, 1, after) != SQLITE_OK) {
        sqlite3_finalize(st);
        return fail(r, "select");
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 1);
        *id = sqlite3_column_int64(st, 0);
        *json = t ? strdup((const char *)t) : NULL;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return *json ? 1 : (fprintf(stderr, "prodhost fleet: out of memory\n"), -1);
    return rc == SQLITE_DONE ? 0 : fail(r, "select");
}
