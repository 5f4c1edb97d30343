# Runs -DCMD="prog;args..." and requires a clean failure: a non-zero exit
# code (not a crash by signal) and stderr matching -DREGEX.
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "${CMD}: expected a clean failure, got \"${rc}\"\n${out}${err}")
endif()
if(NOT err MATCHES "${REGEX}")
  message(FATAL_ERROR "${CMD}: stderr does not match \"${REGEX}\":\n${err}")
endif()
message(STATUS "failed as expected (${rc}): ${err}")
