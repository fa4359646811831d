# One multi-image build test (tests/build/CMakeLists.txt):
#   cmake -DSOURCE=firmware/application -DDIR=<build dir> -DARGS=a|b|...
#         [-DBUILD=ON] [-DFAIL=<regex>] [-DMATCH=file|regex^^...] [-DLACK=file|regex^^...]
#         [-DHEX=file|has|lacks|address^^...] [-DTARGET=t1|t2...] -P build_test.cmake
# configures (a fresh DIR) and, with BUILD, builds SOURCE; FAIL: the
# configure must fail with output matching regex. MATCH/LACK: a file of the
# build (relative to DIR) must match / must not match a regex. HEX: an
# Intel HEX file must have / lack data at an address.
string(REPLACE "|" ";" args "${ARGS}")
foreach(key MATCH LACK HEX)  # lists joined with ^^ (a ; would split the test's arguments)
  string(REPLACE "^^" ";" ${key} "${${key}}")
endforeach()
file(REMOVE_RECURSE ${DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -G Ninja -S ${SOURCE} -B ${DIR} ${args}
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(FAIL)
  if(result EQUAL 0)
    message(FATAL_ERROR "configure succeeded, expected a failure matching '${FAIL}':\n${out}")
  endif()
  # CMake wraps long messages: match with the whitespace folded.
  string(REGEX REPLACE "[\n ]+" " " folded "${out}${err}")
  if(NOT folded MATCHES "${FAIL}")
    message(FATAL_ERROR "configure failed, but not with '${FAIL}':\n${err}")
  endif()
  message(STATUS "configure failed as expected:\n${err}")
  return()
endif()
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configure failed:\n${out}\n${err}")
endif()
if(BUILD OR TARGET)
  set(target_args)
  if(TARGET)
    string(REPLACE "|" ";" targets "${TARGET}")
    set(target_args --target ${targets})
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${DIR} ${target_args} RESULT_VARIABLE result
    OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "build failed:\n${out}\n${err}")
  endif()
endif()

foreach(check ${MATCH} ${LACK})
  string(REPLACE "|" ";" parts "${check}")
  list(GET parts 0 file)
  list(GET parts 1 regex)
  file(READ ${DIR}/${file} text)
  list(FIND LACK "${check}" is_lack)
  if(is_lack EQUAL -1 AND NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${DIR}/${file} does not match '${regex}':\n${text}")
  elseif(NOT is_lack EQUAL -1 AND text MATCHES "${regex}")
    message(FATAL_ERROR "${DIR}/${file} matches '${regex}', it must not:\n${text}")
  endif()
endforeach()
foreach(check ${HEX})
  string(REPLACE "|" ";" parts "${check}")
  list(GET parts 0 file)
  list(GET parts 1 what)
  list(GET parts 2 address)
  execute_process(COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/hex_has.py ${DIR}/${file} ${address}
    RESULT_VARIABLE has)
  if(what STREQUAL "has" AND NOT has EQUAL 0)
    message(FATAL_ERROR "${DIR}/${file} has no data at ${address}")
  elseif(what STREQUAL "lacks" AND has EQUAL 0)
    message(FATAL_ERROR "${DIR}/${file} has data at ${address}, it must not")
  endif()
endforeach()
