/* wide.h - exact 64 x 64 -> 128-bit products and their division by a 64-bit
 * number, in portable C11 (no __int128): the rounding rules that must not
 * lose a unit (proportional refunds, chain step sizes) use them. */
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

#endif
