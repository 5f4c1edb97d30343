/* ratio.h - exact signed fractions num/den with 128-bit numerator and
 * denominator (core/wide.c), always in lowest terms with den > 0 and zero as
 * 0/1. Every operation takes a sticky overflow flag: a result that does not
 * fit sets *ovf = 1 and answers 0, so a caller runs a whole computation and
 * checks the flag once (PROD_ERR_LIMIT), never using a wrapped value. */
#ifndef PRODI_RATIO_H
#define PRODI_RATIO_H

#include <stddef.h>

#include "core/wide.h"

typedef struct prodi_q {
    prodi_u128 num, den;
    int neg; /* 1 when negative (never for zero) */
} prodi_q;

prodi_q prodi_q_int(uint64_t n);
/* num/den reduced; den 0 sets *ovf. */
prodi_q prodi_q_frac(uint64_t num, uint64_t den, int *ovf);
prodi_q prodi_q_add(prodi_q a, prodi_q b, int *ovf);
prodi_q prodi_q_sub(prodi_q a, prodi_q b, int *ovf);
prodi_q prodi_q_mul(prodi_q a, prodi_q b, int *ovf);
/* a / b; b == 0 sets *ovf. */
prodi_q prodi_q_div(prodi_q a, prodi_q b, int *ovf);
/* -1, 0 or 1 as a <, ==, > b. */
int prodi_q_cmp(prodi_q a, prodi_q b);
int prodi_q_is_zero(prodi_q a);
/* ceil(a) / floor(a) of a >= 0 into *out; *ovf past UINT64_MAX or for a < 0. */
uint64_t prodi_q_ceil(prodi_q a, int *ovf);
uint64_t prodi_q_floor(prodi_q a, int *ovf);
/* The decimal a double prints as with 15 significant digits, exactly (0.007
 * is 7/1000, as a recipe file wrote it); d must be finite and >= 0. */
prodi_q prodi_q_from_double(double d, int *ovf);
/* x (num/den, or num when den is 1) in decimal into buf; -1 when cap is too
 * small (80 bytes always do). */
int prodi_u128_format(prodi_u128 num, prodi_u128 den, char *buf, size_t cap);
/* floor(a) as a fraction, for a >= 0 (a < 0 sets *ovf). */
prodi_q prodi_q_floor_q(prodi_q a, int *ovf);
double prodi_q_to_double(prodi_q a);

#endif
