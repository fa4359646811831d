// The sanitizer build (docs/fuzzing.md) for the tests: host time runs slower
// by a factor, and ASan warns once per process about SystemC's coroutine
// stacks (tests/support/sanitizer.cmake says why). Both come from CMake
// (NRF53SIM_HOST_TIME_FACTOR, NRF53SIM_SANITIZED); a normal build has a
// factor of 1 and drops nothing.
#pragma once

#include <chrono>
#include <regex>
#include <string>

namespace test {

#ifndef NRF53SIM_HOST_TIME_FACTOR
#define NRF53SIM_HOST_TIME_FACTOR 1
#endif

// A limit on host time, widened under the sanitizer.
constexpr int host_time_factor = NRF53SIM_HOST_TIME_FACTOR;
template <typename Rep, typename Period>
constexpr std::chrono::duration<Rep, Period> host_time(std::chrono::duration<Rep, Period> limit) {
    return limit * host_time_factor;
}

// Removes ASan's "ignoring requested __asan_handle_no_return" warning (its
// three lines, wherever they landed) from a process's output; every other
// line, an ASan or UBSan error report included, stays.
inline std::string drop_sanitizer_noise(std::string text) {
#ifdef NRF53SIM_SANITIZED
    static const std::regex warning(
        "==[0-9]+==WARNING: ASan is ignoring requested __asan_handle_no_return: stack type: [a-z]+ top: 0x[0-9a-f]+; "
        "bottom 0x[0-9a-f]+; size: 0x[0-9a-f]+ \\(-?[0-9]+\\)\nFalse positive error reports may follow\n"
        "For details see https://github.com/google/sanitizers/issues/189\n");
    if (text.find("__asan_handle_no_return") != std::string::npos) text = std::regex_replace(text, warning, "");
#endif
    return text;
}

}  // namespace test
