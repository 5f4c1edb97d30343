# ctest fuzz_corpus_current (and fuzz_coord_corpus_current): the seed writer
# MAKE (make_corpus, make_coord_corpus) writes its seed saves into OUT, at
# least MIN of them; each must be in CORPUS byte for byte. A failure means
# the format or the writer changed: run `MAKE CORPUS` (older formats' seeds
# stay beside the new ones) and commit the new seeds.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${MAKE} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${MAKE} failed (${rc})")
endif()
file(GLOB seeds RELATIVE ${OUT} ${OUT}/*.msgpack)
list(LENGTH seeds n)
if(n LESS MIN)
  message(FATAL_ERROR "${MAKE} wrote ${n} seeds, expected ${MIN}")
endif()
foreach(seed ${seeds})
  if(NOT EXISTS ${CORPUS}/${seed})
    message(FATAL_ERROR "${seed} is not in ${CORPUS}: regenerate the corpus")
  endif()
  file(READ ${OUT}/${seed} made HEX)
  file(READ ${CORPUS}/${seed} kept HEX)
  if(NOT made STREQUAL kept)
    message(FATAL_ERROR "${seed} differs from ${CORPUS}/${seed}: regenerate the corpus")
  endif()
endforeach()
message(STATUS "${n} seeds current")
