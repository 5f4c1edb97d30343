/* prng.c - splitmix64: the host's only source of randomness. */
#include "prng.h"

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void prng_seed(prng *r, uint64_t seed) { r->state = seed; }

uint64_t prng_next(prng *r) { return splitmix(&r->state); }

uint32_t prng_below(prng *r, uint32_t n)
{
    return (uint32_t)(((prng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int prng_permille(prng *r, uint32_t permille) { return prng_below(r, 1000) < permille; }

uint64_t prng_mix(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ (b * 0xD6E8FEB86659FD93ull);
    return splitmix(&x);
}
