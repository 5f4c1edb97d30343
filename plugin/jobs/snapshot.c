/* snapshot.c - interning, refcounting and building of effective job values. */
#include "jobs/snapshot.h"

#include <stdio.h>
#include <string.h>

#include "core/vec.h"
#include "jobs/job_table.h"
#include "jobs/modifiers.h"

#define SNAP_NONE UINT32_MAX

void prodi_snaps_init(prodi_snaps *s, const prodi_mem *mem)
{
    memset(s, 0, sizeof *s);
    s->free_head = SNAP_NONE;
    prodi_u64map_init(&s->index, mem);
}

static size_t arrays_bytes(uint32_t nin, uint32_t nout)
{
    return (size_t)nout * sizeof(prod_output) + (size_t)nin * sizeof(prod_requirement);
}

void prodi_snaps_free(prodi_snaps *s, prodi_arena *a)
{
    for (uint32_t i = 0; i < s->len; i++)
        if (s->v[i].refs)
            prodi_arena_release(a, s->v[i].mem,
                                arrays_bytes(s->v[i].eff.input_count, s->v[i].eff.output_count));
    prodi_arena_release(a, s->v, s->cap * sizeof *s->v);
    const prodi_mem *mem = s->index.mem;
    prodi_u64map_free(&s->index);
    prodi_snaps_init(s, mem);
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
    return p->refs && p->eff.recipe == ix && memcmp(&p->eff.mods, m, sizeof *m) == 0;
}

static int is_identity(const prod_modifiers *m)
{
    return m->input_cost == 1.0 && m->output_yield == 1.0 && m->time_speed == 1.0;
}

/* Room for both arrays of an eff with these counts in p->mem. */
static int alloc_arrays(prodi_snap *p, prodi_arena *a, uint32_t nin, uint32_t nout,
                        prod_requirement **in, prod_output **out)
{
    p->mem = prodi_arena_resize(a, NULL, 0, arrays_bytes(nin, nout)); /* outputs are never empty */
    if (!p->mem)
        return -1;
    *out = p->mem;
    *in = (prod_requirement *)(*out + nout);
    p->eff.outputs = *out;
    p->eff.inputs = *in;
    p->eff.input_count = nin;
    p->eff.output_count = nout;
    return 0;
}

/* Fill a free record with the effective arrays of r under mods. */
static int build(prodi_snap *p, prodi_arena *a, const prodi_recipe *r, prod_recipe_ix ix,
                 const prod_modifiers *mods)
{
    prod_requirement *in;
    prod_output *out;
    if (alloc_arrays(p, a, r->input_count, r->output_count, &in, &out) != 0)
        return -1;
    for (uint32_t i = 0; i < r->input_count; i++) {
        in[i] = r->inputs[i];
        if (r->inputs[i].consume)
            in[i].qty = prodi_mods_input_qty(r->inputs[i].qty, mods->input_cost);
    }
    for (uint32_t i = 0; i < r->output_count; i++) {
        out[i] = r->outputs[i];
        out[i].qty = prodi_mods_output_qty(r->outputs[i].qty, mods->output_yield);
    }
    p->eff.recipe = ix;
    p->eff.mods = *mods;
    p->eff.duration = prodi_mods_duration(r->duration_ms, mods->time_speed);
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
    if (PRODI_VEC_RESERVE(a, s->v, s->cap, (size_t)s->len + 1, 4) != 0)
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
                        const prod_modifiers *mods, uint32_t *ref)
{
    if (is_identity(mods)) {
        *ref = PRODI_SNAP_BASE | ix;
        return 0;
    }
    uint64_t h = key_hash(ix, mods);
    uint32_t id;
    if (prodi_u64map_get(&s->index, h, &id) && same_key(&s->v[id], ix, mods)) {
        s->v[id].refs++;
        *ref = id;
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
    *ref = id;
    return 0;
}

/* The first member where `got` differs from `want` (the rebuilt values),
 * as text in why; 0 when they agree. */
static int first_difference(const prodi_eff *want, const prodi_eff *got, char *why, size_t cap)
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

int prodi_snaps_check(prodi_arena *a, const prodi_recipe *r, const prodi_eff *saved, char *why,
                      size_t cap)
{
    prodi_snap tmp;
    memset(&tmp, 0, sizeof tmp);
    if (build(&tmp, a, r, saved->recipe, &saved->mods) != 0)
        return -1;
    int differs = first_difference(&tmp.eff, saved, why, cap);
    prodi_arena_release(a, tmp.mem, arrays_bytes(tmp.eff.input_count, tmp.eff.output_count));
    return differs;
}

int prodi_snaps_adopt(prodi_snaps *s, prodi_arena *a, const prodi_eff *saved, uint32_t *ref)
{
    uint32_t id;
    if (take_record(s, a, &id) != 0)
        return -1;
    prodi_snap *p = &s->v[id];
    uint32_t next_free = p->next_free;
    prod_requirement *in;
    prod_output *out;
    if (alloc_arrays(p, a, saved->input_count, saved->output_count, &in, &out) != 0)
        return -1;
    memcpy(out, saved->outputs, saved->output_count * sizeof *out);
    memcpy(in, saved->inputs, saved->input_count * sizeof *in);
    p->eff.recipe = saved->recipe;
    p->eff.mods = saved->mods;
    p->eff.duration = saved->duration;
    commit_record(s, id, next_free, 0, 0);
    *ref = id;
    return 0;
}

void prodi_snaps_retain(prodi_snaps *s, uint32_t ref)
{
    if (!(ref & PRODI_SNAP_BASE))
        s->v[ref].refs++;
}

void prodi_snaps_release(prodi_snaps *s, prodi_arena *a, uint32_t ref)
{
    if (ref & PRODI_SNAP_BASE)
        return;
    prodi_snap *p = &s->v[ref];
    if (--p->refs > 0)
        return;
    if (p->indexed)
        prodi_u64map_del(&s->index, p->key_hash);
    prodi_arena_release(a, p->mem, arrays_bytes(p->eff.input_count, p->eff.output_count));
    p->mem = NULL;
    p->eff.outputs = NULL;
    p->eff.inputs = NULL;
    p->next_free = s->free_head;
    s->free_head = ref;
}

uint32_t prodi_snaps_count(const prodi_snaps *s, size_t *bytes)
{
    uint32_t n = 0;
    size_t b = 0;
    for (uint32_t i = 0; i < s->len; i++) {
        const prodi_snap *p = &s->v[i];
        if (!p->refs)
            continue;
        n++;
        b += sizeof *p + arrays_bytes(p->eff.input_count, p->eff.output_count);
    }
    *bytes = b + prodi_u64map_bytes_used(&s->index);
    return n;
}
