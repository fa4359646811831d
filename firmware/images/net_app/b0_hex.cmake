# The b0-signed network application as HEX, at CPUNET_PM_APP_ADDRESS.
file(READ ${HEADER} header)
if(NOT header MATCHES "#define CPUNET_PM_APP_ADDRESS (0x[0-9a-fA-F]+)")
  message(FATAL_ERROR "${HEADER} has no CPUNET_PM_APP_ADDRESS")
endif()
execute_process(COMMAND ${OBJCOPY} -I binary -O ihex --change-addresses ${CMAKE_MATCH_1} ${BIN} ${HEX}
  COMMAND_ERROR_IS_FATAL ANY)
