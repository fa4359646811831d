// Code fetch costs (fetch_timing.h), charged block by block: the lines a
// block spans go through the region's line buffer, or its cache when one
// is on, and literal-pool loads read the same memory.
#include "cores/cortex_m33.h"

namespace armv8m {

void cortex_m33::set_fetch_timing(std::uint32_t base, const fetch_timing& timing) {
    const region* r = find_region(base);
    if (!r || !r->timing) throw std::invalid_argument(std::string(name()) + ": set_fetch_timing outside memory");
    *r->timing = timing;
    // Blocks decoded before know no timing for the region (RAM-like): decode again.
    for (cached_block& block : m_block_cache) block.address = ~0ull;
}

// What fetch_cycles() would charge for the block now, changing nothing.
std::uint32_t cortex_m33::fetch_cycles_if_entered(const cached_block& block) const {
    const fetch_timing& t = block.timing;
    if (t.cache && t.cache->enabled()) {
        std::uint32_t misses = 0;
        for (std::uint32_t line = block.first_line; line < block.first_line + block.lines; ++line)
            misses += !t.cache->holds(line);
        return misses * t.miss_wait_states;
    }
    const std::uint32_t buffered = block.first_line == m_fetch_line ? 1 : 0;
    return (block.lines - buffered + block.literal_loads) * t.wait_states;
}

// What one more run of a block that just ran costs: nothing from the
// cache, which holds its lines; through the line buffer nothing when the
// block fits one line, every line otherwise.
std::uint32_t cortex_m33::steady_fetch_cycles(const cached_block& block) const {
    const fetch_timing& t = block.timing;
    if (t.cache && t.cache->enabled()) return 0;
    const std::uint32_t lines = block.lines == 1 ? 0 : block.lines;
    return (lines + block.literal_loads) * t.wait_states;
}

void cortex_m33::count_repeated_fetches(const cached_block& block, std::uint64_t repeats) {
    const fetch_timing& t = block.timing;
    if (t.cache && t.cache->enabled()) t.cache->count_instruction_hits(repeats * block.lines);
}

} // namespace armv8m
