/* snapshot.h - interned effective values of a job: recipe + modifiers ->
 * effective inputs, outputs and duration. Jobs with the same recipe and
 * modifiers share one refcounted snapshot instead of copying arrays. */
#ifndef PRODI_SNAPSHOT_H
#define PRODI_SNAPSHOT_H

#include "core/arena.h"
#include "core/hashmap.h"
#include "core/registry.h"

typedef struct prodi_snap {
    prod_modifiers mods;
    int64_t duration;
    prod_requirement *inputs;  /* effective; one allocation holds both arrays */
    prod_output *outputs;
    prod_recipe_ix recipe;
    uint32_t input_count;
    uint32_t output_count;
    uint32_t refs;             /* 0 = free record; next_free links it */
    uint32_t next_free;
    uint32_t indexed;          /* 1 if `index` maps key_hash to this record */
    uint64_t key_hash;
} prodi_snap;

typedef struct prodi_snaps {
    prodi_snap *v;
    uint32_t len;
    size_t cap;
    uint32_t free_head;        /* UINT32_MAX when none */
    prodi_u64map index;         /* key_hash -> record */
} prodi_snaps;

void prodi_snaps_init(prodi_snaps *s);
void prodi_snaps_free(prodi_snaps *s, prodi_arena *a);
/* Find or create the snapshot for (recipe, mods) and take a reference.
 * 0 on success, -1 on OOM (nothing changed). */
int prodi_snaps_acquire(prodi_snaps *s, prodi_arena *a, const prodi_recipe *r, prod_recipe_ix ix,
                        const prod_modifiers *mods, uint32_t *out);
/* Whether `saved` (mods, duration, inputs, outputs, from saved state) is what
 * recipe r builds under saved->mods: 0 when it is, 1 with the first
 * difference described in why when it is not, -1 on OOM. */
int prodi_snaps_check(prodi_arena *a, const prodi_recipe *r, const prodi_snap *saved, char *why,
                      size_t cap);
/* A record holding saved effective values (copied from `saved`: mods,
 * duration, inputs, outputs, counts, recipe) with one reference for the
 * caller, outside the interning index: for jobs whose recipe is no longer
 * loaded, so no new job ever picks such values up. 0, or -1 on OOM. */
int prodi_snaps_adopt(prodi_snaps *s, prodi_arena *a, const prodi_snap *saved, uint32_t *out);
void prodi_snaps_retain(prodi_snaps *s, uint32_t id);
void prodi_snaps_release(prodi_snaps *s, prodi_arena *a, uint32_t id);
static inline const prodi_snap *prodi_snaps_get(const prodi_snaps *s, uint32_t id)
{
    return &s->v[id];
}

#endif
