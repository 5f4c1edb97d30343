# prodhost demo --metrics: the file is Prometheus text (a HELP and a TYPE line
# per metric, then one sample per chunk, labelled chunk="X,Y"), and the event
# counters of each chunk (the host acting near the player, --view 1) are the
# same whether its managers stayed loaded, were unloaded and reloaded from
# the store, or lived through a hot plugin reload (the host banks a
# manager's counters before destroying it).
function(run_demo out_file)
  execute_process(COMMAND ${PRODHOST} demo --chunks 9 --minutes 4 --quiet ${ARGN}
                          --metrics ${out_file}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "demo ${ARGN} failed (${rc}): ${out}${err}")
  endif()
endfunction()

# The counter samples (the *_total lines) of a metrics file, as one string.
function(counters file out)
  file(STRINGS ${file} lines REGEX "^prod_[a-z_]+_total\\{chunk=\"-?[0-9]+,-?[0-9]+\"\\} [0-9]+$")
  list(JOIN lines "\n" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

file(REMOVE ${DIR}/metrics.db ${DIR}/metrics.db-wal ${DIR}/metrics.db-shm)
run_demo(${DIR}/plain.prom --view 1)
run_demo(${DIR}/unload.prom --view 1 --unload-every 2 --db ${DIR}/metrics.db)
run_demo(${DIR}/reload.prom --view 1 --reload-at 2)

file(STRINGS ${DIR}/plain.prom all)
list(LENGTH all n_lines)
file(STRINGS ${DIR}/plain.prom types REGEX "^# TYPE prod_[a-z_]+ (counter|gauge)$")
file(STRINGS ${DIR}/plain.prom samples REGEX "^prod_[a-z_]+\\{chunk=\"-?[0-9]+,-?[0-9]+\"\\} [0-9]+$")
list(LENGTH types n_types)
list(LENGTH samples n_samples)
math(EXPR want "${n_types} * 2 + ${n_samples}")
math(EXPR want_samples "${n_types} * 9")
if(n_types LESS 13 OR NOT n_samples EQUAL want_samples OR NOT n_lines EQUAL want)
  message(FATAL_ERROR "not Prometheus text as described: ${n_types} TYPE lines, "
                      "${n_samples} samples, ${n_lines} lines")
endif()
string(REGEX MATCH "prod_cycles_completed_total\\{chunk=\"0,0\"\\} ([0-9]+)" m "${samples}")
if(NOT CMAKE_MATCH_1 GREATER 0)
  message(FATAL_ERROR "chunk 0,0 completed nothing:\n${samples}")
endif()

counters(${DIR}/plain.prom plain)
counters(${DIR}/unload.prom unload)
counters(${DIR}/reload.prom reload)
if(NOT plain STREQUAL unload OR NOT plain STREQUAL reload)
  message(FATAL_ERROR "counters differ\nplain:\n${plain}\nunload:\n${unload}\nreload:\n${reload}")
endif()
message(STATUS "metrics: ${n_samples} samples, counters equal across unload and reload")
