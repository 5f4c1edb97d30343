/* content.c - string ids of the demo's recipes and items and their lookup. */
#include "content.h"

#include <stdio.h>

static const char *const RECIPE_IDS[R_COUNT] = {
    [R_MINE_IRON] = "mine_iron",       [R_MINE_COAL] = "mine_coal",
    [R_MINE_COPPER] = "mine_copper",   [R_IRON_INGOT] = "iron_ingot",
    [R_COPPER_INGOT] = "copper_ingot", [R_STEEL_INGOT] = "steel_ingot",
    [R_IRON_SWORD] = "iron_sword",     [R_STEEL_AXE] = "steel_axe",
    [R_COPPER_WIRE] = "copper_wire",   [R_PLANK] = "plank",
    [R_SIFT_GRAVEL] = "sift_gravel",   [R_CUT_GEM] = "cut_gem",
};

static const char *const ITEM_IDS[I_COUNT] = {
    [I_ENERGY] = "energy",         [I_PICKAXE] = "pickaxe",
    [I_IRON_ORE] = "iron_ore",     [I_COAL] = "coal",
    [I_COPPER_ORE] = "copper_ore", [I_IRON_INGOT] = "iron_ingot",
    [I_COPPER_INGOT] = "copper_ingot", [I_STEEL_INGOT] = "steel_ingot",
    [I_HAMMER] = "hammer",         [I_IRON_SWORD] = "iron_sword",
    [I_STEEL_AXE] = "steel_axe",   [I_COPPER_WIRE] = "copper_wire",
    [I_LOG] = "log",               [I_PLANK] = "plank",
    [I_GRAVEL] = "gravel",         [I_SIEVE] = "sieve",
    [I_STONE] = "stone",           [I_GEM] = "gem",
    [I_CHISEL] = "chisel",         [I_CUT_GEM] = "cut_gem",
};

int content_resolve(content *c, const prod_api *api, const prod_ctx *ctx, const char *source)
{
    for (int i = 0; i < R_COUNT; i++) {
        if (api->recipe_find(ctx, RECIPE_IDS[i], &c->recipe[i]) != PROD_OK) {
            fprintf(stderr, "prodhost: the demo needs recipe \"%s\", which %s does not define\n",
                    RECIPE_IDS[i], source);
            return -1;
        }
    }
    for (int i = 0; i < I_COUNT; i++) {
        if (api->item_find(ctx, ITEM_IDS[i], &c->item[i]) != PROD_OK) {
            fprintf(stderr, "prodhost: the demo needs item \"%s\", which %s does not mention\n",
                    ITEM_IDS[i], source);
            return -1;
        }
    }
    return 0;
}
