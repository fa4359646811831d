// What fetching code costs from one memory region, charged per block
// (docs/timing.md): the region delivers 16-byte lines, each read from the
// memory costing `wait_states`, and a one-line buffer holds the last line
// read, so straight-line code pays once per line and a branch back into
// the buffered line pays nothing. With a cache in front of the region and
// turned on, lines that hit cost nothing and lines that miss
// `miss_wait_states`. PC-relative loads (literal pools) read the same
// memory: `wait_states` each without the cache, hits with it. The SoC
// sets these facts (flash wait states per clock, which cache).
#pragma once

#include <cstdint>

#include "models/line_cache.h"

namespace armv8m {

struct fetch_timing {
    std::uint32_t wait_states = 0;
    std::uint32_t miss_wait_states = 0;
    models::line_cache* cache = nullptr;
};

} // namespace armv8m
