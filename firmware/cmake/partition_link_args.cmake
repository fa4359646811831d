# cmake -DHEADER=pm_config.h -DPREFIX=PM_ -DFLASH=<partition> -DRAM=<partition>
#       [-DRAM_SIZE=n] -DOUT=file -P partition_link_args.cmake
# Writes the linker's FLASH_BASE/SIZE and RAM_BASE/SIZE for an image from
# the partition manager's header, as a gcc response file.
file(READ ${HEADER} header)
function(pm_value partition field out)
  string(TOUPPER "${PREFIX}${partition}_${field}" name)
  if(NOT header MATCHES "#define ${name} (0x[0-9a-fA-F]+)")
    message(FATAL_ERROR "${HEADER} has no ${name}: the partition manager placed no partition ${partition}")
  endif()
  set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()
pm_value(${FLASH} ADDRESS flash_base)
pm_value(${FLASH} SIZE flash_size)
pm_value(${RAM} ADDRESS ram_base)
pm_value(${RAM} SIZE ram_size)
if(RAM_SIZE)
  set(ram_size ${RAM_SIZE})
endif()
file(WRITE ${OUT}.tmp "-Wl,--defsym=FLASH_BASE=${flash_base} -Wl,--defsym=FLASH_SIZE=${flash_size} "
  "-Wl,--defsym=RAM_BASE=${ram_base} -Wl,--defsym=RAM_SIZE=${ram_size}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
