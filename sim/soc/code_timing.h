// What fetching code from the nRF5340's flash costs each core: the wait
// states of a flash read at the core's clock and the cache in front of
// it (the application core's CACHE, the network core's NVMC I-code
// cache). RAM has no wait states. docs/timing.md gives the reasoning.
#pragma once

#include <cstdint>

#include "cores/fetch_timing.h"
#include "models/line_cache.h"

namespace sim {

// Flash read time: the PS's network core CPU table gives W_FLASH (cache
// disabled) up to 4 wait states at 64 MHz, and W_FLASHCACHE (enabled) up
// to 5: a line read takes 4 cycles of 64 MHz (62.5 ns), a cache miss one
// cycle more for the lookup. The application core's flash is taken to be
// as fast (the PS's application core table is not in our sources), so
// its wait states scale with its clock: 4 at 64 MHz, 8 at 128 MHz.
constexpr std::uint64_t flash_read_ps = 62'500;
constexpr std::uint32_t cache_lookup_cycles = 1;

std::uint32_t flash_wait_states(std::uint64_t clock_hz);
armv8m::fetch_timing flash_fetch_timing(std::uint64_t clock_hz, models::line_cache& cache);

} // namespace sim
