/* spacetraders_recipes.h - the SpaceTraders map of seeds 001 and 002 as
 * recipe JSON (every step one run of 1 s), loaded by the coordinator tests'
 * world (testworld.c) and the coordinator fuzzer (fuzz/coord_driver.c):
 * ADVANCED_CIRCUITRY, ELECTRONICS, MICROPROCESSORS, COPPER, MACHINERY,
 * LASER_RIFLES; raw: SILICON_CRYSTALS, COPPER_ORE, IRON, DIAMONDS, PLATINUM. */
#ifndef PROD_SPACETRADERS_RECIPES_H
#define PROD_SPACETRADERS_RECIPES_H

#define ST_STEP(out, ins)                                                                          \
    "{\"id\":\"make_" out "\",\"inputs\":[" ins "],\"outputs\":[{\"item\":\"" out               \
    "\",\"qty\":1}],\"duration_ms\":1000}"
#define ST_IN(item) "{\"item\":\"" item "\",\"qty\":1}"

#define SPACETRADERS_RECIPES                                                                       \
    "{\"recipes\":["                                                                               \
    ST_STEP("ADVANCED_CIRCUITRY", ST_IN("ELECTRONICS") "," ST_IN("MICROPROCESSORS")) ","          \
    ST_STEP("ELECTRONICS", ST_IN("SILICON_CRYSTALS") "," ST_IN("COPPER")) ","                     \
    ST_STEP("MICROPROCESSORS", ST_IN("SILICON_CRYSTALS") "," ST_IN("COPPER")) ","                 \
    ST_STEP("COPPER", ST_IN("COPPER_ORE")) ","                                                    \
    ST_STEP("MACHINERY", ST_IN("IRON")) ","                                                       \
    ST_STEP("LASER_RIFLES", ST_IN("DIAMONDS") "," ST_IN("PLATINUM") "," ST_IN("ADVANCED_CIRCUITRY")) \
    "]}"

#endif
