# Runs -DCMD="prog;args..." and requires a clean success: exit code 0 and
# stdout matching -DREGEX. (ctest's PASS_REGULAR_EXPRESSION alone would
# ignore the exit code.)
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "${CMD}: expected exit code 0, got \"${rc}\"\n${out}${err}")
endif()
if(NOT out MATCHES "${REGEX}")
  message(FATAL_ERROR "${CMD}: stdout does not match \"${REGEX}\":\n${out}${err}")
endif()
message(STATUS "exit code 0, stdout matches \"${REGEX}\" (${CMAKE_MATCH_0})")
