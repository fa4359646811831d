# Child images in nRF Connect SDK's style (up to NCS 2.6):
#
#   add_child_image(NAME <name> SOURCE_DIR <dir> [DOMAIN CPUNET] [PARTITION <p>]
#                   [HEX <file in its build dir>])
#
# configures the standalone CMake project <dir> in its own CMake process,
# at the parent's configure time, into ${CMAKE_BINARY_DIR}/<name>, and
# builds it in its own process as target <name>_subimage. Its hex
# (HEX, default zephyr/zephyr.hex) is in the global property
# MULTI_IMAGE_HEX_<domain> (merged.hex, merged_CPUNET.hex) and its pm.yml,
# if it has one, in MULTI_IMAGE_PM_YML_<domain>.
#
# Build strategy (the parent's Kconfig, firmware/Kconfig.multi_image, or
# CMake cache variables of the same names; <NAME> the upper-case child name):
#   <NAME>_BUILD_STRATEGY_FROM_SOURCE (default)
#   <NAME>_BUILD_STRATEGY_USE_HEX_FILE with <NAME>_HEX_FILE: merged instead
#   <NAME>_BUILD_STRATEGY_SKIP_BUILD: not built, left out of the merged hex
# The last two need the child's partition (PARTITION, default <name>) in
# pm_static.yml. A child that is not built is still configured, so its
# pm.yml keeps the layout.
#
# Variables: every parent cache variable <name>_FOO reaches the child as
# -DFOO=...; the variables named in SHARED_MULTI_IMAGE_VARIABLES reach every
# child; EXTRA_MULTI_IMAGE_CMAKE_ARGS ends every child's cmake command.
# VERBOSE and CMAKE_BUILD_PARALLEL_LEVEL apply to the children's builds;
# MULTI_IMAGE_DEBUG_MAKEFILE is passed to their build tool (Ninja: -d <value>).
include_guard(GLOBAL)

set(MULTI_IMAGE_PM_CONFIG_DIR ${CMAKE_BINARY_DIR}/zephyr/include/generated)

# The pm_static.yml of a domain: PM_STATIC_YML_FILE[_CPUNET] or
# pm_static[_CPUNET].yml in the parent's source directory.
function(multi_image_pm_static domain out)
  set(suffix "")
  if(domain)
    set(suffix _${domain})
  endif()
  set(file "")
  if(PM_STATIC_YML_FILE${suffix})
    get_filename_component(file ${PM_STATIC_YML_FILE${suffix}} ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
  elseif(EXISTS ${CMAKE_SOURCE_DIR}/pm_static${suffix}.yml)
    set(file ${CMAKE_SOURCE_DIR}/pm_static${suffix}.yml)
  endif()
  set(${out} "${file}" PARENT_SCOPE)
endfunction()

function(multi_image_strategy upper out)
  set(strategy FROM_SOURCE)
  foreach(s USE_HEX_FILE SKIP_BUILD)
    if(${upper}_BUILD_STRATEGY_${s} OR CONFIG_${upper}_BUILD_STRATEGY_${s})
      set(strategy ${s})
    endif()
  endforeach()
  set(${out} ${strategy} PARENT_SCOPE)
endfunction()

function(add_child_image)
  cmake_parse_arguments(C "" "NAME;SOURCE_DIR;DOMAIN;PARTITION;HEX" "" ${ARGN})
  if(NOT C_HEX)
    set(C_HEX zephyr/zephyr.hex)
  endif()
  set(name ${C_NAME})
  string(TOUPPER ${name} upper)
  get_filename_component(source_dir ${C_SOURCE_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  if(NOT C_PARTITION)
    set(C_PARTITION ${name})
  endif()
  set(binary_dir ${CMAKE_BINARY_DIR}/${name})
  multi_image_strategy(${upper} strategy)

  if(NOT strategy STREQUAL "FROM_SOURCE")
    multi_image_pm_static("${C_DOMAIN}" pm_static)
    set(has_static FALSE)
    if(pm_static)
      file(READ ${pm_static} static_text)
      if(static_text MATCHES "(^|\n)${C_PARTITION}:")
        set(has_static TRUE)
      endif()
    endif()
    if(NOT has_static)
      message(FATAL_ERROR "child image ${name}: build strategy ${strategy} needs a static partition "
        "'${C_PARTITION}' in pm_static.yml (the partition manager cannot place an "
        "image it does not build); add it to ${CMAKE_SOURCE_DIR}/pm_static.yml or PM_STATIC_YML_FILE")
    endif()
  endif()
  if(strategy STREQUAL "USE_HEX_FILE")
    if(NOT ${upper}_HEX_FILE AND NOT CONFIG_${upper}_HEX_FILE)
      message(FATAL_ERROR "child image ${name}: ${upper}_BUILD_STRATEGY_USE_HEX_FILE needs ${upper}_HEX_FILE")
    endif()
    set(hex_file ${${upper}_HEX_FILE})
    if(NOT hex_file)
      set(hex_file ${CONFIG_${upper}_HEX_FILE})
    endif()
    get_filename_component(hex_file ${hex_file} ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
    if(NOT EXISTS ${hex_file})
      message(FATAL_ERROR "child image ${name}: ${upper}_HEX_FILE ${hex_file} does not exist")
    endif()
  endif()

  # The child's cmake command: the parent's toolchain, the partition
  # manager's header, then its own and the shared variables.
  set(args -G ${CMAKE_GENERATOR} -S ${source_dir} -B ${binary_dir}
    -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE}
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    -DPM_CONFIG_DIR=${MULTI_IMAGE_PM_CONFIG_DIR})
  get_cmake_property(cache_vars CACHE_VARIABLES)
  foreach(var ${cache_vars})
    if(var MATCHES "^${name}_(.+)$")
      list(APPEND args "-D${CMAKE_MATCH_1}=${${var}}")
    endif()
  endforeach()
  foreach(var ${SHARED_MULTI_IMAGE_VARIABLES})
    if(DEFINED ${var})
      list(APPEND args "-D${var}=${${var}}")
    endif()
  endforeach()
  list(APPEND args ${EXTRA_MULTI_IMAGE_CMAKE_ARGS})
  message(STATUS "=== child image ${name} (${strategy}) in ${binary_dir} ===")
  execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "child image ${name}: CMake configure failed (see above)")
  endif()
  message(STATUS "=== child image ${name} done ===")

  if(EXISTS ${source_dir}/pm.yml)
    set_property(GLOBAL APPEND PROPERTY MULTI_IMAGE_PM_YML_${C_DOMAIN} ${source_dir}/pm.yml)
  endif()
  set_property(GLOBAL APPEND PROPERTY MULTI_IMAGE_CONFIGS_${C_DOMAIN} ${binary_dir}/zephyr/.config)

  # Kconfig targets of the child, from the parent's build.
  foreach(t menuconfig guiconfig ${${name}_EXTRA_KCONFIG_TARGETS})
    add_custom_target(${name}_${t} COMMAND ${CMAKE_COMMAND} --build ${binary_dir} --target ${t} USES_TERMINAL)
  endforeach()

  if(strategy STREQUAL "FROM_SOURCE")
    set(build_args)
    # (the environment's CMAKE_BUILD_PARALLEL_LEVEL reaches the child's
    # cmake --build by itself)
    if(CMAKE_BUILD_PARALLEL_LEVEL)
      list(APPEND build_args --parallel ${CMAKE_BUILD_PARALLEL_LEVEL})
    endif()
    if(VERBOSE)
      list(APPEND build_args --verbose)
    endif()
    if(MULTI_IMAGE_DEBUG_MAKEFILE)
      if(CMAKE_GENERATOR MATCHES "Ninja")
        list(APPEND build_args -- -d ${MULTI_IMAGE_DEBUG_MAKEFILE})
      else()
        list(APPEND build_args -- --debug=${MULTI_IMAGE_DEBUG_MAKEFILE})
      endif()
    endif()
    set(hex ${binary_dir}/${C_HEX})
    add_custom_target(${name}_subimage ALL
      COMMAND ${CMAKE_COMMAND} --build ${binary_dir} ${build_args}
      BYPRODUCTS ${hex}
      COMMENT "Building child image ${name}"
      USES_TERMINAL)
    set_property(GLOBAL APPEND PROPERTY MULTI_IMAGE_HEX_${C_DOMAIN} ${hex})
    set_property(GLOBAL APPEND PROPERTY MULTI_IMAGE_TARGETS_${C_DOMAIN} ${name}_subimage)
  elseif(strategy STREQUAL "USE_HEX_FILE")
    set_property(GLOBAL APPEND PROPERTY MULTI_IMAGE_HEX_${C_DOMAIN} ${hex_file})
  endif()
  set_property(GLOBAL PROPERTY MULTI_IMAGE_STRATEGY_${name} ${strategy})
endfunction()
