/* unit_arith.c - unit tests of the core helpers every subsystem leans on:
 * the one array growth rule (core/vec.c) and the exact 128-bit products and
 * divisions of core/wide.c, checked against the compiler's own 128-bit type
 * where it has one (the plugin itself never uses it). */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/vec.h"
#include "core/wide.h"

#include "check.h"

/* ---- vec ------------------------------------------------------------------ */

static void vec_doubles_from_its_first_size_and_keeps_the_elements(void)
{
    int *v = NULL;
    size_t cap = 0;
    REQUIRE(PRODI_VEC_RESERVE(NULL, v, cap, 1, 4) == 0);
    CHECK(cap == 4);
    for (int i = 0; i < 4; i++)
        v[i] = i + 10;
    REQUIRE(PRODI_VEC_RESERVE(NULL, v, cap, 5, 4) == 0);
    CHECK(cap == 8);
    REQUIRE(PRODI_VEC_RESERVE(NULL, v, cap, 100, 4) == 0);
    CHECK(cap == 128);
    CHECK(v[0] == 10 && v[3] == 13);
    free(v);
}

static void vec_within_capacity_does_not_move_the_array(void)
{
    int *v = NULL;
    size_t cap = 0;
    REQUIRE(PRODI_VEC_RESERVE(NULL, v, cap, 3, 16) == 0);
    int *before = v;
    CHECK(PRODI_VEC_RESERVE(NULL, v, cap, 16, 16) == 0);
    CHECK(v == before && cap == 16);
    free(v);
}

static void vec_that_would_overflow_fails_and_changes_nothing(void)
{
    double *v = NULL;
    size_t cap = 0;
    REQUIRE(PRODI_VEC_RESERVE(NULL, v, cap, 2, 2) == 0);
    double *before = v;
    CHECK(PRODI_VEC_RESERVE(NULL, v, cap, SIZE_MAX / 4, 2) != 0); /* SIZE_MAX/4 doubles overflow */
    CHECK(v == before && cap == 2);
    free(v);
}

/* The 32-bit capacity form grows the same way and refuses more than 2^30
 * elements, whose doubling could pass UINT32_MAX, changing nothing. */
static void vec32_grows_and_refuses_what_its_capacity_cannot_hold(void)
{
    uint8_t *v = NULL;
    uint32_t cap = 0;
    REQUIRE(PRODI_VEC_RESERVE32(NULL, v, cap, 5, 4) == 0);
    CHECK(cap == 8);
    uint8_t *before = v;
    CHECK(PRODI_VEC_RESERVE32(NULL, v, cap, ((size_t)1 << 30) + 1, 4) != 0);
    CHECK(v == before && cap == 8);
    free(v);
}

static void vec_in_an_arena_is_accounted(void)
{
    prodi_arena a;
    prodi_arena_init(&a);
    uint64_t *v = NULL;
    size_t cap = 0;
    REQUIRE(PRODI_VEC_RESERVE(&a, v, cap, 3, 8) == 0);
    CHECK(a.reserved == 8 * sizeof *v);
    REQUIRE(PRODI_VEC_RESERVE(&a, v, cap, 9, 8) == 0);
    CHECK(a.reserved == 16 * sizeof *v);
    prodi_arena_release(&a, v, cap * sizeof *v);
    CHECK(a.reserved == 0);
}

/* ---- wide ----------------------------------------------------------------- */

static uint64_t next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void mul_gives_the_full_product_at_the_edges(void)
{
    prodi_u128 p = prodi_mul_u64(UINT64_MAX, UINT64_MAX); /* 2^128 - 2^65 + 1 */
    CHECK(p.hi == UINT64_MAX - 1 && p.lo == 1);
    p = prodi_mul_u64((uint64_t)1 << 32, (uint64_t)1 << 32);
    CHECK(p.hi == 1 && p.lo == 0);
    p = prodi_mul_u64(0, UINT64_MAX);
    CHECK(p.hi == 0 && p.lo == 0);
}

static void div_refuses_a_quotient_past_64_bits(void)
{
    uint64_t q = 7, r = 7;
    CHECK(prodi_div_u128(prodi_mul_u64(UINT64_MAX, 3), 2, &q, &r) != 0);
    CHECK(q == 7 && r == 7);
    CHECK(prodi_div_u128(prodi_mul_u64(UINT64_MAX, 3), 3, &q, &r) == 0);
    CHECK(q == UINT64_MAX && r == 0);
}

static void mul_div_ceil_rounds_up_and_respects_the_limit(void)
{
    uint64_t out = 0;
    CHECK(prodi_mul_div_ceil(3, 5, 2, 100, &out) == 0 && out == 8);  /* ceil(7.5) */
    CHECK(prodi_mul_div_ceil(4, 5, 2, 100, &out) == 0 && out == 10); /* exact */
    CHECK(prodi_mul_div_ceil(4, 5, 2, 9, &out) != 0);                /* 10 > 9 */
    CHECK(prodi_mul_div_ceil((uint64_t)1 << 40, 100000000, 100, UINT64_MAX, &out) == 0 &&
          out == ((uint64_t)1 << 40) * 1000000);
}

#ifdef __SIZEOF_INT128__
/* The portable arithmetic against unsigned __int128, on a million random
 * operands of every width. */
static void wide_agrees_with_the_compilers_128_bit_type(void)
{
    uint64_t s = 42;
    int bad = 0;
    for (int i = 0; i < 1000000; i++) {
        unsigned shift_a = (unsigned)(next(&s) % 64), shift_b = (unsigned)(next(&s) % 64);
        uint64_t a = next(&s) >> shift_a, b = next(&s) >> shift_b, d = (next(&s) >> (i % 64)) | 1;
        unsigned __int128 x = (unsigned __int128)a * b;
        prodi_u128 p = prodi_mul_u64(a, b);
        bad += p.hi != (uint64_t)(x >> 64) || p.lo != (uint64_t)x;
        uint64_t q, r;
        int fits = (x / d) >> 64 == 0;
        bad += (prodi_div_u128(p, d, &q, &r) == 0) != fits;
        if (fits)
            bad += q != (uint64_t)(x / d) || r != (uint64_t)(x % d);
    }
    CHECK(bad == 0);
}
#endif

int main(void)
{
    RUN(vec_doubles_from_its_first_size_and_keeps_the_elements);
    RUN(vec_within_capacity_does_not_move_the_array);
    RUN(vec_that_would_overflow_fails_and_changes_nothing);
    RUN(vec32_grows_and_refuses_what_its_capacity_cannot_hold);
    RUN(vec_in_an_arena_is_accounted);
    RUN(mul_gives_the_full_product_at_the_edges);
    RUN(div_refuses_a_quotient_past_64_bits);
    RUN(mul_div_ceil_rounds_up_and_respects_the_limit);
#ifdef __SIZEOF_INT128__
    RUN(wide_agrees_with_the_compilers_128_bit_type);
#endif
    return check_finish("unit_arith");
}
