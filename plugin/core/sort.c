/* sort.c - the cases of prodi_sort_u32, and prodi_sort_after_u32's merge
 * (see sort.h). */
#include "core/sort.h"

#include <string.h>

#define SMALL 64u /* insertion sort up to this many keys */

static void insertion(uint32_t *v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = v[i], k = i;
        for (; k > 0 && v[k - 1] > x; k--)
            v[k] = v[k - 1];
        v[k] = x;
    }
}

/* 1 when v was ascending or descending (then reversed). */
static int monotone(uint32_t *v, uint32_t n)
{
    uint32_t up = 1, down = 1;
    for (uint32_t i = 1; i < n && (up || down); i++) {
        up &= v[i - 1] <= v[i];
        down &= v[i - 1] >= v[i];
    }
    if (down && !up)
        for (uint32_t i = 0; i < n / 2; i++) {
            uint32_t x = v[i];
            v[i] = v[n - 1 - i];
            v[n - 1 - i] = x;
        }
    return up || down;
}

/* One stable counting pass on the byte at `shift`, src -> dst. */
static void radix_pass(const uint32_t *src, uint32_t *dst, uint32_t n, unsigned shift)
{
    uint32_t count[256];
    memset(count, 0, sizeof count);
    for (uint32_t i = 0; i < n; i++)
        count[(src[i] >> shift) & 255u]++;
    for (uint32_t k = 0, sum = 0; k < 256; k++) {
        uint32_t c = count[k];
        count[k] = sum;
        sum += c;
    }
    for (uint32_t i = 0; i < n; i++)
        dst[count[(src[i] >> shift) & 255u]++] = src[i];
}

/* LSD radix sort, one pass per byte; a byte every key has alike (a run
 * entry's third byte, say: slots below 65,536 under a bucket byte) is not
 * sorted on. */
static void radix(uint32_t *v, uint32_t n, uint32_t *tmp)
{
    uint32_t any = 0, all = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        any |= v[i];
        all &= v[i];
    }
    uint32_t *src = v, *dst = tmp, varies = any ^ all;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        if (((varies >> shift) & 255u) == 0)
            continue;
        radix_pass(src, dst, n, shift);
        uint32_t *x = src;
        src = dst;
        dst = x;
    }
    if (src != v)
        memcpy(v, src, (size_t)n * sizeof *v);
}

static void sift(uint32_t *v, uint32_t n, uint32_t i)
{
    uint32_t x = v[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && v[c + 1] > v[c])
            c++;
        if (v[c] <= x)
            break;
        v[i] = v[c];
        i = c;
    }
    v[i] = x;
}

static void heapsort_u32(uint32_t *v, uint32_t n)
{
    for (uint32_t i = n / 2; i-- > 0;)
        sift(v, n, i);
    for (uint32_t end = n; end-- > 1;) {
        uint32_t x = v[0];
        v[0] = v[end];
        v[end] = x;
        sift(v, end, 0);
    }
}

void prodi_sort_u32(uint32_t *v, uint32_t n, uint32_t *tmp)
{
    if (n <= SMALL)
        insertion(v, n);
    else if (monotone(v, n))
        return;
    else if (tmp)
        radix(v, n, tmp);
    else
        heapsort_u32(v, n);
}

void prodi_sort_after_u32(uint32_t *v, uint32_t sorted, uint32_t n, uint32_t *tmp)
{
    uint32_t *b = v + sorted, nb = n - sorted;
    prodi_sort_u32(b, nb, tmp);
    if (sorted == 0 || nb == 0 || v[sorted - 1] <= b[0])
        return;
    uint32_t i = 0, k = 0, o = 0;
    while (i < sorted && k < nb)
        tmp[o++] = b[k] < v[i] ? b[k++] : v[i++];
    while (i < sorted)
        tmp[o++] = v[i++];
    memcpy(v, tmp, (size_t)o * sizeof *v); /* what is left of b is in place already */
}
