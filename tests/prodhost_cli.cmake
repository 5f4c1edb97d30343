# prodhost's command-line conventions (host-stub/cli/args.h): --help on
# every subcommand and --version (exit 0, on stdout), exit 2 for every usage
# error (an unknown option, one the subcommand does not use, a bad value
# with the valid choices listed, a missing operand), exit 1 for failures with
# a message in a user's words, --format json where it is offered, and
# `check` listing every bad recipe with its line and column.
# -DPRODHOST, -DRECIPES (the SpaceTraders chain file), -DBAD (a recipe file
# with four errors), -DWORK (a scratch directory).
set(global --recipes ${RECIPES}) # prodhost's options before the command
function(expect code out_regex err_regex)
  execute_process(COMMAND ${PRODHOST} ${global} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc STREQUAL "${code}" OR NOT o MATCHES "${out_regex}" OR NOT e MATCHES "${err_regex}")
    message(FATAL_ERROR "prodhost ${ARGN}: expected exit ${code}, stdout ~ '${out_regex}', "
                        "stderr ~ '${err_regex}'; got ${rc}\nstdout: ${o}\nstderr: ${e}")
  endif()
  set(last_out "${o}" PARENT_SCOPE)
endfunction()

# --- help and version
expect(0 "^usage: prodhost .*commands:\n  demo .*  check FILE.*exit status: 0 done, 1 failed" "^$" --help)
foreach(cmd demo inspect soak verify chain econ opportunities check)
  expect(0 "^usage: prodhost [^\n]*\n  ${cmd} " "^$" ${cmd} --help)
endforeach()
expect(0 "usage: prodhost.*\n  chain ITEM" "^$" chain MACHINERY -h)
expect(0 "^prodhost [0-9]+\\.[0-9]+\\.[0-9]+ \\(built against ABI 1\\.[0-9]+\\)\nplugin .*: production [0-9.]+, ABI 1\\.[0-9]+\n$" "^$" --version)

# --- usage errors: exit 2, what is wrong, where the help is
set(help_hint "\nrun \"prodhost [a-z]+ --help\" for usage\n$")
expect(2 "^$" "^prodhost: unknown command \"bogus\"\nrun \"prodhost --help\" for usage" bogus)
expect(2 "^$" "no command given" )
expect(2 "^$" "--chunks is not an option \\(options of a command come after it\\)" --chunks 2 demo)
expect(2 "^$" "^prodhost demo: --bogus is not an option of demo${help_hint}" demo --bogus 1)
expect(2 "^$" "^prodhost inspect: --bogus is not an option of inspect${help_hint}" inspect --bogus)
expect(2 "^$" "^prodhost soak: --round is not an option of soak" soak --db x.db --round 1)
expect(2 "^$" "^prodhost verify: --rounds is not an option of verify" verify --db x.db --rounds 1)
expect(2 "^$" "^prodhost chain: --rank is not an option of chain" chain MACHINERY --rank roi)
expect(2 "^$" "^prodhost econ: --strategy is not an option of econ" econ MACHINERY --strategy make)
expect(2 "^$" "^prodhost opportunities: --strategy is not an option of opportunities" opportunities --strategy make)
expect(2 "^$" "^prodhost check: --bogus is not an option of check" check --bogus)
expect(2 "^$" "bad value \"svg\" for --format: choose tree, flat, json or dot${help_hint}" chain MACHINERY --format svg)
expect(2 "^$" "bad value \"dot\" for --format: choose text or json" econ MACHINERY --format dot)
expect(2 "^$" "bad value \"best\" for --rank: choose profit or roi" opportunities --rank best)
expect(2 "^$" "bad value \"xml\" for --format: choose text or json" demo --format xml)
expect(2 "^$" "bad value \"fast\" for --strategy: choose make, buy-if-sold, adaptive or min-cost" chain MACHINERY --strategy fast)
expect(2 "^$" "--chunks needs a whole number in 1\\.\\.65536, got \"0\"" demo --chunks 0)
expect(2 "^$" "--runs needs a whole number in .*, got \"1\\.5\"" chain MACHINERY --runs 1.5)
expect(2 "^$" "--me needs a value" chain MACHINERY --me)
expect(2 "^$" "an ITEM is needed" econ)
expect(2 "^$" "unexpected argument \"B\"" chain A B)
expect(2 "^$" "needs DB and CHUNK" inspect x.db)
expect(2 "^$" "--db PATH is required" verify)
expect(2 "^$" "needs at least one FILE" check)

# --- failures: exit 1, in a user's words
expect(1 "^$" "no item \"NOSUCH\" in the recipes" chain NOSUCH)
expect(1 "^$" "^prodhost econ: this needs market prices and --prices none gives none" econ SHIP_PARTS --prices none)
expect(1 "^$" "cannot open prices file" econ SHIP_PARTS --prices ${WORK}/none.json)

# --- check: every bad recipe, with line and column; a good file is ok
expect(1 "^${BAD}:3:47: recipe \"b\": inputs\\[0\\]\\.qty must be an integer >= 1 \\(got 0\\)\n${BAD}:5:51: recipe \"c\": outputs\\[0\\] unknown key \"probabilty\" \\(did you mean \"probability\"\\?\\)\n${BAD}:6:3: recipe #3: id is missing \\(must be a string\\)\n${BAD}:7:10: recipe \"a\": id is already used by an earlier recipe\n${BAD}: 4 errors\n${RECIPES}: ok, [0-9]+ recipes" "^$" check ${BAD} ${RECIPES})
file(WRITE ${WORK}/syntax.json "[{\"id\": \"a\",}]")
expect(1 "syntax.json: JSON syntax error at byte offset 13 \\(line 1, column 14\\)\n.*syntax.json: 1 error\n" "^$" check ${WORK}/syntax.json)

# --- --format json
expect(0 "" "" econ SHIP_PARTS --format json)
string(JSON item GET "${last_out}" item)
string(JSON total GET "${last_out}" total_cost)
string(JSON sell GET "${last_out}" sell_price)
if(NOT item STREQUAL "SHIP_PARTS" OR NOT total GREATER 0 OR sell STREQUAL "")
  message(FATAL_ERROR "econ json: ${last_out}")
endif()
expect(0 "" "" econ ADVANCED_CIRCUITRY --format json)
string(JSON sell TYPE "${last_out}" sell_price)
if(NOT sell STREQUAL "NULL")
  message(FATAL_ERROR "econ json: a missing sell price must be null: ${last_out}")
endif()
expect(0 "" "" opportunities --limit 3 --format json)
string(JSON n LENGTH "${last_out}")
string(JSON rank GET "${last_out}" 2 rank)
if(NOT n EQUAL 3 OR NOT rank EQUAL 3)
  message(FATAL_ERROR "opportunities json: ${last_out}")
endif()
file(REMOVE ${WORK}/cli.db ${WORK}/cli.db-wal ${WORK}/cli.db-shm)
execute_process(COMMAND ${PRODHOST} demo --chunks 4 --minutes 2 --db ${WORK}/cli.db --format json
                RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
string(JSON chunks GET "${o}" chunks)
string(JSON balance GET "${o}" audit balance_ok)
string(JSON started GET "${o}" events started)
string(JSON saves GET "${o}" stream saves)
if(NOT rc EQUAL 0 OR NOT chunks EQUAL 4 OR NOT balance OR NOT started GREATER 0 OR NOT saves EQUAL 1)
  message(FATAL_ERROR "demo --format json (${rc}): ${o}${e}")
endif()
set(global "") # the demo's own recipes
expect(0 "" "" verify --db ${WORK}/cli.db --format json)
string(JSON ok GET "${last_out}" ok)
string(JSON verified GET "${last_out}" chunks)
if(NOT ok OR NOT verified EQUAL 4)
  message(FATAL_ERROR "verify json: ${last_out}")
endif()
expect(1 "^$" "cannot open store" verify --db ${WORK}/missing-dir/none.db --format json)
message(STATUS "prodhost command line as specified")
