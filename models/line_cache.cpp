#include "models/line_cache.h"

#include <stdexcept>

namespace models {

line_cache::line_cache(unsigned size_bytes) {
    const unsigned sets = size_bytes / (ways * line_bytes);
    if (sets == 0 || (sets & (sets - 1)) != 0) throw std::invalid_argument("line_cache: sets must be a power of two");
    m_set_mask = sets - 1;
    m_sets.resize(sets);
    invalidate();
}

void line_cache::enable(bool on) {
    // The tags are not kept while the cache is off (silicon does not
    // promise they survive); it starts cold when turned on again.
    if (on && !m_enabled) invalidate();
    m_enabled = on;
    ++m_state;
}

void line_cache::invalidate() {
    for (set& s : m_sets) s = {{~0u, ~0u}, 1};
    ++m_state;
}

} // namespace models
