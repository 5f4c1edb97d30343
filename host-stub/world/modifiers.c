/* modifiers.c - building levels, crafting skills and timed buffs, each a
 * ph_u64map, and the per-recipe "is smithing" flags the skill source needs. */
#include "modifiers.h"

#include <stdlib.h>

#include "ph_u64map.h"

#define SMITHING_CATEGORY "smithing"
#define BUFF_TIME_SPEED 0.5

struct mod_table {
    ph_u64map level;   /* manager_tag -> level */
    ph_u64map skill;   /* owner -> smithing << 32 | efficiency */
    ph_u64map buff;    /* owner -> expiry (game ms) */
    uint8_t *smithing; /* recipe index -> 1 if category "smithing" */
    uint32_t recipe_count;
};

mod_table *mod_table_create(void)
{
    mod_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    ph_u64map_init(&t->level);
    ph_u64map_init(&t->skill);
    ph_u64map_init(&t->buff);
    return t;
}

void mod_table_destroy(mod_table *t)
{
    if (!t)
        return;
    ph_u64map_free(&t->level);
    ph_u64map_free(&t->skill);
    ph_u64map_free(&t->buff);
    free(t->smithing);
    free(t);
}

int mod_table_load_categories(mod_table *t, const prod_api *api, const prod_ctx *ctx)
{
    uint32_t n = api->recipe_count(ctx), count = 0;
    const prod_recipe_ix *list = NULL;
    uint8_t *flags = calloc(n ? n : 1, 1);
    if (!flags)
        return -1;
    if (api->recipes_by_category(ctx, SMITHING_CATEGORY, &list, &count) == PROD_OK)
        for (uint32_t i = 0; i < count; i++)
            if (list[i] < n)
                flags[list[i]] = 1;
    free(t->smithing);
    t->smithing = flags;
    t->recipe_count = n;
    return 0;
}

static uint32_t clamp(uint32_t v, uint32_t max) { return v < max ? v : max; }

int mod_set_level(mod_table *t, uint64_t manager_tag, uint32_t level)
{
    return ph_u64map_put(&t->level, manager_tag, clamp(level, MOD_LEVEL_MAX));
}

int mod_set_skill(mod_table *t, uint64_t owner, uint32_t smithing, uint32_t efficiency)
{
    uint64_t packed = (uint64_t)clamp(smithing, MOD_SKILL_MAX) << 32;
    packed |= clamp(efficiency, MOD_SKILL_MAX);
    return ph_u64map_put(&t->skill, owner, packed);
}

int mod_set_buff(mod_table *t, uint64_t owner, int64_t expiry)
{
    return ph_u64map_put(&t->buff, owner, (uint64_t)expiry);
}

static void building_mods(const mod_table *t, uint64_t tag, prod_modifiers *out)
{
    uint64_t level = 0;
    ph_u64map_get(&t->level, tag, &level);
    out->input_cost = 1.0 - 0.05 * (double)level;
    out->time_speed = 1.0 - 0.10 * (double)level;
}

static void skill_mods(const mod_table *t, uint64_t owner, prod_recipe_ix recipe,
                       prod_modifiers *out)
{
    uint64_t packed = 0;
    if (recipe >= t->recipe_count || !t->smithing[recipe] ||
        !ph_u64map_get(&t->skill, owner, &packed))
        return;
    out->input_cost = 1.0 - 0.02 * (double)(packed & 0xFFFFFFFFu);
    out->output_yield = 1.0 + 0.03 * (double)(packed >> 32);
}

static void buff_mods(const mod_table *t, uint64_t owner, int64_t now, prod_modifiers *out)
{
    uint64_t expiry = 0;
    if (ph_u64map_get(&t->buff, owner, &expiry) && now < (int64_t)expiry)
        out->time_speed = BUFF_TIME_SPEED;
}

int32_t mod_table_get(const mod_table *t, uint32_t source, uint64_t manager_tag, uint64_t owner,
                      prod_recipe_ix recipe, int64_t now, prod_modifiers *out)
{
    switch (source) {
    case MOD_SOURCE_BUILDING:
        building_mods(t, manager_tag, out);
        return 0;
    case MOD_SOURCE_SKILL:
        skill_mods(t, owner, recipe, out);
        return 0;
    case MOD_SOURCE_BUFF:
        buff_mods(t, owner, now, out);
        return 0;
    default:
        return -1;
    }
}
