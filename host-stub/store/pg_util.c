/* pg_util.c - running the PostgreSQL backend's prepared statements through
 * libpq and reading their binary results: every field's type OID, NULL-ness
 * and length is checked before it is used, so a table altered behind the
 * store's back gives an error, never a misread value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

int pg_fail(const store_backend *b, const char *what, const char *detail)
{
    size_t n = detail ? strlen(detail) : 0;
    while (n > 0 && (detail[n - 1] == '\n' || detail[n - 1] == ' '))
        n--;
    fprintf(stderr, "prodhost: store %s: %s: %.*s\n", b->name, what, (int)n, detail ? detail : "");
    return -1;
}

static void put_be(uint8_t *out, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        out[i] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *in, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | in[i];
    return v;
}

static void param(pg_params *p, const void *value, int len, int format)
{
    if (p->n >= PG_MAX_PARAMS)
        return; /* no statement has more; the server then refuses the count */
    p->values[p->n] = value;
    p->lengths[p->n] = len;
    p->formats[p->n] = format;
    p->n++;
}

/* The next parameter's integer buffer, or NULL when they are all used. */
static uint8_t *int_slot(pg_params *p)
{
    return p->n < PG_MAX_PARAMS ? p->ints[p->n] : NULL;
}

void pg_param_i64(pg_params *p, int64_t v)
{
    uint8_t *slot = int_slot(p);
    if (slot)
        put_be(slot, (uint64_t)v, 8);
    param(p, slot, 8, 1);
}

void pg_param_i32(pg_params *p, int32_t v)
{
    uint8_t *slot = int_slot(p);
    if (slot)
        put_be(slot, (uint32_t)v, 4);
    param(p, slot, 4, 1);
}

void pg_param_text(pg_params *p, const char *text)
{
    param(p, text, 0, 0);
}

void pg_param_bytes(pg_params *p, const void *bytes, size_t len)
{
    param(p, len ? bytes : "", (int)len, 1);
}

int pg_prepare(store_backend *b, const char *name, const char *sql, int nparams,
               const unsigned *types)
{
    PGresult *r = PQprepare(b->conn, name, sql, nparams, (const Oid *)types);
    int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        pg_fail(b, name, r ? PQresultErrorMessage(r) : PQerrorMessage(b->conn));
    PQclear(r);
    return ok ? 0 : -1;
}

PGresult *pg_run(store_backend *b, const char *name, const pg_params *p, ExecStatusType want,
                 const char *what)
{
    PGresult *r = PQexecPrepared(b->conn, name, p->n, p->values, p->lengths, p->formats, 1);
    if (r && PQresultStatus(r) == want)
        return r;
    pg_fail(b, what, r ? PQresultErrorMessage(r) : PQerrorMessage(b->conn));
    PQclear(r);
    return NULL;
}

int pg_command(store_backend *b, const char *name, const pg_params *p, const char *what)
{
    PGresult *r = pg_run(b, name, p, PGRES_COMMAND_OK, what);
    PQclear(r);
    return r ? 0 : -1;
}

int pg_exec(store_backend *b, const char *sql, const char *what)
{
    PGresult *r = PQexec(b->conn, sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        pg_fail(b, what, r ? PQresultErrorMessage(r) : PQerrorMessage(b->conn));
    PQclear(r);
    return ok ? 0 : -1;
}

int64_t pg_changed(PGresult *r)
{
    const char *n = PQcmdTuples(r);
    char *end = NULL;
    long long v = n && *n ? strtoll(n, &end, 10) : -1;
    return end && *end == '\0' ? (int64_t)v : -1;
}

/* The field as `bytes` bytes of type `type`, or NULL (printed). */
static const uint8_t *field(store_backend *b, const PGresult *r, int row, int col, unsigned type,
                            int bytes, const char *what)
{
    if (row >= PQntuples(r) || col >= PQnfields(r) || PQftype(r, col) != type ||
        PQfformat(r, col) != 1) {
        pg_fail(b, what, "a column of another type than the store's schema has");
        return NULL;
    }
    if (PQgetisnull(r, row, col) || (bytes >= 0 && PQgetlength(r, row, col) != bytes)) {
        pg_fail(b, what, "a NULL or a value of the wrong size where the schema has none");
        return NULL;
    }
    return (const uint8_t *)PQgetvalue(r, row, col);
}

int pg_get_i64(store_backend *b, const PGresult *r, int row, int col, int64_t *out,
               const char *what)
{
    const uint8_t *v = field(b, r, row, col, PG_INT8OID, 8, what);
    if (v)
        *out = (int64_t)get_be(v, 8);
    return v ? 0 : -1;
}

int pg_get_i32(store_backend *b, const PGresult *r, int row, int col, int32_t *out,
               const char *what)
{
    const uint8_t *v = field(b, r, row, col, PG_INT4OID, 4, what);
    if (v)
        *out = (int32_t)(uint32_t)get_be(v, 4);
    return v ? 0 : -1;
}

int pg_get_bool(store_backend *b, const PGresult *r, int row, int col, int *out,
                const char *what)
{
    const uint8_t *v = field(b, r, row, col, PG_BOOLOID, 1, what);
    if (v)
        *out = v[0] != 0;
    return v ? 0 : -1;
}

/* A malloc'd copy of a field's bytes plus a NUL, or NULL (printed). */
static uint8_t *copy_field(store_backend *b, const PGresult *r, int row, int col, unsigned type,
                           size_t *len, const char *what)
{
    const uint8_t *v = field(b, r, row, col, type, -1, what);
    if (!v)
        return NULL;
    size_t n = (size_t)PQgetlength(r, row, col);
    uint8_t *out = malloc(n + 1);
    if (!out) {
        pg_fail(b, what, "out of memory");
        return NULL;
    }
    memcpy(out, v, n);
    out[n] = 0;
    *len = n;
    return out;
}

char *pg_get_text(store_backend *b, const PGresult *r, int row, int col, const char *what)
{
    size_t len = 0;
    char *text = (char *)copy_field(b, r, row, col, PG_TEXTOID, &len, what);
    if (text && strlen(text) != len) {
        free(text);
        pg_fail(b, what, "a text with a NUL byte");
        return NULL;
    }
    return text;
}

uint8_t *pg_get_bytes(store_backend *b, const PGresult *r, int row, int col, size_t *len,
                      const char *what)
{
    return copy_field(b, r, row, col, PG_BYTEAOID, len, what);
}
