# Fails if FILE (an ELF or object) contains floating-point or DSP-extension
# instructions, which fault on the nRF5340 network core (no FPU, no DSP).
#   cmake -DOBJDUMP=<objdump> -DFILE=<elf> -P check_no_fp_dsp.cmake
# With -DEXPECT=m1,m2,... it checks the checker instead: it fails unless
# exactly those mnemonics are found.

# Every FP instruction starts with 'v'. DSP: the Armv8-M DSP extension's
# SIMD, saturating, halfword-multiply and extend-and-add instructions.
# Base instructions with similar names (smlal, umull, uxtb, ssat) must pass.
set(dsp_mnemonics
  "[su](add|sub)(8|16)" "[su](asx|sax)" "q(add|sub)(8|16)?" "q(asx|sax|dadd|dsub)"
  "[su]h(add|sub)(8|16)" "[su]h(asx|sax)" "uq(add|sub)(8|16)" "uq(asx|sax)"
  "usada?8" "sel" "pkh(bt|tb)" "[su]xta(b|h|b16)" "[su]xtb16" "[su]sat16"
  "smla(bb|bt|tb|tt|wb|wt|dx?|lbb|lbt|ltb|ltt|ldx?)" "smls(dx?|ldx?)"
  "smml(a|s)r?" "smmulr?" "smuadx?" "smusdx?" "smul(bb|bt|tb|tt|wb|wt)" "umaal")
set(condition "(eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?")

# CMake's regex engine allows only a few groups, so one pattern at a time.
function(is_forbidden mnemonic result)
  string(REGEX REPLACE "\\.[wn]$" "" bare "${mnemonic}")
  set(${result} FALSE PARENT_SCOPE)
  if(bare MATCHES "^v")
    set(${result} TRUE PARENT_SCOPE)
    return()
  endif()
  foreach(pattern IN LISTS dsp_mnemonics)
    if(bare MATCHES "^(${pattern})${condition}$")
      set(${result} TRUE PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

execute_process(COMMAND ${OBJDUMP} -d --no-show-raw-insn ${FILE}
  OUTPUT_VARIABLE listing RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OBJDUMP} failed on ${FILE}: ${err}")
endif()

string(REPLACE ";" "," listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
set(found "")
set(report "")
foreach(line IN LISTS lines)
  if(line MATCHES "^ *[0-9a-f]+:\t([a-z0-9.]+)")
    set(mnemonic "${CMAKE_MATCH_1}")
    is_forbidden("${mnemonic}" forbidden)
    if(forbidden)
      list(APPEND found "${mnemonic}")
      string(APPEND report "  ${line}\n")
    endif()
  endif()
endforeach()

if(DEFINED EXPECT)
  string(REPLACE "," ";" expected "${EXPECT}")
  if(NOT found STREQUAL expected)
    message(FATAL_ERROR "FP/DSP check self-test: found '${found}', expected '${expected}'")
  endif()
elseif(found)
  list(LENGTH found count)
  message(FATAL_ERROR "${FILE}: ${count} FP/DSP instructions, not allowed on the "
    "nRF5340 network core:\n${report}")
endif()
