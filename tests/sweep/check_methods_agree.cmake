# Runs a sweep forking each point at its fault (the default) and again
# re-simulating each point from the span's start (method: resimulate), and
# requires the same outcome point by point: the same verdict lines, with
# what the cores printed after the fault and the replay command, and the
# same summary. At least one point must not recover, so that the
# comparison covers the recovery's output, not only "recovered".
#   cmake -DEXE=nrf53sim -DBUILD=dir -DSCENARIO=file [-DSETS="a=1;b=2"] -P check_methods_agree.cmake
set(sets --set build=${BUILD})
foreach(set IN LISTS SETS)
  list(APPEND sets --set ${set})
endforeach()
foreach(method fork_at_fault resimulate)
  execute_process(COMMAND ${EXE} run ${SCENARIO} ${sets} --set method=${method}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code_${method})
  # The points' lines and the summary; progress and host times differ by nature.
  string(REGEX MATCHALL "power_fail_sweep: point [^\n]*\n(    [^\n]*\n)*  replay: [^\n]*\n|power_fail_sweep: [0-9]+ points: [^\n]*\n"
         lines_${method} "${out}")
  if(NOT lines_${method})
    message(FATAL_ERROR "${method}: no sweep summary (exit ${code_${method}}):\n${out}${err}")
  endif()
endforeach()
if(NOT code_fork_at_fault EQUAL code_resimulate)
  message(FATAL_ERROR "exit ${code_fork_at_fault} forking at the fault, ${code_resimulate} re-simulating")
endif()
if(NOT "${lines_fork_at_fault}" STREQUAL "${lines_resimulate}")
  message(FATAL_ERROR "the methods disagree:\n--- fork_at_fault\n${lines_fork_at_fault}\n--- resimulate\n${lines_resimulate}")
endif()
if(NOT "${lines_fork_at_fault}" MATCHES "power_fail_sweep: point [0-9]+ [^\n]*(wrong_image|no_boot|fault|timeout): ")
  message(FATAL_ERROR "every point recovered: nothing of a recovery to compare:\n${lines_fork_at_fault}")
endif()
list(LENGTH lines_fork_at_fault count)
message(STATUS "both methods: the same ${count} lines")
