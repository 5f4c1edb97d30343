/* rng.h - the per-manager PRNG (xoshiro256**, seeded by splitmix64). Its state
 * is plain data so it can be saved with the manager. */
#ifndef PROD_RNG_H
#define PROD_RNG_H

#include <stdint.h>

typedef struct prod_rng {
    uint64_t s[4];
} prod_rng;

void rng_seed(prod_rng *r, uint64_t seed);
uint64_t rng_next(prod_rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
double rng_unit(prod_rng *r);

#endif
