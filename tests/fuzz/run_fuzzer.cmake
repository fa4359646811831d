# One fuzz target for NRF53SIM_FUZZ_SECONDS (default 20) of host time:
#   cmake -DEXE=... -DCORPUS=dir "-DSEEDS=dir;file;..." -P run_fuzzer.cmake
# Seed files (not directories) are copied into the corpus first, since
# libFuzzer reads only directories. Fails when the target finds a crash,
# whose input libFuzzer leaves as crash-<sha1> in the working directory.
set(seconds 20)
if(DEFINED ENV{NRF53SIM_FUZZ_SECONDS})
  set(seconds $ENV{NRF53SIM_FUZZ_SECONDS})
endif()
file(MAKE_DIRECTORY ${CORPUS})
set(seed_dirs)
foreach(seed ${SEEDS})
  if(IS_DIRECTORY ${seed})
    list(APPEND seed_dirs ${seed})
  else()
    file(COPY ${seed} DESTINATION ${CORPUS})
  endif()
endforeach()
execute_process(COMMAND ${EXE} -max_total_time=${seconds} -timeout=10 -rss_limit_mb=4096 -max_len=65536
                        -print_final_stats=1 ${CORPUS} ${seed_dirs}
  RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${EXE} found a crash (exit code ${code})")
endif()
