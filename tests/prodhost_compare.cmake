# Runs prodhost twice (-DA="args;..." and -DB="args;...") and requires the
# same summary from both, apart from the "store:" line (which only says how
# often chunks went through the store), a balance line that says "ok", and a
# B output matching -DB_MUST (e.g. that chunks really were reloaded).
foreach(run A B)
  execute_process(COMMAND ${PRODHOST} ${${run}} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out_${run} ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "prodhost ${${run}} failed (${rc}):\n${out_${run}}\n${err}")
  endif()
  if(NOT out_${run} MATCHES "balance: [^\n]*\\(ok, equals the inventories\\)")
    message(FATAL_ERROR "prodhost ${${run}}: items do not balance:\n${out_${run}}")
  endif()
  string(REGEX REPLACE "store: [^\n]*\n" "" cmp_${run} "${out_${run}}")
endforeach()
if(NOT out_B MATCHES "${B_MUST}")
  message(FATAL_ERROR "prodhost ${B} output does not match \"${B_MUST}\":\n${out_B}")
endif()
if(NOT cmp_A STREQUAL cmp_B)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/compare_A.txt "${out_A}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/compare_B.txt "${out_B}")
  message(FATAL_ERROR "the summaries differ:\n--- ${A}\n${out_A}\n--- ${B}\n${out_B}")
endif()
message(STATUS "identical summaries (conservation, balance, event digest):\n${out_B}")
