/* bits.h - the lowest and highest set bit of a 64-bit word and a cache
 * prefetch hint, with the compiler's builtins where it has them and plain
 * C11 otherwise. */
#ifndef PRODI_BITS_H
#define PRODI_BITS_H

#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define PRODI_HAVE_BUILTINS 1
#else
#define PRODI_HAVE_BUILTINS 0
#endif

/* Index of the lowest set bit; x != 0. */
static inline unsigned prodi_ctz64(uint64_t x)
{
#if PRODI_HAVE_BUILTINS
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    while (!(x & 1u)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* Index of the highest set bit; x != 0. */
static inline unsigned prodi_msb64(uint64_t x)
{
#if PRODI_HAVE_BUILTINS
    return 63u - (unsigned)__builtin_clzll(x);
#else
    unsigned n = 0;
    while (x >>= 1)
        n++;
    return n;
#endif
}

/* Ask for the cache line holding p ahead of its use (no effect on results). */
#if PRODI_HAVE_BUILTINS
#define prodi_prefetch(p) __builtin_prefetch(p)
#else
#define prodi_prefetch(p) ((void)(p))
#endif

#endif
