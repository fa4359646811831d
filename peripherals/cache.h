// nRF5340 CACHE (application core instruction/data cache controller,
// secure 0x50001000, IRQ 1). PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/cache.html
// Facts used: the nRF5340 Product Specification, CACHE chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/cache.html); nrfx MDK nrf5340_application_bitfields.h (CACHE).
//
// The cache is a timing model (models::line_cache: 8 KB, 2-way set
// associative, LRU, 16-byte lines, as the PS gives it): the SoC puts
// tags() in front of the application flash, the core asks it about each
// block's lines and charges the misses, data always comes from flash.
// ENABLE turns it on (cold: invalidated), MODE (0 cache, 1 RAM) is
// stored, RAM mode turns caching off; INVALIDATE and PROFILINGCLEAR act at
// once and read 0; ERASE completes at once, invalidates and sets
// ERASESTATUS (software writes 0 to clear it); DEBUGLOCK and WRITELOCK
// are write-1-sticky until reset. PROFILING[0] (the flash) counts
// instruction hits and misses while PROFILINGENABLE is set, and literal
// pool loads as data hits; PROFILING[1] (XIP) reads 0.
//
// Not modeled: the CACHEDATA / CACHEINFO RAM at 0x00F00000 / 0x00F08000,
//   RAM mode's use of the cache memory, data misses (DMISS reads 0: only
//   literal pool loads are seen, counted as hits), caching of XIP.
// Deviates from HW: INVALIDATE and ERASE take no time.
#pragma once

#include <cstdint>

#include "models/line_cache.h"
#include "models/peripheral.h"

namespace nrf {

class cache : public models::peripheral {
public:
    explicit cache(sc_core::sc_module_name name);

    static constexpr unsigned size_bytes = 8192;  // 2-way, 16-byte lines (models::line_cache)

    bool enabled() const;
    bool ram_mode() const;
    models::line_cache& tags() { return m_tags; }
    // Number of INVALIDATE / ERASE operations since reset (diagnostics).
    unsigned invalidations() const { return m_invalidations; }
    void reset() override;

private:
    void write_enable(std::uint32_t value);
    void write_mode(std::uint32_t value);
    void write_profilingenable(std::uint32_t value);
    std::uint32_t read_profiling(unsigned index, std::uint32_t flash_value);
    std::uint32_t read_ihit(unsigned index);
    std::uint32_t read_imiss(unsigned index);
    std::uint32_t read_dhit(unsigned index);
    std::uint32_t read_dmiss(unsigned index);
    void update_tags();
    void write_invalidate(std::uint32_t value);
    void write_erase(std::uint32_t value);
    void write_profilingclear(std::uint32_t value);
    void write_debuglock(std::uint32_t value);
    void write_writelock(std::uint32_t value);

    models::line_cache m_tags{size_bytes};
    unsigned m_invalidations = 0;
    std::uint32_t m_debuglock = 0, m_writelock = 0;
};

} // namespace nrf
