/* mpread.c - bounded msgpack reading: headers, integers, floats, strings,
 * skipping, and error text with byte offsets. */
#include "save/mpread.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void prodi_mp_init(mp_cur *c, const uint8_t *p, size_t len, prodi_errbuf *err)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->len = len;
    c->err = err;
}

int prodi_mp_fail(mp_cur *c, size_t at, const char *field, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = 1;
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (c->where)
        prodi_err_set(c->err, PROD_ERR_FORMAT, "saved state, byte %zu (%s %llu, %s): %s", at,
                      c->where, (unsigned long long)c->index, field, what);
    else
        prodi_err_set(c->err, PROD_ERR_FORMAT, "saved state, byte %zu (%s): %s", at, field, what);
    return -1;
}

static int need(mp_cur *c, size_t at, const char *field, size_t n)
{
    if (c->len - c->off >= n)
        return 0;
    return prodi_mp_fail(c, at, field, "truncated: needs %zu more bytes, %zu left", n,
                         c->len - c->off);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FROM_BE64(x) (x)
#define FROM_BE32(x) (x)
#else
#define FROM_BE64(x) __builtin_bswap64(x)
#define FROM_BE32(x) __builtin_bswap32(x)
#endif

/* Big-endian unsigned of n (1, 2, 4 or 8) bytes at the cursor (bytes already
 * checked). */
static uint64_t be(mp_cur *c, unsigned n)
{
    const uint8_t *p = c->p + c->off;
    c->off += n;
    if (n == 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        return FROM_BE64(v);
    }
    if (n == 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        return FROM_BE32(v);
    }
    return n == 2 ? (uint64_t)p[0] << 8 | p[1] : p[0];
}

static const char *type_name(uint8_t b)
{
    if (b <= 0x7f || (b >= 0xcc && b <= 0xd3) || b >= 0xe0)
        return "an integer";
    if ((b >= 0x80 && b <= 0x8f) || b == 0xde || b == 0xdf)
        return "a map";
    if ((b >= 0x90 && b <= 0x9f) || b == 0xdc || b == 0xdd)
        return "an array";
    if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb))
        return "a string";
    if (b == 0xc0)
        return "nil";
    if (b == 0xc2 || b == 0xc3)
        return "a boolean";
    if (b == 0xca || b == 0xcb)
        return "a float";
    if (b >= 0xc4 && b <= 0xc6)
        return "binary";
    if (b == 0xc1)
        return "the reserved byte 0xc1";
    return "an extension";
}

static int wrong(mp_cur *c, const char *field, const char *expected)
{
    return prodi_mp_fail(c, c->off, field, "expected %s, found %s", expected,
                         type_name(c->p[c->off]));
}

/* Read an integer of either sign: *neg set for negative values, *mag = |v|
 * (for negatives, the two's complement value). */
static int read_int(mp_cur *c, const char *field, int *neg, uint64_t *v)
{
    *v = 0; /* defined on every path, errors included */
    size_t at = c->off;
    if (need(c, at, field, 1))
        return -1;
    uint8_t b = c->p[c->off];
    *neg = 0;
    if (b <= 0x7f) {
        c->off++;
        *v = b;
        return 0;
    }
    if (b >= 0xe0) {
        c->off++;
        *neg = 1;
        *v = (uint64_t)(int64_t)(int8_t)b;
        return 0;
    }
    static const unsigned widths[8] = {1, 2, 4, 8, 1, 2, 4, 8};
    if (b < 0xcc || b > 0xd3)
        return wrong(c, field, "an integer");
    unsigned w = widths[b - 0xcc];
    if (need(c, at, field, 1 + (size_t)w))
        return -1;
    c->off++;
    uint64_t raw = be(c, w);
    if (b >= 0xd0) { /* signed: sign-extend */
        unsigned bits = w * 8;
        if (bits < 64 && (raw >> (bits - 1)) & 1)
            raw |= ~(uint64_t)0 << bits;
        *neg = (int64_t)raw < 0;
    }
    *v = raw;
    return 0;
}

int prodi_mp_uint(mp_cur *c, const char *field, uint64_t *out)
{
    size_t at = c->off;
    int neg;
    if (read_int(c, field, &neg, out))
        return -1;
    if (neg)
        return prodi_mp_fail(c, at, field, "expected an unsigned integer, found %lld",
                             (long long)(int64_t)*out);
    return 0;
}

int prodi_mp_uint_in(mp_cur *c, const char *field, uint64_t lo, uint64_t hi, uint64_t *out)
{
    size_t at = c->off;
    if (prodi_mp_uint(c, field, out))
        return -1;
    if (*out < lo || *out > hi)
        return prodi_mp_fail(c, at, field, "%llu is outside [%llu, %llu]", (unsigned long long)*out,
                             (unsigned long long)lo, (unsigned long long)hi);
    return 0;
}

int prodi_mp_int(mp_cur *c, const char *field, int64_t *out)
{
    size_t at = c->off;
    int neg;
    uint64_t v;
    if (read_int(c, field, &neg, &v))
        return -1;
    if (!neg && v > (uint64_t)INT64_MAX)
        return prodi_mp_fail(c, at, field, "%llu does not fit a signed 64-bit integer",
                             (unsigned long long)v);
    *out = (int64_t)v;
    return 0;
}

int prodi_mp_f64(mp_cur *c, const char *field, double *out)
{
    size_t at = c->off;
    if (need(c, at, field, 1))
        return -1;
    uint8_t b = c->p[c->off];
    if (b != 0xcb && b != 0xca)
        return wrong(c, field, "a float");
    unsigned w = b == 0xcb ? 8 : 4;
    if (need(c, at, field, 1 + (size_t)w))
        return -1;
    c->off++;
    uint64_t raw = be(c, w);
    if (w == 8) {
        memcpy(out, &raw, sizeof *out);
    } else {
        uint32_t r32 = (uint32_t)raw;
        float f;
        memcpy(&f, &r32, sizeof f);
        *out = f;
    }
    return 0;
}

/* Header of a container or string: the element/byte count, or -1. `kind`
 * 0 = string, 1 = array, 2 = map. */
static int read_count(mp_cur *c, const char *field, int kind, uint64_t *n)
{
    *n = 0; /* defined on every path, errors included */
    size_t at = c->off;
    if (need(c, at, field, 1))
        return -1;
    uint8_t b = c->p[c->off];
    static const uint8_t fix_lo[3] = {0xa0, 0x90, 0x80}, fix_hi[3] = {0xbf, 0x9f, 0x8f};
    static const uint8_t w16[3] = {0xda, 0xdc, 0xde}, w32[3] = {0xdb, 0xdd, 0xdf};
    static const char *names[3] = {"a string", "an array", "a map"};
    unsigned w;
    if (b >= fix_lo[kind] && b <= fix_hi[kind]) {
        c->off++;
        *n = (uint64_t)(b - fix_lo[kind]);
        return 0;
    }
    if (kind == 0 && b == 0xd9)
        w = 1;
    else if (b == w16[kind])
        w = 2;
    else if (b == w32[kind])
        w = 4;
    else
        return wrong(c, field, names[kind]);
    if (need(c, at, field, 1 + (size_t)w))
        return -1;
    c->off++;
    *n = be(c, w);
    return 0;
}

int prodi_mp_str(mp_cur *c, const char *field, uint32_t max, const char **s, uint32_t *n)
{
    size_t at = c->off;
    uint64_t len;
    if (read_count(c, field, 0, &len))
        return -1;
    if (len > max)
        return prodi_mp_fail(c, at, field, "string of %llu bytes is longer than the limit %u",
                             (unsigned long long)len, max);
    if (need(c, at, field, (size_t)len))
        return -1;
    *s = (const char *)c->p + c->off;
    *n = (uint32_t)len;
    c->off += (size_t)len;
    return 0;
}

static int check_count(mp_cur *c, size_t at, const char *field, uint64_t n, uint64_t per,
                       uint32_t lo, uint32_t hi)
{
    if (n < lo || n > hi)
        return prodi_mp_fail(c, at, field, "%llu elements; expected %u to %u",
                             (unsigned long long)n, lo, hi);
    if (n * per > c->len - c->off)
        return prodi_mp_fail(c, at, field, "declares %llu elements but only %zu bytes follow",
                             (unsigned long long)n, c->len - c->off);
    return 0;
}

int prodi_mp_array(mp_cur *c, const char *field, uint32_t lo, uint32_t hi, uint32_t *n)
{
    size_t at = c->off;
    uint64_t v;
    if (read_count(c, field, 1, &v) || check_count(c, at, field, v, 1, lo, hi))
        return -1;
    *n = (uint32_t)v;
    return 0;
}

int prodi_mp_map(mp_cur *c, const char *field, uint32_t hi, uint32_t *n)
{
    size_t at = c->off;
    uint64_t v;
    if (read_count(c, field, 2, &v) || check_count(c, at, field, v, 2, 0, hi))
        return -1;
    *n = (uint32_t)v;
    return 0;
}

/* Payload bytes after the header for fixed-size and length-prefixed types;
 * containers return their element count in *elems instead. */
static int skip_one(mp_cur *c, const char *field, uint64_t *elems)
{
    size_t at = c->off;
    if (need(c, at, field, 1))
        return -1;
    uint8_t b = c->p[c->off];
    uint64_t n;
    *elems = 0;
    if ((b >= 0x90 && b <= 0x9f) || b == 0xdc || b == 0xdd)
        return read_count(c, field, 1, elems);
    if ((b >= 0x80 && b <= 0x8f) || b == 0xde || b == 0xdf) {
        if (read_count(c, field, 2, &n))
            return -1;
        *elems = 2 * n;
        return 0;
    }
    size_t payload = 0;
    if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb) || (b >= 0xc4 && b <= 0xc6)) {
        unsigned w = b >= 0xa0 && b <= 0xbf ? 0 : (b == 0xd9 || b == 0xc4) ? 1
                   : (b == 0xda || b == 0xc5) ? 2 : 4;
        if (need(c, at, field, 1 + (size_t)w))
            return -1;
        c->off++;
        payload = w ? (size_t)be(c, w) : (size_t)(b - 0xa0);
    } else if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
        c->off++;
    } else if (b >= 0xca && b <= 0xd3) {
        static const unsigned w[10] = {4, 8, 1, 2, 4, 8, 1, 2, 4, 8};
        c->off++;
        payload = w[b - 0xca];
    } else if (b >= 0xd4 && b <= 0xd8) { /* fixext 1..16: type byte + data */
        c->off++;
        payload = 1 + ((size_t)1 << (b - 0xd4));
    } else if (b >= 0xc7 && b <= 0xc9) { /* ext 8/16/32 */
        unsigned w = b == 0xc7 ? 1 : b == 0xc8 ? 2 : 4;
        if (need(c, at, field, 1 + (size_t)w))
            return -1;
        c->off++;
        payload = (size_t)be(c, w) + 1;
    } else {
        return prodi_mp_fail(c, at, field, "the reserved byte 0xc1 is not msgpack");
    }
    if (need(c, at, field, payload))
        return -1;
    c->off += payload;
    return 0;
}

int prodi_mp_skip(mp_cur *c, const char *field)
{
    uint64_t pending = 1;
    while (pending > 0) {
        size_t at = c->off;
        uint64_t elems;
        if (skip_one(c, field, &elems))
            return -1;
        pending += elems;
        pending--;
        if (pending > c->len - c->off)
            return prodi_mp_fail(c, at, field,
                                 "declares %llu more values but only %zu bytes follow",
                                 (unsigned long long)pending, c->len - c->off);
    }
    return 0;
}
