/* scheduler.c - 4-ary min-heap operations for the manager's timer queue. */
#include "scheduler.h"

#include <string.h>

static int before(const prod_sched_entry *a, const prod_sched_entry *b)
{
    if (a->end != b->end)
        return a->end < b->end;
    if (a->gen != b->gen)
        return a->gen < b->gen;
    return a->slot < b->slot;
}

void sched_init(prod_sched *s) { memset(s, 0, sizeof *s); }

void sched_free(prod_sched *s, prod_arena *a)
{
    arena_release(a, s->e, (size_t)s->cap * sizeof *s->e);
    sched_init(s);
}

int sched_reserve(prod_sched *s, prod_arena *a, uint32_t extra)
{
    if (s->cap - s->len >= extra)
        return 0;
    uint64_t want = (uint64_t)s->len + extra, ncap = s->cap ? s->cap : 64;
    while (ncap < want)
        ncap *= 2;
    if (ncap > UINT32_MAX)
        return -1;
    prod_sched_entry *e = arena_resize(a, s->e, (size_t)s->cap * sizeof *e,
                                       (size_t)ncap * sizeof *e);
    if (!e)
        return -1;
    s->e = e;
    s->cap = (uint32_t)ncap;
    return 0;
}

static void sift_up(prod_sched *s, uint32_t i)
{
    prod_sched_entry x = s->e[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 4;
        if (!before(&x, &s->e[p]))
            break;
        s->e[i] = s->e[p];
        i = p;
    }
    s->e[i] = x;
}

static void sift_down(prod_sched *s, uint32_t i)
{
    prod_sched_entry x = s->e[i];
    for (;;) {
        uint32_t c = 4 * i + 1, best = c;
        if (c >= s->len)
            break;
        uint32_t lim = c + 4 < s->len ? c + 4 : s->len;
        for (uint32_t k = c + 1; k < lim; k++)
            if (before(&s->e[k], &s->e[best]))
                best = k;
        if (!before(&s->e[best], &x))
            break;
        s->e[i] = s->e[best];
        i = best;
    }
    s->e[i] = x;
}

void sched_push(prod_sched *s, prod_sched_entry x)
{
    s->e[s->len++] = x;
    sift_up(s, s->len - 1);
}

void sched_pop(prod_sched *s)
{
    if (--s->len > 0) {
        s->e[0] = s->e[s->len];
        sift_down(s, 0);
    }
}

void sched_filter(prod_sched *s, int (*keep)(const void *ctx, const prod_sched_entry *e),
                  const void *ctx)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->len; i++)
        if (keep(ctx, &s->e[i]))
            s->e[n++] = s->e[i];
    s->len = n;
    for (uint32_t i = n / 4 + 1; i-- > 0;)
        if (i < n)
            sift_down(s, i);
}
