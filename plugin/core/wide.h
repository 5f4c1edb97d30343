/* wide.h - exact 128-bit unsigned arithmetic in portable C11 (no __int128):
 * 64 x 64 -> 128-bit products and their division by a 64-bit number (the
 * rounding rules that must not lose a unit: proportional refunds, chain step
 * sizes), and the checked 128-bit add, subtract, multiply, divide and gcd
 * under the exact fractions of core/ratio.c. */
#ifndef PRODI_WIDE_H
#define PRODI_WIDE_H

#include <stdint.h>

typedef struct prodi_u128 {
    uint64_t hi, lo;
} prodi_u128;

/* a x b, exactly. */
prodi_u128 prodi_mul_u64(uint64_t a, uint64_t b);
/* floor(x / d) into *q and the remainder into *r (d > 0). -1 when the
 * quotient does not fit in 64 bits. */
int prodi_div_u128(prodi_u128 x, uint64_t d, uint64_t *q, uint64_t *r);
/* ceil(a x b / d) into *out when it is at most limit, else -1 (d > 0). */
int prodi_mul_div_ceil(uint64_t a, uint64_t b, uint64_t d, uint64_t limit, uint64_t *out);

/* -1, 0 or 1 as a <, ==, > b. */
int prodi_u128_cmp(prodi_u128 a, prodi_u128 b);
/* a + b, a - b (a >= b) and a x b into *out; -1 (out untouched) when the
 * result does not fit in 128 bits or a < b. */
int prodi_u128_add(prodi_u128 a, prodi_u128 b, prodi_u128 *out);
int prodi_u128_sub(prodi_u128 a, prodi_u128 b, prodi_u128 *out);
int prodi_u128_mul(prodi_u128 a, prodi_u128 b, prodi_u128 *out);
/* floor(a / d) and a mod d (d > 0). */
void prodi_u128_divmod(prodi_u128 a, prodi_u128 d, prodi_u128 *q, prodi_u128 *r);
/* gcd(a, b); gcd(0, b) = b. */
prodi_u128 prodi_u128_gcd(prodi_u128 a, prodi_u128 b);

#endif
