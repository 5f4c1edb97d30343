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
