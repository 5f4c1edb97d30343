/* content.h - the recipes and items the demo world refers to, by string id,
 * resolved once against the loaded context. A recipe file given with
 * --recipes must contain at least these. */
#ifndef PRODHOST_CONTENT_H
#define PRODHOST_CONTENT_H

#include "production.h"

enum content_recipe {
    R_MINE_IRON, R_MINE_COAL, R_MINE_COPPER,
    R_IRON_INGOT, R_COPPER_INGOT, R_STEEL_INGOT,
    R_IRON_SWORD, R_STEEL_AXE, R_COPPER_WIRE,
    R_PLANK, R_SIFT_GRAVEL, R_CUT_GEM,
    R_COUNT
};

enum content_item {
    I_ENERGY, I_PICKAXE, I_IRON_ORE, I_COAL, I_COPPER_ORE,
    I_IRON_INGOT, I_COPPER_INGOT, I_STEEL_INGOT, I_HAMMER,
    I_IRON_SWORD, I_STEEL_AXE, I_COPPER_WIRE,
    I_LOG, I_PLANK, I_GRAVEL, I_SIEVE, I_STONE, I_GEM, I_CHISEL, I_CUT_GEM,
    I_COUNT
};

typedef struct content {
    prod_recipe_ix recipe[R_COUNT];
    prod_item_id item[I_COUNT];
} content;

/* 0 on success; -1 after printing which recipe or item is missing. */
int content_resolve(content *c, const prod_api *api, const prod_ctx *ctx, const char *source);

#endif
