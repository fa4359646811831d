# Kconfig for one image, Zephyr-style, through Debian's python3-kconfiglib.
#
# image_kconfig([KCONFIG <root Kconfig>]) at configure time merges the
# image's Kconfig tree with its fragments:
#   CONF_FILE      (default prj.conf; a list; relative to the image's source dir)
#   OVERLAY_CONFIG (a list of further fragments)
#   CONFIG_<X>     cache entries (-DCONFIG_FOO=y; a child image receives the
#                  parent's <child>_CONFIG_FOO this way)
# and writes zephyr/.config and zephyr/include/generated/autoconf.h, then
# sets every CONFIG_ symbol as a CMake variable. A Kconfig or fragment
# error stops the configure with file:line.
# Targets: menuconfig, guiconfig, and each name in EXTRA_KCONFIG_TARGETS,
# running the script EXTRA_KCONFIG_TARGET_COMMAND_FOR_<name> on the image's
# Kconfig tree with KCONFIG_CONFIG pointing at its .config.
include_guard(GLOBAL)
set(KCONFIG_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with Debian's python3-kconfiglib")
set(KCONFIG_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../scripts/kconfig.py)

function(image_kconfig)
  cmake_parse_arguments(K "" "KCONFIG" "" ${ARGN})
  if(NOT K_KCONFIG)
    set(K_KCONFIG ${CMAKE_CURRENT_SOURCE_DIR}/Kconfig)
  endif()
  set(conf_files ${CONF_FILE})
  if(NOT conf_files)
    set(conf_files prj.conf)
  endif()
  set(fragments)
  foreach(f ${conf_files} ${OVERLAY_CONFIG})
    get_filename_component(f ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "Kconfig fragment ${f} does not exist")
    endif()
    list(APPEND fragments ${f})
  endforeach()
  # -DCONFIG_... cache entries, as one more fragment (last, so they win).
  set(cache_fragment ${CMAKE_BINARY_DIR}/zephyr/cache.conf)
  set(text "")
  get_cmake_property(cache_vars CACHE_VARIABLES)
  foreach(var ${cache_vars})
    if(var MATCHES "^CONFIG_")
      set(value "${${var}}")
      if(value MATCHES "^(y|n|m|-?[0-9]+|0x[0-9a-fA-F]+)$")
        string(APPEND text "${var}=${value}\n")
      else()
        string(REPLACE "\"" "\\\"" value "${value}")
        string(APPEND text "${var}=\"${value}\"\n")
      endif()
    endif()
  endforeach()
  file(WRITE ${cache_fragment} "${text}")
  list(APPEND fragments ${cache_fragment})

  set(dotconfig ${CMAKE_BINARY_DIR}/zephyr/.config)
  set(autoconf ${CMAKE_BINARY_DIR}/zephyr/include/generated/autoconf.h)
  # As in Zephyr, the fragments are merged again only when one of them
  # changed; otherwise the .config (perhaps edited by menuconfig) is kept.
  set(inputs "${K_KCONFIG}")
  foreach(f ${fragments})
    file(READ ${f} content)
    string(APPEND inputs "\n${f}\n${content}")
  endforeach()
  string(SHA256 inputs_hash "${inputs}")
  set(hash_file ${CMAKE_BINARY_DIR}/zephyr/.config.inputs)
  set(merge ${fragments})
  if(EXISTS ${dotconfig} AND EXISTS ${hash_file})
    file(READ ${hash_file} old_hash)
    if(old_hash STREQUAL inputs_hash)
      set(merge ${dotconfig})
    endif()
  endif()
  execute_process(COMMAND ${KCONFIG_PYTHON} ${KCONFIG_SCRIPT} ${K_KCONFIG} ${dotconfig} ${autoconf} ${merge}
    RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    file(REMOVE ${hash_file})
    message(FATAL_ERROR "Kconfig of ${PROJECT_NAME} failed:\n${errors}")
  endif()
  file(WRITE ${hash_file} "${inputs_hash}")
  # Reconfigure when the Kconfig tree or a fragment changes.
  file(GLOB kconfig_files ${CMAKE_CURRENT_SOURCE_DIR}/Kconfig* ${FIRMWARE_ROOT_DIR}/Kconfig*)
  set(configure_depends ${K_KCONFIG} ${kconfig_files} ${fragments} ${dotconfig})
  list(REMOVE_DUPLICATES configure_depends)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${configure_depends})

  file(STRINGS ${dotconfig} lines REGEX "^CONFIG_")
  foreach(line ${lines})
    if(line MATCHES "^(CONFIG_[A-Za-z0-9_]+)=\"?([^\"]*)\"?$")
      set(${CMAKE_MATCH_1} "${CMAKE_MATCH_2}" PARENT_SCOPE)
    endif()
  endforeach()
  set(IMAGE_DOTCONFIG ${dotconfig} PARENT_SCOPE)
  set(IMAGE_AUTOCONF_DIR ${CMAKE_BINARY_DIR}/zephyr/include/generated PARENT_SCOPE)

  # The interactive targets and EXTRA_KCONFIG_TARGETS edit the .config in
  # place; the next build reconfigures from it (it is a configure dependency).
  set(env ${CMAKE_COMMAND} -E env KCONFIG_CONFIG=${dotconfig} srctree=${CMAKE_CURRENT_SOURCE_DIR})
  set(menuconfig_py /usr/lib/python3/dist-packages/menuconfig.py)
  set(guiconfig_py /usr/lib/python3/dist-packages/guiconfig.py)
  add_custom_target(menuconfig COMMAND ${env} ${KCONFIG_PYTHON} ${menuconfig_py} ${K_KCONFIG} USES_TERMINAL)
  add_custom_target(guiconfig COMMAND ${env} ${KCONFIG_PYTHON} ${guiconfig_py} ${K_KCONFIG} USES_TERMINAL)
  foreach(name ${EXTRA_KCONFIG_TARGETS})
    if(NOT EXTRA_KCONFIG_TARGET_COMMAND_FOR_${name})
      message(FATAL_ERROR "EXTRA_KCONFIG_TARGETS names ${name} but EXTRA_KCONFIG_TARGET_COMMAND_FOR_${name} is not set")
    endif()
    add_custom_target(${name} COMMAND ${env} ${KCONFIG_PYTHON} ${EXTRA_KCONFIG_TARGET_COMMAND_FOR_${name}} ${K_KCONFIG}
      WORKING_DIRECTORY ${CMAKE_BINARY_DIR} USES_TERMINAL)
  endforeach()
endfunction()
