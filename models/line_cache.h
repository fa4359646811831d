// A 2-way set-associative cache's tag array with LRU replacement and
// hit/miss counters, as a timing model: it holds no data (reads always
// come from the memory behind it), only which lines are present. The core
// asks it about instruction fetches line by line, once per block it runs,
// so a hit is kept to a few instructions; a cache controller (the
// nRF5340's CACHE, the network core's NVMC I-code cache) enables,
// invalidates and reads the counters.
#pragma once

#include <cstdint>
#include <vector>

namespace models {

class line_cache {
public:
    static constexpr unsigned line_bytes = 16, ways = 2;

    // `size_bytes` / (2 x 16) sets; a power of two.
    explicit line_cache(unsigned size_bytes);

    bool enabled() const { return m_enabled; }
    void enable(bool on);
    void invalidate();

    // An instruction fetch of line number `line` (address / 16): true on a
    // hit; a miss fills the least recently used way.
    bool fetch_instruction_line(std::uint32_t line) {
        set& s = m_sets[line & m_set_mask];
        const bool hit = s.tag[0] == line || s.tag[1] == line;
        if (hit) {
            s.recent = s.tag[1] == line;
        } else {
            s.recent ^= 1;  // the other way: the least recently used
            s.tag[s.recent] = line;
            ++m_state;
        }
        if (m_profiling) ++(hit ? m_ihit : m_imiss);
        return hit;
    }
    // Changes whenever a line may have left the cache (a fill, an
    // invalidation) or it is turned on or off or profiling is: lines all
    // present at one value are still present, and hits still uncounted,
    // while it stays the same.
    std::uint32_t state() const { return m_state; }
    bool profiling() const { return m_profiling; }
    // Whether the line is present, touching nothing.
    bool holds(std::uint32_t line) const {
        const set& s = m_sets[line & m_set_mask];
        return s.tag[0] == line || s.tag[1] == line;
    }
    // Data reads assumed to hit (literal pools beside the code just fetched).
    void count_data_hits(std::uint32_t n) { if (m_profiling) m_dhit += n; }
    // Instruction hits of a loop skipped without executing it.
    void count_instruction_hits(std::uint64_t n) { if (m_profiling) m_ihit += static_cast<std::uint32_t>(n); }

    // Counters count while profiling is on (they wrap at 2^32 as registers).
    void set_profiling(bool on) {
        m_profiling = on;
        ++m_state;
    }
    void clear_counters() { m_ihit = m_imiss = m_dhit = m_dmiss = 0; }
    void set_instruction_counters(std::uint32_t hits, std::uint32_t misses) { m_ihit = hits; m_imiss = misses; }
    std::uint32_t instruction_hits() const { return m_ihit; }
    std::uint32_t instruction_misses() const { return m_imiss; }
    std::uint32_t data_hits() const { return m_dhit; }
    std::uint32_t data_misses() const { return m_dmiss; }

private:
    struct set {
        std::uint32_t tag[ways];  // ~0u: empty
        std::uint32_t recent;     // the way used last
    };
    std::uint32_t m_set_mask;
    std::vector<set> m_sets;
    bool m_enabled = false, m_profiling = false;
    std::uint32_t m_state = 0;
    std::uint32_t m_ihit = 0, m_imiss = 0, m_dhit = 0, m_dmiss = 0;
};

} // namespace models
