/* mpread.h - a bounded cursor over msgpack bytes for reading saved state.
 * Every read checks the bytes left before touching them, every declared
 * count is checked against the bytes left (each element takes at least one
 * byte) before anyone allocates for it, and an error records the byte offset
 * where the offending value starts. docs/ARCHITECTURE.md ("Hostile input") says why this is
 * used instead of msgpack_unpack (which allocates whatever a header claims). */
#ifndef PRODI_MPREAD_H
#define PRODI_MPREAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct mp_cur {
    const uint8_t *p;
    size_t len;
    size_t off;           /* next byte to read */
    prodi_errbuf *err;
    const char *where;    /* what is being read, for error text ("job", "snapshot") */
    uint64_t index;       /* which one of them */
    int failed;
} mp_cur;

void prodi_mp_init(mp_cur *c, const uint8_t *p, size_t len, prodi_errbuf *err);
/* Record an error at byte `at` ("saved state, byte N (where I, field F): ...").
 * Returns -1 so readers can `return prodi_mp_fail(...)`. Only the first error is kept. */
int prodi_mp_fail(mp_cur *c, size_t at, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Each reader returns 0, or -1 with the error recorded. `field` names the
 * value in error text. */
int prodi_mp_uint(mp_cur *c, const char *field, uint64_t *out);
/* An unsigned integer in [lo, hi]. */
int prodi_mp_uint_in(mp_cur *c, const char *field, uint64_t lo, uint64_t hi, uint64_t *out);
int prodi_mp_int(mp_cur *c, const char *field, int64_t *out);
int prodi_mp_f64(mp_cur *c, const char *field, double *out);
/* A string; *s points into the input (not NUL-terminated). At most max bytes. */
int prodi_mp_str(mp_cur *c, const char *field, uint32_t max, const char **s, uint32_t *n);
/* An array header with between lo and hi elements (and no more than the bytes
 * left could hold). */
int prodi_mp_array(mp_cur *c, const char *field, uint32_t lo, uint32_t hi, uint32_t *n);
int prodi_mp_map(mp_cur *c, const char *field, uint32_t hi, uint32_t *n);
/* Skip one value of any type, nested to any depth, without recursion. */
int prodi_mp_skip(mp_cur *c, const char *field);

#endif
