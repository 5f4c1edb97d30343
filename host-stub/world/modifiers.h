/* modifiers.h - the host's three modifier sources, after the design document:
 *   source 0  building level (keyed by manager_tag, i.e. the chunk's workshop):
 *             input_cost 1 - 0.05*level, time_speed 1 - 0.10*level
 *   source 1  crafting skill per owner, only for recipes of category
 *             "smithing": input_cost 1 - 0.02*efficiency,
 *             output_yield 1 + 0.03*smithing
 *   source 2  a timed buff per owner: time_speed 0.5 while now < expiry
 * The plugin multiplies the answers and snapshots them at job start. */
#ifndef PRODHOST_MODIFIERS_H
#define PRODHOST_MODIFIERS_H

#include <stdint.h>

#include "production.h"

#define MOD_SOURCE_BUILDING 0u
#define MOD_SOURCE_SKILL 1u
#define MOD_SOURCE_BUFF 2u
#define MOD_SOURCE_COUNT 3u

#define MOD_LEVEL_MAX 9u  /* keeps time_speed > 0 */
#define MOD_SKILL_MAX 40u /* keeps input_cost > 0 */

typedef struct mod_table mod_table;

mod_table *mod_table_create(void); /* NULL when out of memory */
void mod_table_destroy(mod_table *t);
/* Remember which recipes are "smithing" (recipes_by_category). 0 or -1. */
int mod_table_load_categories(mod_table *t, const prod_api *api, const prod_ctx *ctx);
/* Setters: 0 on success, -1 when out of memory. Levels and skills are clamped. */
int mod_set_level(mod_table *t, uint64_t manager_tag, uint32_t level);
int mod_set_skill(mod_table *t, uint64_t owner, uint32_t smithing, uint32_t efficiency);
int mod_set_buff(mod_table *t, uint64_t owner, int64_t expiry);

/* prod_host.get_modifiers: *out arrives as 1,1,1. 0 = answered, -1 = unknown source. */
int32_t mod_table_get(const mod_table *t, uint32_t source, uint64_t manager_tag, uint64_t owner,
                      prod_recipe_ix recipe, int64_t now, prod_modifiers *out);

#endif
