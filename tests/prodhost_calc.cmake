# prodhost chain's calculator options over the converted game data
# (-DCONV, written by the conv_* fixtures): a rate with machines (150
# electronic circuits per minute with assembling machine 3 and steel
# furnaces: 1 assembler, 1.5 cable assemblers, 6 + 4 furnaces, as Kirk
# McDonald's calculator shows), exact fractions (3/2 copper ore per
# circuit), the per-item graph as DOT, SpaceTraders resolved with its own
# raw materials (--raw-category extraction, or the 16 rawMaterials by
# name), recipe preference and make/buy overrides, stacked bonuses, an item
# dataconv left unmade refused, bad values and options the mode would not
# read refused as usage errors (exit 2) with a message.
include(${CMAKE_CURRENT_LIST_DIR}/prodhost_run.cmake)

set(F --recipes ${CONV}/factorio_1_1.json)
set(ST --recipes ${CONV}/spacetraders.json)

run(rate ${F} chain electronic-circuit --rate 150/min --machine crafting=1.25:375
    --machine smelting=2 --exact --belt 15)
check("circuit assemblers: ${rate}" rate MATCHES "\n  electronic-circuit +runs 5/2/s, machines 1 [(]build 1[)]")
check("cable assemblers: ${rate}" rate MATCHES "\n  copper-cable +runs 15/4/s, machines 3/2 [(]build 2[)]")
check("copper furnaces: ${rate}" rate MATCHES "\n  copper-plate +runs 15/4/s, machines 6 [(]build 6[)]")
check("iron furnaces: ${rate}" rate MATCHES "\n  iron-plate +runs 5/2/s, machines 4 [(]build 4[)]")
check("belts: ${rate}" rate MATCHES "\ncopper-cable [^\n]* 0.5 belts")
check("power: ${rate}" rate MATCHES "power 937.5 kW")

run(exact ${F} chain electronic-circuit --exact)
check("exact copper ore: ${exact}" exact MATCHES "\ncopper-ore +raw +- +0 +3/2 +0  whole runs: 0 made, 2 used")

run(dot ${F} chain uranium-fuel-cell --units 10 --graph --format dot)
check("dot header: ${dot}" dot MATCHES "^digraph flow {\n")
check("dot end: ${dot}" dot MATCHES "\n}\n$")
check("dot raw ore: ${dot}" dot MATCHES "shape=ellipse, label=\"uranium-ore\\\\nraw 1428.57")
check("dot one processing node: ${dot}" dot MATCHES "uranium-processing x143 runs")
check("dot byproduct edge: ${dot}" dot MATCHES "style=dashed, label=\"141.857\"")
string(REGEX MATCHALL "shape=" nodes "${dot}")
list(LENGTH nodes n_nodes)
check("dot: each item once (${n_nodes})" n_nodes EQUAL 6)

run(tree ${ST} chain ADVANCED_CIRCUITRY --raw-category extraction --prices none)
check("spacetraders by category: ${tree}" tree MATCHES "\ndepth 3, 9 nodes")
run(tree ${ST} chain SHIP_PLATING --raw IRON_ORE,COPPER_ORE,ALUMINUM_ORE,SILVER_ORE,GOLD_ORE
    --raw PLATINUM_ORE,URANITE_ORE,MERITIUM_ORE,QUARTZ_SAND,SILICON_CRYSTALS,AMMONIA_ICE
    --raw ICE_WATER,PRECIOUS_STONES,DIAMONDS,HYDROCARBON,LIQUID_HYDROGEN --raw LIQUID_NITROGEN
    --prices none)
check("spacetraders by name: ${tree}" tree MATCHES "^SHIP_PLATING x1 make")

run(pref ${F} chain advanced-circuit --prefer advanced-oil-processing --format flat --prices none)
check("prefer: ${pref}" pref MATCHES "\n  water +50")
run(buy ${F} chain electronic-circuit --buy copper-cable --format flat --prices none)
check("buy: ${buy}" buy MATCHES "\n  copper-cable +3")
run(make ${ST} chain FAB_MATS --raw-category extraction --strategy buy-if-sold --make FAB_MATS,IRON)
check("make override: ${make}" make MATCHES "- IRON x1 make")
set(E --recipes ${CONV}/eve.json)
run(golem ${E} chain Golem --me 1 --bonus 1 --bonus 4.2 --format flat)
check("golem morphite: ${golem}" golem MATCHES "direct inputs:.*
  Morphite +916
")
run(cme ${E} chain "Acolyte I" --category-me manufacturing=10 --format flat)
check("category ME: ${cme}" cme MATCHES "
  Tritanium +424
")

run_fails("dataconv skipped its only recipe" --recipes ${CONV}/over_limit.json chain gear-box)
run_fails("--raw: no item \"plutonium\"" ${F} chain electronic-circuit --raw plutonium)
# usage errors exit 2 (args.h), bad numbers included
run_usage("--me needs a whole number, got \"12.75\" \\(fractional reductions: --bonus\\)"
          ${F} chain electronic-circuit --me 12.75)
run_usage("--runs needs a whole number in 0..1000000000, got \"1.5\"" ${F} chain electronic-circuit --runs 1.5)
run_usage("--rate needs AMOUNT/s or AMOUNT/min" ${F} chain electronic-circuit --rate 150)
run_usage("--units needs a whole number in 1..[0-9]+, got \"0\"" ${F} chain electronic-circuit --units 0)
run_usage("--machine needs" ${F} chain electronic-circuit --rate 1/s --machine crafting=fast)
run_usage("--category-me needs CATEGORY=ME" ${F} chain electronic-circuit --category-me crafting)
run_usage("--bonus needs a percentage in 0..100" ${F} chain electronic-circuit --bonus 101)
run_usage("--graph is not an option of econ" ${F} econ electronic-circuit --graph)
# options the chosen mode would not read are refused, never ignored
run_usage("--weight weighs the raw inputs of --optimize" ${F} chain plastic-bar --weight water=0)
run_usage("--belt counts belts of a rate" ${F} chain electronic-circuit --graph --belt 15)
run_usage("--units and --rate are two amounts" ${F} chain electronic-circuit --units 3 --rate 1/s)
run_usage("--machine is read by the per-item graph" ${F} chain electronic-circuit --machine crafting=1.25)
run_usage("--runs counts whole runs of the tree" ${F} chain electronic-circuit --runs 2 --graph)
run_usage("--prefer picks recipes and --optimize" ${F} chain plastic-bar --rate 1/s --optimize min-raw
          --prefer plastic-bar)

# --optimize: the LP's recipe mix (or, built without CLP, a clear refusal)
if(HAVE_LP)
  run(lp ${F} chain plastic-bar --rate 10/s --optimize min-raw --weight water=0 --prices none)
  check("optimize: ${lp}" lp MATCHES "\nsolver [(]floating-point[)] figures")
else()
  run_fails("without an LP solver" ${F} chain plastic-bar --rate 10/s --optimize min-raw)
endif()
run_usage("bad value \"cheap\" for --optimize: choose min-raw or min-cost" ${F} chain plastic-bar
          --optimize cheap)
