# Runs `nrf53sim run SCENARIO --set build=BUILD` and checks its exit code and
# output (stdout and stderr together):
#   cmake -DEXE=... -DBUILD=... -DSCENARIO=... -DEXIT=n [-DMATCH=regex] [-DREPEAT=1] -P check_run.cmake
# REPEAT: run it twice and require identical output apart from the host time.
function(run_once out_var)
  execute_process(COMMAND ${EXE} run ${SCENARIO} --set build=${BUILD}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL EXIT)
    message(FATAL_ERROR "exit code ${code}, expected ${EXIT}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

run_once(first)
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
