# Runs a sweep scenario that must fail, then replays its first failing point
# with the command the sweep printed and requires that point alone, at the
# same fault, to end in the same verdict again: a failure a sweep finds is
# reproducible from its report. The report shows what the cores printed after the cut.
#   cmake -DEXE=nrf53sim -DBUILD=dir -DSCENARIO=file [-DHOST_TIMEOUT=110s] -P check_broken_sweep.cmake
# HOST_TIMEOUT: the scenario's ${host_timeout}, widened in the sanitizer build.
if(HOST_TIMEOUT)
  set(host_timeout --set host_timeout=${HOST_TIMEOUT})
endif()
execute_process(COMMAND ${EXE} run ${SCENARIO} --set build=${BUILD} ${host_timeout}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 1)
  message(FATAL_ERROR "sweep exit ${code}, expected 1:\n${out}${err}")
endif()
if(NOT out MATCHES "power_fail_sweep: point [0-9]+ \\(([a-z_]+ at operation [0-9]+)[,)][^\n]* (no_boot|wrong_image|timeout|fault): [^\n]*\n(    [^\n]*\n)*    \\[app\\] mcuboot: [^\n]*\n(    [^\n]*\n)*  replay: nrf53sim run ([^ \n]+) (--sweep-(point|seed)) ([0-9]+)")
  message(FATAL_ERROR "no failed point with the bootloader's output and a replay command:\n${out}${err}")
endif()
set(cuts "${CMAKE_MATCH_1}")
set(verdict ${CMAKE_MATCH_2})
set(replay_file ${CMAKE_MATCH_5})
set(replay_option ${CMAKE_MATCH_6})
set(replay_value ${CMAKE_MATCH_8})
if(NOT replay_file STREQUAL SCENARIO)
  message(FATAL_ERROR "replay names ${replay_file}, expected ${SCENARIO}")
endif()
set(trace ${CMAKE_CURRENT_BINARY_DIR}/broken-sweep-replay-trace.json)
execute_process(COMMAND ${EXE} run ${replay_file} ${replay_option} ${replay_value} --set build=${BUILD} ${host_timeout}
  --trace ${trace}
  OUTPUT_VARIABLE replay_out ERROR_VARIABLE replay_err RESULT_VARIABLE replay_code)
if(NOT replay_code EQUAL 1)
  message(FATAL_ERROR "replay ${replay_option} ${replay_value}: exit ${replay_code}, expected 1:\n${replay_out}${replay_err}")
endif()
if(NOT replay_out MATCHES "power_fail_sweep: replaying point [0-9]+ \\(${cuts}[,)][^\n]*\n.*power_fail_sweep: point [0-9]+ \\(${cuts}[,)][^\n]* ${verdict}\n")
  message(FATAL_ERROR "replay ${replay_option} ${replay_value} did not end in ${verdict} after ${cuts}:\n${replay_out}")
endif()
message(STATUS "replayed ${replay_option} ${replay_value}: ${cuts} ends in ${verdict} again")
# The replay's trace marks the fault on the flash track.
file(READ ${trace} trace_text)
if(NOT trace_text MATCHES "\"cat\": *\"fault\"[^}]*\"name\": *\"fault: skip\"")
  message(FATAL_ERROR "the replay's trace has no fault marker")
endif()
file(REMOVE ${trace})
