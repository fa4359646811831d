# Shared by every firmware project (firmware/CMakeLists.txt and the
# multi-image build's image projects): per-core code generation and
# add_firmware.
include_guard(GLOBAL)
set(FIRMWARE_ROOT_DIR ${CMAKE_CURRENT_LIST_DIR}/..)

# Per-core code generation. The network core has no FPU and no DSP extension:
# GCC must not emit either there (they fault on silicon and in the simulator).
set(CORE_FLAGS_app -mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16)
set(CORE_FLAGS_net -mcpu=cortex-m33+nodsp -mthumb -mfloat-abi=soft)
set(COMMON_FLAGS -ffreestanding -ffunction-sections -fdata-sections -g -Wall -Wextra)

# add_firmware(<name> CORE app|net SOURCES ... [LINKER_SCRIPT file] [LIBS ...])
# Builds <name>.elf plus <name>.hex and <name>.bin beside it.
function(add_firmware name)
  cmake_parse_arguments(FW "" "CORE;LINKER_SCRIPT" "SOURCES;LIBS;DEFINES" ${ARGN})
  if(NOT FW_LINKER_SCRIPT)
    set(FW_LINKER_SCRIPT ${FIRMWARE_ROOT_DIR}/common/${FW_CORE}.ld)
  endif()
  add_executable(${name} ${FW_SOURCES})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  target_compile_options(${name} PRIVATE ${CORE_FLAGS_${FW_CORE}} ${COMMON_FLAGS})
  target_compile_definitions(${name} PRIVATE ${FW_DEFINES} NRF53_CORE_${FW_CORE}=1)
  target_include_directories(${name} PRIVATE ${FIRMWARE_ROOT_DIR}/common)
  # -L lets the per-core scripts find common.ld through INCLUDE.
  target_link_options(${name} PRIVATE ${CORE_FLAGS_${FW_CORE}} -nostartfiles
    -L${FIRMWARE_ROOT_DIR}/common
    -Wl,--gc-sections -T${FW_LINKER_SCRIPT} -Wl,-Map=$<TARGET_FILE_DIR:${name}>/${name}.map
    --specs=nano.specs --specs=nosys.specs)
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${FW_LINKER_SCRIPT})
  target_link_libraries(${name} PRIVATE ${FW_LIBS})
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_OBJCOPY} -O ihex $<TARGET_FILE:${name}> $<TARGET_FILE_DIR:${name}>/${name}.hex
    COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${name}> $<TARGET_FILE_DIR:${name}>/${name}.bin)
endfunction()

# image_link_partition(<target> FLASH <partition> RAM <partition> [RAM_SIZE n]
#                      [DOMAIN CPUNET])
# Links <target> into the partitions the partition manager placed: the
# addresses come from pm_config.h (PM_CONFIG_DIR, written by the parent's
# configure, after this image's) through a response file made at build time.
function(image_link_partition target)
  cmake_parse_arguments(L "" "FLASH;RAM;RAM_SIZE;DOMAIN" "" ${ARGN})
  if(NOT PM_CONFIG_DIR)
    message(FATAL_ERROR "${target}: PM_CONFIG_DIR is not set (this image is built as a child of "
                        "firmware/application, which runs the partition manager)")
  endif()
  set(prefix PM_)
  if(L_DOMAIN)
    set(prefix ${L_DOMAIN}_PM_)
  endif()
  set(rsp ${CMAKE_CURRENT_BINARY_DIR}/${target}_partition.rsp)
  add_custom_command(OUTPUT ${rsp}
    COMMAND ${CMAKE_COMMAND} -DHEADER=${PM_CONFIG_DIR}/pm_config.h -DPREFIX=${prefix}
            -DFLASH=${L_FLASH} -DRAM=${L_RAM} -DRAM_SIZE=${L_RAM_SIZE} -DOUT=${rsp}
            -P ${FIRMWARE_ROOT_DIR}/cmake/partition_link_args.cmake
    DEPENDS ${PM_CONFIG_DIR}/pm_config.h ${FIRMWARE_ROOT_DIR}/cmake/partition_link_args.cmake
    VERBATIM)
  add_custom_target(${target}_partition DEPENDS ${rsp})
  add_dependencies(${target} ${target}_partition)
  target_include_directories(${target} PRIVATE ${PM_CONFIG_DIR})
  target_link_options(${target} PRIVATE @${rsp})
  get_target_property(deps ${target} LINK_DEPENDS)
  set_target_properties(${target} PROPERTIES LINK_DEPENDS "${deps};${rsp}")
endfunction()
