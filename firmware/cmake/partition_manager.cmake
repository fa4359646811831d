# The partition manager in the multi-image build: after every child image
# is configured, runs `${NRF53SIM} pm` once per domain over the images'
# pm.yml files (and the domain's pm_static.yml), with their .config values
# as sizes, and writes, where nRF Connect SDK's child-image build does,
#   partitions.yml, partitions_CPUNET.yml  (at the top of the build directory)
#   zephyr/include/generated/pm_config.h  (PM_... of the application core,
#                                          CPUNET_PM_... of the network core)
# then sets PM_<NAME>_ADDRESS/_SIZE and CPUNET_PM_... as CMake variables.
# An impossible layout stops the configure with nrf53sim's message.
include_guard(GLOBAL)

function(multi_image_run_pm domain pm_yml configs partitions header)
  if(NOT NRF53SIM)
    message(FATAL_ERROR "NRF53SIM (the host tool, nrf53sim) is not set: it is the partition manager")
  endif()
  set(args)
  if(domain)
    list(APPEND args --domain ${domain})
  endif()
  multi_image_pm_static("${domain}" pm_static)
  if(pm_static)
    list(APPEND args --static ${pm_static})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${pm_static})
  endif()
  foreach(config ${configs})
    list(APPEND args --config ${config})
  endforeach()
  execute_process(COMMAND ${NRF53SIM} pm ${args} --partitions ${partitions} --header ${header} ${pm_yml}
    RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    set(which "application core")
    if(domain)
      set(which "domain ${domain}")
    endif()
    message(FATAL_ERROR "partition manager (${which}):\n${errors}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${pm_yml})
endfunction()

# multi_image_partition_manager(APP_PM_YML <parent's pm.yml>)
function(multi_image_partition_manager)
  cmake_parse_arguments(P "" "APP_PM_YML" "" ${ARGN})
  set(dir ${CMAKE_BINARY_DIR}/zephyr)
  set(gen ${dir}/include/generated)
  file(MAKE_DIRECTORY ${gen})
  get_property(app_yml GLOBAL PROPERTY MULTI_IMAGE_PM_YML_)
  get_property(app_configs GLOBAL PROPERTY MULTI_IMAGE_CONFIGS_)
  get_property(net_yml GLOBAL PROPERTY MULTI_IMAGE_PM_YML_CPUNET)
  get_property(net_configs GLOBAL PROPERTY MULTI_IMAGE_CONFIGS_CPUNET)
  multi_image_run_pm("" "${app_yml};${P_APP_PM_YML}" "${IMAGE_DOTCONFIG};${app_configs}"
    ${CMAKE_BINARY_DIR}/partitions.yml ${dir}/pm_config_app.h)
  set(header_text "")
  file(READ ${dir}/pm_config_app.h app_header)
  string(APPEND header_text "${app_header}")
  if(net_yml)
    multi_image_run_pm(CPUNET "${net_yml}" "${net_configs}" ${CMAKE_BINARY_DIR}/partitions_CPUNET.yml
      ${dir}/pm_config_CPUNET.h)
    file(READ ${dir}/pm_config_CPUNET.h net_header)
    string(REGEX REPLACE "#(ifndef|define|endif)[ ]+/?\\*?[ ]*PM_CONFIG_H__[^\n]*\n" "" net_header "${net_header}")
    string(REGEX REPLACE "([ \n])PM_" "\\1CPUNET_PM_" net_header "${net_header}")
    string(APPEND header_text "/* The network core's partitions (domain CPUNET). */\n#ifndef PM_CONFIG_CPUNET_H__\n"
      "#define PM_CONFIG_CPUNET_H__\n${net_header}#endif\n")
  endif()
  # Rewritten only when it changes, so that the images do not relink.
  file(WRITE ${gen}/pm_config.h.tmp "${header_text}")
  file(COPY_FILE ${gen}/pm_config.h.tmp ${gen}/pm_config.h ONLY_IF_DIFFERENT)
  string(REGEX MATCHALL "#define (CPUNET_)?PM_[A-Z0-9_]+_(ADDRESS|SIZE) 0x[0-9a-fA-F]+" defines "${header_text}")
  foreach(define ${defines})
    string(REGEX MATCH "#define ([A-Z0-9_]+) (0x[0-9a-fA-F]+)" _ "${define}")
    set(${CMAKE_MATCH_1} ${CMAKE_MATCH_2} PARENT_SCOPE)
  endforeach()
endfunction()
