#include "sim/soc/code_timing.h"

namespace sim {

std::uint32_t flash_wait_states(std::uint64_t clock_hz) {
    constexpr std::uint64_t ps_per_second = 1'000'000'000'000ull;
    return static_cast<std::uint32_t>((flash_read_ps * clock_hz + ps_per_second - 1) / ps_per_second);
}

armv8m::fetch_timing flash_fetch_timing(std::uint64_t clock_hz, models::line_cache& cache) {
    const std::uint32_t wait = flash_wait_states(clock_hz);
    return {wait, wait + cache_lookup_cycles, &cache};
}

} // namespace sim
