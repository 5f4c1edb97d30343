# prodhost chain / econ / opportunities against the SpaceTraders recipe file
# (-DRECIPES) and the market snapshot (the default prices file): the tree,
# JSON and DOT forms of the ADVANCED_CIRCUITRY chain agree with each other
# and with the design document (depth 3, raw SILICON_CRYSTALS and
# COPPER_ORE), MACHINERY is bought when a market sells it, DOT is well
# formed (every edge joins declared nodes, one edge per non-root node),
# econ's numbers add up, opportunities are ranked and filtered, and bad
# input fails with a message.
set(PRODHOST_ARGS --recipes ${RECIPES})
include(${CMAKE_CURRENT_LIST_DIR}/prodhost_run.cmake)

# --- tree
run(tree chain ADVANCED_CIRCUITRY --runs 2)
check("tree root: ${tree}" tree MATCHES "^ADVANCED_CIRCUITRY x2 make via make_advanced_circuitry")
check("tree leaves: ${tree}" tree MATCHES "\n      - COPPER_ORE x[0-9]+ raw")
check("tree summary: ${tree}" tree MATCHES "\ndepth 3, 9 nodes")

# --- JSON: the same tree
run(json chain ADVANCED_CIRCUITRY --runs 2 --format json)
string(JSON depth GET "${json}" max_depth)
string(JSON nodes LENGTH "${json}" nodes)
string(JSON raw_n LENGTH "${json}" raw)
check("json depth ${depth}" depth EQUAL 3)
check("json nodes ${nodes}" nodes EQUAL 9)
check("json raw count ${raw_n}" raw_n EQUAL 2)
set(raw_items "")
math(EXPR last "${raw_n} - 1")
foreach(i RANGE ${last})
  string(JSON it GET "${json}" raw ${i} item)
  list(APPEND raw_items ${it})
endforeach()
list(SORT raw_items)
string(JOIN "," raw_items ${raw_items})
check("json raw ${raw_items}" raw_items STREQUAL "COPPER_ORE,SILICON_CRYSTALS")
math(EXPR last "${nodes} - 1")
foreach(i RANGE 1 ${last})
  string(JSON parent GET "${json}" nodes ${i} parent)
  string(JSON d GET "${json}" nodes ${i} depth)
  string(JSON pd GET "${json}" nodes ${parent} depth)
  math(EXPR pd1 "${pd} + 1")
  check("json node ${i}: depth ${d}, parent depth ${pd}" parent LESS i AND d EQUAL pd1)
endforeach()

# --- DOT: well formed, one edge into every node but the root
run(dot chain ADVANCED_CIRCUITRY --format dot)
check("dot header: ${dot}" dot MATCHES "^digraph chain {\n")
check("dot end: ${dot}" dot MATCHES "\n}\n$")
string(REGEX MATCHALL "  n[0-9]+ \\[label=\"[A-Z_]+\\\\nx[0-9]+ (make|buy|raw)\"(, style=dashed)?\\]" decls "${dot}")
string(REGEX MATCHALL "  n[0-9]+ -> n[0-9]+ \\[label=\"[0-9]+\"\\]" edges "${dot}")
list(LENGTH decls n_decls)
list(LENGTH edges n_edges)
check("dot nodes ${n_decls}" n_decls EQUAL 9)
check("dot edges ${n_edges}" n_edges EQUAL 8)
foreach(edge ${edges})
  string(REGEX MATCH "n([0-9]+) -> n([0-9]+)" m "${edge}")
  check("dot edge ${edge} joins undeclared nodes"
        CMAKE_MATCH_1 LESS n_decls AND CMAKE_MATCH_2 LESS n_decls)
endforeach()
string(REGEX REPLACE "[^{}]" "" braces "${dot}")
check("dot braces ${braces}" braces STREQUAL "{}")

# --- make or buy: MACHINERY is exported by a market
run(machinery chain MACHINERY --strategy buy-if-sold)
check("machinery bought: ${machinery}" machinery MATCHES "^MACHINERY x1 buy  cost [0-9.]+\ndepth 0, 1 nodes")
run(machinery chain MACHINERY)
check("machinery made: ${machinery}" machinery MATCHES "^MACHINERY x1 make.*\n  - IRON x4 make")

# --- econ: every figure present; missing market data is said, not guessed
run(econ econ SHIP_PARTS)
foreach(key "material cost" "job cost" "total cost" "sell price" "profit \\(sell\\)" "ROI \\(sell\\) %")
  check("econ ${key}: ${econ}" econ MATCHES "\n  ${key} +-?[0-9]+\\.[0-9][0-9]\n")
endforeach()
run(econ econ ADVANCED_CIRCUITRY) # exported by one market, imported by none
check("econ no sell market: ${econ}" econ MATCHES "\n  sell price +\\(no market data\\)\n")
check("econ buy price: ${econ}" econ MATCHES "\n  buy price +[0-9]+\\.[0-9][0-9]\n")

# --- opportunities: ranked, limited, filtered
function(rows text col out) # values of column col (0 = rank) of the table rows
  string(REGEX MATCHALL "\n[0-9]+ +[A-Z_]+ +[-0-9. ]+" lines "${text}")
  set(vals "")
  foreach(line ${lines})
    string(STRIP "${line}" line)
    string(REGEX REPLACE " +" ";" fields "${line}")
    list(GET fields ${col} v)
    list(APPEND vals ${v})
  endforeach()
  set(${out} "${vals}" PARENT_SCOPE)
endfunction()
run(opp opportunities --limit 3)
rows("${opp}" 4 profits)
list(LENGTH profits n)
check("opportunities --limit 3: ${opp}" n EQUAL 3 AND opp MATCHES "\n3 opportunities\n")
list(GET profits 0 p0)
list(GET profits 1 p1)
list(GET profits 2 p2)
check("ranked by profit: ${profits}" NOT p0 LESS p1 AND NOT p1 LESS p2)
run(all opportunities)
run(opp opportunities --rank roi --min-roi 500)
rows("${opp}" 5 rois)
rows("${all}" 5 all_rois)
set(expect 0)
foreach(r ${all_rois})
  if(NOT r LESS 500)
    math(EXPR expect "${expect} + 1")
  endif()
endforeach()
list(LENGTH rois n)
check("--min-roi 500 keeps ${expect} of ${all_rois}: ${opp}" n EQUAL expect AND n GREATER 0)
set(prev "")
foreach(r ${rois})
  check("ROI ${r} below the filter" NOT r LESS 500)
  if(prev)
    check("ranked by ROI: ${rois}" NOT prev LESS r)
  endif()
  set(prev ${r})
endforeach()

# --- bad input
run_fails("no item \"NOSUCH\"" chain NOSUCH)
run_fails("ME and TE must be in 0..100" chain MACHINERY --me 101)
run_fails("runs must be >= 1" chain MACHINERY --runs 0)
run_usage("bad value \"svg\" for --format" chain MACHINERY --format svg)
run_usage("bad value \"ree\" for --format" chain MACHINERY --format ree)
run_fails("cannot open prices file" econ MACHINERY --prices /nonexistent/prices.json)
