// Limits on host time in the tests, widened by NRF53SIM_HOST_TIME_FACTOR
// (from CMake): 1 in a normal build, more in the sanitizer build, whose host
// code runs 2-3x slower (docs/fuzzing.md).
#pragma once

#include <chrono>

namespace test {

#ifndef NRF53SIM_HOST_TIME_FACTOR
#define NRF53SIM_HOST_TIME_FACTOR 1
#endif

constexpr int host_time_factor = NRF53SIM_HOST_TIME_FACTOR;

template <typename Rep, typename Period>
constexpr std::chrono::duration<Rep, Period> host_time(std::chrono::duration<Rep, Period> limit) {
    return limit * host_time_factor;
}

}  // namespace test
