# Included by the -P test scripts that compare or match nrf53sim's output.
# SANITIZE (passed from CMake's NRF53SIM_SANITIZED) is ON in the sanitizer
# build (docs/fuzzing.md).
#
# SystemC (Debian's libsystemc, built without ASan's fiber annotations) runs
# its processes on QuickThreads coroutine stacks. The first time a process
# calls a function that does not return (a C++ throw, Unicorn's siglongjmp)
# on such a stack, ASan finds the stack far from the thread's own and, once
# per process, prints on standard error:
#   ==PID==WARNING: ASan is ignoring requested __asan_handle_no_return: stack type: default top: 0x...; bottom 0x...; size: 0x... (N)
#   False positive error reports may follow
#   For details see https://github.com/google/sanitizers/issues/189
# No ASAN_OPTIONS flag silences it (GCC 12's libasan prints it
# unconditionally). drop_sanitizer_noise(var) removes exactly that warning
# from the text in var, wherever it landed (a write of standard output may
# have been split around it), and only in the sanitizer build; every other
# line, an ASan or UBSan error report included, stays for the test to see.
function(drop_sanitizer_noise var)
  if(SANITIZE)
    string(REGEX REPLACE
      "==[0-9]+==WARNING: ASan is ignoring requested __asan_handle_no_return: stack type: [a-z]+ top: 0x[0-9a-f]+; bottom 0x[0-9a-f]+; size: 0x[0-9a-f]+ \\(-?[0-9]+\\)\nFalse positive error reports may follow\nFor details see https://github.com/google/sanitizers/issues/189\n"
      "" text "${${var}}")
    set(${var} "${text}" PARENT_SCOPE)
  endif()
endfunction()
