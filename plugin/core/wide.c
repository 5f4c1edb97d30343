/* wide.c - 128-bit products from 32-bit halves, and their division: the
 * machine's own when the product fits in 64 bits (nearly always), long
 * division one bit at a time (64 steps) when it does not. */
#include "core/wide.h"

prodi_u128 prodi_mul_u64(uint64_t a, uint64_t b)
{
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    prodi_u128 r = {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (uint32_t)p00};
    return r;
}

int prodi_div_u128(prodi_u128 x, uint64_t d, uint64_t *q, uint64_t *r)
{
    if (x.hi >= d)
        return -1;
    if (x.hi == 0) {
        *q = x.lo / d;
        *r = x.lo % d;
        return 0;
    }
    uint64_t rem = x.hi, quo = 0;
    for (int i = 63; i >= 0; i--) {
        uint64_t carry = rem >> 63; /* rem < d, so (rem << 1 | bit) < 2d fits in 65 bits */
        rem = rem << 1 | ((x.lo >> i) & 1);
        quo <<= 1;
        if (carry || rem >= d) {
            rem -= d;
            quo |= 1;
        }
    }
    *q = quo;
    *r = rem;
    return 0;
}

int prodi_mul_div_ceil(uint64_t a, uint64_t b, uint64_t d, uint64_t limit, uint64_t *out)
{
    uint64_t q, r;
    if (prodi_div_u128(prodi_mul_u64(a, b), d, &q, &r) != 0 || (r && q == UINT64_MAX))
        return -1;
    q += r != 0;
    if (q > limit)
        return -1;
    *out = q;
    return 0;
}

int prodi_u128_cmp(prodi_u128 a, prodi_u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    return a.lo < b.lo ? -1 : a.lo > b.lo;
}

int prodi_u128_add(prodi_u128 a, prodi_u128 b, prodi_u128 *out)
{
    uint64_t lo = a.lo + b.lo, carry = lo < a.lo;
    if (a.hi > UINT64_MAX - b.hi || a.hi + b.hi > UINT64_MAX - carry)
        return -1;
    *out = (prodi_u128){a.hi + b.hi + carry, lo};
    return 0;
}

int prodi_u128_sub(prodi_u128 a, prodi_u128 b, prodi_u128 *out)
{
    if (prodi_u128_cmp(a, b) < 0)
        return -1;
    *out = (prodi_u128){a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo};
    return 0;
}

int prodi_u128_mul(prodi_u128 a, prodi_u128 b, prodi_u128 *out)
{
    if (a.hi && b.hi)
        return -1;
    prodi_u128 p = prodi_mul_u64(a.lo, b.lo);
    /* at most one cross term: a.hi x b.lo or a.lo x b.hi, shifted by 64 bits */
    prodi_u128 cross = prodi_mul_u64(a.hi ? a.hi : b.hi, a.hi ? b.lo : a.lo);
    if (cross.hi || p.hi > UINT64_MAX - cross.lo)
        return -1;
    *out = (prodi_u128){p.hi + cross.lo, p.lo};
    return 0;
}

static prodi_u128 shl1(prodi_u128 x, uint64_t bit)
{
    return (prodi_u128){x.hi << 1 | x.lo >> 63, x.lo << 1 | bit};
}

void prodi_u128_divmod(prodi_u128 a, prodi_u128 d, prodi_u128 *q, prodi_u128 *r)
{
    if (!a.hi && !d.hi) {
        *q = (prodi_u128){0, a.lo / d.lo};
        *r = (prodi_u128){0, a.lo % d.lo};
        return;
    }
    prodi_u128 quo = {0, 0}, rem = {0, 0};
    for (int i = 127; i >= 0; i--) {
        uint64_t word = i >= 64 ? a.hi : a.lo;
        uint64_t top = rem.hi >> 63; /* rem < d, so 2 x rem + 1 < 2^129 */
        rem = shl1(rem, (word >> (i & 63)) & 1);
        quo = shl1(quo, 0);
        if (top || prodi_u128_cmp(rem, d) >= 0) {
            rem = (prodi_u128){rem.hi - d.hi - (rem.lo < d.lo), rem.lo - d.lo};
            quo.lo |= 1;
        }
    }
    *q = quo;
    *r = rem;
}

static int is_zero(prodi_u128 x) { return !x.hi && !x.lo; }

static unsigned trailing_zeros(prodi_u128 x)
{
    unsigned n = 0;
    uint64_t w = x.lo ? x.lo : x.hi;
    n = x.lo ? 0 : 64;
    while (!(w & 1)) {
        w >>= 1;
        n++;
    }
    return n;
}

static prodi_u128 shr(prodi_u128 x, unsigned n)
{
    if (n >= 64)
        return (prodi_u128){0, x.hi >> (n - 64)};
    if (n == 0)
        return x;
    return (prodi_u128){x.hi >> n, x.lo >> n | x.hi << (64 - n)};
}

static prodi_u128 shl(prodi_u128 x, unsigned n)
{
    if (n >= 64)
        return (prodi_u128){x.lo << (n - 64), 0};
    if (n == 0)
        return x;
    return (prodi_u128){x.hi << n | x.lo >> (64 - n), x.lo << n};
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Binary gcd (Stein): shifts and subtractions only, at most 256 rounds. */
prodi_u128 prodi_u128_gcd(prodi_u128 a, prodi_u128 b)
{
    if (is_zero(a))
        return b;
    if (is_zero(b))
        return a;
    if (!a.hi && !b.hi)
        return (prodi_u128){0, gcd64(a.lo, b.lo)};
    unsigned za = trailing_zeros(a), zb = trailing_zeros(b), k = za < zb ? za : zb;
    a = shr(a, za);
    b = shr(b, zb);
    while (!is_zero(b)) {
        b = shr(b, trailing_zeros(b));
        if (prodi_u128_cmp(a, b) > 0) {
            prodi_u128 t = a;
            a = b;
            b = t;
        }
        (void)prodi_u128_sub(b, a, &b);
        if (!a.hi && !b.hi)
            return shl((prodi_u128){0, gcd64(a.lo, b.lo)}, k);
    }
    return shl(a, k);
}
