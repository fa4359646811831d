# Runs a power-fail sweep scenario over netboot's network flash write and
# checks that it passed and that its count of cut points is the one the
# overwrite algorithm implies for the image it copied: one page erase per
# 2 KB network flash page the image touches and one write per 32-bit word.
#   cmake -DEXE=nrf53sim -DBUILD=dir -DSCENARIO=file [-DHOST_TIMEOUT=110s] -P check_sweep.cmake
# HOST_TIMEOUT: the scenario's ${host_timeout}, widened in the sanitizer build.
if(HOST_TIMEOUT)
  set(host_timeout --set host_timeout=${HOST_TIMEOUT})
endif()
execute_process(COMMAND ${EXE} run ${SCENARIO} --set build=${BUILD} ${host_timeout}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "exit ${code}, expected 0:\n${out}${err}")
endif()
if(NOT out MATCHES "b0n: PCD copy of ([0-9]+) bytes")
  message(FATAL_ERROR "no PCD copy line:\n${out}")
endif()
set(bytes ${CMAKE_MATCH_1})
math(EXPR expected "(${bytes} + 2047) / 2048 + (${bytes} + 3) / 4")
if(NOT out MATCHES "power_fail_sweep: ([0-9]+) flash operations in the span")
  message(FATAL_ERROR "no operation count:\n${out}")
endif()
if(NOT CMAKE_MATCH_1 EQUAL expected)
  message(FATAL_ERROR "${CMAKE_MATCH_1} cut points, expected ${expected} for ${bytes} bytes:\n${out}")
endif()
if(NOT out MATCHES "power_fail_sweep: ([0-9]+) points: ([0-9]+) recovered, 0 wrong_image.*PASS net-write-sweep" OR
   NOT CMAKE_MATCH_1 EQUAL CMAKE_MATCH_2)
  message(FATAL_ERROR "the sweep did not pass:\n${out}")
endif()
