/* prng.h - the host's own seeded pseudo-random generator (splitmix64).
 * prodhost never calls rand() or reads a clock: the same seed gives the same
 * world, the same actions and so the same summary. */
#ifndef PRODHOST_PRNG_H
#define PRODHOST_PRNG_H

#include <stdint.h>

typedef struct prng {
    uint64_t state;
} prng;

void prng_seed(prng *r, uint64_t seed);
uint64_t prng_next(prng *r);
/* A value in [0, n); n == 0 gives 0. */
uint32_t prng_below(prng *r, uint32_t n);
/* 1 with probability permille/1000, else 0. */
int prng_permille(prng *r, uint32_t permille);
/* A well-mixed value derived from two inputs (for per-chunk seeds). */
uint64_t prng_mix(uint64_t a, uint64_t b);

#endif
