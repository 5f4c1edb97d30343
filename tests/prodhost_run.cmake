# prodhost_run.cmake - helpers the prodhost command-line tests share:
# run(out ARGS...) runs ${PRODHOST} ${PRODHOST_ARGS} ARGS and must exit 0
# (its stdout into out); run_fails(must ARGS...) must fail (exit 1) and
# run_usage(must ARGS...) be refused as a usage error (exit 2), each with
# stderr matching must; check(what COND...) fails with `what` unless COND
# holds.
function(run out)
  execute_process(COMMAND ${PRODHOST} ${PRODHOST_ARGS} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "prodhost ${ARGN} failed (${rc}): ${o}${e}")
  endif()
  set(${out} "${o}" PARENT_SCOPE)
endfunction()

function(run_exits code must)
  execute_process(COMMAND ${PRODHOST} ${PRODHOST_ARGS} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc STREQUAL "${code}" OR NOT e MATCHES "${must}")
    message(FATAL_ERROR "prodhost ${ARGN}: expected exit ${code} saying '${must}', got ${rc}: ${o}${e}")
  endif()
endfunction()

function(run_fails must)
  run_exits(1 "${must}" ${ARGN})
endfunction()

function(run_usage must)
  run_exits(2 "${must}" ${ARGN})
endfunction()

function(check what)
  if(NOT (${ARGN}))
    message(FATAL_ERROR "${what}")
  endif()
endfunction()
