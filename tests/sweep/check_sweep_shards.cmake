# A sweep run as two shards (--shard 1/2, 2/2, as a CI matrix would) and
# put back together by `nrf53sim report merge` gives the sweep run whole:
# the same span, the same points with the same verdicts, and the same exit
# code; the merged JUnit file validates against the Jenkins schema.
#   cmake -DEXE=nrf53sim -DBUILD=dir -DSCENARIO=file -DXSD=file -DOUT=dir [-DHOST_TIMEOUT=110s] -P check_sweep_shards.cmake
# HOST_TIMEOUT: the scenario's ${host_timeout}, widened in the sanitizer build.
include(${CMAKE_CURRENT_LIST_DIR}/../support/xml_checks.cmake)
file(MAKE_DIRECTORY ${OUT})
if(HOST_TIMEOUT)
  set(host_timeout --set host_timeout=${HOST_TIMEOUT})
endif()

function(run_sweep name expected_code)
  execute_process(COMMAND ${EXE} run ${SCENARIO} --set build=${BUILD} ${host_timeout} --json ${OUT}/${name}.json ${ARGN}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "${name}: exit ${code}, expected ${expected_code}:\n${out}${err}")
  endif()
endfunction()

# The first sweep of the first scenario of a results file, without its shard.
function(sweep_of json_file out_sweep)
  file(READ ${json_file} json)
  string(JSON sweep GET "${json}" scenarios 0 sweeps 0)
  string(JSON sweep REMOVE "${sweep}" shard)
  set(${out_sweep} "${sweep}" PARENT_SCOPE)
endfunction()

run_sweep(whole 0)
run_sweep(shard-1 0 --shard 1/2)
run_sweep(shard-2 0 --shard 2/2)
sweep_of(${OUT}/shard-1.json first)
string(JSON first_points LENGTH "${first}" points)
if(first_points EQUAL 0)
  message(FATAL_ERROR "shard 1/2 ran no point of the sweep:\n${first}")
endif()

execute_process(COMMAND ${EXE} report merge ${OUT}/shard-2.json ${OUT}/shard-1.json
                        --json ${OUT}/merged.json --junit ${OUT}/merged.xml --report ${OUT}/merged.html
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "report merge: exit ${code}:\n${out}${err}")
endif()
sweep_of(${OUT}/whole.json whole)
sweep_of(${OUT}/merged.json merged)
string(JSON same EQUAL "${whole}" "${merged}")
if(NOT same)
  message(FATAL_ERROR "the merged shards differ from the whole sweep:\nwhole: ${whole}\nmerged: ${merged}")
endif()
check_valid_junit(${OUT}/merged.xml)
check_well_formed(${OUT}/merged.html)
