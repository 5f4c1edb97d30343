/* snapshot.c - interning, refcounting and building of effective job values. */
#include "jobs/snapshot.h"

#include <stdio.h>
#include <string.h>

#include "core/vec.h"
#include "jobs/job_table.h"
#include "jobs/modifiers.h"

#define SNAP_NONE UINT32_MAX

void prodi_snaps_init(prodi_snaps *s)
{
    memset(s, 0, sizeof *s);
    s->free_head = SNAP_NONE;
    prodi_u64map_init(&s->index);
}

static size_t arrays_bytes(uint32_t nin, uint32_t nout)
{
    return (size_t)nout * sizeof(prod_output) + (size_t)nin * sizeof(prod_requirement);
}

void prodi_snaps_free(prodi_snaps *s, prodi_arena *a)
{
    for (uint32_t i = 0; i < s->len; i++)
        if (s->v[i].refs)
            prodi_arena_release(a, s->v[i].outputs,
                                arrays_bytes(s->v[i].input_count, s->v[i].output_count));
    prodi_arena_release(a, s->v, s->cap * sizeof *s->v);
    prodi_u64map_free(&s->index);
    prodi_snaps_init(s);
}

static uint64_t key_hash(prod_recipe_ix ix, const prod_modifiers *m)
{
    uint64_t bits[3];
    memcpy(bits, m, sizeof bits);
    uint64_t mix = bits[0] ^ (bits[1] << 21 | bits[1] >> 43) ^ (bits[2] << 42 | bits[2] >> 22);
    return prodi_hash_u64(ix ^ prodi_hash_u64(mix));
}

static int same_key(const prodi_snap *p, prod_recipe_ix ix, const prod_modifiers *m)
{
    return p->refs && p->recipe == ix && memcmp(&p->mods, m, sizeof *m) == 0;
}

/* Fill a free record with the effective arrays of r under mods. */
static int build(prodi_snap *p, prodi_arena *a, const prodi_recipe *r, prod_recipe_ix ix,
                 const prod_modifiers *mods)
{
    size_t bytes = arrays_bytes(r->input_count, r->output_count);
    void *mem = prodi_arena_resize(a, NULL, 0, bytes); /* outputs are never empty */
    if (!mem)
        return -1;
    p->outputs = mem;
    p->inputs = (prod_requirement *)(p->outputs + r->output_count);
    for (uint32_t i = 0; i < r->input_count; i++) {
        p->inputs[i] = r->inputs[i];
        if (r->inputs[i].consume)
            p->inputs[i].qty = prodi_mods_input_qty(r->inputs[i].qty, mods->input_cost);
    }
    for (uint32_t i = 0; i < r->output_count; i++) {
        p->outputs[i] = r->outputs[i];
        p->outputs[i].qty = prodi_mods_output_qty(r->outputs[i].qty, mods->output_yield);
    }
    p->input_count = r->input_count;
    p->output_count = r->output_count;
    p->recipe = ix;
    p->mods = *mods;
    p->duration = prodi_mods_duration(r->duration_ms, mods->time_speed);
    return 0;
}

static int take_record(prodi_snaps *s, prodi_arena *a, uint32_t *out)
{
    if (s->free_head != SNAP_NONE) {
        *out = s->free_head;
        return 0;
    }
    if (s->len >= JT_SNAP_MAX)
        return -1;
    if (PRODI_VEC_RESERVE(a, s->v, s->cap, (size_t)s->len + 1, 16) != 0)
        return -1;
    *out = s->len;
    memset(&s->v[s->len], 0, sizeof s->v[0]);
    return 0;
}

/* A record filled by take_record + build is now in use with one reference. */
static void commit_record(prodi_snaps *s, uint32_t id, uint32_t next_free, int indexed, uint64_t h)
{
    prodi_snap *p = &s->v[id];
    if (id == s->len)
        s->len++;
    else
        s->free_head = next_free;
    p->refs = 1;
    p->indexed = (uint32_t)indexed;
    p->key_hash = h;
}

int prodi_snaps_acquire(prodi_snaps *s, prodi_arena *a, const prodi_recipe *r, prod_recipe_ix ix,
                        const prod_modifiers *mods, uint32_t *out)
{
    uint64_t h = key_hash(ix, mods);
    uint32_t id;
    if (prodi_u64map_get(&s->index, h, &id) && same_key(&s->v[id], ix, mods)) {
        s->v[id].refs++;
        *out = id;
        return 0;
    }
    int want_index = !prodi_u64map_get(&s->index, h, NULL);
    if (take_record(s, a, &id) != 0)
        return -1;
    if (want_index && prodi_u64map_put(&s->index, h, id) != 0)
        return -1;
    prodi_snap *p = &s->v[id];
    uint32_t next_free = p->next_free;
    if (build(p, a, r, ix, mods) != 0) {
        if (want_index)
            prodi_u64map_del(&s->index, h);
        return -1;
    }
    commit_record(s, id, next_free, want_index, h);
    *out = id;
    return 0;
}

/* The first member where `got` differs from `want` (the rebuilt values),
 * as text in why; 0 when they agree. */
static int first_difference(const prodi_snap *want, const prodi_snap *got, char *why, size_t cap)
{
    if (got->duration != want->duration)
        return snprintf(why, cap, "duration: saved %lld ms, the recipe gives %lld",
                        (long long)got->duration, (long long)want->duration) > 0;
    if (got->input_count != want->input_count || got->output_count != want->output_count)
        return snprintf(why, cap, "saved %u inputs and %u outputs, the recipe has %u and %u",
                        got->input_count, got->output_count, want->input_count,
                        want->output_count) > 0;
    for (uint32_t i = 0; i < want->input_count; i++) {
        const prod_requirement *x = &want->inputs[i], *y = &got->inputs[i];
        if (x->item != y->item || x->consume != y->consume)
            return snprintf(why, cap, "inputs[%u]: another item or tool flag than the recipe's",
                            i) > 0;
        if (x->qty != y->qty)
            return snprintf(why, cap, "inputs[%u].qty: saved %u, the recipe gives %u", i, y->qty,
                            x->qty) > 0;
    }
    for (uint32_t i = 0; i < want->output_count; i++) {
        const prod_output *x = &want->outputs[i], *y = &got->outputs[i];
        if (x->item != y->item || x->probability != y->probability)
            return snprintf(why, cap,
                            "outputs[%u]: another item or probability than the "
                            "recipe's",
                            i) > 0;
        if (x->qty != y->qty)
            return snprintf(why, cap, "outputs[%u].qty: saved %u, the recipe gives %u", i, y->qty,
                            x->qty) > 0;
    }
    return 0;
}

int prodi_snaps_check(prodi_arena *a, const prodi_recipe *r, const prodi_snap *saved, char *why,
                      size_t cap)
{
    prodi_snap tmp;
    memset(&tmp, 0, sizeof tmp);
    if (build(&tmp, a, r, saved->recipe, &saved->mods) != 0)
        return -1;
    int differs = first_difference(&tmp, saved, why, cap);
    prodi_arena_release(a, tmp.outputs, arrays_bytes(tmp.input_count, tmp.output_count));
    return differs;
}

int prodi_snaps_adopt(prodi_snaps *s, prodi_arena *a, const prodi_snap *saved, uint32_t *out)
{
    uint32_t id;
    if (take_record(s, a, &id) != 0)
        return -1;
    void *mem =
        prodi_arena_resize(a, NULL, 0, arrays_bytes(saved->input_count, saved->output_count));
    if (!mem)
        return -1;
    prodi_snap *p = &s->v[id];
    uint32_t next_free = p->next_free;
    p->outputs = mem;
    p->inputs = (prod_requirement *)(p->outputs + saved->output_count);
    memcpy(p->outputs, saved->outputs, saved->output_count * sizeof *p->outputs);
    memcpy(p->inputs, saved->inputs, saved->input_count * sizeof *p->inputs);
    p->input_count = saved->input_count;
    p->output_count = saved->output_count;
    p->recipe = saved->recipe;
    p->mods = saved->mods;
    p->duration = saved->duration;
    commit_record(s, id, next_free, 0, 0);
    *out = id;
    return 0;
}

void prodi_snaps_retain(prodi_snaps *s, uint32_t id) { s->v[id].refs++; }

void prodi_snaps_release(prodi_snaps *s, prodi_arena *a, uint32_t id)
{
    prodi_snap *p = &s->v[id];
    if (--p->refs > 0)
        return;
    if (p->indexed)
        prodi_u64map_del(&s->index, p->key_hash);
    prodi_arena_release(a, p->outputs, arrays_bytes(p->input_count, p->output_count));
    p->outputs = NULL;
    p->inputs = NULL;
    p->next_free = s->free_head;
    s->free_head = id;
}
