#include "models/line_cache.h"

#include <stdexcept>

namespace models {

line_cache::line_cache(unsigned size_bytes, unsigned ways) : m_ways(ways) {
    const unsigned sets = size_bytes / (ways * line_bytes);
    if (ways == 0 || sets == 0 || (sets & (sets - 1)) != 0)
        throw std::invalid_argument("line_cache: sets must be a power of two");
    m_set_mask = sets - 1;
    m_tags.assign(sets * ways, ~0u);
    m_age.resize(sets * ways);
    invalidate();
}

void line_cache::enable(bool on) {
    // The tags are not kept while the cache is off (silicon does not
    // promise they survive); it starts cold when turned on again.
    if (on && !m_enabled) invalidate();
    m_enabled = on;
}

void line_cache::invalidate() {
    for (std::size_t i = 0; i < m_tags.size(); ++i) {
        m_tags[i] = ~0u;
        m_age[i] = static_cast<std::uint8_t>(i % m_ways);
    }
}

bool line_cache::holds(std::uint32_t line) const {
    const std::size_t first = static_cast<std::size_t>(line & m_set_mask) * m_ways;
    for (std::size_t w = first; w < first + m_ways; ++w)
        if (m_tags[w] == line) return true;
    return false;
}

bool line_cache::lookup(std::uint32_t line) {
    const std::size_t first = static_cast<std::size_t>(line & m_set_mask) * m_ways;
    std::size_t way = first;
    bool hit = false;
    for (std::size_t w = first; w < first + m_ways; ++w) {
        if (m_tags[w] == line) { way = w; hit = true; break; }
        if (m_age[w] > m_age[way]) way = w;  // the least recently used so far
    }
    m_tags[way] = line;
    const std::uint8_t age = m_age[way];
    for (std::size_t w = first; w < first + m_ways; ++w)
        if (m_age[w] < age) ++m_age[w];
    m_age[way] = 0;
    return hit;
}

} // namespace models
