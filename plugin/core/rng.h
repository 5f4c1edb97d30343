/* rng.h - the per-manager PRNG (xoshiro256**, seeded by splitmix64). Its state
 * is plain data so it can be saved with the manager. */
#ifndef PRODI_RNG_H
#define PRODI_RNG_H

#include <stdint.h>

typedef struct prodi_rng {
    uint64_t s[4];
} prodi_rng;

void prodi_rng_seed(prodi_rng *r, uint64_t seed);
uint64_t prodi_rng_next(prodi_rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
double prodi_rng_unit(prodi_rng *r);

#endif
