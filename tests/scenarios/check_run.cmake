# Runs `nrf53sim run SCENARIO --set build=BUILD [ARGS]` and checks its exit
# code and output (stdout and stderr together):
#   cmake -DEXE=... -DBUILD=... -DSCENARIO=... -DEXIT=n [-DMATCH=regex] [-DREPEAT=1] [-DARGS=a^^b]
#         [-DCHECK_SKIPPED=1] -P check_run.cmake
# REPEAT: run it twice and require identical output apart from the host time.
# A scenario skipped for an absent requirement prints its SKIP line and
# nothing is checked (the test's SKIP_REGULAR_EXPRESSION reports it skipped),
# unless CHECK_SKIPPED: the test is about skipping.
string(REPLACE "^^" ";" ARGS "${ARGS}")
function(run_once out_var)
  execute_process(COMMAND ${EXE} run ${SCENARIO} --set build=${BUILD} ${ARGS}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_var} "${out}${err}" PARENT_SCOPE)
  # A scenario skipped for an absent requirement exits 0, whatever its run
  # is expected to exit with.
  if(NOT CHECK_SKIPPED AND "${out}${err}" MATCHES "(^|\n)SKIP [^\n]*which is absent")
    return()
  endif()
  if(NOT code STREQUAL EXIT)
    message(FATAL_ERROR "exit code ${code}, expected ${EXIT}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  endif()
endfunction()

run_once(first)
if(NOT CHECK_SKIPPED AND first MATCHES "(^|\n)(SKIP [^\n]*which is absent[^\n]*)")
  message("${CMAKE_MATCH_2}")
  return()
endif()
if(DEFINED MATCH AND NOT first MATCHES "${MATCH}")
  message(FATAL_ERROR "output does not match \"${MATCH}\":\n${first}")
endif()
if(REPEAT)
  run_once(second)
  string(REGEX REPLACE "host [0-9.]+ s" "host <t>" first "${first}")
  string(REGEX REPLACE "host [0-9.]+ s" "host <t>" second "${second}")
  if(NOT first STREQUAL second)
    message(FATAL_ERROR "two runs differ:\n--- first:\n${first}\n--- second:\n${second}")
  endif()
endif()
