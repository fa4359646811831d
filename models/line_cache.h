// A set-associative cache's tag array with LRU replacement and hit/miss
// counters, as a timing model: it holds no data (reads always come from
// the memory behind it), only which lines are present. The core asks it
// about instruction and literal fetches; a cache controller (the
// nRF5340's CACHE, the network core's NVMC ICACHE) enables, invalidates
// and reads the counters.
#pragma once

#include <cstdint>
#include <vector>

namespace models {

class line_cache {
public:
    static constexpr unsigned line_bytes = 16;

    // `size_bytes` / (`ways` x 16) sets; a power of two.
    line_cache(unsigned size_bytes, unsigned ways);

    bool enabled() const { return m_enabled; }
    void enable(bool on);
    void invalidate();

    // An instruction fetch of the line holding `line` x 16: true on a hit;
    // a miss fills the least recently used way.
    bool fetch_instruction_line(std::uint32_t line) { return count(lookup(line), m_ihit, m_imiss); }
    // Whether the line is present, touching nothing.
    bool holds(std::uint32_t line) const;
    // Data reads assumed to hit (literal pools beside the code just fetched).
    void count_data_hits(std::uint32_t n) { if (m_profiling) m_dhit += n; }
    // Instruction hits of a loop skipped without executing it.
    void count_instruction_hits(std::uint64_t n) { if (m_profiling) m_ihit += static_cast<std::uint32_t>(n); }

    // Counters count while profiling is on (they wrap at 2^32 as registers).
    void set_profiling(bool on) { m_profiling = on; }
    void clear_counters() { m_ihit = m_imiss = m_dhit = m_dmiss = 0; }
    void set_instruction_counters(std::uint32_t hits, std::uint32_t misses) { m_ihit = hits; m_imiss = misses; }
    std::uint32_t instruction_hits() const { return m_ihit; }
    std::uint32_t instruction_misses() const { return m_imiss; }
    std::uint32_t data_hits() const { return m_dhit; }
    std::uint32_t data_misses() const { return m_dmiss; }

private:
    bool lookup(std::uint32_t line);
    bool count(bool hit, std::uint32_t& hits, std::uint32_t& misses) {
        if (m_profiling) ++(hit ? hits : misses);
        return hit;
    }

    unsigned m_ways;
    std::uint32_t m_set_mask;
    std::vector<std::uint32_t> m_tags;    // sets x ways; ~0u is empty
    std::vector<std::uint8_t> m_age;      // per way: 0 most recently used
    bool m_enabled = false, m_profiling = false;
    std::uint32_t m_ihit = 0, m_imiss = 0, m_dhit = 0, m_dmiss = 0;
};

} // namespace models
