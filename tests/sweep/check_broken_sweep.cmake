# Runs a sweep scenario that must fail, then replays its first failing point
# with the command the sweep printed and requires that point alone, at the
# same cut, to fail again: a failure a sweep finds is reproducible from its
# report. The report shows what the cores printed after the cut.
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
if(NOT out MATCHES "power_fail_sweep: point [0-9]+ \\(cut before operation ([0-9 ]+)[,)][^\n]* failed: [^\n]*\n(    [^\n]*\n)*    \\[app\\] mcuboot: [^\n]*\n(    [^\n]*\n)*  replay: nrf53sim run ([^ \n]+) (--sweep-(point|seed)) ([0-9]+)")
  message(FATAL_ERROR "no failed point with the bootloader's output and a replay command:\n${out}${err}")
endif()
set(cuts "${CMAKE_MATCH_1}")
set(replay_file ${CMAKE_MATCH_4})
set(replay_option ${CMAKE_MATCH_5})
set(replay_value ${CMAKE_MATCH_7})
if(NOT replay_file STREQUAL SCENARIO)
  message(FATAL_ERROR "replay names ${replay_file}, expected ${SCENARIO}")
endif()
execute_process(COMMAND ${EXE} run ${replay_file} ${replay_option} ${replay_value} --set build=${BUILD} ${host_timeout}
  OUTPUT_VARIABLE replay_out ERROR_VARIABLE replay_err RESULT_VARIABLE replay_code)
if(NOT replay_code EQUAL 1)
  message(FATAL_ERROR "replay ${replay_option} ${replay_value}: exit ${replay_code}, expected 1:\n${replay_out}${replay_err}")
endif()
if(NOT replay_out MATCHES "power_fail_sweep: replaying point [0-9]+ \\(cut before operation ${cuts}[,)]")
  message(FATAL_ERROR "replay ${replay_option} ${replay_value} did not cut before operation ${cuts}:\n${replay_out}")
endif()
message(STATUS "replayed ${replay_option} ${replay_value}: the cut before operation ${cuts} fails again")
