# Runs the exhaustive dual-core DFU sweep (dual-core-dfu-sweep.yaml) and
# checks that every point recovered and that the sweep cut at exactly as
# many flash operations as the update's algorithms take for the fixture's
# images, computed here from the signed files' sizes (not by running the
# simulator):
#   MCUboot, image 0 (overwrite-only, app NVMC, 4 KB pages; A = size of the
#   signed app image = header + body + TLVs, which is what it copies):
#     ceil(A / 4096) page erases of the primary's pages the image covers
#     + 1 page erase of the primary's trailer page
#     + ceil(A / 4) word writes of the copy (256-byte chunks, 4-byte units)
#     + 4 word writes of the 16-byte magic;
#   then it scrambles the secondary: 2 QSPI sector erases (its first sector
#   and its trailer's).
#   MCUboot, image 1: the copy into the RAM slot is no flash operation; over
#   PCD netboot writes the network image (L = size of the b0-signed network
#   binary, the MCUboot image's body) into network flash:
#     ceil(L / 2048) page erases + ceil(L / 4) word writes;
#   then MCUboot scrambles secondary_1: 2 QSPI sector erases.
#   The fixture app does not confirm its image (no image_ok write).
# POINTS: the points the scenario sweeps (default: every operation, the
# exhaustive sweep; the sampled scenario passes its number of runs).
#   cmake -DEXE=nrf53sim -DBUILD=dir -DSCENARIO=file [-DPOINTS=n] -P check_dual_core_sweep.cmake
set(fixture ${BUILD}/firmware/sweep_fixture)
file(SIZE ${fixture}/app_update_v2.bin app_bytes)
file(SIZE ${fixture}/net_app_b0_v2.bin net_bytes)
math(EXPR app_nvmc "(${app_bytes} + 4095) / 4096 + 1 + (${app_bytes} + 3) / 4 + 4")
math(EXPR qspi "2 + 2")
math(EXPR net_nvmc "(${net_bytes} + 2047) / 2048 + (${net_bytes} + 3) / 4")
math(EXPR expected "${app_nvmc} + ${qspi} + ${net_nvmc}")
if(NOT POINTS)
  set(POINTS ${expected})
endif()
message(STATUS "app image ${app_bytes} bytes, net image ${net_bytes} bytes: "
               "${app_nvmc} app NVMC + ${qspi} QSPI + ${net_nvmc} net NVMC = ${expected} operations")

execute_process(COMMAND ${EXE} run ${SCENARIO} --set build=${BUILD}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT out MATCHES "power_fail_sweep: ([0-9]+) flash operations in the span")
  message(FATAL_ERROR "no operation count (exit ${code}):\n${out}${err}")
endif()
if(NOT CMAKE_MATCH_1 EQUAL expected)
  message(FATAL_ERROR "${CMAKE_MATCH_1} cut points, expected ${expected}:\n${out}${err}")
endif()
if(NOT code EQUAL 0 OR NOT out MATCHES "power_fail_sweep: ${POINTS} points: ${POINTS} recovered, 0 wrong_image")
  message(FATAL_ERROR "exit ${code}: not every point recovered:\n${out}${err}")
endif()
if(NOT out MATCHES "PASS dual-core-dfu-sweep")
  message(FATAL_ERROR "the scenario did not pass after the sweep:\n${out}${err}")
endif()
