/* scheduler.c - the near 4-ary heap of packed keys and the far list. */
#include "jobs/scheduler.h"

#include <string.h>

#include "core/vec.h"

void prodi_sched_init(prodi_sched *s) { memset(s, 0, sizeof *s); }

void prodi_sched_free(prodi_sched *s, prodi_arena *a)
{
    prodi_arena_release(a, s->k, s->cap * sizeof *s->k);
    prodi_arena_release(a, s->far, s->far_cap * sizeof *s->far);
    prodi_sched_init(s);
}

int prodi_sched_reserve(prodi_sched *s, prodi_arena *a, int64_t end)
{
    if (end < SCHED_NEAR_LIMIT)
        return PRODI_VEC_RESERVE(a, s->k, s->cap, (size_t)s->len + 1, 64);
    return PRODI_VEC_RESERVE(a, s->far, s->far_cap, (size_t)s->far_len + 1, 64);
}

static void sift_up(uint64_t *k, uint32_t i)
{
    uint64_t x = k[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 4;
        if (x >= k[p])
            break;
        k[i] = k[p];
        i = p;
    }
    k[i] = x;
}

static void sift_down(uint64_t *k, uint32_t len, uint32_t i)
{
    uint64_t x = k[i];
    for (;;) {
        uint32_t c = 4 * i + 1, best = c;
        if (c >= len)
            break;
        uint32_t lim = c + 4 < len ? c + 4 : len;
        for (uint32_t j = c + 1; j < lim; j++)
            if (k[j] < k[best])
                best = j;
        if (k[best] >= x)
            break;
        k[i] = k[best];
        i = best;
    }
    k[i] = x;
}

static int far_before(const prodi_far_entry *x, const prodi_far_entry *y)
{
    return x->end != y->end ? x->end < y->end : x->slot < y->slot;
}

static void far_rescan(prodi_sched *s)
{
    s->far_min = 0;
    for (uint32_t i = 1; i < s->far_len; i++)
        if (far_before(&s->far[i], &s->far[s->far_min]))
            s->far_min = i;
}

void prodi_sched_push(prodi_sched *s, int64_t end, uint32_t slot)
{
    if (end < SCHED_NEAR_LIMIT) {
        s->k[s->len] = (uint64_t)end << 24 | slot;
        sift_up(s->k, s->len++);
        return;
    }
    s->far[s->far_len] = (prodi_far_entry){end, slot, 0};
    if (s->far_len == 0 || far_before(&s->far[s->far_len], &s->far[s->far_min]))
        s->far_min = s->far_len;
    s->far_len++;
}

void prodi_sched_pop(prodi_sched *s)
{
    if (s->len) {
        if (--s->len > 0) {
            s->k[0] = s->k[s->len];
            sift_down(s->k, s->len, 0);
        }
        return;
    }
    s->far[s->far_min] = s->far[--s->far_len];
    far_rescan(s);
}

void prodi_sched_filter(prodi_sched *s, int (*keep)(const void *ctx, int64_t end, uint32_t slot),
                        const void *ctx)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->len; i++)
        if (keep(ctx, (int64_t)(s->k[i] >> 24), (uint32_t)(s->k[i] & 0xFFFFFFu)))
            s->k[n++] = s->k[i];
    s->len = n;
    for (uint32_t i = n / 4 + 1; i-- > 0;)
        if (i < n)
            sift_down(s->k, n, i);
    n = 0;
    for (uint32_t i = 0; i < s->far_len; i++)
        if (keep(ctx, s->far[i].end, s->far[i].slot))
            s->far[n++] = s->far[i];
    s->far_len = n;
    far_rescan(s);
}
