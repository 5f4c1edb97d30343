/* ratio.c - exact fractions (see ratio.h). Sums and products reduce by the
 * gcd of the parts before multiplying (Knuth's rules), so an intermediate
 * never grows past what the reduced result needs except in a sum's
 * numerator; anything that does not fit in 128 bits raises the flag. */
#include "core/ratio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const prodi_u128 ONE = {0, 1};

static int u_is_zero(prodi_u128 x) { return !x.hi && !x.lo; }

static int u_is_one(prodi_u128 x) { return !x.hi && x.lo == 1; }

static prodi_u128 u_div(prodi_u128 a, prodi_u128 d)
{
    prodi_u128 q, r;
    if (u_is_one(d))
        return a;
    prodi_u128_divmod(a, d, &q, &r);
    return q;
}

static prodi_u128 u_mul(prodi_u128 a, prodi_u128 b, int *ovf)
{
    prodi_u128 p = {0, 0};
    if (prodi_u128_mul(a, b, &p) != 0)
        *ovf = 1;
    return p;
}

/* *x = *x x m + add; -1 on overflow. */
static int u_mul_small(prodi_u128 *x, uint64_t m, uint64_t add)
{
    prodi_u128 p;
    if (prodi_u128_mul(*x, (prodi_u128){0, m}, &p) != 0 ||
        prodi_u128_add(p, (prodi_u128){0, add}, &p) != 0)
        return -1;
    *x = p;
    return 0;
}

static prodi_q zero(void) { return (prodi_q){{0, 0}, ONE, 0}; }

/* num/den reduced by their gcd, with sign neg. */
static prodi_q make(prodi_u128 num, prodi_u128 den, int neg)
{
    if (u_is_zero(num))
        return zero();
    prodi_u128 g = prodi_u128_gcd(num, den);
    return (prodi_q){u_div(num, g), u_div(den, g), neg};
}

prodi_q prodi_q_int(uint64_t n) { return (prodi_q){{0, n}, ONE, 0}; }

prodi_q prodi_q_frac(uint64_t num, uint64_t den, int *ovf)
{
    if (den == 0) {
        *ovf = 1;
        return zero();
    }
    return make((prodi_u128){0, num}, (prodi_u128){0, den}, 0);
}

/* a + b when negate_b is 0, a - b when it is 1. */
static prodi_q add_signed(prodi_q a, prodi_q b, int negate_b, int *ovf)
{
    int bneg = b.neg ^ (negate_b && !u_is_zero(b.num));
    if (u_is_zero(b.num))
        return a;
    if (u_is_zero(a.num))
        return (prodi_q){b.num, b.den, bneg};
    prodi_u128 g = prodi_u128_gcd(a.den, b.den);
    prodi_u128 bd_g = u_div(b.den, g), ad_g = u_div(a.den, g);
    prodi_u128 x = u_mul(a.num, bd_g, ovf), y = u_mul(b.num, ad_g, ovf), t;
    int neg = a.neg;
    if (a.neg == bneg) {
        if (prodi_u128_add(x, y, &t) != 0)
            *ovf = 1;
    } else if (prodi_u128_cmp(x, y) >= 0) {
        (void)prodi_u128_sub(x, y, &t);
    } else {
        (void)prodi_u128_sub(y, x, &t);
        neg = bneg;
    }
    if (*ovf || u_is_zero(t))
        return zero();
    prodi_u128 g2 = prodi_u128_gcd(t, g);
    prodi_u128 den = u_mul(ad_g, u_div(b.den, g2), ovf);
    return *ovf ? zero() : (prodi_q){u_div(t, g2), den, neg};
}

prodi_q prodi_q_add(prodi_q a, prodi_q b, int *ovf) { return add_signed(a, b, 0, ovf); }

prodi_q prodi_q_sub(prodi_q a, prodi_q b, int *ovf) { return add_signed(a, b, 1, ovf); }

prodi_q prodi_q_mul(prodi_q a, prodi_q b, int *ovf)
{
    if (u_is_zero(a.num) || u_is_zero(b.num))
        return zero();
    prodi_u128 g1 = prodi_u128_gcd(a.num, b.den), g2 = prodi_u128_gcd(b.num, a.den);
    prodi_u128 num = u_mul(u_div(a.num, g1), u_div(b.num, g2), ovf);
    prodi_u128 den = u_mul(u_div(a.den, g2), u_div(b.den, g1), ovf);
    return *ovf ? zero() : (prodi_q){num, den, a.neg ^ b.neg};
}

prodi_q prodi_q_div(prodi_q a, prodi_q b, int *ovf)
{
    if (u_is_zero(b.num)) {
        *ovf = 1;
        return zero();
    }
    return prodi_q_mul(a, (prodi_q){b.den, b.num, b.neg}, ovf);
}

int prodi_q_is_zero(prodi_q a) { return u_is_zero(a.num); }

/* n1/d1 against n2/d2 (both >= 0) by their continued fractions: exact,
 * never multiplies, as many rounds as Euclid's algorithm. */
static int cmp_pos(prodi_u128 n1, prodi_u128 d1, prodi_u128 n2, prodi_u128 d2)
{
    int sign = 1;
    for (;;) {
        prodi_u128 q1, r1, q2, r2;
        prodi_u128_divmod(n1, d1, &q1, &r1);
        prodi_u128_divmod(n2, d2, &q2, &r2);
        int c = prodi_u128_cmp(q1, q2);
        if (c != 0)
            return sign * c;
        if (u_is_zero(r1) || u_is_zero(r2))
            return sign * (u_is_zero(r1) ? (u_is_zero(r2) ? 0 : -1) : 1);
        /* r1/d1 < r2/d2 exactly when d1/r1 > d2/r2 */
        n1 = d1;
        d1 = r1;
        n2 = d2;
        d2 = r2;
        sign = -sign;
    }
}

int prodi_q_cmp(prodi_q a, prodi_q b)
{
    int za = u_is_zero(a.num), zb = u_is_zero(b.num);
    if (za || zb)
        return za && zb ? 0 : za ? (b.neg ? 1 : -1) : (a.neg ? -1 : 1);
    if (a.neg != b.neg)
        return a.neg ? -1 : 1;
    int c = cmp_pos(a.num, a.den, b.num, b.den);
    return a.neg ? -c : c;
}

static uint64_t whole(prodi_q a, int up, int *ovf)
{
    if (a.neg) {
        *ovf = 1;
        return 0;
    }
    prodi_u128 q, r;
    prodi_u128_divmod(a.num, a.den, &q, &r);
    if (up && !u_is_zero(r) && prodi_u128_add(q, ONE, &q) != 0)
        *ovf = 1;
    if (q.hi)
        *ovf = 1;
    return *ovf ? 0 : q.lo;
}

prodi_q prodi_q_floor_q(prodi_q a, int *ovf)
{
    if (a.neg) {
        *ovf = 1;
        return zero();
    }
    prodi_u128 q, r;
    prodi_u128_divmod(a.num, a.den, &q, &r);
    return u_is_zero(q) ? zero() : (prodi_q){q, ONE, 0};
}

uint64_t prodi_q_ceil(prodi_q a, int *ovf) { return whole(a, 1, ovf); }

uint64_t prodi_q_floor(prodi_q a, int *ovf) { return whole(a, 0, ovf); }

static double u_to_double(prodi_u128 x) { return (double)x.hi * 18446744073709551616.0 + (double)x.lo; }

double prodi_q_to_double(prodi_q a)
{
    double v = u_to_double(a.num) / u_to_double(a.den);
    return a.neg ? -v : v;
}

prodi_q prodi_q_from_double(double d, int *ovf)
{
    char text[40];
    if (!(d >= 0) || d > 1e30) {
        *ovf = 1;
        return zero();
    }
    snprintf(text, sizeof text, "%.15e", d); /* d.ddddddddddddddde[+-]XX */
    prodi_u128 digits = {0, 0};
    int exp10 = 0, frac_digits = 0, seen_point = 0;
    const char *p = text;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p < '0' || *p > '9') { /* the decimal point, whatever the locale makes it */
            seen_point = 1;
            continue;
        }
        if (u_mul_small(&digits, 10, (uint64_t)(*p - '0')) != 0)
            *ovf = 1;
        frac_digits += seen_point;
    }
    if (*p)
        exp10 = (int)strtol(p + 1, NULL, 10);
    exp10 -= frac_digits;
    prodi_q q = {digits, ONE, 0};
    for (; exp10 > 0; exp10--)
        q = prodi_q_mul(q, prodi_q_int(10), ovf);
    for (; exp10 < 0; exp10++)
        q = prodi_q_div(q, prodi_q_int(10), ovf);
    return *ovf ? zero() : make(q.num, q.den, 0);
}

/* x in decimal into buf (cap > 0); the length, or -1 when it does not fit. */
static int u_format(prodi_u128 x, char *buf, size_t cap)
{
    char rev[48];
    size_t n = 0;
    const prodi_u128 ten = {0, 10};
    do {
        prodi_u128 q, r;
        prodi_u128_divmod(x, ten, &q, &r);
        rev[n++] = (char)('0' + r.lo);
        x = q;
    } while (!u_is_zero(x));
    if (n + 1 > cap)
        return -1;
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
    return (int)n;
}

int prodi_u128_format(prodi_u128 num, prodi_u128 den, char *buf, size_t cap)
{
    if (cap == 0)
        return -1;
    int n = u_format(num, buf, cap);
    if (n < 0 || u_is_one(den))
        return n < 0 ? -1 : 0;
    if ((size_t)n + 2 > cap)
        return -1;
    buf[n] = '/';
    return u_format(den, buf + n + 1, cap - (size_t)n - 1) < 0 ? -1 : 0;
}
